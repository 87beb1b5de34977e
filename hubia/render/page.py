"""One page of the site, from its source to the HTML of its main content.

A source is a record (front matter already validated by the check), a page generated from the
hub, or a page written in docs/. Contributors' HTML is sanitised; generated HTML is escaped at
source and only put back in place. The record card, the track's modules, the search
attributes and the glossary's explanations are added here, so that every renderer of the hub
(the site, the offline edition, the preview) shows the same page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..generate import listings
from ..generate.courses import GLOSSAIRE
from ..hub import Entry, Hub
from ..text import french
from ..generate import feeds, search, similar
from ..generate.card import card
from ..generate.modules import is_handout, track_modules
from ..generate.glossary import Terms
from .markdown import Heading, MarkdownRenderer, quiet_permalinks
from .captions import captioned
from .sanitize import sanitize
from ..generate.tables import restore
from ..errors import HubiaError


class RenderError(HubiaError):
    """A page that cannot be rendered (a broken template in a page with macros)."""


@dataclass(frozen=True)
class Source:
    path: str  # inside docs/: cas-usage/x.md
    text: str  # Markdown, front matter removed
    meta: Mapping[str, Any] = field(default_factory=dict)
    entry: Entry | None = None  # set for a record
    generated: bool = False  # written by hubia (trusted HTML), not by a contributor
    searchable: bool = True  # indexed by Pagefind (listings and copies are not)


@dataclass(frozen=True)
class Page:
    path: str
    title: str  # the page's own title (its H1)
    description: str
    content: str  # HTML of the main content
    headings: tuple[Heading, ...]
    hide_toc: bool
    hide_menu: bool
    edit_url: str | None  # hand-written pages and records only
    date: str  # ISO date of the last update, for the sitemap
    feeds: tuple[tuple[str, str], ...] = ()  # (title, docs path) of the Atom feeds it advertises


def _hidden(meta: Mapping[str, Any]) -> set[str]:
    value = meta.get("hide") or []
    return {str(item) for item in value} if isinstance(value, list) else set()


class PageRenderer:
    """Renders the pages of one hub; one per process (one Markdown instance, reset)."""

    def __init__(self, hub: Hub, date: str) -> None:
        self.hub, self.date = hub, date
        self.markdown = MarkdownRenderer()
        self.terms = Terms(hub.glossaire)
        self.macros = _macros(hub)
        self.feeds = feeds.alternates(hub)
        self._similar: similar.Similar | None = None  # built on the first use case rendered

    def render(self, source: Source) -> Page:
        text = source.text
        if source.meta.get("render_macros") is True and not source.generated and not source.entry:
            text = self._macros(source, text)
        rendered = self.markdown.convert(text)
        html = captioned(restore(rendered.html) if source.generated
                         else sanitize(rendered.html))
        entry, forge = source.entry, self.hub.configuration.forge
        if entry is not None:
            record = entry.record
            body = card(self.hub, entry) + html + track_modules(self.hub, entry)
            html = search.record_page(self.hub, entry, body) + listings.related(self.hub, entry)
            if entry.section == "cas-usage":
                if self._similar is None:
                    self._similar = similar.Similar(self.hub)
                html += similar.section(self.hub, self._similar, entry)
            title, description = record.titre, record.resume
            date = record.mis_a_jour.isoformat()
        else:
            if source.searchable and source.meta.get(search.SELF_INDEXED) is not True:
                html = search.content_page(html)
            title = str(source.meta.get("title") or rendered.title or self.hub.configuration.site.nom)
            description = str(source.meta.get("description") or "")
            date = self.date
        if source.path != GLOSSAIRE and not is_handout(source.path):
            html = self.terms.annotate(html)  # the glossary explains the first use of its terms
        hidden = _hidden(source.meta)
        return Page(source.path, title, description, quiet_permalinks(html), rendered.headings,
                    "toc" in hidden, "navigation" in hidden,
                    # a record's card has its own « Modifier cette fiche »
                    None if source.generated or entry else forge.edit_url(source.path), date,
                    self.feeds.get(source.path, ()))

    def _macros(self, source: Source, text: str) -> str:
        try:
            return self.macros.from_string(text).render()
        except TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f"docs/{source.path}" + (f":{line}" if line else "")
            raise RenderError(f"{where} : macro invalide ({exc})") from None


def _macros(hub: Hub) -> SandboxedEnvironment:
    """Variables for the hand-written pages that opt in with `render_macros: true` (home
    page). The sandbox keeps a page from reaching Python beyond these values."""
    env = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)
    env.globals["programme"] = hub.programme
    env.globals["nombre_fiches"] = {section: len(entries)
                                    for section, entries in hub.records.items()}
    env.filters["euros"] = french.euros
    env.filters["pourcent"] = french.percent
    return env
