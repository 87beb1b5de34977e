"""Security and privacy settings of the hub: `data/securite.yml` (optional, defaults below).

One file holds what a maintainer may tune without touching code: the addresses and numbers
that may appear in the text, the limits on files, the pages allowed to use macros and the
settings of `hubia links`.
"""

from __future__ import annotations

from pydantic import Field

from .base import Email, ShortText, Strict, Url


class Confidentialite(Strict):
    adresses_autorisees: list[Email] = Field(
        default_factory=list, title="Adresses autorisées",
        description="Adresses électroniques publiables partout, en plus des adresses "
                    "fonctionnelles (contact@, ia@, dsi@...).")
    numeros_autorises: list[ShortText] = Field(
        default_factory=list, title="Numéros autorisés",
        description="Numéros de téléphone publics (standard d'une mairie...) publiables partout.")


class Fichiers(Strict):
    taille_max_image_ko: int = Field(1024, ge=1, le=20_480, title="Taille maximale d'une image (Ko)")
    taille_max_document_ko: int = Field(
        5120, ge=1, le=51_200, title="Taille maximale d'un document joint (Ko)")
    dossiers_code: list[ShortText] = Field(
        default_factory=lambda: ["javascripts", "stylesheets"], title="Dossiers de code",
        description="Dossiers de docs/ relus comme du code par l'équipe du hub : tout type de "
                    "fichier y est permis.")
    pages_macros: list[ShortText] = Field(
        default_factory=lambda: ["index.md"], title="Pages autorisées à utiliser les macros",
        description="Chemins dans docs/ des pages qui peuvent porter « render_macros: true ».")


class Liens(Strict):
    exclus: list[Url] = Field(
        default_factory=list, title="Liens exclus",
        description="Débuts d'adresses que `hubia links` ne vérifie pas (sites qui refusent les "
                    "robots, intranets...).")
    cache_heures: float = Field(72, ge=0, le=24 * 90, title="Durée de validité du cache (heures)")
    concurrence: int = Field(8, ge=1, le=64, title="Requêtes simultanées au plus")
    par_hote: int = Field(2, ge=1, le=16, title="Requêtes simultanées par site au plus")
    delai_par_hote_s: float = Field(0.5, ge=0, le=60, title="Délai entre deux requêtes à un site (s)")
    delai_max_s: float = Field(15, gt=0, le=120, title="Délai d'attente d'une réponse (s)")
    tentatives: int = Field(3, ge=1, le=10, title="Tentatives par lien")
    attente_initiale_s: float = Field(
        1, ge=0, le=60, title="Première attente avant une nouvelle tentative (s), doublée ensuite")
    retry_after_max_s: float = Field(
        60, ge=0, le=600, title="Attente maximale demandée par un site (en-tête Retry-After, s)")


class Securite(Strict):
    confidentialite: Confidentialite = Field(default_factory=Confidentialite)
    fichiers: Fichiers = Field(default_factory=Fichiers)
    liens: Liens = Field(default_factory=Liens)
