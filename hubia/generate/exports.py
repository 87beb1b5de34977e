"""Open-data exports of every record type and of the communes, derived from their models.

Nothing here names a record's field: the columns of the CSV, the JSON, the Table Schema and
the JSON Schema all come from walking the pydantic model, so a field added to a model reaches
every export, its schemas and the fingerprint that `tests/test_open_data.py` compares with
the published versions (published/versions.json, CHANGELOG.md).

CSV rules are the hub's (text/csv_rules.py): lists of plain values joined by « ; »; a nested
block flattened into `block_field` columns; a list of blocks written as a JSON array (the
lexical form of Table Schema's `array` type); every cell neutralised. Rows are sorted by
identifier, keys sorted, no date of generation: two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..hub import Hub
from ..models import CasUsage, Demonstrateur, Parcours, RetourExperience
from ..models.base import Choice
from ..models.open_data import CommuneOuverte
from ..text import csv_rules
from . import engagement

PUBLISHED = Path(__file__).parent / "published"  # versions.json, CHANGELOG.md, exemples/
FOLDER = "donnees"
_ID, _PAGE = "identifiant", "page"


@dataclass(frozen=True)
class Column:
    """One CSV column: a field of the model, or of a block inside it."""

    name: str  # ia_type_ia
    path: tuple[str, ...]  # ("ia", "type_ia")
    title: str
    description: str
    kind: str  # a Table Schema type: string, integer, number, boolean, date, array
    required: bool
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Export:
    """One exported type: its file stem, its model and how to get its (identifier, page,
    model instance) rows from the hub."""

    name: str  # file stem: cas-usage
    title: str
    model: type[BaseModel]
    rows: Callable[[Hub], list[tuple[str, str, BaseModel]]]

    def columns(self) -> list[Column]:
        return [Column(_ID, (), "Identifiant", "Identifiant stable de l'enregistrement.",
                       "string", True),
                *_columns(self.model, (), ""),
                Column(_PAGE, (), "Page", "Adresse de la page sur le hub, relative à la racine "
                       "du site.", "string", True)]

    def fingerprint(self) -> str:
        """What a published version promises: the columns, their types and their values."""
        text = "\n".join(f"{c.name}:{c.kind}:{int(c.required)}:{','.join(c.enum)}"
                         for c in self.columns())
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _records(section: str) -> Callable[[Hub], list[tuple[str, str, BaseModel]]]:
    def rows(hub: Hub) -> list[tuple[str, str, BaseModel]]:
        return [(e.slug, e.url, e.record) for e in sorted(hub.section(section),
                                                          key=lambda e: e.slug)]
    return rows


def _communes(hub: Hub) -> list[tuple[str, str, BaseModel]]:
    return [(c.code_insee, f"communes/{hub.communes.slugs[c.code_insee]}/", c)
            for c in engagement.communes(hub)]


EXPORTS: tuple[Export, ...] = (
    Export("cas-usage", "Cas d'usage", CasUsage, _records("cas-usage")),
    Export("parcours", "Parcours", Parcours, _records("parcours")),
    Export("demonstrateurs", "Démonstrateurs", Demonstrateur, _records("demonstrateurs")),
    Export("retours-experience", "Retours d'expérience", RetourExperience,
           _records("retours-experience")),
    Export("communes", "Communes membres", CommuneOuverte, _communes),
)
BY_NAME = {export.name: export for export in EXPORTS}


# --- Walking a model -------------------------------------------------------------------------

def unwrap(annotation: Any) -> tuple[Any, bool, bool]:
    """(base type, optional, is a list) of `X`, `X | None`, `list[X]`, `Annotated[X, ...]`."""
    optional = is_list = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, UnionType):
            args = [a for a in typing.get_args(annotation) if a is not NoneType]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        elif origin is list:
            is_list, annotation = True, typing.get_args(annotation)[0]
        else:
            return annotation, optional, is_list


def _kind(base: Any) -> str:
    if isinstance(base, type):
        if issubclass(base, bool):
            return "boolean"
        if issubclass(base, Enum) or issubclass(base, str):
            return "string"
        if issubclass(base, int):
            return "integer"
        if issubclass(base, (float, Decimal)):
            return "number"
        if issubclass(base, dt.date):
            return "date"
    return "string"


def _columns(model: type[BaseModel], path: tuple[str, ...], prefix: str,
             parent_required: bool = True) -> Iterator[Column]:
    for name, info in model.model_fields.items():
        base, optional, is_list = unwrap(info.annotation)
        required = parent_required and info.is_required() and not optional
        here = (*path, name)
        if isinstance(base, type) and issubclass(base, BaseModel):
            if is_list:
                yield _column(prefix + name, here, info, "array", required)
            else:
                yield from _columns(base, here, f"{prefix}{name}_", required)
        elif is_list:  # plain values joined by « ; »
            yield _column(prefix + name, here, info, "string", required)
        else:
            enum = tuple(m.value for m in base) if isinstance(base, type) and issubclass(
                base, Enum) else ()
            yield _column(prefix + name, here, info, _kind(base), required, enum)


def _column(name: str, path: tuple[str, ...], info: FieldInfo, kind: str, required: bool,
            enum: tuple[str, ...] = ()) -> Column:
    return Column(name, path, info.title or name, info.description or "", kind, required, enum)


# --- Values ------------------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    """What json.dumps cannot write itself: amounts as numbers, dates as ISO text (codes are
    str subclasses, written as their value)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"valeur non exportable : {value!r}")


