"""What the open data publishes of each member commune: the INSEE and DGCL facts and what the
hub says of it. A model like the records', so that its export, its schemas and its changelog
are derived the same way (generate/exports.py)."""

from __future__ import annotations

from pydantic import Field

from .base import Choice, ShortText, Strict


class Engagement(Choice):
    """How far a commune has gone in the programme: the furthest step the hub records."""

    AUCUN = "aucun", "Pas encore engagée"
    CANDIDATE = "candidate", "Candidate à un parcours"
    EXPERIMENTE = "experimente", "Expérimente ou a expérimenté"
    EPROUVE = "eprouve", "A éprouvé une solution"
    REPREND = "reprend", "Reprend une solution du catalogue"


class CommuneOuverte(Strict):
    """A member commune of the Métropole, with what the hub publishes about it."""

    code_insee: str = Field(title="Code INSEE")
    nom: ShortText = Field(title="Nom", description="Nom officiel (INSEE).")
    siren: str = Field(title="SIREN")
    population: int = Field(title="Population municipale (INSEE)", ge=0)
    ept_code: str = Field(title="Code de l'EPT", description="SIREN de l'établissement public "
                          "territorial (Paris forme le sien).")
    ept: ShortText = Field(title="EPT", description="Nom de l'établissement public territorial.")
    engagement: Engagement = Field(title="Engagement dans le programme",
                                   description="L'étape la plus avancée que le hub connaît.")
    parcours_candidats: list[str] = Field(
        default_factory=list, title="Parcours candidats",
        description="Noms de fichier des parcours dont la commune est candidate.")
    cas_usage_pilotes: list[str] = Field(
        default_factory=list, title="Cas d'usage pilotés",
        description="Noms de fichier des cas d'usage dont la commune est pilote.")
    solutions_reprises: list[str] = Field(
        default_factory=list, title="Solutions reprises",
        description="Noms de fichier des cas d'usage du catalogue que la commune reprend.")
    retours_experience: list[str] = Field(
        default_factory=list, title="Retours d'expérience",
        description="Noms de fichier des retours d'expérience qui citent la commune.")
