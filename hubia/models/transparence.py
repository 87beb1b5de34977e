"""Transparency block of a use case or demonstrator: the facts public registers publish.

French law (CRPA L311-3-1, L312-1-3), the GDPR (art. 30, 35) and the AI Act (art. 27, 49, 50)
ask a public deployer to publish or hold these facts; the rules of check/transparency.py say
which are required when. The same block feeds the record card, the commune's list of
algorithms and the exports to other registers (hubia/registers/).
"""

from __future__ import annotations

from pydantic import Field, StrictBool

from .base import Choice, Email, Quantity, ShortText, Strict, Text, Url


class StatutEvaluation(Choice):
    """Status of an impact assessment: the DPIA of the `ia` block, the fundamental-rights one."""

    REALISEE = "realisee", "Réalisée"
    EN_COURS = "en_cours", "En cours"
    NON_REQUISE = "non_requise", "Non requise"
    A_FAIRE = "a_faire", "À faire"


class StatutEnregistrement(Choice):
    FAIT = "fait", "Enregistré"
    PREVU = "prevu", "Prévu"
    NON_REQUIS = "non_requis", "Non requis"


class SourceDonnees(Strict):
    donnees: ShortText = Field(title="Données", description="Ce qui est utilisé (relevés de "
                               "compteurs, photos de chantier, courriers...).")
    source: ShortText = Field(title="Source", description="D'où viennent ces données.")
    lien: Url | None = Field(None, title="Lien", description="Description publique des données.")


class Risque(Strict):
    risque: ShortText = Field(title="Risque")
    mesure: Text = Field(title="Mesure prise", description="Comment le risque est réduit.")


class AnalyseDroits(Strict):
    statut: StatutEvaluation = Field(title="Statut")
    lien: Url | None = Field(None, title="Lien", description="Adresse de l'analyse publiée.")


class Enregistrement(Strict):
    statut: StatutEnregistrement = Field(title="Statut")
    reference: ShortText | None = Field(None, title="Référence",
                                        description="Numéro dans la base de données de l'UE.")


class Transparence(Strict):
    objectif: Text = Field(title="Objectif", description="Ce que le système doit permettre, "
                           "en langage simple.")
    service_responsable: ShortText = Field(
        title="Service responsable",
        description="Un service ou une fonction (« Direction des systèmes d'information »), "
                    "jamais le nom d'une personne.")
    contact: Email | None = Field(
        None, title="Contact", description="Adresse de service pour les questions sur le "
        "système, quand la fiche n'en a pas d'autre (démonstrateur).")
    decisions_individuelles: StrictBool = Field(
        title="Aide à des décisions individuelles",
        description="true si le système aide à prendre des décisions sur des personnes "
                    "(CRPA, art. L311-3-1).")
    information_personnes: Text | None = Field(
        None, title="Information des personnes concernées",
        description="Comment les personnes sont informées qu'un algorithme est utilisé.")
    contestation: Text | None = Field(
        None, title="Contester une décision", description="À qui s'adresser et comment.")
    base_legale: Text | None = Field(None, title="Base légale")
    donnees: list[SourceDonnees] = Field(default_factory=list,
                                         title="Données utilisées et leurs sources")
    risques: list[Risque] = Field(default_factory=list, title="Risques et mesures prises")
    alternatives: Text | None = Field(None, title="Alternatives envisagées")
    registre_traitements: Url | None = Field(
        None, title="Fiche du registre des traitements",
        description="Adresse de la fiche du registre des activités de traitement (RGPD, "
                    "art. 30), obligatoire si des données personnelles sont traitées.")
    aipd_lien: Url | None = Field(None, title="Lien vers l'AIPD")
    aipd_motif: Text | None = Field(
        None, title="Pourquoi l'AIPD n'est pas requise",
        description="Obligatoire quand des données personnelles sont traitées sans AIPD.")
    analyse_droits_fondamentaux: AnalyseDroits | None = Field(
        None, title="Analyse d'impact sur les droits fondamentaux",
        description="AI Act, art. 27 : obligatoire pour un système à haut risque.")
    enregistrement_ue: Enregistrement | None = Field(
        None, title="Enregistrement dans la base de données de l'UE",
        description="AI Act, art. 49 : fait ou prévu pour un système à haut risque.")
    face_au_public: StrictBool = Field(
        False, title="Utilisé directement par le public",
        description="true si des habitants ou des usagers échangent avec le système.")
    agent_conversationnel: StrictBool = Field(
        False, title="Agent conversationnel",
        description="true si les personnes dialoguent avec le système (chatbot).")
    mention_ia: Text | None = Field(
        None, title="Mention « système d'IA »",
        description="Ce qui dit aux personnes qu'elles échangent avec une IA ou lisent un texte "
                    "produit par une IA (AI Act, art. 50).")


class PhaseCycleVie(Choice):
    DONNEES = "donnees", "Données"
    ENTRAINEMENT = "entrainement", "Entraînement"
    INFERENCE = "inference", "Utilisation (inférence)"
    EQUIPEMENT = "equipement", "Équipements"


class Chiffres(Strict):
    energie_kwh_an: Quantity | None = Field(None, title="Énergie (kWh/an)")
    co2e_kg_an: Quantity | None = Field(None, title="Émissions (kg CO2e/an)")

    @property
    def empty(self) -> bool:
        return self.energie_kwh_an is None and self.co2e_kg_an is None


class CycleDeVie(Strict):
    """Fields of the frugality card, in the structure of AFNOR Spec 2314 (frugal AI)."""

    phases: list[PhaseCycleVie] = Field(
        default_factory=list, title="Phases du cycle de vie couvertes",
        description="Ce que les chiffres comptent : données, entraînement, utilisation, "
                    "équipements.")
    estimation_avant: Chiffres | None = Field(None, title="Estimation avant le projet")
    mesure_apres: Chiffres | None = Field(None, title="Valeur mesurée après")
    outil_mesure: ShortText | None = Field(
        None, title="Outil ou méthode de mesure",
        description="Obligatoire pour une valeur mesurée (wattmètre, relevé de l'hébergeur...).")
    alternative: ShortText | None = Field(
        None, title="Alternative plus simple envisagée",
        description="L'outil plus simple ou sans IA qui a été comparé.")
