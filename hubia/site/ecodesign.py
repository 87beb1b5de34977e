"""Measure the built pages for the « Déclaration d'écoconception » (generate/ecodesign.py).

Run after every other page is written, by the build and by the preview alike, so that both
give the same bytes: for each page type, the largest page is parsed (its elements counted
with html.parser, the files it loads found in its tags), and the page and its files are
compressed with gzip at a fixed level and date, which makes the figures byte-stable.

Both figures are functions of the bytes alone: the preview keeps them in a `Memo` from one
rebuild to the next, so that only a page or file whose bytes changed is measured again.
"""

from __future__ import annotations

import gzip
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..generate.ecodesign import META, Measure, page
from ..generate.modules import is_handout
from ..generate.public_pages import ECODESIGN
from ..render.page import Source

NOT_FOUND = "404.md"  # as site/build.py names it

# Pages that are alone of their kind, by docs path; the others are grouped below.
_SINGLE = {"index.md": "Accueil", "rechercher.md": "Recherche",
           "catalogue/index.md": "Catalogue", "communes/index.md": "Index des communes",
           "glossaire.md": "Glossaire", "formation/agenda.md": "Agenda des ateliers",
           "reference/codes-erreur.md": "Codes d'erreur", "404.md": "Page introuvable",
           "accessibilite.md": "Accessibilité", "mentions-legales.md": "Mentions légales",
           "donnees-personnelles.md": "Données personnelles", "plan-du-site.md": "Plan du site",
           "tableau-de-bord/index.md": "Tableau de bord", "donnees/index.md": "Données ouvertes",
           "tableau-de-bord/carte.md": "Carte des communes"}


def page_type(source: Source) -> str:
    if source.entry is not None:
        return f"Fiche : {source.entry.record.type_label}"
    path = source.path
    if path in _SINGLE:
        return _SINGLE[path]
    if path.startswith("reference/format-"):
        return "Format des fiches"
    if is_handout(path):
        return "Support imprimable"
    if path.endswith("/index.md") or "/pages/" in path or path.startswith("cas-usage/parcours/"):
        return "Liste de fiches"
    if path.startswith("catalogue/parcours/"):
        return "Catalogue d'un parcours"
    if path.startswith("catalogue/"):
        return "Solution du catalogue"
    if path.startswith("communes/") and "/algorithmes" in path:
        return "Algorithmes d'une commune"
    if path.startswith("communes/") and path.count("/") > 1:  # a commune's long list
        return "Liste de fiches"
    if path.startswith("communes/"):
        return "Page d'une commune"
    return "Autre page"


class _Elements(HTMLParser):
    """Counts the elements of a page and gathers the files it loads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.count, self.files = 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        values = dict(attrs)
        if tag == "link" and values.get("rel") in ("stylesheet", "icon") and values.get("href"):
            self.files.append(values["href"])
        elif tag in ("script", "img") and values.get("src"):
            self.files.append(values["src"])

    handle_startendtag = handle_starttag


def _compressed(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


@dataclass
class Memo:
    """Measures by the bytes measured, kept by the preview between rebuilds."""

    elements: dict[bytes, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    compressed: dict[bytes, int] = field(default_factory=dict)

    def parse(self, data: bytes) -> tuple[int, tuple[str, ...]]:
        """(elements, files loaded) of a page."""
        if data not in self.elements:
            parser = _Elements()
            parser.feed(data.decode())
            self.elements[data] = parser.count, tuple(parser.files)
        return self.elements[data]

    def size(self, data: bytes) -> int:
        if data not in self.compressed:
            self.compressed[data] = _compressed(data)
        return self.compressed[data]

    def keep(self, used: set[bytes]) -> None:
        """Forget the bytes no longer measured (pages since changed)."""
        for known in (self.elements, self.compressed):
            for data in [d for d in known if d not in used]:
                del known[data]


def measures(sources: Iterable[Source], output_of: Callable[[Source], str],
             read: Callable[[str], bytes | None], memo: Memo | None = None) -> list[Measure]:
    """The heaviest page of each page type, measured; `read` gives a built file's bytes by
    its output path (None when it is missing); `memo`, measures known from a previous call."""
    memo = Memo() if memo is None else memo
    used: set[bytes] = set()
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for source in sources:
        output = output_of(source)
        data = read(output)
        if data is not None and source.path != ECODESIGN:
            groups.setdefault(page_type(source), []).append((len(data), output, source.path))
    found, sizes = [], {}
    for kind, pages in sorted(groups.items()):
        _, output, docs_path = max(pages)
        data = read(output) or b""
        used.add(data)
        count, files = memo.parse(data)
        total, requests = memo.size(data), 1
        for link in files:
            target = (link.lstrip("/") if link.startswith("/")  # the 404 page's, from the root
                      else posixpath.normpath(posixpath.join(posixpath.dirname(output), link)))
            if target not in sizes:
                asset = read(target)
                if asset is not None:
                    used.add(asset)
                sizes[target] = None if asset is None else memo.size(asset)
            if sizes[target] is not None:
                total += sizes[target]
                requests += 1
        link = None if docs_path == NOT_FOUND else docs_path  # served at any address
        found.append(Measure(kind, len(pages), link, count, requests, total))
    memo.keep(used)
    return found


def source(sources: Iterable[Source], output_of: Callable[[Source], str],
           read: Callable[[str], bytes | None], memo: Memo | None = None) -> Source:
    """The eco-design page, to render after every other page has been written."""
    return Source(ECODESIGN, page(measures(sources, output_of, read, memo)), META,
                  generated=True, searchable=False)
