"""Listing pages: one per section, use cases grouped by track; related records per record."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..catalogue.compute import in_catalogue
from ..hub import Entry, Hub
from ..text import french
from ..render.links import record_link, relative

PATHS = ("parcours/index.md", "cas-usage/index.md", "demonstrateurs/index.md",
         "retours-experience/index.md")

Column = tuple[str, Callable[[Hub, str, Entry], str]]


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
    # No class on <table>: Material styles only `table:not([class])`. The caption is for
    # screen readers; sighted readers have the heading above the table.
    return (f'<table><caption class="hubia-lecteur-ecran">{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")


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


def _cas_usage_page(hub: Hub) -> str:
    src = "cas-usage/index.md"
    parts = ["# Cas d'usage\n",
             "<p>Les expérimentations menées par les communes, classées par parcours : "
             "résultats, coûts, frugalité et gouvernance de chaque projet.</p>"]
    for track in hub.parcours():
        cases = hub.linked("cas-usage", "parcours", track.slug)
        parts.append(f'<h2 id="{escape(track.slug)}">{escape(track.record.titre)}</h2>')
        parts.append(table(hub, src, cases, CAS_USAGE_COLUMNS,
                           f"Cas d'usage du parcours « {track.record.titre} »"))
    return "\n\n".join(parts) + "\n"


def _demonstrateurs_page(hub: Hub) -> str:
    src = "demonstrateurs/index.md"
    columns = [_TITLE, ("Porteur", lambda _h, _s, e: escape(e.record.porteur)),
               ("Parcours", _parcours), ("Statut", _label("statut"))]
    return "\n\n".join([
        "# Démonstrateurs d'IA frugale (DIAT)\n",
        "<p>Les démonstrateurs d'IA frugale de la Métropole, sur lesquels s'appuient les "
        "parcours.</p>",
        table(hub, src, _by_title(hub.section("demonstrateurs")), columns,
              "Démonstrateurs DIAT")]) + "\n"


RETOUR_COLUMNS: list[Column] = [
    _TITLE, ("Date", lambda _h, _s, e: french.date(e.record.date)),
    ("Nature", _label("nature")), ("Communes", _communes)]


def _retours_page(hub: Hub) -> str:
    src = "retours-experience/index.md"
    entries = sorted(hub.section("retours-experience"), key=lambda e: e.record.date, reverse=True)
    return "\n\n".join([
        "# Retours d'expérience du Club IA\n",
        "<p>Ce que les membres du Club IA ont appris en atelier, sur le terrain ou en "
        "webinaire, du plus récent au plus ancien.</p>",
        table(hub, src, entries, RETOUR_COLUMNS, "Retours d'expérience")]) + "\n"


def pages(hub: Hub) -> dict[str, str]:
    return {"parcours/index.md": _parcours_page(hub), "cas-usage/index.md": _cas_usage_page(hub),
            "demonstrateurs/index.md": _demonstrateurs_page(hub),
            "retours-experience/index.md": _retours_page(hub)}


def related(hub: Hub, entry: Entry) -> str:
    """HTML of the records linked to `entry`, shown below its text."""
    src, blocks = entry.src_uri, []

    def block(title: str, entries: list[Entry], columns: list[Column]) -> None:
        if entries:
            blocks.append(f"<h2>{escape(title)}</h2>" + table(hub, src, entries, columns, title))

    if entry.section == "parcours":
        block("Cas d'usage du parcours", hub.linked("cas-usage", "parcours", entry.slug),
              CAS_USAGE_COLUMNS)
        block("Démonstrateurs liés", hub.linked("demonstrateurs", "parcours", entry.slug),
              [_TITLE, ("Statut", _label("statut"))])
        block("Retours d'expérience", hub.linked("retours-experience", "parcours", entry.slug),
              RETOUR_COLUMNS)
    elif entry.section == "cas-usage":
        if in_catalogue(entry):
            href = escape(relative(src, f"catalogue/{entry.slug}/"))
            blocks.append("<h2>Reprendre cette solution</h2><p>Cette solution figure au "
                          f'<a href="{href}">catalogue de passage à l\'échelle</a> : coût pour '
                          "une commune, part financée par la Métropole, communes qui l'utilisent "
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
