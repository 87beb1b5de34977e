"""Reference pages generated from the code: the error codes and the record format."""

from __future__ import annotations

from html import escape
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..diagnostics import CODES
from ..hub import Hub
from ..models import RECORD_TYPES
from ..models.base import Choice
from ..models.formation import Agenda, Glossaire
from ..models.base import inner_model



def _codes_page() -> str:
    parts = ["# Codes d'erreur de `hubia check`\n",
             "<p>Chaque problème signalé par <code>hubia check</code> porte un code stable. "
             "Le message indique le fichier, la ligne et la colonne concernés ; cette page "
             "donne pour chaque code un exemple et la façon de corriger.</p>"]
    # Five elements a code, where eight made this one of the heaviest pages (EcoIndex C).
    for kind in CODES.values():
        reference = f" Référence : {escape(kind.reference)}." if kind.reference else ""
        parts.append(
            f'<h2 id="{kind.code}"><code>{kind.code}</code> : {escape(kind.title)}</h2>'
            f"<p>Gravité : {kind.severity}.{reference} Exemple :</p>"
            f"<pre>{escape(kind.example)}</pre><p>Correction : {escape(kind.fix)}</p>")
    return "\n\n".join(parts) + "\n"


def _type_name(field: FieldInfo) -> str:
    annotation: Any = field.annotation
    text = str(annotation)
    if "list[" in text:
        return "liste"
    if inner_model(annotation):
        return "bloc"
    for name, label in (("datetime.time", "heure (09:30)"), ("date", "date"),
                        ("bool", "oui/non (true/false)"),
                        ("Decimal", "montant (€)"), ("float", "nombre"), ("int", "entier")):
        if name in text:
            return label
    return "texte"


def _choices(field: FieldInfo) -> str:
    for candidate in (field.annotation, *getattr(field.annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, Choice):
            return ", ".join(f"<code>{m.value}</code> ({escape(m.label)})" for m in candidate)
    return ""


def _fields_table(model: type[BaseModel], caption: str, anchor: str = "champs") -> str:
    """The fields of `model` under a heading, then those of each nested block. A description
    list, the type leading the details: a field is a name and its description, not a row of
    data, and 16 tables made this the heaviest reference page (EcoIndex)."""
    rows, nested = [], []
    for name, field in model.model_fields.items():
        required = field.default is PydanticUndefined and field.default_factory is None
        details = escape(field.description or "")
        choices = _choices(field)
        if choices:
            details += f" Valeurs : {choices}."
        label = escape(field.title or "")
        rows.append(f'<dt><code>{name}</code>{" : " + label if label else ""}</dt>'
                    f"<dd>{_type_name(field).capitalize()}"
                    f"{', obligatoire' if required else ''}. {details.strip()}</dd>")
        sub = inner_model(field.annotation)
        if sub:
            nested.append((name, sub))
    html = (f'<h2 id="{escape(anchor)}">{escape(caption)}</h2>'
            f'<dl class="hubia-champs">{"".join(rows)}</dl>')
    for name, sub in nested:
        html += _fields_table(sub, f"Champs du bloc {name}", f"{anchor}-{name}")
    return html


FORMAT = "reference/format-des-fiches.md"


def _format_parts() -> list[tuple[str, str, str, type[BaseModel]]]:
    """(docs path, anchor, title, model) of each page of the format: one per file type."""
    found = [(f"reference/format-{m.section}.md", m.section,
              f"{m.type_label} (docs/{m.section}/)", m) for m in RECORD_TYPES]
    found += [(f"reference/format-{anchor}.md", anchor, f"{title} (data/{anchor}.yml)", model)
              for anchor, title, model in (("glossaire", "Glossaire", Glossaire),
                                           ("agenda", "Agenda des ateliers", Agenda))]
    return found


PATHS = ("reference/codes-erreur.md", FORMAT, *(path for path, *_ in _format_parts()))


def _format_page() -> str:
    links = "".join(f'<li><a href="{path.removeprefix("reference/")}">{escape(title)}</a></li>'
                    for path, _, title, _ in _format_parts())
    parts = ["# Format des fiches\n",
             "<p>Une fiche est un fichier Markdown : un en-tête YAML entre deux lignes "
             "<code>---</code>, puis le texte libre. Le nom du fichier (minuscules, chiffres et "
             "tirets) donne l'adresse de la page. Ces pages sont générées à partir du schéma "
             "du hub : elles sont toujours à jour.</p>"
             "<p>Les champs de chaque type de fichier, une page par type :</p>"
             f"<ul>{links}</ul>"]
    return "\n\n".join(parts) + "\n"


def _format_part(title: str, model: type[BaseModel]) -> str:
    return (f"# Format des fiches : {escape(title)}\n\n"
            f'<p><a href="format-des-fiches.md">Format des fiches</a> : les champs de ce type '
            "de fichier, ceux des blocs ensuite.</p>\n\n"
            + _fields_table(model, f"Champs : {title}") + "\n")


def pages(_hub: Hub) -> dict[str, str]:
    found = {"reference/codes-erreur.md": _codes_page(), FORMAT: _format_page()}
    for path, _, title, model in _format_parts():
        found[path] = _format_part(title, model)
    return found
