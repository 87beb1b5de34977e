"""JSON Schemas of the records and data files, exported from the models for editors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..models import RECORD_TYPES, CommunesFile, Configuration, Programme
from ..models.base import Choice
from ..models.public_duties import Accessibilite, Mentions

_DATA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "programme": (Programme, "Données du programme (data/programme.yml)"),
    "communes": (CommunesFile, "Communes membres du territoire (data/communes.yml, généré)"),
    "configuration": (Configuration, "Configuration du hub (hubia.yml)"),
    "accessibilite": (Accessibilite, "Déclaration d'accessibilité (data/accessibilite.yml)"),
    "mentions": (Mentions, "Mentions légales et données personnelles (data/mentions.yml)"),
}


def _label_refs(definition: dict[str, Any], model: type[BaseModel]) -> None:
    """pydantic drops a field's title beside a $ref: put the French title back."""
    for name, prop in definition.get("properties", {}).items():
        field = model.model_fields.get(name)
        if field is not None and "title" not in prop:
            prop["title"] = field.title or name
            if field.description:
                prop["description"] = field.description


def _french(schema: dict[str, Any], model: type[BaseModel],
            models: dict[str, type]) -> dict[str, Any]:
    """Replace English docstrings by French text: enums list their values and labels."""
    _label_refs(schema, model)
    for name, definition in schema.get("$defs", {}).items():
        cls = models.get(name)
        if isinstance(cls, type) and issubclass(cls, Choice):
            definition["description"] = "Valeurs : " + ", ".join(
                f"{member.value} ({member.label})" for member in cls)
        else:
            definition.pop("description", None)
            if isinstance(cls, type) and issubclass(cls, BaseModel):
                _label_refs(definition, cls)
    return schema


def _classes(model: type[BaseModel]) -> dict[str, type]:
    """Every class a model refers to, by name (as pydantic names its $defs)."""
    found: dict[str, type] = {}

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and annotation.__name__ not in found:
            found[annotation.__name__] = annotation
            if issubclass(annotation, BaseModel):
                for field in annotation.model_fields.values():
                    visit(field.annotation)
        for arg in getattr(annotation, "__args__", ()) or ():
            visit(arg)
        for meta in getattr(annotation, "__metadata__", ()) or ():
            visit(meta)

    visit(model)
    return found


def schemas() -> dict[str, dict[str, Any]]:
    """{file name: JSON Schema} for every record type and data file."""
    found = {}
    for model in RECORD_TYPES:
        schema = _french(model.model_json_schema(), model, _classes(model))
        schema["title"] = model.type_label
        schema["description"] = (f"En-tête YAML d'une fiche « {model.type_label} » du Hub IA "
                                 f"(docs/{model.section}/<nom>.md).")
        found[f"{model.section}.schema.json"] = schema
    for name, (model, title) in _DATA_FILES.items():
        schema = _french(model.model_json_schema(), model, _classes(model))
        schema["title"], schema["description"] = title, title
        found[f"{name}.schema.json"] = schema
    return found


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write(folder: Path) -> list[Path]:
    """Write the schemas into `folder`, only the files whose content changed."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        target, text = folder / name, render(schema)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written
