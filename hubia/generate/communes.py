"""One page per commune (`communes/<slug>.md`) and their index by grouping (EPT, EPCI...).

A commune's page gathers what the hub knows of it: the tracks it takes part in, its use cases
(as a pilot or an adopter), the catalogue's solutions that a commune of its grouping already
runs and that it could adopt, and its feedback records. An index of the whole hub by commune is
built once, so the commune pages cost one pass over the records. What the pages call the
territory and its grouping comes from data/communes.yml (`territoire`, `regroupement`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from ..catalogue.compute import in_catalogue, rate
from ..text.fold import sort_key
from ..funding import split
from ..hub import Entry, Hub
from ..models.cas_usage import StatutAdoption, StatutCas
from ..models.data import Commune
from ..text import french
from .tables import front_matter, heading_text, markdown_page, table
from .links import commune_link, commune_url, href, record_link, relative
from .listings import pager, pages_of
from .search import SELF_INDEXED, UNDATED
from . import commune_map, engagement

PATHS = ("communes/index.md",)
INDEX = "communes/index.md"

# A neighbour « runs » a solution when it proved it or has deployed it.
_RUNNING = {StatutAdoption.DEPLOYEE}
_PILOT_ROLE = {StatutCas.EXPERIMENTATION: "Expérimente (commune pilote)",
               StatutCas.CONCLUANT: "A éprouvé la solution (commune pilote)",
               StatutCas.NON_CONCLUANT: "A expérimenté (commune pilote)",
               StatutCas.ABANDONNE: "A expérimenté (commune pilote)"}


@dataclass
class Activity:
    """What the hub holds about one commune."""

    cases: list[tuple[Entry, str]] = field(default_factory=list)  # (use case, role)
    tracks: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    retours: list[Entry] = field(default_factory=list)
    adopted: set[str] = field(default_factory=set)  # catalogue slugs it proved or adopts

    @property
    def empty(self) -> bool:
        return not (self.cases or self.tracks or self.retours)


def activities(hub: Hub) -> dict[str, Activity]:
    """Activity of every commune, by INSEE code, in one pass over the records."""
    found: dict[str, Activity] = defaultdict(Activity)
    for track in hub.section("parcours"):
        for code in track.record.communes_candidates:
            found[code].tracks[track.slug].add("commune candidate")
    for case in hub.section("cas-usage"):
        r = case.record
        for code in r.communes:
            found[code].cases.append((case, _PILOT_ROLE[r.statut]))
            found[code].tracks[r.parcours].add("cas d'usage")
            found[code].adopted.add(case.slug)
        for adoption in r.adoptions:
            found[adoption.commune].cases.append(
                (case, f"Reprend la solution : {adoption.statut.label.lower()}"))
            found[adoption.commune].tracks[r.parcours].add("reprise d'une solution")
            found[adoption.commune].adopted.add(case.slug)
    for retour in hub.section("retours-experience"):
        codes = set(retour.record.communes) | {a.commune for a in retour.record.auteurs
                                               if a.commune}
        for code in codes:
            found[code].retours.append(retour)
    return found


Running = dict[str, list[tuple[Entry, list[str]]]]


def running_by_ept(hub: Hub) -> Running:
    """For each EPT, the catalogue's use cases in service in some of its communes (pilots, or
    adopters that deployed it), with those communes' codes."""
    found: Running = defaultdict(list)
    for case in sorted(hub.section("cas-usage"), key=lambda e: e.record.titre.casefold()):
        if not in_catalogue(case):
            continue
        r = case.record
        by_ept: dict[str, list[str]] = defaultdict(list)
        for code in [*r.communes, *(a.commune for a in r.adoptions if a.statut in _RUNNING)]:
            by_ept[hub.communes.by_code[code].ept].append(code)
        for ept, codes in by_ept.items():
            found[ept].append((case, codes))
    return found


def suggestions(commune: Commune, activity: Activity,
                running: Running) -> list[tuple[Entry, list[str]]]:
    """Use cases of the catalogue that communes of the same EPT run and that `commune` neither
    proved nor adopts, with those neighbours' codes."""
    return [(case, [code for code in codes if code != commune.code_insee])
            for case, codes in running.get(commune.ept, [])
            if case.slug not in activity.adopted]


def _ept_anchor(code: str) -> str:
    return f"ept-{code}"


