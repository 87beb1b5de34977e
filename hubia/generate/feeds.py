"""Atom feeds (RFC 4287): what is new or updated in the hub, for the whole hub
(`flux/nouveautes.xml`), for each track (`flux/parcours/<slug>.xml`) and each member commune
(`flux/communes/<slug>.xml`), and the page that explains them (`flux/index.md`).

An entry is a record (dated by its `mis_a_jour`) or an adoption of a catalogue solution (dated
by the adoption's `date`): never by the clock, so two builds give the same bytes. Identifiers
are name-based UUIDs of the record or adoption, stable from build to build and across hosts.
Links are absolute when the site's address is known (hubia.yml), relative to the feed's
file otherwise (a reader resolves them against the feed's address).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from ..catalogue.compute import in_catalogue
from ..hub import Entry, Hub
from ..models.base import Choice
from .links import folder_of, href, relpath
from .tables import bullet_list, front_matter, markdown_page, table

INDEX = "flux/index.md"
NEWS = "flux/nouveautes.xml"
PATHS = (INDEX,)
MEDIA_TYPE = "application/atom+xml"
LIMIT = 50  # entries per feed: the most recent; a reader keeps what it has already seen
_NAMESPACE = uuid.UUID("5b1f4a3e-2f59-4b8e-9a51-6d1c2a0e7f10")  # the hub's own namespace


def track_feed(slug: str) -> str:
    return f"flux/parcours/{slug}.xml"


def commune_feed(slug: str) -> str:
    return f"flux/communes/{slug}.xml"


@dataclass(frozen=True)
class Item:
    """One entry of a feed, with the tracks and communes it concerns."""

    key: str  # what the UUID is made from
    title: str
    updated: dt.date
    url: str  # site URL of the page it links to
    summary: str
    category: str
    tracks: frozenset[str] = field(default_factory=frozenset)
    communes: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, self.key)}"


def _tracks_of(entry: Entry, case_tracks: dict[str, str]) -> set[str]:
    r = entry.record
    if entry.section == "parcours":
        return {entry.slug}
    track = getattr(r, "parcours", None)  # a slug, a list of slugs (demonstrators) or None
    found = set(track) if isinstance(track, list) else ({track} if track else set())
    if getattr(r, "cas_usage", None) in case_tracks:
        found.add(case_tracks[r.cas_usage])
    return found


def _communes_of(entry: Entry) -> set[str]:
    r = entry.record
    found = set(getattr(r, "communes", None) or []) | set(
        getattr(r, "communes_candidates", None) or [])
    found |= {a.commune for a in getattr(r, "auteurs", None) or [] if a.commune}
    return found


def items(hub: Hub) -> list[Item]:
    """Every entry the feeds may hold, most recent first (ties by identifier)."""
    case_tracks = {e.slug: e.record.parcours for e in hub.section("cas-usage")}
    found = []
    for section in sorted(hub.records):
        for entry in hub.records[section].values():
            r = entry.record
            status = getattr(r, "statut", None)
            label = r.type_label + (f" ({status.label.lower()})" if isinstance(status, Choice)
                                    else "")
            found.append(Item(f"{section}/{entry.slug}", f"{r.type_label} : {r.titre}",
                              r.mis_a_jour, entry.url, r.resume, label,
                              frozenset(_tracks_of(entry, case_tracks)),
                              frozenset(_communes_of(entry))))
            if section == "cas-usage" and in_catalogue(entry):
                for a in r.adoptions:
                    name = hub.communes.name(a.commune)
                    found.append(Item(
                        f"adoption/{entry.slug}/{a.commune}/{a.statut.value}/{a.date}",
                        f"{name} reprend « {r.titre} » ({a.statut.label.lower()})", a.date,
                        f"catalogue/{entry.slug}/",
                        f"{name} reprend la solution « {r.titre} » du catalogue : "
                        f"{a.statut.label.lower()}.", "Reprise d'une solution du catalogue",
                        frozenset({r.parcours}), frozenset({a.commune})))
    found.sort(key=lambda item: (-item.updated.toordinal(), item.key))
    return found


def _link(hub: Hub, feed: str, url: str) -> str:
    address = hub.configuration.site.adresse
    if address:
        return (address if address.endswith("/") else address + "/") + url
    link = relpath(url, folder_of(feed))
    return link.rstrip("/") + "/" if url.endswith("/") or url == "" else link


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(hub: Hub, path: str, title: str, page_url: str, chosen: list[Item],
         fallback: dt.date) -> bytes:
    """One Atom feed: its `chosen` items (already sorted), dated by the most recent."""
    site = hub.configuration.site
    updated = chosen[0].updated if chosen else fallback
    entries = "".join(
        "<entry>\n"
        f"  <id>{item.id}</id>\n"
        f"  <title>{escape(item.title)}</title>\n"
        f"  <updated>{_time(item.updated)}</updated>\n"
        f'  <link rel="alternate" type="text/html" href="{escape(_link(hub, path, item.url))}"/>\n'
        f'  <category term="{escape(item.category)}"/>\n'
        f'  <summary type="text">{escape(item.summary)}</summary>\n'
        "</entry>\n" for item in chosen[:LIMIT])
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">\n'
            f"<id>urn:uuid:{uuid.uuid5(_NAMESPACE, path)}</id>\n"
            f"<title>{escape(title)}</title>\n"
            f"<updated>{_time(updated)}</updated>\n"
            f"<author><name>{escape(site.editeur)}</name></author>\n"
            f'<link rel="self" type="{MEDIA_TYPE}" href="{escape(_link(hub, path, path))}"/>\n'
            f'<link rel="alternate" type="text/html" href="{escape(_link(hub, path, page_url))}"/>\n'
            f"<generator>{escape(site.nom_court)}</generator>\n"
            f"{entries}</feed>\n").encode()


def feeds(hub: Hub) -> dict[str, tuple[str, str, list[Item]]]:
    """{feed path: (title, page it belongs to, its items)}, every item list most recent first."""
    every = items(hub)
    by_track: dict[str, list[Item]] = defaultdict(list)
    by_commune: dict[str, list[Item]] = defaultdict(list)
    for item in every:
        for slug in item.tracks:
            by_track[slug].append(item)
        for code in item.communes:
            by_commune[code].append(item)
    found = {NEWS: (f"Nouveautés du {hub.configuration.site.nom_court}", "", every)}
    for track in hub.parcours():
        found[track_feed(track.slug)] = (f"Parcours « {track.record.titre} »", track.url,
                                         by_track[track.slug])
    for code in sorted(hub.communes.by_code):
        slug = hub.communes.slugs[code]
        found[commune_feed(slug)] = (f"{hub.communes.name(code)} dans le Hub IA",
                                     f"communes/{slug}/", by_commune[code])
    return found


def alternates(hub: Hub) -> dict[str, tuple[tuple[str, str], ...]]:
    """The feeds each page advertises (`<link rel="alternate">`): {docs path: ((title, feed))}."""
    news = ((f"Nouveautés du {hub.configuration.site.nom_court}", NEWS),)
    found = {"index.md": news, INDEX: news, "cas-usage/index.md": news}
    for track in hub.section("parcours"):
        found[track.src_uri] = (*news, (f"Parcours « {track.record.titre} »",
                                        track_feed(track.slug)))
    for code, slug in hub.communes.slugs.items():
        found[f"communes/{slug}.md"] = (*news, (f"{hub.communes.name(code)} dans le Hub IA",
                                                commune_feed(slug)))
    return found


def _fallback(hub: Hub) -> dt.date:
    dates = [e.record.mis_a_jour for entries in hub.records.values() for e in entries.values()]
    return max(dates, default=dt.date(1970, 1, 1))


def _page(hub: Hub) -> str:
    rows = [[f'<a href="{escape(href(INDEX, track_feed(t.slug)))}">{escape(t.record.titre)}</a>',
             f'<a href="{escape(href(INDEX, t.src_uri))}">page du parcours</a>']
            for t in hub.parcours()]
    return markdown_page([
        front_matter("Suivre le hub avec un flux",
                     "Ce qu'est un flux Atom et comment suivre les nouveautés du Hub IA, d'un "
                     "parcours ou d'une commune sans revenir sur le site."),
        "# Suivre le hub avec un flux",
        "<p>Un flux (ou « fil d'actualité ») est un petit fichier que le hub met à jour à "
        "chaque publication. Un lecteur de flux le consulte régulièrement à votre place et "
        "vous montre ce qui est nouveau : une fiche publiée ou mise à jour, une commune qui "
        "reprend une solution du catalogue. Vous n'avez pas besoin de revenir sur le site, et "
        "vous ne donnez aucune adresse électronique : rien ne vous est envoyé.</p>",
        "## Comment s'abonner",
        "<ol><li>Installez un lecteur de flux : une extension du navigateur, une application "
        "de téléphone, ou la fonction de votre messagerie (Thunderbird, par exemple, lit les "
        "flux).</li>"
        "<li>Copiez l'adresse d'un des flux ci-dessous (clic droit sur le lien, puis "
        "« Copier l'adresse du lien »).</li>"
        "<li>Dans le lecteur, choisissez « Ajouter un flux » ou « S'abonner » et collez "
        "l'adresse.</li></ol>"
        "<p>Les pages qui ont un flux le signalent aussi dans leur code : beaucoup de lecteurs "
        "le trouvent seuls quand on leur donne l'adresse de la page.</p>",
        "## Les flux du hub",
        bullet_list([f'<a href="{escape(href(INDEX, NEWS))}">Toutes les nouveautés du hub</a> '
                     f"(les {LIMIT} plus récentes)",
                     "Un flux par commune : le lien « Suivre cette commune » de chaque page de "
                     f'<a href="{escape(href(INDEX, "communes/index.md"))}">commune</a>']),
        table("Flux des parcours", ["Flux du parcours", "Page"], rows, hidden_caption=False)
        if rows else "",
        "<p>Les fichiers sont au format Atom, que tous les lecteurs de flux savent lire. Les "
        "dates des entrées sont celles des fiches (« mis à jour le ») et des reprises de "
        "solutions, pas celles de la publication du site.</p>",
    ])


def pages(hub: Hub) -> dict[str, str | bytes]:
    fallback = _fallback(hub)
    found: dict[str, str | bytes] = {path: atom(hub, path, title, page, chosen, fallback)
                                     for path, (title, page, chosen) in feeds(hub).items()}
    found[INDEX] = _page(hub)
    return found
