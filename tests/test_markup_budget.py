"""The fast path of the rendering budget (`markup._within_budget`) decides as the patterns
would: its simple counts only skip searches that could not change the answer."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT
from hubia.check import markup
from hubia.load.files import split_front_matter


def _by_patterns(text: str, raw: str) -> bool:
    return (all(text.count(char) <= limit for char, limit in markup.MAX_PER_BLOCK.items())
            and all(len(p.findall(text)) <= markup.MAX_PER_PAGE[key]
                    for key, p in markup._ANYWHERE.items())
            and len(markup._MARKUP.findall(raw)) <= markup.MAX_PER_PAGE["markup"]
            and not markup._DEEP.search(text))


def _bodies() -> list[str]:
    found = []
    for folder in (FIXTURES, ROOT / "docs"):
        for file in sorted(folder.rglob("*.md")):
            text = file.read_bytes().decode("utf-8", "replace")
            split = split_front_matter(text)
            found.append(split.body if split else text)
    return found


MADE = {
    "199 headings": "# Titre\n" * 199, "200 headings": "# Titre\n" * 200,
    "201 tabs": '=== "Onglet"\n' * 201, "301 definitions": "Terme\n: définition\n" * 301,
    "13 spaces": "Texte\n" + " " * 13 + "x\n", "12 spaces": " " * 12 + "x\n",
    "tabs": "\t\t\t\t\t\t\t\t\t\t\t\t\tx\n", "16 quotes": ">" * 16 + " x\n",
    "15 quotes": ">" * 15 + " x\n", "spaced quotes": "> " * 16 + "x\n",
    "markup": "*" * 10_001, "markup within": "*" * 9_999 + "\n" + "a" * 200,
}


@pytest.mark.parametrize("body", _bodies() + list(MADE.values()))
def test_fast_path_decides_as_the_patterns(body: str) -> None:
    text = markup.masked(body)
    assert markup._within_budget(text, body) == _by_patterns(text, body)
