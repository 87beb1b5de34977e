"""Listing pages: one per section, use cases grouped by track; related records per record."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..catalogue.compute import in_catalogue
from ..hub import Entry, Hub
from ..text import french
from .links import href, record_link, relative
from .tables import front_matter, heading_text

PATHS = ("parcours/index.md", "cas-usage/index.md", "demonstrateurs/index.md",
         "retours-experience/index.md")

Column = tuple[str, Callable[[Hub, str, Entry], str]]
# Rows of one listing page. A longer list is split into numbered pages, so that a listing
# stays small at any hub size; every record stays two clicks away, and found by search.
PAGE_SIZE = 50


def _title(hub: Hub, src: str, e: Entry) -> str:
    badge = ' <span class="hubia-badge">Exemple fictif</span>' if e.record.exemple else ""
    return record_link(hub, src, e.section, e.slug) + badge


def _communes(hub: Hub, _src: str, e: Entry) -> str:
    return escape(", ".join(hub.communes.name(code) for code in e.record.communes)) or "—"


def _label(attribute: str) -> Callable[[Hub, str, Entry], str]:
    return lambda _hub, _src, e: escape(getattr(e.record, attribute).label)


def _parcours(hub: Hub, src: str, e: Entry) -> str:
    slugs = e.record.parcours if isinstance(e.record.parcours, list) else [e.record.parcours]
    return ", ".join(record_link(hub, src, "parcours", s) for s in slugs if s) or "—"


_TITLE: Column = ("Titre", _title)
_UPDATED: Column = ("Mis à jour", lambda _h, _s, e: french.date(e.record.mis_a_jour))
CAS_USAGE_COLUMNS: list[Column] = [_TITLE, ("Communes", _communes),
                                   ("Statut", _label("statut")), _UPDATED]


def table(hub: Hub, src: str, entries: list[Entry], columns: list[Column], caption: str) -> str:
    """An accessible HTML table of records (caption, header cells with scope)."""
    if not entries:
        return "<p>Aucune fiche pour l'instant.</p>"
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name, _ in columns)
    rows = "".join("<tr>" + "".join(f"<td>{cell(hub, src, e)}</td>" for _, cell in columns)
                   + "</tr>" for e in entries)
    # No class on <table>: the theme styles every table alike. The caption is for
    # screen readers; sighted readers have the heading above the table.
    return (f'<table><caption class="hubia-lecteur-ecran">{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


def compact(hub: Hub, src: str, entries: list[Entry], columns: list[Column]) -> str:
    """Records as a list, one line each: the title's link, then the other columns' values.
    Two elements a record where a table row takes seven: the lists of a record page stay
    light (EcoIndex A) however many records it names."""
    items = []
    for e in entries:
        first, *rest = (cell(hub, src, e) for _, cell in columns)
        example = " (exemple fictif)" if e.record.exemple else ""
        facts = " · ".join(rest)
        items.append(f"<li>{record_link(hub, src, e.section, e.slug)}{example}"
                     + (f" — {facts}" if facts else "") + "</li>")
    return f'<ul class="hubia-liste-fiches">{"".join(items)}</ul>'


def pages_of(first: str, entries: list, size: int | None = None) -> list[tuple[str, list]]:
    """The pages of a long list: `first` (`x/index.md` or `x/y.md`), then `.../2.md`...;
    `size` rows a page, PAGE_SIZE by default (read at each call: tests change it)."""
    size = size or PAGE_SIZE
    chunks = [entries[i:i + size] for i in range(0, len(entries), size)] or [[]]
    folder = first[: -len("/index.md")] if first.endswith("/index.md") else first[:-3]
    return [(first if n == 1 else f"{folder}/pages/{n}.md", chunk)
            for n, chunk in enumerate(chunks, 1)]


def page_numbers(current: int, total: int) -> list[int]:
    """The page numbers a pager links to from page `current` of `total` (1-based): the first
    and the last, and at each power of ten the multiples of it in the current's band of ten
    (at page 37 of 89: 1, 10, 20, 30 to 40, 50 to 80, 89). Any page is two clicks away up to
    100 pages, three up to 1,000; listing every number made a list of 100 pages weigh 300
    elements, twice (EcoIndex C)."""
    shown, step = {1, total}, 1
    while step < total:
        band = (current - 1) // (step * 10) * step * 10
        shown.update(n for n in range(band, band + step * 10 + 1, step) if 1 <= n <= total)
        step *= 10
    return sorted(shown)


def pager(here: str, paths: list[str]) -> str:
    """Links to the previous, the next and some other pages of a list split by `pages_of`
    (see page_numbers)."""
    if len(paths) < 2:
        return ""
    current = paths.index(here)
    items = []
    if current > 0:
        items.append(f'<li><a href="{escape(href(here, paths[current - 1]))}" rel="prev">'
                     "Page précédente</a></li>")
    for number in page_numbers(current + 1, len(paths)):
        path = paths[number - 1]
        if path == here:
            items.append(f'<li><span aria-current="page">{number}</span></li>')
        else:
            items.append(f'<li><a href="{escape(href(here, path))}">'
                         f'<span class="hubia-lecteur-ecran">Page </span>{number}</a></li>')
    if current < len(paths) - 1:
        items.append(f'<li><a href="{escape(href(here, paths[current + 1]))}" rel="next">'
                     "Page suivante</a></li>")
    return (f'<nav class="hubia-pages" aria-label="Pages de la liste (page {current + 1} '
            f'sur {len(paths)})"><ul>{"".join(items)}</ul></nav>')


def _by_title(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.record.titre.casefold())


def _parcours_page(hub: Hub) -> str:
    src = "parcours/index.md"
    parts = ["# Parcours thématiques\n",
             "<p>Chaque parcours réunit des communes autour d'un même sujet : formation, "
             "expérimentations puis passage à l'échelle. Il sert aussi de support aux ateliers "
             "de formation.</p>"]
    count = lambda _h, _s, e: str(len(hub.linked("cas-usage", "parcours", e.slug)))  # noqa: E731
    parts.append(table(hub, src, hub.parcours(),
                       [_TITLE, ("Statut", _label("statut")), ("Cas d'usage", count)],
                       "Parcours du programme"))
    return "\n\n".join(parts) + "\n"


def track_cases_path(slug: str) -> str:
    """First page of all the use cases of a track, when they do not fit on one page."""
    return f"cas-usage/parcours/{slug}.md"


def _all_cases(src: str, track: Entry, cases: list[Entry]) -> str:
    """A link to all the track's use cases, when there are more than one page shows."""
    if len(cases) <= PAGE_SIZE:
        return ""
    link = escape(href(src, track_cases_path(track.slug)))
    return (f'<p><a href="{link}">Tous les cas d\'usage du parcours « '
            f"{escape(track.record.titre)} » ({len(cases)})</a></p>")


