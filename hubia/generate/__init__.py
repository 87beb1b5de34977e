"""Generated pages: pure functions of the hub, returning {docs path: Markdown or bytes}.

They are rendered like the pages of docs/ but never written there: nothing a contributor
wrote can be overwritten, and the repository holds no generated copy to keep in sync.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from ..catalogue.compute import in_catalogue
from ..hub import Entry, Hub
from . import catalogue, communes, courses, listings, public_pages, reference, search_page
from . import algorithms, commune_map, dashboard, feeds, open_data, registers

Generator = Callable[[Hub], dict[str, str | bytes]]
_GENERATORS: tuple[Generator, ...] = (listings.pages, reference.pages, courses.pages,
                                      catalogue.pages, communes.pages, search_page.pages,
                                      public_pages.pages, open_data.pages, feeds.pages,
                                      dashboard.pages, commune_map.pages,
                                      algorithms.pages, registers.pages,
                                      open_data.schemas)
# Generated pages that the search indexes like hand-written ones; the others (listings, the
# search page itself, the printable handouts) are menus or copies, left out of the index.
SEARCHABLE = (*reference.PATHS, *courses.PATHS)


def generated_pages() -> list[str]:
    """Paths of every generated page, known before the hub exists (for link checking)."""
    return [*listings.PATHS, *reference.PATHS, *courses.PATHS, *catalogue.PATHS,
            *communes.PATHS, *search_page.PATHS, *public_pages.PATHS, *registers.PATHS,
            *open_data.PATHS, *feeds.PATHS, *dashboard.PATHS, *commune_map.PATHS]


def pages(hub: Hub) -> dict[str, str | bytes]:
    """Generated files by docs path: Markdown pages, and a few static files (bytes)."""
    found: dict[str, str | bytes] = {}
    for generator in _GENERATORS:
        found.update(generator(hub))
    return found


def _records(hub: Hub) -> tuple[Entry, ...]:
    return tuple(e for section in sorted(hub.records) for e in hub.records[section].values())


def inputs(hub: Hub) -> list[tuple[Generator, Hashable]]:
    """Each generator with the records it reads (entries compare by identity): `hubia serve`
    keeps the entries of unchanged files (check's cache), so an equal key means the same
    output, and the generator need not run again. Data files and hubia.yml are not in the
    keys: when they change, the preview renders everything."""
    every = _records(hub)
    catalogue_cases = tuple(e for e in hub.section("cas-usage") if in_catalogue(e))
    tracks = tuple(hub.section("parcours"))
    keys: dict[Generator, Hashable] = {
        listings.pages: every, reference.pages: (), courses.pages: every,
        catalogue.pages: (tracks, catalogue_cases), communes.pages: every,
        search_page.pages: every, public_pages.pages: tracks,
        open_data.pages: every, feeds.pages: every, dashboard.pages: every,
        commune_map.pages: every,
        algorithms.pages: every, registers.pages: (), open_data.schemas: ()}
    return [(generator, keys[generator]) for generator in _GENERATORS]
