"""Placeholders left by `hubia new`: each one is reported where it stands, and only once."""

from __future__ import annotations

from collections.abc import Iterator

from ..load.yaml import Document
from .rules import Problem

MARKER = "À REMPLIR"


def find_placeholders(doc: Document) -> Iterator[Problem]:
    """Every value of the front matter that still holds the placeholder, at its key path."""
    for path, value in doc.texts():
        if MARKER not in value:
            continue
        name = ".".join(str(part) for part in path if isinstance(part, str))
        hint = value[value.find("(") + 1: value.rfind(")")] if "(" in value else ""
        yield path, "a-remplir", f"« {name} » est à remplir" + (f" : {hint}" if hint else "")


def body_placeholders(body: str) -> Iterator[Problem]:
    """Every line of the body that still holds the placeholder, at the offset of its start."""
    start = 0
    for line in body.split("\n"):
        if MARKER in line:
            yield start, "a-remplir", "texte encore à remplir"
        start += len(line) + 1
