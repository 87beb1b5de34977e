"""The search index: Pagefind run on a built site, writing its bundle into `pagefind/`.

Pagefind's own binary comes with the `pagefind_bin` wheel (pinned with `pagefind[bin]`):
nothing is downloaded. Only pages holding a `data-pagefind-body` element are indexed (records
and content pages, see `hubia.generate.search`); the site is French, so one French index is
built, with French stemming and accent-insensitive matching.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from ..errors import HubiaError
from .search_order import stabilise

BUNDLE = "pagefind"
# Never indexed: the « ¶ » permalinks that Markdown's toc extension adds to headings, and the
# labels of a record's card (« Parcours », « Statut »: the same words on every record; its
# values stay indexed). The blocks that no search needs carry data-pagefind-ignore.
EXCLUDED = ".headerlink, .hubia-fiche dt"
# Interfaces shipped by Pagefind that the hub does not use: its own search interface
# (theme/recherche.js) weighs a few kilobytes and speaks French.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
          "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-highlight.js")
ALL_PAGES = "**/*.html"
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
TIMEOUT = 600  # seconds; 2,000 records take about 3 s


class SearchIndexError(HubiaError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class Indexed:
    pages: int
    seconds: float
    ordered: bool = True  # False: Pagefind's layout is not the one search_order.py knows


def executable() -> Path:
    try:
        from pagefind_bin import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as exc:
        raise SearchIndexError(
            "le programme Pagefind est introuvable : réinstallez les dépendances du hub "
            "(make site, ou pip install -e .)") from exc


def glob(pages: Iterable[str]) -> str:
    """The files Pagefind reads: for each top folder of the indexed `pages`, only their depth
    (`cas-usage/*/index.html`) when they all share it, else the whole folder; top-level files
    by name.

    Pagefind parses every HTML file it is given before it drops those without a
    `data-pagefind-body`: the catalogue, the listings' later pages and the communes' pages of
    algorithms, most of a large site, need not be read at all (at 4,025 communes, reading the
    `communes/` folder whole took 35 s for 4,025 indexed pages out of 8,050). Pages of one top
    folder at several depths that all lie in one subfolder are read from it alone (a national
    hub indexes `communes/liste/`, not the 70,000 other commune pages). A path that a glob
    could misread falls back to every page.
    """
    tops: dict[str, list[list[str]]] = {}
    for page in pages:
        parts = page.split("/")
        tops.setdefault(parts[0], []).append(parts)
    if not tops or not all(_PLAIN.fullmatch(top) for top in tops):
        return ALL_PAGES
    found = []
    for top, group in sorted(tops.items()):
        depths = {len(parts) if parts[-1] == "index.html" and len(parts) > 1 else None
                  for parts in group}
        if top.endswith(".html") and depths == {None}:
            found.append(top)
        elif len(depths) == 1 and None not in depths:
            found.append("/".join([top, *["*"] * (depths.pop() - 2), "index.html"]))
        else:  # several depths: the whole folder, or the one subfolder that holds them all
            base = [top]  # (communes/liste/ of a national hub, not its 70,000 other pages)
            while all(len(parts) > len(base) + 1 for parts in group):
                below = {parts[len(base)] for parts in group}
                if len(below) != 1 or not _PLAIN.fullmatch(folder := below.pop()):
                    break
                base.append(folder)
            found.append("/".join(base) + "/**/*.html")
    return "{" + ",".join(found) + "}"


class Indexing:
    """A running Pagefind: the build checks the site meanwhile (two cores, two jobs)."""

    def __init__(self, site: Path, pages: Iterable[str] = ()) -> None:
        """Index `site`, reading only the folders of `pages` when given (see `glob`)."""
        self.site, self.started = site, time.perf_counter()
        command = [str(executable()), "--site", str(site), "--output-subdir", BUNDLE,
                   "--force-language", "fr", "--exclude-selectors", EXCLUDED, "--quiet",
                   "--glob", glob(pages)]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                            stderr=subprocess.STDOUT, text=True)
        except OSError as exc:
            raise SearchIndexError(f"Pagefind n'a pas pu indexer le site : {exc}") from None

    def wait(self) -> Indexed:
        try:
            output, _ = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
            raise SearchIndexError(f"Pagefind n'a pas indexé le site en {TIMEOUT} s") from None
        entry = self.site / BUNDLE / "pagefind-entry.json"
        if self.process.returncode != 0 or not entry.is_file():
            output = (output or "").strip()
            raise SearchIndexError(
                f"Pagefind n'a pas pu indexer le site (code {self.process.returncode})"
                + (f" :\n{output}" if output else ""))
        for name in UNUSED:
            (self.site / BUNDLE / name).unlink(missing_ok=True)
        ordered = stabilise(self.site / BUNDLE)  # same site, same index bytes (search_order.py)
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
        pages = sum(language.get("page_count", 0) for language in languages.values())
        return Indexed(pages, time.perf_counter() - self.started, ordered)

    def stop(self) -> None:
        """Used when the build fails meanwhile: no Pagefind left running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def index(site: Path) -> Indexed:
    """Index the built site in `site`; the bundle goes to `site/pagefind/`."""
    return Indexing(site).wait()
