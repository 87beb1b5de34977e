"""Data files of `data/`: the member communes and the programme's figures."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from .base import Euros, ShortText, Strict, Text


class Commune(Strict):
    code_insee: str = Field(pattern=r"^\d[0-9AB]\d{3}$")
    nom: ShortText
    siren: str = Field(pattern=r"^\d{9}$")
    population: int = Field(ge=0)
    ept: str


class Ept(Strict):
    code: str
    nom: ShortText


class Source(Strict):
    paquet: str
    version: str
    epci_siren: str


class CommunesFile(Strict):
    source: Source
    epts: list[Ept]
    communes: list[Commune] = Field(min_length=1)


class Phase(Strict):
    numero: int = Field(ge=1)
    titre: ShortText
    description: Text
    duree: ShortText | None = None


class Fonds(Strict):
    nom: ShortText
    montant_eur: Euros


class Programme(Strict):
    nom: ShortText
    phases: list[Phase] = Field(min_length=1)
    fonds: Fonds
    taux_financement: Decimal = Field(
        gt=0, le=1, description="Part maximale financée par la Métropole (0,5 = 50 %).")
    plafond_financement_eur: Euros | None = Field(
        None, description="Plafond éventuel de la part de la Métropole par projet.")

