"""What Pagefind indexes: the record or content page, its facets, its date and its metadata.

Pagefind reads `data-pagefind-*` attributes from the built HTML. This module decides them from
the hub, so the facets follow the front matter: records and content pages are wrapped in a
`data-pagefind-body` element, listings, menus and the search page are not (Pagefind then
skips them). Every value from a record is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..hub import Entry, Hub
from ..models import CasUsage, Demonstrateur, Parcours, RetourExperience
from ..text import french

# Pages dated like this (content pages have no date) come after every record in « most recent
# first » and are never dropped by a date sort (Pagefind omits pages without the sort key).
UNDATED = "0000-00-00"
# Front matter key of a generated page that marks what Pagefind indexes itself (the commune
# pages of a large hub, with `data-pagefind-body` and no facet): it is indexed as it is.
SELF_INDEXED = "indexee"
CONTENT_TYPE = "Page d'information"


@dataclass(frozen=True)
class Facet:
    key: str  # Pagefind filter name, also the URL parameter of the search page
    label: str  # French label shown above the values
    order: str = "alpha"  # "alpha" (French collation), "desc" (years) or "fixed" (as listed)
    values: tuple[str, ...] = ()  # the display order when `order` is "fixed"


TYPE_ORDER = (Parcours.type_label, CasUsage.type_label, Demonstrateur.type_label,
              RetourExperience.type_label, CONTENT_TYPE)
FACETS: tuple[Facet, ...] = (
    Facet("type", "Type de page", "fixed", TYPE_ORDER),
    Facet("parcours", "Parcours"),
    Facet("commune", "Commune"),
    Facet("ept", "Regroupement"),  # labels() names it after data/communes.yml
    Facet("statut", "Statut"),
    Facet("annee", "Année", "desc"),
    Facet("finance", "Financé", "fixed", ("Oui", "Non")),  # labels() names the funder
    Facet("type_ia", "Type d'IA"),
    Facet("catalogue", "Au catalogue des solutions", "fixed", ("Oui", "Non")),
)


# A territory of more communes than this has no « Commune » facet: a national hub's search
# page drew thousands of its checkboxes (EcoIndex D: 1,169 elements, 924 KB of filters). The
# grouping's facet stays; a commune is found by its name, and its page lists its records.
COMMUNE_FACET_LIMIT = 150


def commune_facet(hub: Hub) -> bool:
    """Whether the search offers a « Commune » facet (see COMMUNE_FACET_LIMIT)."""
    return len(hub.communes.by_code) <= COMMUNE_FACET_LIMIT


def _communes(entry: Entry) -> list[str]:
    record = entry.record
    codes = list(getattr(record, "communes", []) or [])
    if isinstance(record, Parcours):
        codes += record.communes_candidates
    return list(dict.fromkeys(codes))


def _parcours(hub: Hub, entry: Entry) -> list[str]:
    """Track titles of a record; a feedback record tied to a use case inherits its track."""
    record = entry.record
    if isinstance(record, Parcours):
        slugs = [entry.slug]
    elif isinstance(record, RetourExperience):
        slugs = [record.parcours] if record.parcours else []
        case = hub.records.get("cas-usage", {}).get(record.cas_usage or "")
        if case is not None:
            slugs.append(case.record.parcours)
    else:
        value = getattr(record, "parcours", [])
        slugs = value if isinstance(value, list) else [value]
    tracks = hub.records.get("parcours", {})
    return list(dict.fromkeys(tracks[s].record.titre for s in slugs if s in tracks))


def _years(entry: Entry) -> list[str]:
    """Years of activity: the whole period of a use case (up to its last update if ongoing)."""
    record = entry.record
    if isinstance(record, CasUsage):
        end = record.periode.fin or max(record.periode.debut, record.mis_a_jour)
        return [str(y) for y in range(record.periode.debut.year, end.year + 1)]
    if isinstance(record, RetourExperience):
        return [str(record.date.year)]
    return [str(record.mis_a_jour.year)]


def facets(hub: Hub, entry: Entry) -> dict[str, list[str]]:
    """Facet values of a record, by facet key; facets that do not apply are left out."""
    record = entry.record
    codes = _communes(entry)
    values: dict[str, list[str]] = {
        "type": [record.type_label],
        "parcours": _parcours(hub, entry),
        "commune": [hub.communes.name(code) for code in codes] if commune_facet(hub) else [],
        "ept": list(dict.fromkeys(
            hub.communes.epts[c.ept].nom for c in (hub.communes.by_code.get(code) for code in codes)
            if c is not None and c.ept in hub.communes.epts)),
        "statut": [record.statut.label] if hasattr(record, "statut") else [],
        "annee": _years(entry),
    }
    if isinstance(record, CasUsage):
        values["finance"] = ["Oui" if record.financement.part_metropole_eur > 0 else "Non"]
        values["type_ia"] = [record.ia.type_ia.label]
        listed = record.statut == "concluant" and record.passage_a_l_echelle is not None
        values["catalogue"] = ["Oui" if listed else "Non"]
    return {key: found for key, found in values.items() if found}


def _filters(values: dict[str, list[str]]) -> str:
    # One empty element per value: the inline form « key:value » takes the rest of the
    # attribute as the value, so commas and colons in a value are safe.
    return "".join(f'<span data-pagefind-filter="{escape(key)}:{escape(value)}"></span>'
                   for key, found in values.items() for value in found)


def record_page(hub: Hub, entry: Entry, html: str) -> str:
    """The record's card and text as Pagefind's body, with its facets, date and metadata."""
    record = entry.record
    date = record.mis_a_jour
    meta = (f'<span data-pagefind-meta="date:{escape(french.date(date))}"></span>'
            f'<span data-pagefind-meta="type:{escape(record.type_label)}"></span>')
    if record.exemple:
        meta += '<span data-pagefind-meta="exemple:Exemple fictif"></span>'
    return (f'<div data-pagefind-body data-pagefind-sort="date:{date.isoformat()}">'
            f"{meta}{_filters(facets(hub, entry))}{html}</div>")


def content_page(html: str) -> str:
    """A hand-written or reference page: indexed, typed « Page d'information », undated."""
    return (f'<div data-pagefind-body data-pagefind-sort="date:{UNDATED}">'
            f'<span data-pagefind-meta="type:{CONTENT_TYPE}"></span>'
            f"{_filters({'type': [CONTENT_TYPE]})}{html}</div>")


def labels(hub: Hub) -> dict[str, str]:
    """The facets' labels that name the territory: its grouping and who funds the programme
    come from data/communes.yml, not from the code."""
    return {"ept": hub.communes.regroupement.libelle,
            "finance": f"Financé par {hub.communes.territoire.porteur}"}


def facets_config(hub: Hub) -> list[dict]:
    """The facets as the search page's script reads them (order, labels, value order)."""
    named = labels(hub)
    return [{"cle": f.key, "libelle": named.get(f.key, f.label), "ordre": f.order,
             "valeurs": list(f.values)} for f in FACETS
            if f.key != "commune" or commune_facet(hub)]