# Items of each list a commune's page shows; a longer list gets pages of its own, LIST_PAGE
# items each. A commune of a large hub takes part in hundreds of use cases: its page listed
# them all and was the heaviest of the site (EcoIndex D).
SHORT_LIST = 10
LIST_PAGE = 30
# Where the solutions nearby are listed in full in a large territory (see _page).
CATALOGUE_LIST = ("catalogue/index.md", "Toutes les solutions, dans le catalogue")


@dataclass
class CommuneList:
    """One list of a commune's page: its first items there, all of them on its own pages."""

    hub: Hub
    commune: Commune
    folder: str  # the list's pages: communes/<slug>/<folder>.md, then .../pages/<n>.md
    title: str  # « Cas d'usage de Pantin »
    render: Callable[[str, list], str]  # (page, items) → HTML

    @property
    def first(self) -> str:
        return commune_url(self.hub, self.commune.code_insee) + f"{self.folder}.md"

    def shown(self, src: str, items: list, preferred: list, which: str,
              complete: tuple[str, str] | None = None) -> str:
        """The list on the commune's page: all its `items` when they are few, else the
        SHORT_LIST first of `preferred` (the same items, ordered as `which` says) and a link
        to the list's pages, or to `complete` (a docs path and its link text) instead."""
        if len(items) <= SHORT_LIST:
            return self.render(src, items)
        target, text = complete or (self.first, f"{self.title} : la liste complète")
        return (f"<p>{french.number(len(items))} au total ; voici les {SHORT_LIST} {which}. "
                f'<a href="{escape(href(src, target))}">{escape(text)}</a></p>'
                + self.render(src, preferred[:SHORT_LIST]))

    def pages(self, items: list) -> dict[str, str]:
        """The list's own pages, by title (none for a short list)."""
        if len(items) <= SHORT_LIST:
            return {}
        split = pages_of(self.first, items, LIST_PAGE)
        paths = [path for path, _ in split]
        back = commune_url(self.hub, self.commune.code_insee)
        found = {}
        for number, (path, chunk) in enumerate(split, 1):
            heading = self.title + (f" (page {number} sur {len(split)})" if len(split) > 1
                                    else "")
            found[path] = markdown_page([
                front_matter(heading, f"{self.title} dans le Hub IA."),
                f"<h1>{escape(heading)}</h1>",
                f'<p><a href="{escape(relative(path, back))}">{escape(self.commune.nom)}</a> · '
                f"{french.number(len(items))} au total.</p>",
                self.render(path, chunk), pager(path, paths)])
        return found


def _lists(hub: Hub, commune: Commune, ept_name: str) -> dict[str, CommuneList]:
    words = hub.communes.regroupement

    def cases(src: str, items: list[tuple[Entry, str]]) -> str:
        return '<ul class="hubia-liste-fiches">' + "".join(
            f"<li>{record_link(hub, src, 'cas-usage', e.slug)}"
            f"{' (exemple fictif)' if e.record.exemple else ''} — {escape(role)} · "
            f"{escape(e.record.statut.label)} · "
            f"{record_link(hub, src, 'parcours', e.record.parcours)}</li>"
            for e, role in items) + "</ul>"

    def solutions(src: str, items: list[tuple[Entry, list[str]]]) -> str:
        programme = hub.programme
        rows = [[f'<a href="{escape(relative(src, f"catalogue/{case.slug}/"))}">'
                 f"{escape(case.record.titre)}</a>",
                 ", ".join(commune_link(hub, src, code) for code in neighbours),
                 french.euros(split(case.record.passage_a_l_echelle.cout_par_commune
                                    .investissement_eur, rate(programme),
                                    programme.plafond_financement_eur).remainder),
                 f"{case.record.passage_a_l_echelle.delai_deploiement_mois} mois"]
                for case, neighbours in items]
        return table(f"Solutions en service dans {words.nom} {ept_name}",
                     ["Solution", "En service à", "Reste à charge de l'investissement",
                      "Délai de déploiement"], rows)

    def retours(src: str, items: list[Entry]) -> str:
        return '<ul class="hubia-liste-fiches">' + "".join(
            f"<li>{record_link(hub, src, 'retours-experience', e.slug)}"
            f"{' (exemple fictif)' if e.record.exemple else ''} — "
            f"{french.date(e.record.date)} · {escape(e.record.nature.label)}</li>"
            for e in items) + "</ul>"

    return {"cas-usage": CommuneList(hub, commune, "cas-usage",
                                     f"Cas d'usage de {commune.nom}", cases),
            "solutions": CommuneList(hub, commune, "solutions",
                                     f"Solutions à reprendre pour {commune.nom}", solutions),
            "retours-experience": CommuneList(hub, commune, "retours-experience",
                                              f"Retours d'expérience de {commune.nom}", retours)}


