"""Placeholders left by `hubia new`: each one is reported where it stands, and only once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..load.yaml import Document, Path

MARKER = "À REMPLIR"


def _walk(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))
    elif isinstance(value, str) and MARKER in value:
        yield path, value


def find_placeholders(doc: Document) -> list[tuple[Path, str]]:
    """(path, French message) for every value that still holds the placeholder."""
    found = []
    for path, value in _walk(doc.data, ()):
        name = ".".join(str(part) for part in path if isinstance(part, str))
        hint = value[value.find("(") + 1: value.rfind(")")] if "(" in value else ""
        found.append((path, f"« {name} » est à remplir" + (f" : {hint}" if hint else "")))
    return found


def body_placeholders(body: str) -> list[int]:
    """0-based indexes of the body lines that still hold the placeholder."""
    return [index for index, line in enumerate(body.split("\n")) if MARKER in line]
