"""Thematic track (parcours): also the course material of the training sessions."""

from __future__ import annotations

from pydantic import Field, StrictBool

from .base import Choice, CommuneRef, Record, ShortText, Slug, Strict, Text, Url


class StatutParcours(Choice):
    OUVERT = "ouvert", "Ouvert aux candidatures"
    A_VENIR = "a_venir", "À venir"
    CLOS = "clos", "Clos"


class NatureActivite(Choice):
    EXERCICE = "exercice", "Exercice"
    ETUDE_DE_CAS = "etude_de_cas", "Étude de cas"
    MISE_EN_SITUATION = "mise_en_situation", "Mise en situation"
    DEMONSTRATION = "demonstration", "Démonstration"
    DEBAT = "debat", "Débat"


class Activite(Strict):
    nature: NatureActivite = Field(title="Nature de l'activité")
    titre: ShortText = Field(title="Titre de l'activité")
    consigne: Text = Field(title="Consigne", description="Ce que font les participants.")
    duree_minutes: int | None = Field(None, title="Durée (minutes)", ge=5, le=600)
    cas_usage: list[Slug] = Field(
        default_factory=list, title="Cas d'usage étudiés",
        description="Noms de fichier des cas d'usage du hub sur lesquels porte l'activité.")


class Support(Strict):
    titre: ShortText = Field(title="Titre du support")
    description: ShortText | None = Field(None, title="Description")
    lien: Url | None = Field(None, title="Lien", description="Adresse web du support, s'il "
                             "est en ligne.")


class Question(Strict):
    question: Text = Field(title="Question")
    reponse: Text = Field(title="Réponse", description="Repliée sur le site jusqu'à ce que "
                          "le lecteur l'ouvre.")


class Module(Strict):
    titre: ShortText = Field(title="Titre du module")
    duree_heures: float = Field(title="Durée (heures)", gt=0, le=100, allow_inf_nan=False)
    objectifs: list[ShortText] = Field(
        title="Objectifs pédagogiques", min_length=1,
        description="Ce que les participants sauront faire à la fin du module.")
    prerequis: list[ShortText] = Field(
        default_factory=list, title="Prérequis",
        description="Ce qu'il faut savoir ou avoir fait avant le module.")
    activites: list[Activite] = Field(
        default_factory=list, title="Activités",
        description="Exercices, études de cas (liées aux cas d'usage du hub), mises en "
                    "situation...")
    supports: list[Support] = Field(default_factory=list, title="Supports",
                                    description="Documents et outils utilisés pendant le module.")
    questions: list[Question] = Field(
        default_factory=list, title="Questions d'autoévaluation",
        description="Questions pour vérifier ses acquis, avec leur réponse.")
    notes_formateur: list[Text] = Field(
        default_factory=list, title="Notes du formateur",
        description="Visibles seulement dans la « vue formateur » ; jamais dans le support "
                    "imprimable.")
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
