"""Data files of the duties of a public body's website (law 2005-102 art. 47, RGAA; law
2004-575 art. 6; GDPR): `data/accessibilite.yml` (the accessibility statement) and
`data/mentions.yml` (the facts of the legal pages and the hub team's contact).

Both are optional, so that a fixture hub without them still builds: the pages then say that
the statement or the facts are not published yet, and the footer says « non conforme », the
status the RGAA gives a site that has not been audited.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, StrictBool

from .base import Choice, Email, ShortText, Strict, Text, Url

ACCESSIBILITY_FILE = "data/accessibilite.yml"
LEGAL_FILE = "data/mentions.yml"
_PAGE = r"^[a-z0-9][a-z0-9/_.-]*\.md$"


class Etat(Choice):
    TOTALEMENT = "totalement_conforme", "totalement conforme"
    PARTIELLEMENT = "partiellement_conforme", "partiellement conforme"
    NON = "non_conforme", "non conforme"


class Audit(Strict):
    date: dt.date = Field(title="Date de l'audit", description="Date de fin de l'audit.")
    auteur: ShortText = Field(title="Réalisé par",
                              description="Organisme ou service qui a réalisé l'audit.")
    taux_conformite: float = Field(
        ge=0, le=100, title="Taux de conformité (%)",
        description="Part des critères du RGAA applicables qui sont respectés.")


class Manque(Strict):
    """A content that is not accessible, and why."""

    contenu: ShortText = Field(title="Contenu", description="Le contenu ou la fonction concernée.")
    raison: Text = Field(title="Raison", description="Le critère non respecté, ou la raison de "
                                                     "la dérogation ou de l'exemption.")
    alternative: Text | None = Field(None, title="Alternative accessible")


class PageVerifiee(Strict):
    titre: ShortText = Field(title="Titre")
    page: str = Field(pattern=_PAGE, title="Page", description="Chemin dans docs/ (index.md...).")


class Etablissement(Strict):
    date: dt.date = Field(title="Date de la déclaration")
    technologies: list[ShortText] = Field(min_length=1, title="Technologies utilisées")
    environnement_test: list[ShortText] = Field(
        min_length=1, title="Environnement de test",
        description="Navigateurs, lecteurs d'écran et réglages avec lesquels le site est testé.")
    outils: list[ShortText] = Field(min_length=1, title="Outils d'évaluation")
    pages_verifiees: list[PageVerifiee] = Field(min_length=1, title="Pages vérifiées")


class Contact(Strict):
    courriel: Email = Field(title="Adresse électronique")
    formulaire: Url | None = Field(None, title="Formulaire de contact")
    adresse_postale: ShortText | None = Field(None, title="Adresse postale")


class Recours(Strict):
    """The Défenseur des droits' ways of contact, as the official model lists them."""

    formulaire: Url = Field(title="Formulaire en ligne du Défenseur des droits")
    delegues: Url = Field(title="Liste des délégués dans chaque région")
    telephone: ShortText = Field(title="Téléphone")
    courrier: ShortText = Field(title="Adresse postale (gratuite, sans timbre)")


class Document(Strict):
    titre: ShortText = Field(title="Titre")
    lien: Url | None = Field(None, title="Adresse", description="Vide tant qu'il n'est pas "
                                                                "publié.")


class Accessibilite(Strict):
    """data/accessibilite.yml: the accessibility statement, in the order of the official model."""

    exemple: StrictBool = Field(
        False, title="Exemple fictif",
        description="true si la déclaration est inventée pour illustrer (bandeau « Exemple "
                    "fictif »).")
    referentiel: ShortText = Field(title="Référentiel", description="RGAA et sa version.")
    etat: Etat = Field(title="État de conformité",
                       description="Sans audit en cours de validité, « non_conforme ».")
    audit: Audit | None = Field(None, title="Audit",
                                description="Vide tant qu'aucun audit n'a été réalisé.")
    resultats: Text = Field(title="Résultats des tests",
                            description="Ce que les tests ont vérifié, et ce qui reste à auditer.")
    tests_automatises: list[ShortText] = Field(
        default_factory=list, title="Ce que vérifient les tests automatiques")
    non_conformites: list[Manque] = Field(default_factory=list, title="Non-conformités")
    derogations: list[Manque] = Field(default_factory=list,
                                      title="Dérogations pour charge disproportionnée")
    contenus_non_soumis: list[Manque] = Field(
        default_factory=list, title="Contenus non soumis à l'obligation d'accessibilité")
    etablissement: Etablissement = Field(title="Établissement de la déclaration")
    contact: Contact = Field(title="Retour d'information et contact")
    recours: Recours = Field(title="Voies de recours")
    schema_pluriannuel: Document = Field(title="Schéma pluriannuel de mise en accessibilité")
    plan_action: Document = Field(title="Plan d'action de l'année")


class Hebergeur(Strict):
    nom: ShortText = Field(title="Nom")
    adresse: ShortText = Field(title="Adresse postale")
    site: Url | None = Field(None, title="Site web")


class Mentions(Strict):
    """data/mentions.yml: the facts of « Mentions légales » and « Données personnelles »; the
    publisher's name is `site.editeur` of hubia.yml, its one owner."""

    exemple: StrictBool = Field(
        False, title="Exemple fictif",
        description="true tant que ces coordonnées ne sont pas confirmées (bandeau « Exemple "
                    "fictif »).")
    adresse_editeur: ShortText = Field(title="Adresse de l'éditeur")
    directeur_publication: ShortText = Field(
        title="Directeur de la publication", description="Sa fonction, jamais son nom.")
    hebergeur: Hebergeur | None = Field(None, title="Hébergeur",
                                        description="Vide tant qu'il n'est pas choisi.")
    courriel_equipe: Email = Field(
        title="Adresse de l'équipe du hub",
        description="Adresse fonctionnelle : questions, erreurs signalées sans compte sur la "
                    "forge.")
    delegue_protection_donnees: Email = Field(
        title="Délégué à la protection des données", description="Son adresse fonctionnelle.")
    adresse_dpo: ShortText | None = Field(None, title="Adresse postale du délégué")
    licence: ShortText | None = Field(None, title="Licence des contenus")
