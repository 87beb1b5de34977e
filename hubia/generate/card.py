"""The record card: a readable summary of a record's front matter, shown above its text.

Labels come from the models' field titles, so a new field appears on every card without
touching this module. Every value is escaped: front matter is untrusted input.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape
from typing import Any

from pydantic import BaseModel

from ..hub import Entry, Hub
from ..models.base import Choice
from ..text import french
from .frugality import frugality_card
from .links import commune_link, record_link
from .public_pages import error_report

# Shown elsewhere on the page (title, summary, banner) or only useful for sorting.
_SKIPPED = {"titre", "resume", "exemple", "ordre", "etiquettes", "accord_publication",
            "modules"}  # a track's modules have their own section (generate/modules.py)
_REFERENCES = {"parcours": "parcours", "demonstrateurs": "demonstrateurs",
               "cas_usage": "cas-usage"}
_COMMUNES = {"communes", "commune", "communes_candidates"}
# Blocks of figures, dates and administrative detail: shown, not indexed for search. They
# would match queries on every record (« Non », « — », amounts) and, at 2,000 use cases, made
# up half of what Pagefind holds in memory (471 MB for the whole card, 242 MB without them).
# Searched: the record's text, its key facts (« En bref »), its AI, modules and authors.
_NOT_INDEXED = {"periode", "financement", "frugalite", "resultats", "passage_a_l_echelle",
                "adoptions", "transparence"}
_IGNORED = " data-pagefind-ignore"
# Lists of blocks shown as a table: measured figures, compared across columns. Other lists of
# blocks (adoptions, authors, the data of a transparency block) are lists, one line a block.
_TABLES = {"resultats"}

EXAMPLE_BANNER = (  # not indexed for search: the results show their own « Exemple fictif » badge
    '<div class="admonition warning hubia-exemple" role="note" data-pagefind-ignore>'
    '<p class="admonition-title">Exemple fictif</p>'
    "<p>Cette fiche est inventée pour illustrer le hub : ses chiffres, ses résultats et ses "
    "témoignages ne décrivent pas un projet réel.</p></div>")


class CardRenderer:
    def __init__(self, hub: Hub, entry: Entry) -> None:
        self.hub, self.entry = hub, entry
        # Labels that name who funds the programme, which data/communes.yml says, not the
        # model (its titles are those of the sample hub's JSON Schema).
        self._labels = {"part_metropole_eur":
                        f"Part {french.of(hub.communes.territoire.porteur)} (€)"}

    def value(self, name: str, value: Any, inside: bool = False) -> str:
        """HTML for one value; `name` tells references from plain text. A list of blocks is
        a table when it holds measured figures and is a block of its own (not `inside`
        another), else a list."""
        if isinstance(value, list):
            if value and isinstance(value[0], BaseModel):
                if name in _TABLES and not inside:
                    return self.table(value, name)
                return self.items(value)
            items = [self.value(name, item) for item in value]
            if not items:
                return "—"
            if name in _REFERENCES or name in _COMMUNES or len(items) == 1:
                return ", ".join(items)
            return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        if value is None:
            return "—"
        if isinstance(value, BaseModel):
            return self.fields(value)
        if name in _REFERENCES and isinstance(value, str):
            return record_link(self.hub, self.entry, _REFERENCES[name], value)
        if name in _COMMUNES:
            return commune_link(self.hub, self.entry, value)
        if isinstance(value, Choice):
            return escape(value.label)
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if isinstance(value, dt.date):
            return french.date(value)
        if isinstance(value, Decimal):
            return french.euros(value)
        if isinstance(value, (int, float)):
            return french.number(value)
        text = escape(str(value))
        if name in ("lien", "code_source"):
            return f'<a href="{text}" rel="noopener" class="hubia-externe">{text}</a>'
        if name == "contact":
            return f'<a href="mailto:{text}">{text}</a>'
        return text

    def _shown(self, model: BaseModel) -> list[tuple[str, str, Any]]:
        return [(name, self._labels.get(name) or field.title or name, getattr(model, name))
                for name, field in type(model).model_fields.items() if name not in _SKIPPED]

    def fields(self, model: BaseModel) -> str:
        # Line breaks between cells: the search index reads « Coût total 36 000 € », not words
        # glued together (Pagefind does not separate <dt>, <dd> or table cells).
        rows = "".join(f"<dt>{escape(label)}</dt>\n<dd>{self.value(name, value, True)}</dd>\n"
                       for name, label, value in self._shown(model))
        return f"<dl>{rows}</dl>"

    def items(self, models: list[BaseModel]) -> str:
        """Blocks as a list, one line each: first value, then the others with their labels.
        Two elements a block where a table row took five, and a table nested in a description
        a dozen: record pages grade A on the EcoIndex."""
        lines = []
        for model in models:
            (first_name, _, first), *rest = self._shown(model)
            others = " ; ".join(f"{escape(label)} : {self.value(name, value, True)}"
                               for name, label, value in rest if value not in (None, "", []))
            lines.append(f"<li>{self.value(first_name, first, True)}"
                         + (f" ({others})" if others else "") + "</li>")
        return "<ul>" + "".join(lines) + "</ul>"

    def table(self, models: list[BaseModel], name: str) -> str:
        columns = self._shown(models[0])
        # Shown as the block's heading already: the caption is for screen readers (RGAA 5.4).
        field = type(self.entry.record).model_fields.get(name)
        caption = escape(field.title if field and field.title else name.replace("_", " "))
        head = "".join(f'<th scope="col">{escape(label)}</th>\n' for _, label, _ in columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{self.value(n, v)}</td>\n" for n, _, v in self._shown(m))
            + "</tr>" for m in models)
        return (f'<table><caption class="hubia-lecteur-ecran">{caption}</caption>'
                f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')

    def render(self) -> str:
        record = self.entry.record
        simple, blocks = [], []
        for name, label, value in self._shown(record):
            nested = isinstance(value, BaseModel) or (
                isinstance(value, list) and value and isinstance(value[0], BaseModel))
            ignored = _IGNORED if name in _NOT_INDEXED else ""
            if name == "frugalite":
                blocks.append(frugality_card(value, attributes=ignored))
            elif nested:
                blocks.append(f'<section class="hubia-bloc"{ignored}><h2>{escape(label)}</h2>'
                              f"{self.value(name, value)}</section>")
            else:
                simple.append(f"<dt>{escape(label)}</dt>\n<dd>{self.value(name, value)}</dd>\n")
        tags = "".join(f'<li>{escape(tag)}</li>' for tag in record.etiquettes)
        return "".join([
            EXAMPLE_BANNER if record.exemple else "",
            self.stale_notice(),
            f'<p class="hubia-type" data-pagefind-ignore>{escape(record.type_label)}</p>',
            f"<h1>{escape(record.titre)}</h1>",
            f'<p class="hubia-resume" data-pagefind-meta="resume">{escape(record.resume)}</p>',
            '<div class="hubia-fiche">',
            f'<section class="hubia-bloc"><h2>En bref</h2><dl>{"".join(simple)}</dl></section>',
            *blocks,
            f'<ul class="hubia-etiquettes" aria-label="Étiquettes">{tags}</ul>' if tags else "",
            self.history(),
            error_report(self.hub, self.entry.src_uri, record.titre),
            "</div>",
        ])

    def stale_notice(self) -> str:
        if not self.hub.is_stale(self.entry.record):
            return ""
        months = self.hub.configuration.fraicheur_mois
        return (f'<div class="admonition info hubia-a-actualiser" role="note"{_IGNORED}>'
                '<p class="admonition-title">À actualiser</p>'
                f"<p>Cette fiche n'a pas été mise à jour depuis plus de {months} mois : "
                "certaines informations ont pu changer.</p></div>")

    def history(self) -> str:
        """Last update, and the forge links to edit the record and read its history."""
        parts = [f"Dernière mise à jour : {french.date(self.entry.record.mis_a_jour)}"]
        forge, path = self.hub.configuration.forge, self.entry.src_uri
        if edit := forge.edit_url(path):
            parts.append(f'<a href="{escape(edit)}">Modifier cette fiche</a>')
        if history := forge.history_url(path):
            parts.append(f'<a href="{escape(history)}">Historique des modifications</a>')
        return (f'<p class="hubia-historique"{_IGNORED}>{" · ".join(parts)}</p>'
                + self.changes())

    def changes(self) -> str:
        """The commits that changed the record's file, from git; nothing without git."""
        found = self.hub.changes(self.entry)
        if not found:
            return ""
        items = "".join(f'<li><time datetime="{c.date.isoformat()}">{french.date(c.date)}'
                        f"</time> : {escape(c.summary)}</li>" for c in found)
        return (f'<details class="hubia-modifications"{_IGNORED}><summary>'
                "Modifications de la fiche "
                f"({len(found)})</summary><ol>{items}</ol></details>")


def card(hub: Hub, entry: Entry) -> str:
    return CardRenderer(hub, entry).render()
