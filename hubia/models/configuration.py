"""The maintainers' configuration (`hubia.yml`): site name and address, forge links, menu.

It replaces mkdocs.yml and data/configuration.yml, and is validated like a record, so that a
mistake in it is reported in French with its file and line.
"""

from __future__ import annotations

from typing import Self
from urllib.parse import quote, urlencode

from pydantic import Field, model_validator

from .base import ShortText, Strict, Text

FILE = "hubia.yml"
_PAGE = r"^[a-z0-9][a-z0-9/_.-]*\.md$"
_URL = r"^(https://\S+)?$"


class Site(Strict):
    nom: ShortText = Field(title="Nom du site", description="Titre de la page d'accueil.")
    nom_court: ShortText = Field(title="Nom court", description="Fin du titre de chaque page.")
    description: Text = Field(title="Description", description="Résumé pour les moteurs.")
    editeur: ShortText = Field(title="Éditeur", description="Organisme qui publie le site.")
    mention: Text = Field(title="Mention", description="Phrase du pied de page.")
    adresse: str = Field(
        "", pattern=_URL, title="Adresse publique",
        description="Adresse complète du site (https://.../) ; vide si elle n'est pas connue.")

    @property
    def base_path(self) -> str:
        """The path part of the address (`/hub/`), `/` when the address is unknown."""
        rest = self.adresse.partition("://")[2]
        path = "/" + rest.partition("/")[2] if rest else "/"
        return path if path.endswith("/") else path + "/"


class Forge(Strict):
    modifier: str = Field("", pattern=_URL, title="Modifier",
                          description="Adresse d'édition d'un fichier de docs/ sur la forge.")
    historique: str = Field("", pattern=_URL, title="Historique",
                            description="Adresse de l'historique d'un fichier de docs/.")

    signaler: str = Field(
        "", pattern=_URL, title="Signaler une erreur",
        description="Adresse du formulaire de nouveau ticket de la forge (« Signaler une "
                    "erreur » de chaque fiche), modèle de ticket compris.")

    def report_url(self, docs_path: str, title: str) -> str | None:
        """The issue form prefilled with the record's path and title (GitHub issue forms read
        `title` and each field's id from the query): nothing is requested before the click."""
        if not self.signaler:
            return None
        query = urlencode({"title": f"Erreur dans la fiche « {title} »",
                           "fiche": f"docs/{docs_path}"}, quote_via=quote)
        return f"{self.signaler}{'&' if '?' in self.signaler else '?'}{query}"

    def edit_url(self, docs_path: str) -> str | None:
        return f"{self.modifier.rstrip('/')}/{docs_path}" if self.modifier else None

    def history_url(self, docs_path: str) -> str | None:
        return f"{self.historique.rstrip('/')}/{docs_path}" if self.historique else None


class EntreeMenu(Strict):
    titre: ShortText = Field(title="Titre", description="Texte de l'entrée du menu.")
    page: str | None = Field(None, pattern=_PAGE, title="Page",
                             description="Chemin dans docs/ (index.md, parcours/index.md...).")
    sous_menu: list[EntreeMenu] = Field(default_factory=list, title="Sous-menu")

    @model_validator(mode="after")
    def _page_or_submenu(self) -> Self:
        if (self.page is None) == (not self.sous_menu):
            raise ValueError("une entrée du menu a soit « page », soit « sous_menu »")
        return self


class Configuration(Strict):
    """Settings of the hub (`hubia.yml`)."""

    site: Site
    forge: Forge = Field(default_factory=Forge)
    fraicheur_mois: int = Field(
        12, ge=1, le=120, title="Fraîcheur (mois)",
        description="Une fiche dont « mis_a_jour » est plus ancien est signalée « à actualiser ».")
    menu: list[EntreeMenu] = Field(min_length=1, title="Menu principal")

    def menu_pages(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(key path, docs path) of every page the menu names, for the check."""
        found = []
        for index, item in enumerate(self.menu):
            if item.page:
                found.append((("menu", index, "page"), item.page))
            for sub, child in enumerate(item.sous_menu):
                if child.page:
                    found.append((("menu", index, "sous_menu", sub, "page"), child.page))
        return found