def _page(hub: Hub, commune: Commune, activity: Activity, running: Running,
          where: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The page of `commune` and the pages of its long lists; `where` gives the list page of
    each commune in the large layout (empty otherwise: the index lists them all)."""
    src = f"communes/{hub.communes.slugs[commune.code_insee]}.md"
    subpages: dict[str, str] = {}
    ept = hub.communes.epts.get(commune.ept)
    ept_name = ept.nom if ept else commune.ept
    words = hub.communes.regroupement
    porteur = hub.communes.territoire.porteur
    name = escape(commune.nom)
    lists = _lists(hub, commune, ept_name)
    large = _large(hub)
    catalogue_link = f'<a href="{escape(relative(src, "catalogue/"))}">catalogue</a>'
    listed = where.get(commune.code_insee)
    index_href = escape(href(src, listed) if listed else
                        href(src, INDEX, _ept_anchor(commune.ept)))
    parts = [
        front_matter(commune.nom, f"{commune.nom} ({ept_name}) dans le Hub IA : parcours, "
                                  "cas d'usage, solutions à reprendre et retours d'expérience."),
        f'<p class="hubia-type">Commune membre {escape(french.of(porteur))}</p><h1>{name}</h1>'
        f'<dl class="hubia-chiffres"><dt>{escape(words.libelle)}</dt><dd><a href="{index_href}">'
        f"{escape(ept_name)}</a></dd><dt>Population municipale (INSEE)</dt>"
        f"<dd>{french.number(commune.population)} habitants</dd><dt>Code INSEE</dt>"
        f"<dd>{escape(commune.code_insee)}</dd></dl>"]
    algorithms = relative(src, commune_url(hub, commune.code_insee) + "algorithmes/")
    parts.append(f'<p><a href="{escape(algorithms)}">Algorithmes et systèmes d\'IA utilisés par '
                 f"{name}</a> : la page de transparence que la commune peut citer.</p>")
    if activity.empty:
        parts.append(
            f"<p>{name} ne participe encore à aucun parcours ni cas d'usage publié sur le hub. "
            f"Le {catalogue_link} présente les solutions déjà éprouvées par d'autres communes, "
            f"qu'elle peut reprendre avec un financement {escape(french.of(porteur))}.</p>")
    if activity.tracks:
        order = {track.slug: n for n, track in enumerate(hub.parcours())}
        tracks = sorted(activity.tracks.items(), key=lambda item: (order.get(item[0], 999), item[0]))
        items = "".join(f"<li>{record_link(hub, src, 'parcours', slug)} : "
                        f"{escape(', '.join(sorted(how)))}</li>" for slug, how in tracks)
        parts += ["## Parcours", f"<ul>{items}</ul>"]
    cases = sorted(activity.cases, key=lambda item: item[0].record.titre.casefold())
    if cases:
        parts += ["## Cas d'usage", lists["cas-usage"].shown(
            src, cases, sorted(cases, key=lambda item: (item[0].record.mis_a_jour,
                                                        item[0].slug), reverse=True),
            "mis à jour le plus récemment")]
        subpages.update(lists["cas-usage"].pages(cases))
    found = suggestions(commune, activity, running)
    parts.append("## Solutions à reprendre près de chez vous")
    if found:
        parts += [f"<p>Ces solutions du {catalogue_link} sont déjà en service dans une autre "
                  f"commune {escape(french.of(words.nom))} {escape(ept_name)}, qui peut "
                  "partager son expérience.</p>",
                  lists["solutions"].shown(src, found, sorted(found, key=lambda i: -len(i[1])),
                                           "en service dans le plus de communes voisines",
                                           CATALOGUE_LIST if large else None)]
        if not large:
            # In a large territory a grouping (a région...) runs hundreds of solutions, nearly
            # the same for each of its thousands of communes: pages of them for every commune
            # made a national hub write over 430,000 pages. The catalogue lists them all, once.
            subpages.update(lists["solutions"].pages(found))
    else:
        parts.append(f"<p>Aucune solution du catalogue n'est encore en service dans une autre "
                     f"commune {escape(french.of(words.nom))} {escape(ept_name)} que {name} "
                     "pourrait reprendre. "
                     f"Le {catalogue_link} présente toutes les solutions éprouvées.</p>")
    if activity.retours:
        retours = sorted(activity.retours, key=lambda e: (e.record.date, e.slug), reverse=True)
        parts += ["## Retours d'expérience",
                  lists["retours-experience"].shown(src, retours, retours, "plus récents")]
        subpages.update(lists["retours-experience"].pages(retours))
    if large and not _lists_indexed(hub):
        # In the large layout the index lists no commune: the site's search finds them, by
        # their name and key facts only (no facets, so that the filters the first search loads
        # stay small; not their lists of records, which the records' own pages index: at
        # 4,025 communes, indexing whole pages doubled Pagefind's memory).
        parts[0] = parts[0].replace("\n---\n", f"\n{SELF_INDEXED}: true\n---\n", 1)
        parts[1] = (f'<div data-pagefind-body data-pagefind-sort="date:{UNDATED}">'
                    f'<span data-pagefind-meta="type:{COMMUNE_TYPE}"></span>{parts[1]}</div>')
    return markdown_page(parts), subpages


# Up to this many communes, the index lists every commune, grouped; beyond, it lists the
# groupings and their départements, each with its own paginated list of communes (a page of
# thousands of rows would be too heavy to load and to read).
FULL_INDEX_LIMIT = 150  # the Métropole's 130 make an index of 28 KB: pages stay under 40 KB
LIST_SIZE = 200  # communes per page of a list, in the large layout
LIST_FOLDER = "communes/liste"


def _communes_count(n: int) -> str:
    return f"{french.number(n)} commune{'s' if n > 1 else ''}"


def _large(hub: Hub) -> bool:
    return len(hub.communes.by_code) > FULL_INDEX_LIMIT


# Beyond this many communes (the country's 34,875), the search indexes the pages of the
# lists, where each commune's row gives its name and figures, instead of each commune's
# page: those 34,875 pages took Pagefind's memory past 2 GB and made up 60 % of the page
# list that the first search loads. Every région (Grand Est: 5,121) keeps a result a commune.
INDEXED_COMMUNE_PAGES = 6000
# What a search result says of these pages, beside its title (a record says its type).
COMMUNE_TYPE, LIST_TYPE = "Commune", "Liste de communes"


def _lists_indexed(hub: Hub) -> bool:
    return len(hub.communes.by_code) > INDEXED_COMMUNE_PAGES


def _list_path(group: str, departement: str | None) -> str:
    name = group if departement in (None, group) else f"{group}-{departement}"
    return f"{LIST_FOLDER}/{name.lower()}.md"


def _group_name(hub: Hub, code: str) -> str:
    ept = hub.communes.epts.get(code)
    return ept.nom if ept else code


def _by_group(hub: Hub) -> dict[str, list[Commune]]:
    by_ept: dict[str, list[Commune]] = defaultdict(list)
    for commune in hub.communes.by_code.values():
        by_ept[commune.ept].append(commune)
    return {code: sorted(by_ept[code], key=lambda c: sort_key(c.nom))
            for code in sorted(by_ept, key=lambda code: sort_key(_group_name(hub, code)))}


def _list(hub: Hub, src: str, communes: list[Commune], found: dict[str, Activity]) -> str:
    """The communes with their figures, as a list: two elements a commune, where a table row
    took seven and made the communes index the heaviest page of the site (EcoIndex)."""
    items = []
    for commune in communes:
        activity = found.get(commune.code_insee, Activity())
        pilots = sum(1 for _, role in activity.cases if role in _PILOT_ROLE.values())
        facts = [f"{french.number(commune.population)} habitants"]
        facts += [f"{count} {label}" for count, label in (
            (pilots, "cas d'usage piloté" + ("s" if pilots > 1 else "")),
            (len(activity.cases) - pilots, "solution reprise"
             + ("s" if len(activity.cases) - pilots > 1 else "")),
            (len(activity.retours), "retour" + ("s" if len(activity.retours) > 1 else "")
             + " d'expérience")) if count]
        items.append(f"<li>{commune_link(hub, src, commune.code_insee)} : "
                     f"{', '.join(facts)}</li>")
    return f'<ul class="hubia-communes">{"".join(items)}</ul>'


def _intro(hub: Hub) -> list[str]:
    territoire, words = hub.communes.territoire, hub.communes.regroupement
    total = len(hub.communes.by_code)
    return [front_matter("Communes", f"Les {total} communes {french.of(territoire.avec_article)} "
                                     "et ce que le Hub IA publie sur chacune."),
            f"# Les communes {heading_text(french.of(territoire.porteur))}",
            f"<p>Les {french.number(total) if total >= 10000 else total} communes membres "
            f"{escape(french.of(territoire.porteur))}, regroupées {escape(words.par)}. La page "
            "de chaque commune présente ses parcours, ses cas d'usage, les solutions que ses "
            "voisines ont déjà mises en service et ses retours d'expérience.</p>"]


def _index(hub: Hub, found: dict[str, Activity]) -> str:
    parts = _intro(hub)
    for code, communes in _by_group(hub).items():
        name = _group_name(hub, code)
        parts += [f"## {heading_text(name)} {{#{_ept_anchor(code)}}}",
                  _list(hub, INDEX, communes, found)]
    return markdown_page(parts)


def _large_index(hub: Hub,
                 found: dict[str, Activity]) -> tuple[dict[str, str], dict[str, str]]:
    """The index of groupings and their départements, one paginated list for each, and the
    list page of each commune (by INSEE code)."""
    words = hub.communes.regroupement
    parts = _intro(hub)
    parts.append("<p>Choisissez un regroupement puis un département pour voir la liste de ses "
                  "communes, ou cherchez une commune par son nom avec la recherche du site.</p>")
    result: dict[str, str] = {}
    where: dict[str, str] = {}
    indexed = _lists_indexed(hub)
    for code, communes in _by_group(hub).items():
        name = _group_name(hub, code)
        by_departement: dict[str | None, list[Commune]] = defaultdict(list)
        for commune in communes:
            by_departement[commune.departement].append(commune)
        items = []
        for departement, members in sorted(by_departement.items(), key=lambda item: (
                sort_key(hub.communes.departements.get(item[0] or "", item[0] or "")))):
            first = _list_path(code, departement)
            label = (name if departement in (None, code) else
                     hub.communes.departements.get(departement, departement))
            title = label if label == name else f"{label} ({name})"
            chunks = [members[i:i + LIST_SIZE] for i in range(0, len(members), LIST_SIZE)]
            paths = [first if n == 1 else f"{first[:-3]}/pages/{n}.md"
                     for n in range(1, len(chunks) + 1)]
            for n, (path, chunk) in enumerate(zip(paths, chunks), 1):
                where.update((c.code_insee, path) for c in chunk)
                page = f" (page {n} sur {len(paths)})" if len(paths) > 1 else ""
                head = front_matter(f"Communes : {title}{page}",
                                    f"Les communes {french.of(words.nom)} {title} dans le Hub IA.")
                rows = _list(hub, path, chunk, found)
                if indexed:  # the search finds each commune here, by its row
                    head = head.replace("\n---\n", f"\n{SELF_INDEXED}: true\n---\n", 1)
                    rows = (f'<div data-pagefind-body data-pagefind-sort="date:{UNDATED}">'
                            f'<span data-pagefind-meta="title:Communes : {escape(title)}{page}">'
                            f'</span><span data-pagefind-meta="type:{LIST_TYPE}"></span>'
                            f"{rows}</div>")
                result[path] = markdown_page([
                    head, f"# Communes : {heading_text(title)}{page}",
                    f'<p><a href="{escape(href(path, INDEX))}">Toutes les communes</a> · '
                    f"{_communes_count(len(members))}, par ordre alphabétique.</p>",
                    rows, pager(path, paths)])
            items.append(f'<li><a href="{escape(href(INDEX, first))}">{escape(label)}</a> '
                         f"({_communes_count(len(members))})</li>")
        parts += [f"## {heading_text(name)} {{#{_ept_anchor(code)}}}",
                  f"<ul>{''.join(items)}</ul>"]
    result[INDEX] = markdown_page(parts)
    return result, where


def pages(hub: Hub) -> dict[str, str]:
    found, running = activities(hub), running_by_ept(hub)
    groups = commune_map.territories(engagement.communes(hub))
    result, where = _large_index(hub, found) if _large(hub) else ({INDEX: _index(hub, found)}, {})
    for code, commune in hub.communes.by_code.items():
        page, subpages = _page(hub, commune, found.get(code, Activity()), running, where)
        result[commune_url(hub, code).rstrip("/") + ".md"] = (
            page + commune_map.commune_section(hub, groups, code))
        result.update(subpages)
    return result
