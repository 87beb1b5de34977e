"""Markdown to HTML: one Python-Markdown instance per process, reset between pages.

The extensions and their options (markdown_syntax.py) are those the records were written for
(the former MkDocs configuration), so that existing records render the same. Building a
Markdown instance loads every extension and compiles their patterns: done once, `reset()`
clears the per-page state (footnotes, abbreviations, heading ids, tab counters).
"""

from __future__ import annotations

from dataclasses import dataclass

import markdown
from html import unescape

from ..markdown_syntax import CONFIGS, EXTENSIONS

# The permalink stays for the mouse, out of the tab order and of what screen readers say:
# a « ¶ » link after every heading was a tab stop with no useful name.
_PERMALINK = '<a class="headerlink" '
QUIET_PERMALINK = '<a class="headerlink" aria-hidden="true" tabindex="-1" '


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    name: str  # plain text


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]  # h2 and h3, for the page's table of contents
    title: str | None  # text of the first h1, if any


class MarkdownRenderer:
    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS,
                                     output_format="html")

    def convert(self, text: str) -> Rendered:
        md = self._md
        md.reset()
        html = md.convert(text)
        headings: list[Heading] = []
        title = None

        def walk(tokens: list[dict]) -> None:
            nonlocal title
            for token in tokens:
                if token["level"] == 1 and title is None:
                    title = unescape(token["name"])
                elif token["level"] in (2, 3):
                    headings.append(Heading(token["level"], token["id"], unescape(token["name"])))
                walk(token["children"])

        walk(getattr(md, "toc_tokens", []))
        return Rendered(html, tuple(headings), title)


def quiet_permalinks(html: str) -> str:
    """Permalinks out of the tab order (after sanitising, which drops tabindex)."""
    return html.replace(_PERMALINK, QUIET_PERMALINK)
