"""The Dutch algorithm register's publication standard 1.0.0 (Algoritmeregister, MinBZK).

The standard's definition (backend/app/schemas/config/v1_0_0.json in the MinBZK/Algoritmeregister
repository) allows one organisation per registration: a system run by several communes gives
one registration per commune (registers/systems.py). Its field names, lengths and permitted
values are kept here; what our records cannot fill stays empty and the README says why.
Texts longer than the standard allows are cut at a word, with « … ».
"""

from __future__ import annotations

from ..hub import Hub
from ..models.cas_usage import RisqueAIAct, StatutAdoption, StatutCas
from ..models.demonstrateur import StatutDemonstrateur
from .systems import (System, algorithms_url, contact_of, every_system, json_records,
                      page_url)

FILE = "algoritmeregister-1.0.0.json"
STANDARD_VERSION = "1.0.0"
# Lengths of the standard's text fields.
MAX = {"name": 100, "description_short": 350, "organization": 100, "contact_email": 500,
       "website": 500, "url": 500, "goal": 2500, "proportionality": 2500,
       "human_intervention": 2500, "risks": 2500, "lawful_basis": 2500, "process_index_url": 500,
       "impacttoetsen": 2500, "source_data": 2500, "methods_and_models": 5000, "provider": 200,
       "publiccode": 500, "source_id": 100, "tags": 2500}
_IN_USE, _DEVELOPMENT, _STOPPED = "In gebruik", "In ontwikkeling", "Buiten gebruik"
_CASE_STATUS = {StatutCas.EXPERIMENTATION: _IN_USE, StatutCas.CONCLUANT: _IN_USE,
                StatutCas.NON_CONCLUANT: _STOPPED, StatutCas.ABANDONNE: _STOPPED}
_ADOPTION_STATUS = {StatutAdoption.EN_COURS: _DEVELOPMENT, StatutAdoption.DEPLOYEE: _IN_USE}
# A demonstrator whose status is not communicated has no registration: the status is required.
_DEMO_STATUS = {StatutDemonstrateur.CONCEPTION: _DEVELOPMENT,
                StatutDemonstrateur.TEST: _DEVELOPMENT,
                StatutDemonstrateur.OPERATIONNEL: _IN_USE, StatutDemonstrateur.ARRETE: _STOPPED}
# The standard's themes (« Thema ») for the tracks of the Métropole's programme; a track of
# another hub has none (the field is optional).
THEMES = {"energie-batiments-publics": ["Natuur en milieu"],
          "aires-de-livraison": ["Verkeer"],
          "simplification-administrative": ["Organisatie en bedrijfsvoering"],
          "reemploi-materiaux": ["Natuur en milieu"]}


def cut(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at a word boundary with « … » when too long."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head else head) + "…"


def _status(system: System) -> str | None:
    r = system.entry.record
    if system.adoption is not None:
        return _ADOPTION_STATUS[system.adoption]
    if system.entry.section == "demonstrateurs":
        return _DEMO_STATUS.get(r.statut)
    return _CASE_STATUS[r.statut]


def _category(r) -> str:  # noqa: ANN001 - a use case or a demonstrator
    ia = getattr(r, "ia", None)
    if ia is not None and ia.niveau_risque_ai_act is RisqueAIAct.ELEVE:
        return "Hoog-risico AI-systeem"
    if r.transparence is not None and r.transparence.decisions_individuelles:
        return "Impactvolle algoritmes"
    return "Overige algoritmes"


def _month(date) -> str:  # noqa: ANN001
    return date.strftime("%Y-%m") if date else ""


def registration(hub: Hub, system: System) -> dict | None:
    """The registration of one system in one commune, or None when it cannot have one."""
    entry, r = system.entry, system.entry.record
    state = _status(system)
    contact = contact_of(r) or getattr(r, "lien", None) or page_url(hub, entry)
    if state is None or not contact:
        return None
    t, ia = r.transparence, getattr(r, "ia", None)
    tracks = [r.parcours] if isinstance(r.parcours, str) else list(r.parcours)
    themes = list(dict.fromkeys(theme for track in tracks for theme in THEMES.get(track, [])))
    periode = getattr(r, "periode", None)
    if system.adoption is not None:
        begin = next(a.date for a in r.adoptions if a.commune == system.commune)
    else:
        begin = periode.debut if periode else None
    assessments = []
    if t is not None and t.aipd_lien:
        assessments.append({"title": "Data Protection Impact Assessment (DPIA)",
                            "link": t.aipd_lien})
    if t is not None and t.analyse_droits_fondamentaux and t.analyse_droits_fondamentaux.lien:
        assessments.append({"title": "Fundamental Rights Impact Assessment (AI Act art. 27)",
                            "link": t.analyse_droits_fondamentaux.lien})
    scale = getattr(r, "passage_a_l_echelle", None)
    fields = {
        "name": r.titre, "description_short": r.resume,
        "organization": hub.communes.name(system.commune), "category": themes[:3],
        "status": state, "begin_date": _month(begin),
        "end_date": _month(periode.fin) if periode and state == _STOPPED else "",
        "contact_email": contact, "website": page_url(hub, entry),
        "publication_category": _category(r), "url": algorithms_url(hub, system.commune),
        "goal": t.objectif if t else "",
        "proportionality": " ".join(x for x in (t.alternatives if t else None,
                                                 r.frugalite.pourquoi_ia) if x),
        "human_intervention": ia.supervision_humaine if ia else "",
        "risks": " ".join(f"{x.risque} : {x.mesure}." for x in t.risques) if t else "",
        "lawful_basis": (t.base_legale or "") if t else "", "lawful_basis_grouping": [],
        "process_index_url": (t.registre_traitements or "") if t else "",
        "impacttoetsen_grouping": assessments,
        "impacttoetsen": (t.aipd_motif or "") if t else "",
        "source_data": " ; ".join(f"{d.donnees} ({d.source})" for d in t.donnees) if t else "",
        "source_data_grouping": [{"title": d.donnees, "link": d.lien}
                                 for d in (t.donnees if t else []) if d.lien],
        "methods_and_models": f"{ia.type_ia.label} : {ia.modele}. Hébergement : "
                              f"{ia.hebergement.label}." if ia else "",
        "provider": ia.fournisseur if ia else getattr(r, "porteur", ""),
        "publiccode": (scale.code_source or "") if scale else "",
        "lang": "nld", "standard_version": STANDARD_VERSION,
        "source_id": system.key, "tags": ", ".join(r.etiquettes),
    }
    for name, limit in MAX.items():
        fields[name] = cut(fields[name], limit)
    return fields


def files(hub: Hub) -> dict[str, bytes]:
    found = [reg for system in every_system(hub) if (reg := registration(hub, system))]
    return {FILE: json_records(found)}
