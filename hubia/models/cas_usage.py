"""Use case (cas d'usage): an experiment of a commune, its results, costs and governance."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, StrictBool

from .base import Choice, CommuneRef, Email, Euros, Quantity, Record, ShortText, Slug, Strict, Text, Url
from .transparence import CycleDeVie, StatutEvaluation, Transparence


class StatutCas(Choice):
    EXPERIMENTATION = "experimentation", "En expérimentation"
    CONCLUANT = "concluant", "Concluant"
    NON_CONCLUANT = "non_concluant", "Non concluant"
    ABANDONNE = "abandonne", "Abandonné"


class TypeIA(Choice):
    GENERATIVE = "generative", "IA générative"
    PREDICTIVE = "predictive", "Prédiction sur données"
    VISION = "vision", "Vision par ordinateur"
    LANGAGE = "langage", "Traitement du langage"
    OPTIMISATION = "optimisation", "Optimisation"
    AUTRE = "autre", "Autre"


class Hebergement(Choice):
    SUR_SITE = "sur_site", "Sur site (serveurs de la collectivité)"
    CLOUD_SOUVERAIN = "cloud_souverain", "Centre de données souverain"
    SECNUMCLOUD = "secnumcloud", "Cloud qualifié SecNumCloud"
    CLOUD_UE = "cloud_ue", "Cloud hébergé dans l'Union européenne"
    CLOUD_HORS_UE = "cloud_hors_ue", "Cloud hors Union européenne"


Aipd = StatutEvaluation  # one list of statuses for every impact assessment


class RisqueAIAct(Choice):
    MINIMAL = "minimal", "Risque minimal"
    LIMITE = "limite", "Risque limité (transparence)"
    ELEVE = "eleve", "Haut risque"
    INACCEPTABLE = "inacceptable", "Risque inacceptable (interdit)"


class StatutAdoption(Choice):
    EN_ETUDE = "en_etude", "En étude"
    EN_COURS = "en_cours", "Déploiement en cours"
    DEPLOYEE = "deployee", "Déployée"


class VoieAchat(Choice):
    MARCHE_PUBLIC = "marche_public", "Marché public"
    CENTRALE_ACHAT = "centrale_achat", "Centrale d'achat (UGAP...)"
    CONVENTION = "convention", "Convention entre collectivités"
    LOGICIEL_LIBRE = "logiciel_libre", "Réutilisation d'un logiciel libre"
    REGIE = "regie", "Développement en régie"


class Periode(Strict):
    debut: dt.date = Field(title="Début")
    fin: dt.date | None = Field(None, title="Fin", description="Vide si en cours.")


class Financement(Strict):
    cout_total_eur: Euros = Field(title="Coût total (€)")
    part_metropole_eur: Euros = Field(
        title="Part de la Métropole (€)",
        description="Au plus le taux du fonds (data/programme.yml) du coût total.")


class IA(Strict):
    type_ia: TypeIA = Field(title="Type d'IA")
    modele: ShortText = Field(title="Modèle", description="Nom et version du modèle utilisé.")
    fournisseur: ShortText = Field(title="Fournisseur")
    open_source: StrictBool = Field(title="Modèle ouvert (open source)")
    hebergement: Hebergement = Field(title="Hébergement")
    donnees_personnelles: StrictBool = Field(title="Données personnelles traitées")
    aipd: Aipd = Field(title="Analyse d'impact (AIPD)")
    niveau_risque_ai_act: RisqueAIAct = Field(title="Niveau de risque (AI Act)")
    supervision_humaine: Text = Field(
        title="Supervision humaine", description="Qui vérifie ou valide les résultats, et comment.")


class Frugalite(CycleDeVie):
    energie_kwh_an: Quantity = Field(title="Énergie consommée (kWh/an)")
    co2e_kg_an: Quantity = Field(title="Émissions (kg CO2e/an)")
    methode: Text = Field(title="Méthode de calcul",
                          description="Comment les chiffres ont été obtenus (mesure, estimation).")
    pourquoi_ia: Text = Field(title="Pourquoi l'IA plutôt qu'un outil plus simple")


class Resultat(Strict):
    indicateur: ShortText = Field(title="Indicateur")
    avant: float = Field(title="Avant", allow_inf_nan=False)
    apres: float = Field(title="Après", allow_inf_nan=False)
    unite: ShortText = Field(title="Unité")


class CoutParCommune(Strict):
    investissement_eur: Euros = Field(title="Investissement (€)")
    fonctionnement_annuel_eur: Euros = Field(title="Fonctionnement annuel (€)")


class PassageEchelle(Strict):
    cout_par_commune: CoutParCommune = Field(title="Coût pour une commune")
    prerequis: list[ShortText] = Field(title="Prérequis", min_length=1)
    delai_deploiement_mois: int = Field(title="Délai de déploiement (mois)", ge=1, le=60)
    voie_achat: VoieAchat = Field(title="Voie d'achat")
    fournisseurs: list[ShortText] = Field(default_factory=list, title="Fournisseurs")
    licence: ShortText = Field(title="Licence")
    code_source: Url | None = Field(None, title="Code source")


class Adoption(Strict):
    commune: CommuneRef = Field(title="Commune")
    statut: StatutAdoption = Field(title="Statut")
    date: dt.date = Field(title="Date")


class CasUsage(Record):
    section = "cas-usage"
    type_label = "Cas d'usage"
    open_blocks = ("transparence",)  # its absence is a warning (transparence-manquante)

    parcours: Slug = Field(title="Parcours", description="Nom de fichier du parcours.")
    communes: list[CommuneRef] = Field(
        title="Communes", min_length=1, description="Noms officiels ou codes INSEE.")
    statut: StatutCas = Field(title="Statut")
    periode: Periode = Field(title="Période d'expérimentation")
    financement: Financement = Field(title="Financement")
    ia: IA = Field(title="Intelligence artificielle")
    frugalite: Frugalite = Field(title="Frugalité")
    resultats: list[Resultat] = Field(default_factory=list, title="Résultats mesurés")
    contact: Email = Field(title="Contact", description="Adresse fonctionnelle (pas nominative).")
    passage_a_l_echelle: PassageEchelle | None = Field(
        None, title="Passage à l'échelle", description="Obligatoire quand le statut est concluant.")
    adoptions: list[Adoption] = Field(
        default_factory=list, title="Adoptions par d'autres communes",
        description="Communes qui reprennent la solution (cas concluant).")
    transparence: Transparence | None = Field(
        None, title="Transparence",
        description="Ce que la commune publie sur le système (CRPA, RGPD, AI Act).")
