"""Rules on the Markdown body of a record: alt text on images, links inside the hub.

`check_body` yields problems at offsets in the body (see rules.py).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from .rules import Problem

FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")
_MD_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*[\"'])?\s*\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\S[^\"]*\"|'[^']*\S[^']*'|[^\s>\"']+)", re.IGNORECASE)
_HTML_HREF = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)


def _lines(body: str) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code, with inline code blanked out, and their offset."""
    fenced = "```" in body or "~~~" in body  # (most bodies have no fence to look for)
    fence, start = None, 0
    for line in body.split("\n"):
        offset, start = start, start + len(line) + 1
        opener = FENCE.match(line) if fenced else None
        if fence:
            if opener and opener.group(1) == fence:
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        yield offset, (_INLINE_CODE.sub(lambda m: " " * len(m.group()), line) if "`" in line
                       else line)


def link_target(src_uri: str, href: str) -> str | None:
    """The docs/ path a link points at, or None for external links and anchors."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    target = unquote(parts.path)
    base = "" if target.startswith("/") else posixpath.dirname(src_uri)
    return posixpath.normpath(posixpath.join(base, target.lstrip("/")))


def _exists(target: str, pages: set[str]) -> bool:
    if target in pages:
        return True
    stem = target.rstrip("/")
    if stem in ("", "."):
        return "index.md" in pages
    return f"{stem}.md" in pages or f"{stem}/index.md" in pages


def check_body(src_uri: str, body: str, pages: set[str],
               references: list[tuple[int, str]]) -> Iterator[Problem]:
    """Problems of the body; `pages` holds every path of docs/, written or generated;
    `references` its link definitions, as Markdown reads them (references.py)."""
    links = [(offset, False, "x", url) for offset, url in references]
    for start, line in _lines(body):
        if "[" in line:  # (most lines have no link, nor any tag: the patterns are skipped)
            links += [(start + m.start(), m.group(1) == "!", m.group(2), m.group(3))
                      for m in _MD_LINK.finditer(line)]
        if "<" not in line:
            continue
        links += [(start + m.start(), False, "x", m.group(1)) for m in _HTML_HREF.finditer(line)]
        for m in _HTML_IMG.finditer(line):
            if not _HTML_ALT.search(m.group()):
                yield (start + m.start(), "image-sans-alt",
                       "image sans texte alternatif (attribut alt)")
    for offset, is_image, text, href in links:
        if is_image and not text.strip():
            yield (offset, "image-sans-alt",
                   f"image « {href} » sans texte alternatif : décrivez-la entre les crochets")
        target = link_target(src_uri, href)
        if target is None:
            continue
        if target.startswith("..") or not _exists(target, pages):
            yield (offset, "lien-interne-casse",
                   f"le lien « {href} » vise une page du hub qui n'existe pas")
