"""`hubia.yml`, the maintainers' configuration: validated like the records (exact code and
line for each bad input), and read by the theme (name, menu, forge links)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, problems_of
from hubia.cli import main

BAD = FIXTURES / "configuration"
CASES = [
    ("menu-page-inconnue.yml", "lien-interne-casse"),
    ("menu-page-et-sous-menu.yml", "valeur-invalide"),
    ("adresse-non-https.yml", "valeur-invalide"),
    ("champ-inconnu.yml", "champ-inconnu"),
    ("fraicheur-invalide.yml", "valeur-invalide"),
    ("yaml-invalide.yml", "yaml-invalide"),
]


def _marked_line(fixture: Path) -> int:
    [line] = [n for n, text in enumerate(fixture.read_text(encoding="utf-8").split("\n"), 1)
              if "ATTENDU" in text]
    return line


@pytest.mark.parametrize(("fixture", "code"), CASES, ids=[c[0] for c in CASES])
def test_bad_configuration_is_reported_with_code_and_line(hub_dir: Path, fixture: str,
                                                          code: str) -> None:
    shutil.copy(BAD / fixture, hub_dir / "hubia.yml")
    problems = [(d.path, d.code, d.line) for d in problems_of(hub_dir)]
    assert problems == [("hubia.yml", code, _marked_line(BAD / fixture))], problems


def test_every_configuration_fixture_is_in_the_table() -> None:
    assert {p.name for p in BAD.glob("*.yml")} == {case[0] for case in CASES}


def test_missing_configuration_is_not_a_hub(hub_dir: Path, capsys) -> None:
    (hub_dir / "hubia.yml").unlink()
    (hub_dir / "mkdocs.yml").write_text("site_name: Ancien hub\n", encoding="utf-8")
    assert main(["check", "--root", str(hub_dir)]) == 2
    err = capsys.readouterr().err
    assert "hubia.yml" in err and "mkdocs.yml" in err and "Traceback" not in err


def test_the_theme_reads_the_configuration(hub_dir: Path) -> None:
    config = hub_dir / "hubia.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("nom_court: Hub IA", "nom_court: Hub Test")
    text = text.replace("  - titre: Glossaire\n    page: glossaire.md\n",
                        "  - titre: Lexique du programme\n    page: glossaire.md\n")
    text = text.replace("https://github.com/hub-ia-mgp/hub-ia/edit/main/docs/",
                        "https://forge.exemple.fr/edit/docs/")
    config.write_text(text, encoding="utf-8")
    assert main(["build", "--root", str(hub_dir)]) == 0
    page = (hub_dir / "site/cas-usage/chauffage-ecoles/index.html").read_text(encoding="utf-8")
    assert "— Hub Test</title>" in page
    assert ">Lexique du programme</a>" in page
    assert 'href="https://forge.exemple.fr/edit/docs/cas-usage/chauffage-ecoles.md"' in page
