"""Every text of every model is plain text: NFC, visible, without markup (models/plain_text.py)."""

from __future__ import annotations

import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import FIXTURES, problems_of
from hubia.check.pipeline import check
from hubia.generate import generated_pages
from hubia.models.base import Strict
from hubia.models.plain_text import FORBIDDEN, forbidden_character

INVALID = FIXTURES / "invalides" / "cas-usage"


def test_character_class_matches_the_unicode_categories() -> None:
    """The fast class refuses every character of the refused categories, and more only where
    this Python's Unicode database does not know the character yet."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if forbidden_character(char):
            assert FORBIDDEN.match(char), hex(code)
        elif FORBIDDEN.match(char):
            assert unicodedata.category(char) == "Cn", hex(code)


def test_a_field_added_later_gets_the_rule() -> None:
    class Nouveau(Strict):  # a model another branch might add, with nothing to ask for
        nom: str
        alias: list[str] = []
        notes: dict[str, str] = {}

    assert Nouveau(nom="Cafe\u0301").nom == "Café"  # NFC
    for kwargs, where in [({"nom": " \t "}, ("nom",)),
                          ({"nom": "x", "alias": ["a", "b\u200b"]}, ("alias",)),
                          ({"nom": "x", "notes": {"a": "<i>b</i>"}}, ("notes",)),
                          ({"nom": "a\u202eb"}, ("nom",))]:
        with pytest.raises(ValidationError) as exc:
            Nouveau(**kwargs)
        [error] = exc.value.errors()
        assert error["loc"] == where
        assert error["type"] in ("texte_vide", "caractere_invisible", "balise_html")


@pytest.mark.parametrize("text", ["3 < 5 et 7 > 2", "a <= b", "<3 merci", "« guillemets »",
                                  "Tabulation\tpermise", "Deux\nlignes", "emoji 🙂"])
def test_ordinary_text_passes(text: str) -> None:
    class Texte(Strict):
        valeur: str

    assert Texte(valeur=text).valeur == text


def test_decomposed_accents_are_stored_composed(hub_dir: Path) -> None:
    path = hub_dir / "docs/cas-usage/chauffage-ecoles.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("écoles", "e\u0301coles"), encoding="utf-8")
    report = check(hub_dir, generated=generated_pages())
    assert report.problems == []
    record = report.hub.records["cas-usage"]["chauffage-ecoles"].record
    assert "écoles" in record.titre and "\u0301" not in record.titre


def test_item_of_a_list_is_reported_at_its_own_line(hub_dir: Path) -> None:
    shutil.copy(INVALID / "caractere-controle-echappe.md", hub_dir / "docs/cas-usage/x.md")
    [problem] = problems_of(hub_dir)
    assert (problem.code, problem.line) == ("caractere-invisible", 8)
    assert "« etiquettes » : caractère U+001B (caractère de contrôle)" in problem.message


def test_raw_control_character_is_reported_in_french_at_its_line(hub_dir: Path) -> None:
    shutil.copy(INVALID / "caractere-controle-brut.md", hub_dir / "docs/cas-usage/x.md")
    [problem] = problems_of(hub_dir)
    assert (problem.code, problem.line, problem.column) == ("caractere-invisible", 3, 15)
    assert problem.message.startswith("caractère de contrôle U+001B")
    assert "special characters" not in problem.message


@pytest.mark.parametrize("separator", ["\u2028", "\x85", "\r"])
def test_line_separators_cannot_shift_later_lines(hub_dir: Path, separator: str) -> None:
    """PyYAML counts these as line breaks: they would move every later line number."""
    path = hub_dir / "docs/cas-usage/x.md"
    text = (INVALID / "texte-vide.md").read_text(encoding="utf-8")
    path.write_text(text.replace("resume: Un", f"resume: Un{separator}x"), encoding="utf-8")
    [problem] = problems_of(hub_dir)
    assert (problem.code, problem.line) == ("caractere-invisible", 3)
