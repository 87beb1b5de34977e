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
    ept: str  # code of the commune's grouping (an EPT in the sample hub), in `epts`
    departement: str | None = None


class Ept(Strict):
    code: str
    nom: ShortText


class Departement(Strict):
    code: str
    nom: ShortText


class Source(Strict):
    paquet: str
    version: str
    epci_siren: str | None = None


class Territoire(Strict):
    """The hub's territory, as pages name it (written by hubia.authoring.territory)."""

    type: str
    code: str = Field("", description="SIREN de l'EPCI, code INSEE du département ou de la "
                                      "région ; vide pour la France entière.")
    nom: ShortText = Field(description="Nom officiel : « Métropole du Grand Paris ».")
    avec_article: ShortText = Field(description="Le nom avec son article : « la Métropole du "
                                                "Grand Paris ».")
    porteur: ShortText = Field(description="Qui mène et finance le programme, avec son "
                                           "article : « la Métropole ».")


class Regroupement(Strict):
    """The words of the pages for the grouping of communes (`ept` of each commune)."""

    libelle: ShortText = Field(description="Étiquette : « Territoire (EPT) ».")
    nom: ShortText = Field(description="Nom commun avec son article : « le territoire ».")
    par: ShortText = Field(description="Suite de « regroupées » : « par territoire (...) ».")


class CommunesFile(Strict):
    source: Source
    territoire: Territoire
    regroupement: Regroupement
    epts: list[Ept]
    departements: list[Departement] = []
    communes: list[Commune] = Field(min_length=1)


class Phase(Strict):
    numero: int = Field(ge=1)
    titre: ShortText
    description: Text
    duree: ShortText | None = None


class Fonds(Strict):
    nom: ShortText
    montant_eur: Euros | None = Field(description="null tant qu'il reste à remplir (nouveau hub).")


class Programme(Strict):
    nom: ShortText
    phases: list[Phase] = Field(min_length=1)
    fonds: Fonds
    # None while a new hub leaves it « À REMPLIR » (check/programme.py warns where).
    taux_financement: Decimal | None = Field(
        gt=0, le=1, description="Part maximale financée par le porteur du programme (0,5 = 50 %).")
    plafond_financement_eur: Euros | None = Field(
        None, description="Plafond éventuel de la part du porteur du programme par projet.")

