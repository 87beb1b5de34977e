"""Measure the built pages for the « Déclaration d'écoconception » (generate/ecodesign.py).

Run after every other page is written, by the build and by the preview alike, so that both
give the same bytes: for each page type, the largest page is parsed (its elements counted
with html.parser, the files it loads found in its tags), and the page and its files are
compressed with gzip at a fixed level and date, which makes the figures byte-stable.
"""

from __future__ import annotations

import gzip
import posixpath
from collections.abc import Callable, Iterable
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


def measures(sources: Iterable[Source], output_of: Callable[[Source], str],
             read: Callable[[str], bytes | None]) -> list[Measure]:
    """The heaviest page of each page type, measured; `read` gives a built file's bytes by
    its output path (None when it is missing)."""
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
        parser = _Elements()
        parser.feed(data.decode())
        total, requests = _compressed(data), 1
        for link in parser.files:
            target = (link.lstrip("/") if link.startswith("/")  # the 404 page's, from the root
                      else posixpath.normpath(posixpath.join(posixpath.dirname(output), link)))
            if target not in sizes:
                asset = read(target)
                sizes[target] = None if asset is None else _compressed(asset)
            if sizes[target] is not None:
                total += sizes[target]
                requests += 1
        link = None if docs_path == NOT_FOUND else docs_path  # served at any address
        found.append(Measure(kind, len(pages), link, parser.count, requests, total))
    return found


def source(sources: Iterable[Source], output_of: Callable[[Source], str],
           read: Callable[[str], bytes | None]) -> Source:
    """The eco-design page, to render after every other page has been written."""
    return Source(ECODESIGN, page(measures(sources, output_of, read)), META, generated=True,
                  searchable=False)