def dumps(data: Any) -> str:
    """One value as compact JSON with the hub's conventions (Python's C encoder: fast)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=_json_value)


def _lexical(column: Column, value: Any) -> str:
    """The CSV text of one value."""
    if value is None:
        return ""
    if column.kind == "array":
        return dumps([item.model_dump() for item in value]) if value else ""
    if isinstance(value, list):
        return csv_rules.join(str(item.value if isinstance(item, Enum) else item)
                              for item in value)
    if isinstance(value, bool):
        return csv_rules.yes_no(value)
    if isinstance(value, Decimal):
        return csv_rules.amount(value)
    if isinstance(value, float):
        return csv_rules.number(value)
    if isinstance(value, Enum):
        return str(value.value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _get(instance: BaseModel, path: tuple[str, ...]) -> Any:
    value: Any = instance
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def _memos(export: Export, hub: Hub) -> dict[int, dict]:
    """The memo of each record's entry (hub.Entry.memo) by its model instance's id: a row
    that `export.rows` gives from a record of the hub is a function of that entry alone.
    Instances made by `rows` (the communes) have no entry, and no memo."""
    return {id(e.record): e.memo for e in hub.section(export.name)} \
        if export.name in hub.records else {}


def _memoised(memos: dict[int, dict], key: tuple, instance: BaseModel,
              make: Callable[[], Any]) -> Any:
    memo = memos.get(id(instance))
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def csv_bytes(export: Export, hub: Hub, limit: int | None = None) -> bytes:
    """The CSV export; with `limit`, only its first rows (the published examples)."""
    columns = export.columns()
    memos, key = _memos(export, hub), ("csv", export.name, export.model)
    rows = []
    for identifier, page, instance in export.rows(hub)[:limit]:
        rows.append(_memoised(memos, (*key, identifier, page), instance, lambda: [
            identifier if c.name == _ID and not c.path else
            page if c.name == _PAGE and not c.path else _lexical(c, _get(instance, c.path))
            for c in columns]))
    return csv_rules.table([c.name for c in columns], rows)


def json_text(data: object) -> bytes:
    """JSON as every export writes it: UTF-8, indented, keys sorted, a final line end."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def json_rows(export: Export, hub: Hub) -> list[dict[str, Any]]:
    """Each record as a dict of Python values (json.dumps with `dumps` writes them)."""
    return [_json_row(identifier, page, instance)
            for identifier, page, instance in export.rows(hub)]