def _shortened(hub: Hub, src: str, track: Entry, cases: list[Entry]) -> str:
    """The first page of a track's use cases, and a link to all of them if there are more:
    a compact list, as the overview of every track would otherwise hold 50 table rows each."""
    if not cases:
        return "<p>Aucune fiche pour l'instant.</p>"
    return compact(hub, src, cases[:PAGE_SIZE], CAS_USAGE_COLUMNS) + _all_cases(src, track, cases)


def _cas_usage_page(hub: Hub) -> str:
    src = "cas-usage/index.md"
    parts = ["# Cas d'usage\n",
             "<p>Les expérimentations menées par les communes, classées par parcours : "
             "résultats, coûts, frugalité et gouvernance de chaque projet.</p>"]
    for track in hub.parcours():
        cases = hub.linked("cas-usage", "parcours", track.slug)
        parts.append(f'<h2 id="{escape(track.slug)}">{escape(track.record.titre)}</h2>')
        parts.append(_shortened(hub, src, track, cases))
    return "\n\n".join(parts) + "\n"


def _track_case_pages(hub: Hub) -> dict[str, str]:
    """Every use case of each long track, in numbered pages."""
    found = {}
    for track in hub.parcours():
        cases = hub.linked("cas-usage", "parcours", track.slug)
        if len(cases) <= PAGE_SIZE:
            continue
        split = pages_of(track_cases_path(track.slug), cases)
        paths = [path for path, _ in split]
        title = f"Cas d'usage du parcours « {track.record.titre} »"
        for number, (path, chunk) in enumerate(split, 1):
            heading = title + (f" (page {number} sur {len(split)})" if len(split) > 1 else "")
            found[path] = "\n\n".join([
                front_matter(heading, f"{len(cases)} cas d'usage, par titre."),
                f'<h1>{escape(heading)}</h1>', pager(path, paths),
                table(hub, path, chunk, CAS_USAGE_COLUMNS, title), pager(path, paths)]) + "\n"
    return found


