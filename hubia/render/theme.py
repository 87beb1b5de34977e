"""The theme's templates applied to a rendered page: header, menu, breadcrumb, contents, footer.

Jinja2 autoescapes every value; only the page's content, already sanitised or escaped, is
marked safe. What every page shares is rendered once per build: the menu, with two markers
that each page replaces cheaply (the way back to docs/, and the current page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import theme
from ..models.configuration import Configuration
from ..theme import csp
from ..generate.modules import is_handout
from .links import Layout
from .page import Page

_ROOT, _CURRENT = "\x00", "\x01"
_MARKER = re.compile("\x01[^\x01]*\x01")
_H1 = re.compile(r"<h1[\s>]")


@dataclass(frozen=True)
class Edition:
    """What differs between the site, its offline edition and the live preview."""

    layout: Layout = Layout()
    offline: bool = False  # opened from file://: no Pagefind, a small index of its own
    preview: bool = False  # `hubia serve`: reloads after a rebuild


def _root(docs_path: str) -> str:
    """The way back to docs/ from a page: `cas-usage/x.md` → `../`."""
    return "../" * docs_path.count("/")


class Theme:
    def __init__(self, configuration: Configuration, edition: Edition, programme: str,
                 footer: list[tuple[str, str]] = ()) -> None:
        env = Environment(loader=FileSystemLoader(theme.TEMPLATES), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.configuration, self.edition, self.programme = configuration, edition, programme
        self.template = env.get_template("base.html")
        self.menu = env.get_template("menu.html").render(
            menu=configuration.menu, m0=_ROOT, m1=_CURRENT)
        self.sections = {entry.page.split("/")[0]: (entry.titre, entry.page)
                         for entry in configuration.menu
                         if entry.page and entry.page.endswith("/index.md")}
        # (label, docs path): the compliance status and the legal pages (public_pages.footer)
        self.footer = [("Accueil", "index.md"), ("Rechercher", "rechercher.md"), *footer]

    def section(self, docs_path: str) -> tuple[str, str] | None:
        """(title, index page) of the menu section a page belongs to, if it is not that index:
        `cas-usage/x.md` → (« Cas d'usage », `cas-usage/index.md`)."""
        found = self.sections.get(docs_path.split("/")[0]) if "/" in docs_path else None
        return found if found and found[1] != docs_path else None

    def full_title(self, page: Page) -> str:
        """Unique on the site: the page, its section, the hub; the home page has the hub's."""
        site = self.configuration.site
        if page.path == "index.md":
            return site.nom
        section = self.section(page.path)
        return " — ".join(part for part in (page.title, section and section[0], site.nom_court)
                          if part)

    def _breadcrumb(self, docs_path: str) -> list[tuple[str, str]]:
        if docs_path == "index.md":
            return []
        section = self.section(docs_path)
        return [("Accueil", "index.md")] + ([section] if section else [])

    def scripts(self, page: Page) -> list[str]:
        """The scripts this page needs, and no other."""
        found = [theme.SCRIPT]
        found.append(theme.OFFLINE_SEARCH_SCRIPT if self.edition.offline else theme.SEARCH_SCRIPT)
        content = page.content
        if "data-hubia-vue-formateur" in content or is_handout(page.path):
            found.append(theme.TRAINING_SCRIPT)
        elif "hubia-simulateur" in content or "data-hubia-imprimer" in content:
            found.append(theme.CATALOGUE_SCRIPT)
        if self.edition.preview:
            found.append(theme.PREVIEW_SCRIPT)
        return found

    def html(self, page: Page) -> str:
        """The whole page; its links are still docs paths (Layout.resolve turns them to URLs)."""
        root = _root(page.path)
        menu = self.menu.replace(f"{_CURRENT}{page.path}{_CURRENT}", ' aria-current="page"')
        menu = _MARKER.sub("", menu).replace(_ROOT, root)
        return self.template.render(
            site=self.configuration.site, programme=self.programme, page=page,
            titre_complet=self.full_title(page), description=page.description,
            titre_present=bool(_H1.search(page.content)),
            racine=root, menu=_safe(menu), fil=self._breadcrumb(page.path),
            pied=self.footer, scripts=self.scripts(page), feuille_de_style=theme.STYLESHEET,
            favicon=theme.FAVICON, dialogue=not self.edition.offline,
            csp=None if self.edition.offline else csp.policy(), referrer=csp.REFERRER)


def _safe(html: str):  # noqa: ANN202 - markupsafe.Markup
    from markupsafe import Markup

    return Markup(html)
