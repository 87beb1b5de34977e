"""The UK Algorithmic Transparency Recording Standard (ATRS, v3.0), tiers 1 and 2.

The standard is published as a table of attributes (template_table.md in the
co-cddo/algorithmic-transparency-recording-standard repository), not as a machine-readable
schema: each record here carries every attribute of its metadata, title, tier 1 and tier 2
sections, as text, in the table's order. One record per system and commune, as for the Dutch
register (one organisation per record). What our records cannot fill stays an empty string and
the README says why; the team that publishes ATRS records assigns `id` itself.
"""

from __future__ import annotations

from ..hub import Hub
from ..models.cas_usage import StatutCas, VoieAchat
from ..models.demonstrateur import StatutDemonstrateur
from ..models.transparence import StatutEvaluation
from .systems import System, contact_of, every_system, json_records, page_url

FILE = "atrs-3.0.json"
STANDARD_VERSION = "3.0"
METADATA = ("id", "standard_version", "organisation_type", "function", "capability", "task",
            "tags", "date_of_completion", "date_updated", "date_archived")
TITLE = ("title", "organisation_name", "phase", "region", "one_sentence_description")
TIER_1 = ("name", "description", "website_url", "contact_email")
TIER_2 = (
    "organisation_or_department", "team", "senior_responsible_owner",
    "external_supplier_involvement", "external_supplier", "companies_house_number",
    "external_supplier_role", "procurement_procedure_type", "data_access_terms",
    "detailed_description", "scope", "benefit", "previous_process", "alternatives_considered",
    "process_integration", "provided_information", "frequency_and_scale_of_usage",
    "human_decisions_and_review", "required_training", "appeals_and_review",
    "system_architecture", "phase", "maintenance", "models",
    "model_name", "model_version", "model_task", "model_input", "model_output",
    "model_architecture", "model_performance", "datasets", "dataset_purposes",
    "source_data_name", "data_modality", "data_description", "data_quantities",
    "sensitive_attributes", "data_completeness_and_representativeness", "source_data_url",
    "data_collection", "data_cleaning", "data_sharing_agreements", "data_access_and_storage",
    "impact_assessment", "risks_and_mitigations")
_PHASE = {StatutCas.EXPERIMENTATION: "Pilot", StatutCas.CONCLUANT: "Production",
          StatutCas.NON_CONCLUANT: "Retired", StatutCas.ABANDONNE: "Retired",
          StatutDemonstrateur.CONCEPTION: "Pre-deployment", StatutDemonstrateur.TEST: "Pilot",
          StatutDemonstrateur.OPERATIONNEL: "Production", StatutDemonstrateur.ARRETE: "Retired",
          StatutDemonstrateur.NON_COMMUNIQUE: ""}


def _assessments(r) -> str:  # noqa: ANN001
    ia, t = getattr(r, "ia", None), r.transparence
    parts = []
    if ia is not None:
        parts.append(f"Analyse d'impact relative à la protection des données (AIPD) : "
                     f"{ia.aipd.label.lower()}" + (f" ({t.aipd_lien})" if t and t.aipd_lien
                                                   else ""))
    if t is not None and t.analyse_droits_fondamentaux:
        fria = t.analyse_droits_fondamentaux
        if fria.statut is not StatutEvaluation.NON_REQUISE:
            parts.append("Analyse d'impact sur les droits fondamentaux (AI Act, art. 27) : "
                         + fria.statut.label.lower() + (f" ({fria.lien})" if fria.lien else ""))
    return ". ".join(parts)


def record(hub: Hub, system: System) -> dict[str, str]:
    entry, r = system.entry, system.entry.record
    t, ia = r.transparence, getattr(r, "ia", None)
    scale = getattr(r, "passage_a_l_echelle", None)
    in_house = scale is not None and scale.voie_achat is VoieAchat.REGIE
    supplier = ia.fournisseur if ia else getattr(r, "porteur", "")
    organisation = hub.communes.name(system.commune)
    phase = "Production" if system.adoption is not None else _PHASE.get(r.statut, "")
    values = {
        "standard_version": STANDARD_VERSION, "organisation_type": "Local government",
        "tags": ", ".join(r.etiquettes), "date_updated": r.mis_a_jour.isoformat(),
        "title": r.titre, "organisation_name": organisation, "phase": phase,
        "region": "Île-de-France (France)", "one_sentence_description": r.resume,
        "name": r.titre, "description": t.objectif if t else r.resume,
        "website_url": page_url(hub, entry), "contact_email": contact_of(r),
        "organisation_or_department": organisation,
        "team": t.service_responsable if t else "",
        # A job title only: the hub never publishes the name of a person.
        "senior_responsible_owner": t.service_responsable if t else "",
        "external_supplier_involvement": "No" if in_house else "Yes",
        "external_supplier": "" if in_house else supplier,
        "procurement_procedure_type": scale.voie_achat.label if scale else "",
        "detailed_description": f"{ia.type_ia.label} : {ia.modele}." if ia else "",
        "scope": t.objectif if t else "",
        "benefit": "; ".join(f"{x.indicateur} : {x.avant:g} → {x.apres:g} {x.unite}"
                             for x in getattr(r, "resultats", [])),
        "alternatives_considered": " ".join(x for x in (
            t.alternatives if t else None, r.frugalite.pourquoi_ia) if x),
        "process_integration": ia.supervision_humaine if ia else "",
        "human_decisions_and_review": ia.supervision_humaine if ia else "",
        "appeals_and_review": (t.contestation or "") if t else "",
        "system_architecture": f"Hébergement : {ia.hebergement.label}." if ia else "",
        "models": ia.modele if ia else "", "model_name": ia.modele if ia else "",
        "model_architecture": ia.type_ia.label if ia else "",
        "datasets": "; ".join(d.donnees for d in t.donnees) if t else "",
        "source_data_name": "; ".join(d.donnees for d in t.donnees) if t else "",
        "data_description": "; ".join(f"{d.donnees} ({d.source})" for d in t.donnees)
        if t else "",
        "sensitive_attributes": ("Données personnelles" if ia.donnees_personnelles
                                 else "Aucune donnée personnelle") if ia else "",
        "source_data_url": "; ".join(d.lien for d in t.donnees if d.lien) if t else "",
        "data_access_and_storage": f"Hébergement : {ia.hebergement.label}." if ia else "",
        "impact_assessment": _assessments(r),
        "risks_and_mitigations": " ".join(f"{x.risque} : {x.mesure}." for x in t.risques)
        if t else "",
    }
    return {name: values.get(name, "") for name in dict.fromkeys(
        (*METADATA, *TITLE, *TIER_1, *TIER_2))}


def files(hub: Hub) -> dict[str, bytes]:
    return {FILE: json_records([record(hub, system) for system in every_system(hub)])}
