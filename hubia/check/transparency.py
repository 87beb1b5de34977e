"""Rules of `hubia check` on the public duties of a system: its transparency block, its AI Act
obligations and its frugality figures. Each yields (key path, code, French message), like
catalogue.adoption_rules; records.py calls them for every use case and demonstrator.

- A prohibited practice (AI Act art. 5) cannot be published as a use case.
- A high-risk system needs its fundamental-rights impact assessment (art. 27) and its
  registration in the EU database, done or planned (art. 49); its human oversight is already
  a required field of the `ia` block.
- Personal data need the link to the record of processing (GDPR art. 30), and a DPIA status of
  « non requise » needs its reason (art. 35).
- A system that helps take individual decisions says how people are told and how they
  contest (CRPA L311-3-1).
- A chatbot, or a generative system, facing the public needs its AI notice (art. 50).
- The service responsible is a service or a job title, never a person's name.
- Frugality figures say how they were obtained (AFNOR Spec 2314).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..models.cas_usage import Aipd, CasUsage, RisqueAIAct, TypeIA
from ..models.demonstrateur import Demonstrateur
from ..models.transparence import StatutEnregistrement, StatutEvaluation, Transparence
from ..text.fold import fold
from .privacy import FUNCTIONAL_WORDS
from .rules import Problem

_T = "transparence"
# Words of a service or job title: two capitalised words outside them look like a name.
_TITLE_WORDS = FUNCTIONAL_WORDS | {
    "direction", "directeur", "directrice", "responsable", "chef", "cheffe", "charge",
    "chargee", "delegue", "deleguee", "mission", "pole", "departement", "general", "generale",
    "generaux", "adjoint", "adjointe", "secretaire", "agent", "agents", "unite", "bureau",
    "cellule", "agence", "office", "conseil", "maire", "president", "presidente", "elu",
    "elue", "protection", "systemes", "information", "numerique", "ville", "mairie", "commune",
    "metropole", "grand", "paris", "territoire", "relation", "usagers", "citoyenne",
}
_CAPITALISED = re.compile(r"\b[A-ZÀ-Þ][a-zà-ÿ'’-]+\s+[A-ZÀ-Þ][a-zà-ÿ'’-]+\b")
_CIVILITY = re.compile(r"(?:^|\s)(?:M\.|Mme|Mlle|Madame|Monsieur|Dr)\s", re.IGNORECASE)


def looks_like_a_name(text: str) -> bool:
    """« Jeanne Martin », « Mme Martin »: what a job title is not."""
    if _CIVILITY.search(text):
        return True
    for match in _CAPITALISED.finditer(text):
        words = [fold(word).strip("'’-") for word in match.group().split()]
        if not any(word in _TITLE_WORDS for word in words):
            return True
    return False


def _block(t: Transparence, public_generative: bool) -> Iterator[Problem]:
    if looks_like_a_name(t.service_responsable):
        yield ((_T, "service_responsable"), "service-nominatif",
               f"« {t.service_responsable} » ressemble au nom d'une personne : indiquez le "
               "service ou la fonction responsable")
    if t.decisions_individuelles:
        if t.information_personnes is None:
            yield ((_T, "decisions_individuelles"), "information-manquante",
                   "le système aide à des décisions individuelles : dites comment les "
                   "personnes en sont informées (« information_personnes »)")
        if t.contestation is None:
            yield ((_T, "decisions_individuelles"), "contestation-manquante",
                   "le système aide à des décisions individuelles : dites comment contester "
                   "une décision (« contestation »)")
    if t.face_au_public and (t.agent_conversationnel or public_generative) and (
            t.mention_ia is None):
        kind = "agent conversationnel" if t.agent_conversationnel else "système génératif"
        yield ((_T, "face_au_public"), "mention-ia-manquante",
               f"{kind} utilisé par le public : écrivez dans « mention_ia » ce qui dit aux "
               "personnes qu'elles échangent avec une IA")


def _frugality(frugalite, figures_need_method: bool) -> Iterator[Problem]:  # noqa: ANN001
    after = frugalite.mesure_apres
    if after is not None and not after.empty and frugalite.outil_mesure is None:
        yield (("frugalite", "mesure_apres"), "frugalite-sans-methode",
               "valeur mesurée sans « outil_mesure » : indiquez l'outil ou la méthode de mesure")
    if figures_need_method and frugalite.methode is None:
        yield (("frugalite", "methode"), "frugalite-sans-methode",
               "chiffres d'énergie ou d'émissions sans « methode » : dites comment ils ont été "
               "obtenus")


def use_case_rules(r: CasUsage) -> Iterator[Problem]:
    ia, t = r.ia, r.transparence
    if ia.niveau_risque_ai_act is RisqueAIAct.INACCEPTABLE:
        yield (("ia", "niveau_risque_ai_act"), "pratique-interdite",
               "une pratique d'IA interdite par l'AI Act ne peut pas être publiée comme cas "
               "d'usage : retirez la fiche, ou corrigez le niveau de risque s'il est mal évalué")
    yield from _frugality(r.frugalite, False)
    if t is None:
        yield ((), "transparence-manquante",
               "pas de bloc « transparence » : la liste des algorithmes des communes ne pourra "
               "pas dire l'objectif, les données, les risques ni le service responsable")
        return
    yield from _block(t, ia.type_ia is TypeIA.GENERATIVE)
    if ia.niveau_risque_ai_act is RisqueAIAct.ELEVE:
        fria = t.analyse_droits_fondamentaux
        if fria is None or fria.statut is StatutEvaluation.NON_REQUISE:
            yield (("ia", "niveau_risque_ai_act"), "analyse-droits-manquante",
                   "système à haut risque : l'analyse d'impact sur les droits fondamentaux "
                   "est requise (« transparence.analyse_droits_fondamentaux »)")
        record = t.enregistrement_ue
        if record is None or record.statut is StatutEnregistrement.NON_REQUIS:
            yield (("ia", "niveau_risque_ai_act"), "enregistrement-ue-manquant",
                   "système à haut risque : son enregistrement dans la base de données de "
                   "l'UE doit être fait ou prévu (« transparence.enregistrement_ue »)")
    if ia.donnees_personnelles:
        if t.registre_traitements is None:
            yield (("ia", "donnees_personnelles"), "registre-traitements-manquant",
                   "données personnelles traitées : indiquez le lien vers la fiche du registre "
                   "des traitements (« transparence.registre_traitements »)")
        if ia.aipd is Aipd.NON_REQUISE and t.aipd_motif is None:
            yield (("ia", "aipd"), "aipd-non-justifiee",
                   "données personnelles traitées et AIPD « non requise » : expliquez pourquoi "
                   "(« transparence.aipd_motif »)")


def demonstrator_rules(r: Demonstrateur) -> Iterator[Problem]:
    f = r.frugalite
    estimated = f.estimation_avant is not None and not f.estimation_avant.empty
    yield from _frugality(f, estimated or f.energie_kwh_an is not None
                          or f.co2e_kg_an is not None)
    if r.transparence is not None:
        yield from _block(r.transparence, False)