def _demonstrateurs_page(hub: Hub) -> str:
    src = "demonstrateurs/index.md"
    columns = [_TITLE, ("Porteur", lambda _h, _s, e: escape(e.record.porteur)),
               ("Parcours", _parcours), ("Statut", _label("statut"))]
    return "\n\n".join([
        "# Démonstrateurs d'IA frugale (DIAT)\n",
        f"<p>Les démonstrateurs d'IA frugale {escape(french.of(hub.communes.territoire.porteur))}"
        ", sur lesquels s'appuient les parcours.</p>",
        table(hub, src, _by_title(hub.section("demonstrateurs")), columns,
              "Démonstrateurs DIAT")]) + "\n"


RETOUR_COLUMNS: list[Column] = [
    _TITLE, ("Date", lambda _h, _s, e: french.date(e.record.date)),
    ("Nature", _label("nature")), ("Communes", _communes)]


def _retours_pages(hub: Hub) -> dict[str, str]:
    entries = sorted(hub.section("retours-experience"),
                     key=lambda e: (e.record.date, e.slug), reverse=True)
    split = pages_of("retours-experience/index.md", entries)
    paths = [path for path, _ in split]
    found = {}
    for number, (path, chunk) in enumerate(split, 1):
        title = "Retours d'expérience du Club IA" + (
            f" (page {number} sur {len(split)})" if number > 1 else "")
        found[path] = "\n\n".join([
            front_matter(title, "Ce que les membres du Club IA ont appris.") if number > 1
            else "", f"# {heading_text(title)}\n",
            "<p>Ce que les membres du Club IA ont appris en atelier, sur le terrain ou en "
            "webinaire, du plus récent au plus ancien.</p>", pager(path, paths),
            table(hub, path, chunk, RETOUR_COLUMNS, "Retours d'expérience"),
            pager(path, paths)]) + "\n"
    return found


def pages(hub: Hub) -> dict[str, str]:
    return {"parcours/index.md": _parcours_page(hub), "cas-usage/index.md": _cas_usage_page(hub),
            "demonstrateurs/index.md": _demonstrateurs_page(hub),
            **_retours_pages(hub), **_track_case_pages(hub)}


def related(hub: Hub, entry: Entry) -> str:
    """HTML of the records linked to `entry`, shown below its text."""
    src, blocks = entry.src_uri, []

    def block(title: str, entries: list[Entry], columns: list[Column]) -> None:
        if entries:
            shown = compact(hub, src, entries[:PAGE_SIZE], columns)
            if len(entries) > PAGE_SIZE:
                shown += f"<p>Et {len(entries) - PAGE_SIZE} autres, par la recherche.</p>"
            blocks.append(f"<h2>{escape(title)}</h2>" + shown)

    if entry.section == "parcours":
        cases = hub.linked("cas-usage", "parcours", entry.slug)
        if cases:
            blocks.append("<h2>Cas d'usage du parcours</h2>"
                          + compact(hub, src, cases[:PAGE_SIZE], CAS_USAGE_COLUMNS)
                          + _all_cases(src, entry, cases))
        block("Démonstrateurs liés", hub.linked("demonstrateurs", "parcours", entry.slug),
              [_TITLE, ("Statut", _label("statut"))])
        block("Retours d'expérience", hub.linked("retours-experience", "parcours", entry.slug),
              RETOUR_COLUMNS)
    elif entry.section == "cas-usage":
        if in_catalogue(entry):
            href = escape(relative(src, f"catalogue/{entry.slug}/"))
            blocks.append("<h2>Reprendre cette solution</h2><p>Cette solution figure au "
                          f'<a href="{href}">catalogue de passage à l\'échelle</a> : coût pour '
                          "une commune, part financée par "
                          f"{escape(hub.communes.territoire.porteur)}, communes qui l'utilisent "
                          "et démarche pour la reprendre.</p>")
        block("Retours d'expérience", hub.linked("retours-experience", "cas_usage", entry.slug),
              RETOUR_COLUMNS)
    elif entry.section == "demonstrateurs":
        block("Parcours qui s'appuient sur ce démonstrateur",
              hub.linked("parcours", "demonstrateurs", entry.slug),
              [_TITLE, ("Statut", _label("statut"))])
    if not blocks:
        return ""
    return '<div class="hubia-liens">' + "".join(blocks) + "</div>"


__all__ = ["pages", "related", "relative"]
