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

PATHS = ("reference/codes-erreur.md", "reference/format-des-fiches.md")


def _codes_page() -> str:
    parts = ["# Codes d'erreur de `hubia check`\n",
             "<p>Chaque problème signalé par <code>hubia check</code> porte un code stable. "
             "Le message indique le fichier, la ligne et la colonne concernés ; cette page "
             "donne pour chaque code un exemple et la façon de corriger.</p>"]
    for kind in CODES.values():
        example = escape(kind.example)
        parts.append(
            f'<h2 id="{kind.code}"><code>{kind.code}</code> : {escape(kind.title)}</h2>'
            f"<p>Gravité : {kind.severity}.</p>"
            + (f"<p>Référence : {escape(kind.reference)}.</p>" if kind.reference else "") +
            f"<p>Exemple :</p><pre><code>{example}</code></pre>"
            f"<p>Correction : {escape(kind.fix)}</p>")
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


def _fields_table(model: type[BaseModel]) -> str:
    rows, nested = [], []
    for name, field in model.model_fields.items():
        required = field.default is PydanticUndefined and field.default_factory is None
        details = escape(field.description or "")
        choices = _choices(field)
        if choices:
            details += f" Valeurs : {choices}."
        rows.append(f"<tr><td><code>{name}</code></td><td>{escape(field.title or '')}</td>"
                    f"<td>{_type_name(field)}</td><td>{'oui' if required else 'non'}</td>"
                    f"<td>{details.strip()}</td></tr>")
        sub = inner_model(field.annotation)
        if sub:
            nested.append((name, sub))
    table = ('<table><thead><tr><th scope="col">Champ</th><th scope="col">Libellé</th>'
             '<th scope="col">Type</th><th scope="col">Obligatoire</th>'
             f'<th scope="col">Précisions</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    for name, sub in nested:
        table += f"<p>Champs du bloc <code>{name}</code> :</p>" + _fields_table(sub)
    return table


def _format_page() -> str:
    parts = ["# Format des fiches\n",
             "<p>Une fiche est un fichier Markdown : un en-tête YAML entre deux lignes "
             "<code>---</code>, puis le texte libre. Le nom du fichier (minuscules, chiffres et "
             "tirets) donne l'adresse de la page. Cette page est générée à partir du schéma "
             "du hub : elle est toujours à jour.</p>"]
    for model in RECORD_TYPES:
        parts.append(f'<h2 id="{model.section}">{escape(model.type_label)} '
                     f"(<code>docs/{model.section}/</code>)</h2>" + _fields_table(model))
    for anchor, title, model in (("glossaire", "Glossaire", Glossaire),
                                 ("agenda", "Agenda des ateliers", Agenda)):
        parts.append(f'<h2 id="{anchor}">{title} (<code>data/{anchor}.yml</code>)</h2>'
                     + _fields_table(model))
    return "\n\n".join(parts) + "\n"


def pages(_hub: Hub) -> dict[str, str]:
    return {"reference/codes-erreur.md": _codes_page(),
            "reference/format-des-fiches.md": _format_page()}
