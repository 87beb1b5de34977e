"""Generated pages: pure functions of the hub, returning {docs path: Markdown or bytes}.

They are rendered like the pages of docs/ but never written there: nothing a contributor
wrote can be overwritten, and the repository holds no generated copy to keep in sync.
"""

from __future__ import annotations

from ..hub import Hub
from . import catalogue, communes, courses, listings, reference, search_page

_GENERATORS = (listings.pages, reference.pages, courses.pages, catalogue.pages, communes.pages,
               search_page.pages)
# Generated pages that the search indexes like hand-written ones; the others (listings, the
# search page itself, the printable handouts) are menus or copies, left out of the index.
SEARCHABLE = (*reference.PATHS, *courses.PATHS)


def generated_pages() -> list[str]:
    """Paths of every generated page, known before the hub exists (for link checking)."""
    return [*listings.PATHS, *reference.PATHS, *courses.PATHS, *catalogue.PATHS,
            *communes.PATHS, *search_page.PATHS]


def pages(hub: Hub) -> dict[str, str | bytes]:
    """Generated files by docs path: Markdown pages, and a few static files (bytes)."""
    found: dict[str, str | bytes] = {}
    for generator in _GENERATORS:
        found.update(generator(hub))
    return found
