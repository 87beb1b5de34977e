"""DIAT demonstrator: a frugal-AI demonstrator of the Métropole (Eco-Pilot...)."""

from __future__ import annotations

from pydantic import Field

from .base import Choice, CommuneRef, Quantity, Record, ShortText, Slug, Text, Url
from .transparence import CycleDeVie, Transparence


class StatutDemonstrateur(Choice):
    CONCEPTION = "conception", "En conception"
    TEST = "test", "En test"
    OPERATIONNEL = "operationnel", "Opérationnel"
    ARRETE = "arrete", "Arrêté"
    NON_COMMUNIQUE = "non_communique", "Non communiqué"


class FrugaliteDemonstrateur(CycleDeVie):
    energie_kwh_an: Quantity | None = Field(None, title="Énergie consommée (kWh/an)")
    co2e_kg_an: Quantity | None = Field(None, title="Émissions (kg CO2e/an)")
    methode: Text | None = Field(None, title="Méthode de calcul")
    pourquoi_ia: Text | None = Field(None, title="Pourquoi l'IA plutôt qu'un outil plus simple")


class Demonstrateur(Record):
    section = "demonstrateurs"
    type_label = "Démonstrateur DIAT"

    porteur: ShortText = Field(title="Porteur")
    parcours: list[Slug] = Field(default_factory=list, title="Parcours")
    communes: list[CommuneRef] = Field(default_factory=list, title="Communes")
    statut: StatutDemonstrateur = Field(title="Statut")
    frugalite: FrugaliteDemonstrateur = Field(title="Frugalité")
    lien: Url | None = Field(None, title="Lien")
    transparence: Transparence | None = Field(
        None, title="Transparence",
        description="Ce que les communes publient sur le système (CRPA, RGPD, AI Act).")
