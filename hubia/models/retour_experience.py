"""Feedback record (retour d'expérience) of the Club IA."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, StrictBool

from .base import Choice, CommuneRef, Record, ShortText, Slug, Strict, Text


class NatureRetour(Choice):
    ATELIER = "atelier", "Atelier"
    RETOUR_TERRAIN = "retour_terrain", "Retour de terrain"
    WEBINAIRE = "webinaire", "Webinaire"
    VISITE = "visite", "Visite"
    REUNION_CLUB = "reunion_club", "Réunion du Club IA"


class Auteur(Strict):
    role: ShortText = Field(title="Fonction")
    commune: CommuneRef | None = Field(None, title="Commune")
    nom: ShortText | None = Field(
        None, title="Nom", description="Seulement si la personne a accepté d'être nommée.")
    accord_publication: StrictBool = Field(
        False, title="Accord pour publier le nom",
        description="true si la personne a explicitement accepté que son nom apparaisse.")


class RetourExperience(Record):
    section = "retours-experience"
    type_label = "Retour d'expérience"

    date: dt.date = Field(title="Date")
    nature: NatureRetour = Field(title="Nature")
    communes: list[CommuneRef] = Field(default_factory=list, title="Communes")
    cas_usage: Slug | None = Field(
        None, title="Cas d'usage lié",
        description="Nom de fichier du cas d'usage ; indiquer au moins un cas d'usage ou un parcours.")
    parcours: Slug | None = Field(
        None, title="Parcours lié",
        description="Nom de fichier du parcours ; indiquer au moins un cas d'usage ou un parcours.")
    enseignements: list[Text] = Field(title="Enseignements", min_length=1)
    auteurs: list[Auteur] = Field(default_factory=list, title="Auteurs")
