"""`hubia new`: a new record with every field of its model, each explained in French.

Required fields come first. A value to fill holds the placeholder « À REMPLIR », which
`hubia check` reports at its line; optional blocks are written commented out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..models import BY_SECTION
from ..models.base import SLUG_PATTERN, Choice, inner_model
from ..check.placeholders import MARKER
from ..text.fold import slugify

# `hubia new TYPE`: the type names people type, and their docs/ folder.
TYPES = {"parcours": "parcours", "cas-usage": "cas-usage", "demonstrateur": "demonstrateurs",
         "retour-experience": "retours-experience"}


def suggest_slug(title: str) -> str:
    """« Tri du courrier à Montreuil » → « tri-du-courrier-a-montreuil » (60 characters max)."""
    slug = slugify(title)
    while len(slug) > 60 and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def valid_slug(slug: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, slug) is not None


def _required(field: FieldInfo) -> bool:
    return field.default is PydanticUndefined and field.default_factory is None


def _parts(annotation: Any) -> list[Any]:
    """The types inside Optional / Annotated / list, outermost first."""
    found = [annotation]
    for arg in typing.get_args(annotation):
        found += _parts(arg)
    return found


def _is_list(annotation: Any) -> bool:
    return any(typing.get_origin(part) is list for part in _parts(annotation))


def _placeholder(field: FieldInfo) -> str:
    """Texts are quoted: French prose is full of « : », which plain YAML cannot hold.

    Other values are not, so that replacing them by `true` or `12` gives a boolean or a number.
    """
    parts = _parts(field.annotation)
    choice = next((p for p in parts if isinstance(p, type) and issubclass(p, Choice)), None)
    if choice:
        hint = "une valeur parmi " + ", ".join(member.value for member in choice)
    elif dt.date in parts:
        hint = "date AAAA-MM-JJ"
    elif bool in parts:
        hint = "true ou false"
    elif Decimal in parts:
        hint = "montant en euros"
    elif int in parts or float in parts:
        hint = "nombre"
    else:
        title = field.title or "texte"
        return json.dumps(f"{MARKER} ({title[0].lower() + title[1:]})", ensure_ascii=False)
    return f"{MARKER} ({hint})"


def _comment(field: FieldInfo, required: bool, name: str) -> str:
    words = [field.title or name]
    if field.description:
        words.append(field.description.rstrip("."))
    if "bligatoire" not in (field.description or ""):
        words.append("obligatoire" if required else "facultatif")
    return " — ".join(words)


def _yaml(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)


class _Writer:
    def __init__(self, prefill: dict[str, Any], open_blocks: tuple[str, ...] = ()) -> None:
        self.prefill = prefill
        self.open_blocks = open_blocks
        self.lines: list[str] = []

    def emit(self, indent: int, text: str, commented: bool = False) -> None:
        # A commented block keeps its indentation after the « # », so that removing the
        # leading « # » from each line gives valid YAML back.
        self.lines.append(("# " if commented else "") + " " * indent + text)

    def model(self, model: type[BaseModel], indent: int, commented: bool = False,
              first_prefix: str = "") -> None:
        fields = sorted(model.model_fields.items(), key=lambda item: not _required(item[1]))
        for index, (name, field) in enumerate(fields):
            prefix = first_prefix if index == 0 else " " * len(first_prefix)
            self.field(name, field, indent, commented, prefix)

    def field(self, name: str, field: FieldInfo, indent: int, commented: bool,
              prefix: str) -> None:
        required = _required(field)
        pad = indent + len(prefix)
        sub = inner_model(field.annotation)
        hidden = commented or (not required and sub is not None
                               and name not in self.open_blocks)
        comment = _comment(field, required, name)
        if hidden and not commented:
            comment += " (pour le remplir, retirez le « # » en tête de ses lignes)"
        self.emit(pad, "# " + comment, commented)
        key = f"{prefix}{name}:"
        if name in self.prefill:
            value = self.prefill[name]
            if isinstance(value, list):
                self.emit(indent, key, hidden)
                for item in value:
                    self.emit(pad + 2, f"- {_yaml(item)}", hidden)
            else:
                self.emit(indent, f"{key} {_yaml(value)}", hidden)
        elif sub is not None and _is_list(field.annotation):
            self.emit(indent, key, hidden)
            self.model(sub, pad + 2, hidden, "- ")
        elif sub is not None:
            self.emit(indent, key, hidden)
            self.model(sub, pad + 2, hidden)
        elif _is_list(field.annotation):
            if required:
                self.emit(indent, key, hidden)
                self.emit(pad + 2, f"- {_placeholder(field)}", hidden)
            else:
                self.emit(indent, f"{key} []", hidden)
        elif required:
            self.emit(indent, f"{key} {_placeholder(field)}", hidden)
        else:
            self.emit(indent, f"{key} {_yaml(field.default)}", hidden)


_BODIES = {
    "cas-usage": [("Contexte", "le besoin de départ, la situation avant le projet."),
                  ("Ce qui a été fait", "la démarche, les étapes, les partenaires."),
                  ("Ce que nous en retenons", "les enseignements utiles aux autres communes.")],
    "retours-experience": [("Déroulé", "ce qui s'est passé, avec qui."),
                           ("Ce que nous en retenons", "les enseignements pour les autres "
                            "communes.")],
    "parcours": [("Le sujet", "le problème que le parcours aide les communes à traiter."),
                 ("Déroulé", "la formation, les expérimentations, le passage à l'échelle.")],
    "demonstrateurs": [("Le démonstrateur", "ce qu'il fait et pour qui."),
                       ("Ce qu'il montre", "ce que les communes peuvent en reprendre.")],
}


def scaffold(section: str, prefill: dict[str, Any]) -> str:
    """The text of a new record of `section` (docs/ folder name)."""
    model = BY_SECTION[section]
    writer = _Writer(prefill, model.open_blocks)
    writer.model(model, 0)
    body = "\n".join(f"## {heading}\n\n{MARKER} : {hint}\n" for heading, hint in _BODIES[section])
    schema = f"# yaml-language-server: $schema=../../schemas/{section}.schema.json"
    return "---\n" + schema + "\n" + "\n".join(writer.lines) + "\n---\n\n" + body
