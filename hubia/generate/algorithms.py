"""Each commune's list of algorithms: `communes/<slug>/algorithmes/`, a page and its JSON.

The French code of relations between the public and the administration (art. L312-1-3) asks
administrations to publish online the rules of the main algorithmic treatments they use for
individual decisions; a commune can link to this page from its own site. The page is written
for the public and prints cleanly; `algorithmes.json` beside it holds the same facts for
machines. A commune that runs no system says so. The list comes from registers/systems.py,
the one source the exports to other registers read too.
"""

from __future__ import annotations

from html import escape

from ..hub import Hub
from ..models.transparence import Transparence
from ..registers.systems import (ALGORITHMS_JSON, System, by_commune, json_records,
                                 record_facts, status)
from ..text import french
from .links import commune_url, href, relative
from .listings import pager, pages_of
from .tables import bullet_list, definitions, front_matter, markdown_page

# Each system takes a few kilobytes: a commune running many is listed over several pages.
PAGE_SIZE = 10

def page_path(hub: Hub, code: str) -> str:
    return commune_url(hub, code) + "algorithmes.md"


def json_path(hub: Hub, code: str) -> str:
    return ALGORITHMS_JSON.format(slug=hub.communes.slugs[code])


def _yes_no(value: bool) -> str:
    return "Oui" if value else "Non"


def _transparency(t: Transparence | None) -> list[tuple[str, str]]:
    if t is None:
        return [("Informations de transparence",
                 "La fiche ne publie pas encore ces informations ; la commune peut les "
                 "demander au service qui l'a rédigée.")]
    title = Transparence.model_fields
    pairs = [(title["objectif"].title, escape(t.objectif)),
             (title["service_responsable"].title, escape(t.service_responsable)),
             (title["decisions_individuelles"].title, _yes_no(t.decisions_individuelles))]
    for name in ("information_personnes", "contestation", "base_legale"):
        if getattr(t, name):
            pairs.append((title[name].title, escape(getattr(t, name))))
    if t.donnees:
        pairs.append((title["donnees"].title, bullet_list(
            [f"{escape(d.donnees)} (source : {escape(d.source)})" for d in t.donnees])))
    if t.risques:
        pairs.append((title["risques"].title, bullet_list(
            [f"{escape(x.risque)} : {escape(x.mesure)}" for x in t.risques])))
    if t.alternatives:
        pairs.append((title["alternatives"].title, escape(t.alternatives)))
    if t.mention_ia:
        pairs.append((title["mention_ia"].title, escape(t.mention_ia)))
    return pairs


def _links(t: Transparence | None) -> list[tuple[str, str]]:
    if t is None:
        return []
    found = [("Fiche du registre des traitements", t.registre_traitements),
             ("Analyse d'impact (AIPD)", t.aipd_lien)]
    if t.analyse_droits_fondamentaux:
        fria = t.analyse_droits_fondamentaux
        found.append((f"Analyse d'impact sur les droits fondamentaux : "
                      f"{fria.statut.label.lower()}", fria.lien))
    pairs = [(label, f'<a href="{escape(url)}" rel="noopener" class="hubia-externe">'
                     f"{escape(url)}</a>" if url else "non publiée")
             for label, url in found if url or label.startswith("Analyse d'impact sur")]
    if t.enregistrement_ue:
        record = t.enregistrement_ue
        pairs.append(("Enregistrement dans la base de données de l'UE",
                      escape(record.statut.label + (f" ({record.reference})"
                                                    if record.reference else ""))))
    if t.aipd_motif:
        pairs.append(("Pourquoi l'AIPD n'est pas requise", escape(t.aipd_motif)))
    return pairs


def _system(hub: Hub, src: str, system: System) -> str:
    r = system.entry.record
    pairs = [("Rôle de la commune", escape(system.role)), ("Statut", escape(status(system)))]
    pairs += _transparency(r.transparence)
    ia = getattr(r, "ia", None)
    if ia is not None:
        pairs += [("Type d'IA", escape(ia.type_ia.label)), ("Modèle", escape(ia.modele)),
                  ("Fournisseur", escape(ia.fournisseur)),
                  ("Hébergement", escape(ia.hebergement.label)),
                  ("Supervision humaine", escape(ia.supervision_humaine)),
                  ("Données personnelles", _yes_no(ia.donnees_personnelles)),
                  ("Analyse d'impact (AIPD)", escape(ia.aipd.label)),
                  ("Niveau de risque (AI Act)", escape(ia.niveau_risque_ai_act.label))]
    pairs += _links(r.transparence)
    example = " <strong>(exemple fictif)</strong>" if r.exemple else ""
    return (f'<section class="hubia-algorithme"><h2>{escape(r.titre)}{example}</h2>'
            f"<p>{escape(r.resume)}</p>" + definitions(pairs)
            + f'<p><a href="{escape(href(src, system.entry.src_uri))}">Lire la fiche complète'
            f"</a></p></section>")


def _page(hub: Hub, code: str, systems: list[System], src: str, paths: list[str],
          total: int) -> str:
    name = hub.communes.name(code)
    back = f'<a href="{escape(relative(src, commune_url(hub, code)))}">{escape(name)}</a>'
    parts = [front_matter(f"Algorithmes utilisés par {name}",
                          f"Les systèmes d'algorithmes et d'intelligence artificielle que {name} "
                          "expérimente ou utilise, publiés par le Hub IA."),
             f'<p class="hubia-type">Transparence des algorithmes publics</p>'
             f"<h1>Algorithmes utilisés par {escape(name)}</h1>"
             "<p>Cette page présente les systèmes d'algorithmes et d'intelligence artificielle "
             f"que la commune {back} expérimente ou utilise et que le Hub IA publie : à quoi "
             "ils servent, quelles données ils emploient, qui en répond et comment contester "
             "une décision. La commune peut y renvoyer depuis son propre site pour publier ses "
             "principaux traitements algorithmiques (code des relations entre le public et "
             "l'administration, art. L312-1-3). Elle s'imprime telle quelle.</p>"
             f'<p><a href="{escape(href(src, json_path(hub, code)))}" download>Les mêmes '
             "informations au format JSON</a></p>"]
    if not total:
        parts.append(f"<p>Le Hub IA ne publie aucun système d'algorithme ou d'IA utilisé par "
                     f"{escape(name)}.</p>")
        return markdown_page(parts)
    plural = "s" if total > 1 else ""
    parts.append(f"<p>{french.number(total)} système{plural} publié{plural}"
                 + (f", présentés sur {len(paths)} pages" if len(paths) > 1 else "") + ".</p>")
    parts += [_system(hub, src, system) for system in systems]
    parts.append(pager(src, paths))
    return markdown_page(parts)


def _json(hub: Hub, code: str, systems: list[System]) -> bytes:
    return json_records([{**record_facts(hub, s.entry), "role": s.role,
                          "statut_commune": status(s)} for s in systems],
                        {"commune": hub.communes.name(code), "code_insee": code}, "algorithmes")


def pages(hub: Hub) -> dict[str, str | bytes]:
    systems = by_commune(hub)
    found: dict[str, str | bytes] = {}
    for code in hub.communes.by_code:
        mine = systems.get(code, [])
        chunks = pages_of(page_path(hub, code), mine, PAGE_SIZE)
        paths = [path for path, _ in chunks]
        for path, chunk in chunks:
            found[path] = _page(hub, code, chunk, path, paths, len(mine))
        found[json_path(hub, code)] = _json(hub, code, mine)
    return found
