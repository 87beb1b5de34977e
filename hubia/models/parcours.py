"""Thematic track (parcours): also the course material of the training sessions."""

from __future__ import annotations

from pydantic import Field, StrictBool

from .base import Choice, CommuneRef, Record, ShortText, Slug, Strict


class StatutParcours(Choice):
    OUVERT = "ouvert", "Ouvert aux candidatures"
    A_VENIR = "a_venir", "À venir"
    CLOS = "clos", "Clos"


class Module(Strict):
    titre: ShortText = Field(title="Titre du module")
    duree_heures: float = Field(title="Durée (heures)", gt=0, le=100, allow_inf_nan=False)
    objectifs: list[ShortText] = Field(
        title="Objectifs pédagogiques", min_length=1,
        description="Ce que les participants sauront faire à la fin du module.")
    exemple: StrictBool = Field(
        False, title="Module illustratif",
        description="true si le contenu du module est inventé pour illustrer.")


class Parcours(Record):
    section = "parcours"
    type_label = "Parcours"

    statut: StatutParcours = Field(title="Statut")
    ordre: int = Field(100, title="Ordre d'affichage", ge=0,
                       description="Les parcours sont listés par ordre croissant.")
    modules: list[Module] = Field(default_factory=list, title="Modules de formation")
    demonstrateurs: list[Slug] = Field(
        default_factory=list, title="Démonstrateurs liés",
        description="Noms de fichier des démonstrateurs DIAT sur lesquels s'appuie le parcours.")
    nombre_communes_candidates: int | None = Field(
        None, title="Nombre de communes candidates", ge=0,
        description="Nombre annoncé de communes candidates (la liste peut être partielle).")
    communes_candidates: list[CommuneRef] = Field(
        default_factory=list, title="Communes candidates",
        description="Noms officiels ou codes INSEE des communes candidates connues.")
