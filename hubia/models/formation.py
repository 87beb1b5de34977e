"""Training data of `data/`: the two-day workshop agenda and the glossary.

Both are optional files; when present they are validated like the records, with the line of
every problem, and their references (tracks, modules, records) are checked against the hub.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

from .base import ShortText, Slug, Strict, Text

RECORD_SECTIONS = ("parcours", "cas-usage", "demonstrateurs", "retours-experience")
_TIME = re.compile(r"^\s*(\d{1,2})\s*[:h]\s*(\d{2})\s*$")


def _time(value: Any) -> Any:
    """« 9:30 », « 09:30 » or « 9h30 » → 09:30; anything else is a French error."""
    if isinstance(value, dt.time):
        return value
    match = _TIME.match(value) if isinstance(value, str) else None
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return dt.time(int(match.group(1)), int(match.group(2)))
    raise PydanticCustomError("heure", "heure invalide « {value} » : écrivez-la sous la forme "
                              "09:30", {"value": value})


Heure = Annotated[dt.time, BeforeValidator(_time)]
_RECORD_REF = re.compile(rf"^({'|'.join(RECORD_SECTIONS)})/[a-z0-9]+(-[a-z0-9]+)*$")


def _record_ref(value: str) -> str:
    if not _RECORD_REF.match(value):
        raise PydanticCustomError(
            "fiche_ref", "« {value} » ne désigne pas une fiche : écrivez la rubrique et le nom "
            "de fichier sans .md, par exemple cas-usage/tri-courrier-entrant-montreuil",
            {"value": value})
    return value


FicheRef = Annotated[str, AfterValidator(_record_ref)]


class Creneau(Strict):
    debut: Heure = Field(title="Début", description="Heure de début, par exemple 09:30.")
    fin: Heure = Field(title="Fin")
    parcours: Slug | None = Field(
        None, title="Parcours", description="Nom de fichier du parcours dont un module est "
                                            "donné pendant ce créneau.")
    module: StrictInt | ShortText | None = Field(
        None, title="Module", description="Numéro du module dans le parcours (1 pour le "
                                          "premier) ou son titre exact.")
    titre: ShortText | None = Field(
        None, title="Intitulé", description="Pour un créneau sans module (accueil, plénière, "
                                            "pause) ; facultatif quand un module est donné.")
    groupe: ShortText | None = Field(
        None, title="Groupe", description="Créneaux en parallèle : le groupe ou la salle. "
                                          "Sans groupe, le créneau réunit tout le monde.")
    intervenant: ShortText | None = Field(
        None, title="Intervenant", description="Fonction de la personne qui anime (pas de nom).")


class Journee(Strict):
    jour: int = Field(title="Jour", ge=1, le=10, description="1 pour la première journée.")
    titre: ShortText = Field(title="Titre de la journée")
    date: dt.date | None = Field(None, title="Date", description="Vide tant qu'elle n'est pas "
                                                                "fixée.")
    creneaux: list[Creneau] = Field(title="Créneaux", min_length=1)


class Agenda(Strict):
    """data/agenda.yml: the programme of the two workshop days (phase 1)."""

    titre: ShortText = Field(title="Titre")
    presentation: Text | None = Field(None, title="Présentation")
    public: ShortText | None = Field(None, title="Public")
    exemple: StrictBool = Field(
        False, title="Exemple fictif",
        description="true si l'agenda est inventé pour illustrer (bandeau « Exemple fictif »).")
    journees: list[Journee] = Field(title="Journées", min_length=1)


class Terme(Strict):
    terme: ShortText = Field(title="Terme", description="Le terme tel qu'il s'écrit le plus "
                                                        "souvent.")
    definition: str = Field(title="Définition", min_length=1, max_length=600,
                            description="En langage simple, 600 caractères au plus.")
    formes: list[ShortText] = Field(
        default_factory=list, title="Autres formes",
        description="Autres écritures reconnues dans les pages (pluriel, sigle, nom développé).")
    fiches: list[FicheRef] = Field(
        default_factory=list, title="Fiches qui l'emploient",
        description="Rubrique et nom de fichier, par exemple cas-usage/tri-courrier-entrant-"
                    "montreuil.")


class Glossaire(Strict):
    """data/glossaire.yml: the terms a commune agent meets, defined in plain French."""

    termes: list[Terme] = Field(title="Termes", min_length=1)
