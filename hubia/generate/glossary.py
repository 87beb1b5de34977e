"""The glossary on every page: the first use of each term carries its definition.

The term becomes `<abbr title="definition" tabindex="0">`: the browser shows the title on
hover, the theme shows it as a tooltip on hover and keyboard focus too (dismissed by Escape,
theme/hubia.js), and screen readers read the title as its description.
Only the first use on a page is marked, never inside links, headings, code or hidden blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from ..models.formation import Glossaire, Terme

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)")
# Hidden blocks (trainer notes), opted-out blocks, and the record type label of the card.
_HIDDEN = re.compile(r"\s(?:hidden|data-hubia-sans-glossaire)(?:[\s=/>]|$)"
                     r"|\sclass=\"[^\"]*\bhubia-type\b")
# Elements whose text is never annotated: interactive, code, headings, and already explained.
_SKIPPED = {"a", "abbr", "button", "code", "kbd", "pre", "samp", "script", "style", "svg",
            "summary", "textarea", "select", "option", "label", "title", "th", "caption",
            "h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_WORD = re.compile(r"\w+")
_APOSTROPHE = r"(?:'|\u2019|&#x27;|&#39;|&rsquo;)"
_SPACE = r"(?:\s|&nbsp;|\u00a0)+"


def _pattern(form: str) -> str:
    parts = []
    for char in form:
        if char in "'\u2019":
            parts.append(_APOSTROPHE)
        elif char.isspace():
            if not parts or parts[-1] != _SPACE:
                parts.append(_SPACE)
        else:
            parts.append(re.escape(char))
    body = "".join(parts)
    # An acronym (two capitals or more: IA, RGPD, SecNumCloud) only matches as written.
    return body if sum(c.isupper() for c in form) >= 2 else f"(?i:{body})"


# Distinct tags whose shape a process remembers: pages repeat the tags of the card and of
# the listings, and looking them up made the walk of a 2,000-case hub's pages 2.3 → 1.5 s.
_TAG_CACHE = 20_000


def _tag_shape(token: str) -> tuple[str, int, bool] | tuple[()]:
    """What a tag does to the walk: its name, its step in the depth of an element of that
    name (-1 closing, +1 opening, 0 void), and whether it opens a skipped element."""
    tag = _TAG.match(token)
    if not tag:
        return ()
    closing, name = tag.group(1) == "/", tag.group(2).lower()
    opening = not closing and name not in _VOID and not token.endswith("/>")
    return (name, -1 if closing else (1 if opening else 0),
            opening and (name in _SKIPPED or bool(_HIDDEN.search(token))))


class Terms:
    """The glossary's spellings, indexed once per run by their first word.

    One regular expression made of every spelling would be simple but slow (each position of
    each page tried against a hundred alternatives); looking the words of a text up in a dict
    and trying only the spellings that start with that word is several times faster.
    """

    def __init__(self, glossaire: Glossaire | None) -> None:
        self.terms: list[Terme] = list(glossaire.termes) if glossaire else []
        by_spelling: dict[str, int] = {}
        for index, term in enumerate(self.terms):
            for spelling in (term.terme, *term.formes):
                by_spelling.setdefault(spelling, index)
        self._by_first_word: dict[str, list[tuple[re.Pattern, int]]] = {}
        for spelling in sorted(by_spelling, key=lambda s: (-len(s), s)):  # longest first
            first = _WORD.match(spelling)
            if first:
                pattern = re.compile(_pattern(spelling) + r"(?![\w-])")
                self._by_first_word.setdefault(first.group().casefold(), []).append(
                    (pattern, by_spelling[spelling]))
        self._first_words = frozenset(self._by_first_word)
        self._tags: dict[str, tuple[str, int, bool] | tuple[()]] = {}  # _tag_shape of each

    def _matches(self, text: str) -> Iterator[tuple[re.Match, int]]:
        """Non-overlapping uses of a spelling in `text`, longest first, with the term index."""
        end = 0
        for word in _WORD.finditer(text):
            start = word.start()
            candidates = self._by_first_word.get(word.group().casefold())
            if not candidates or start < end or (start and text[start - 1] == "-"):
                continue
            for pattern, index in candidates:
                match = pattern.match(text, start)
                if match:
                    end = match.end()
                    yield match, index
                    break

    def used_in(self, text: str) -> list[Terme]:
        """Terms written somewhere in `text` (plain text or HTML), in glossary order."""
        found = {index for _, index in self._matches(text)}
        return [term for index, term in enumerate(self.terms) if index in found]

    def _wrap(self, text: str, used: set[int]) -> str:
        # Most texts of a page hold no word that starts a spelling: one pass in C (findall,
        # set) tells so before the word-by-word loop.
        if self._first_words.isdisjoint(_WORD.findall(text.casefold())):
            return text
        pieces, done = [], 0
        for match, index in self._matches(text):
            if index in used:
                continue
            used.add(index)
            definition = escape(self.terms[index].definition)
            pieces += [text[done:match.start()],
                       f'<abbr class="hubia-terme" title="{definition}" tabindex="0">'
                       f"{match.group()}</abbr>"]
            done = match.end()
        return "".join(pieces) + text[done:] if pieces else text

    def annotate(self, html: str) -> str:
        """`html` with the first use of each term wrapped in an explained <abbr>."""
        if not self._by_first_word:
            return html
        used: set[int] = set()
        skipping, depth, out = None, 0, []
        tags, terms = self._tags, len(self.terms)
        for token in _TOKENS.split(html):
            if not token:
                continue
            if token[0] == "<":
                tag = tags.get(token)
                if tag is None:
                    tag = _tag_shape(token)
                    if len(tags) < _TAG_CACHE:
                        tags[token] = tag
                if tag:
                    name, step, skips = tag
                    if skipping:
                        if name == skipping:
                            depth += step
                            if depth == 0:
                                skipping = None
                    elif skips:
                        skipping, depth = name, 1
                out.append(token)
            elif skipping or len(used) == terms:
                out.append(token)
            else:
                out.append(self._wrap(token, used))
        return "".join(out)