def _json_row(identifier: str, page: str, instance: BaseModel) -> dict[str, Any]:
    return {_ID: identifier, **instance.model_dump(), _PAGE: page}


def json_bytes(export: Export, hub: Hub, limit: int | None = None) -> bytes:
    """A JSON array, one record per line: compact (Python's C encoder is used only without
    indentation, several times faster at 10,000 records) yet readable line by line."""
    memos, key = _memos(export, hub), ("json", export.name, export.model)
    rows = [_memoised(memos, (*key, identifier, page), instance, lambda: json.dumps(
                _json_row(identifier, page, instance), ensure_ascii=False, sort_keys=True,
                default=_json_value))
            for identifier, page, instance in export.rows(hub)[:limit]]
    return ("[\n" + ",\n".join(rows) + "\n]\n").encode() if rows else b"[]\n"


# --- Schemas --------------------------------------------------------------------------------

def versions() -> dict[str, dict[str, str]]:
    """Published versions of each export's schema: {name: {version: fingerprint}}, oldest first."""
    return json.loads((PUBLISHED / "versions.json").read_text(encoding="utf-8"))


def current_version(name: str) -> str:
    return list(versions()[name])[-1]


def schema_paths(name: str) -> tuple[str, str]:
    """Site paths of the Table Schema and the JSON Schema of an export."""
    return (f"{FOLDER}/schemas/{name}.tableschema.json", f"{FOLDER}/schemas/{name}.schema.json")


def table_schema(export: Export) -> dict[str, Any]:
    fields = []
    for c in export.columns():
        field: dict[str, Any] = {"name": c.name, "title": c.title, "type": c.kind}
        if c.description:
            field["description"] = c.description
        if c.kind == "boolean":
            field["trueValues"], field["falseValues"] = [csv_rules.TRUE], [csv_rules.FALSE]
        constraints: dict[str, Any] = {}
        if c.required:
            constraints["required"] = True
        if c.enum:
            constraints["enum"] = list(c.enum)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {"$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
            "name": export.name, "title": f"{export.title} du Hub IA (CSV)",
            "version": current_version(export.name), "fields": fields,
            "primaryKey": [_ID], "missingValues": [""]}


def json_schema(export: Export) -> dict[str, Any]:
    item = export.model.model_json_schema(mode="validation")
    defs = item.pop("$defs", {})
    item["properties"] = {_ID: {"type": "string", "title": "Identifiant"},
                          **item.get("properties", {}),
                          _PAGE: {"type": "string", "title": "Page"}}
    item["required"] = [_ID, *item.get("required", []), _PAGE]
    schema: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                              "title": f"{export.title} du Hub IA (JSON)",
                              "version": current_version(export.name),
                              "type": "array", "items": item}
    if defs:
        schema["$defs"] = defs
    return schema


CHANGELOG_PAGE = f"{FOLDER}/schemas/journal.md"


def changelog_page() -> str:
    """The published CHANGELOG.md as a page of the site (`donnees/schemas/journal/`)."""
    from .tables import front_matter

    return front_matter("Journal des versions des schémas",
                        "Les versions des schémas des données ouvertes du Hub IA et ce qui a "
                        "changé à chacune.") + (PUBLISHED / "CHANGELOG.md").read_text(
                            encoding="utf-8")


def schema_files() -> dict[str, bytes]:
    """Every export's schemas and examples, by site path (the exports themselves are
    distributions of open_data.py, the changelog a page)."""
    found: dict[str, bytes] = {}
    for export in EXPORTS:
        table, json_ = schema_paths(export.name)
        found[table] = json_text(table_schema(export))
        found[json_] = json_text(json_schema(export))
    for example in sorted((PUBLISHED / "exemples").iterdir()):
        found[f"{FOLDER}/schemas/exemples/{example.name}"] = example.read_bytes()
    return found
