"""A caption for every table of a page that has none (RGAA 5.4): Markdown tables, written in
records and pages, have no syntax for one. The caption repeats what introduces the table, the
sentence just before it or else the nearest heading, hidden from sight since it is already
shown there; screen readers announce it with the table."""

from __future__ import annotations

import re
from html import escape, unescape

_TABLE = re.compile(r"<table\b[^>]*>(?!\s*<caption\b)")
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.DOTALL)
_PARAGRAPH_BEFORE = re.compile(r"<p\b[^>]*>((?:(?!<p\b).)*?)</p>\s*$", re.DOTALL)
_PERMALINK = re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LONGEST = 160  # characters of an introducing sentence kept in the caption


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub("", _PERMALINK.sub("", html))).split())


def _caption(before: str) -> str:
    sentence = _PARAGRAPH_BEFORE.search(before[-4000:])
    if sentence and _text(sentence.group(1)):
        text = _text(sentence.group(1)).rstrip(" :")
        return text if len(text) <= _LONGEST else text[:_LONGEST].rsplit(" ", 1)[0] + "…"
    headings = _HEADING.findall(before)
    return _text(headings[-1]) if headings else "Tableau"


def captioned(html: str) -> str:
    """`html` with a caption in each table that lacks one."""
    if "<table" not in html:
        return html
    return _TABLE.sub(lambda m: f'{m.group(0)}<caption class="hubia-lecteur-ecran">'
                                f"{escape(_caption(html[:m.start()]))}</caption>", html)
