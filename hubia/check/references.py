"""Reference-style link definitions (`[nom]: adresse`) as Python-Markdown reads them.

A definition counts wherever Markdown finds one: at the top of the page, but also inside a
block quote, a list item, an admonition, a tab or a details block, and over two lines. A
pattern on line starts misses those; so the check runs Markdown's own block parser, with the
extensions the site renders with (markdown_syntax.py), and reads the definitions it kept.
Code blocks and fences hold none: the parser knows them.
"""

from __future__ import annotations

import re

import markdown

from ..markdown_syntax import CONFIGS, EXTENSIONS

# Cheap test first: no definition can exist without « ]: » (footnotes « [^1]: » aside).
_MAYBE = re.compile(r"\[(?!\^)[^\]\n]*\]:")


class References:
    """The definitions of a body, with where each address is written; one Markdown instance
    serves every page of a run, and the last body's answer is kept (two rules ask for it)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
        self._last: tuple[str | None, list[tuple[int, str]]] = (None, [])

    def __call__(self, body: str) -> list[tuple[int, str]]:
        """(offset of the address in `body`, address) of every definition Markdown keeps."""
        if self._last[0] == body:
            return self._last[1]
        found = self._read(body) if _MAYBE.search(body) else []
        self._last = (body, found)
        return found

    def _read(self, body: str) -> list[tuple[int, str]]:
        md = self._md
        md.reset()
        lines = body.split("\n")
        for preprocessor in md.preprocessors:  # what Markdown.convert does before the blocks
            lines = preprocessor.run(lines)
        md.parser.parseDocument(lines)  # the block parser fills md.references
        return sorted(_located(body, name, url) for name, (url, _title) in md.references.items())


def _located(body: str, name: str, url: str) -> tuple[int, str]:
    """Where the definition of `name` writes `url` (the last one: Markdown keeps it)."""
    words = r"\s+".join(re.escape(word) for word in name.split())
    pattern = re.compile(r"\[\s*" + words + r"\s*\]:\s*<?(" + re.escape(url) + ")",
                         re.IGNORECASE)
    matches = list(pattern.finditer(body))
    if matches:
        return matches[-1].start(1), url
    return max(body.find(url), 0), url
