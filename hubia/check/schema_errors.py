"""Pydantic validation errors → French problems at the key path of the offending value."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic
from ..load.data import read_data_file
from ..load.yaml import Document
from ..models.base import inner_model
from .rules import Problem, located


_EXPECTED = {
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu (sans décimales)",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "decimal_type": "montant attendu (nombre)",
    "decimal_parsing": "montant attendu (nombre)",
    "list_type": "liste attendue (une ligne « - élément » par valeur)",
    "model_type": "bloc de champs attendu (lignes « nom: valeur » indentées)",
    "model_attributes_type": "bloc de champs attendu (lignes « nom: valeur » indentées)",
    "dict_type": "bloc de champs attendu (lignes « nom: valeur » indentées)",
}


# Refusals of models/plain_text.py: pydantic error type → code.
PLAIN_TEXT = {"texte_vide": "texte-vide", "caractere_invisible": "caractere-invisible",
               "balise_html": "balise-dans-texte"}


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed in the block at `loc` (for « did you mean » suggestions)."""
    current: type[BaseModel] | None = model
    for key in loc:
        if current is None:
            return []
        if isinstance(key, str):
            field = current.model_fields.get(key)
            current = inner_model(field.annotation) if field else None
    return list(current.model_fields) if current else []


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def translate(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    """(code, French message) for one pydantic error."""
    kind, loc, ctx = error["type"], error["loc"], error.get("ctx") or {}
    name = ".".join(str(part) for part in loc if isinstance(part, str)) or "fiche"
    value = error.get("input")
    if kind == "missing":
        return "champ-manquant", f"champ obligatoire « {name} » manquant"
    if kind == "extra_forbidden":
        message = f"champ inconnu « {loc[-1]} »"
        close = difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1)
        return "champ-inconnu", message + (f" : voulez-vous dire « {close[0]} » ?" if close else "")
    if kind in ("bool_type", "bool_parsing"):
        if str(value).lower() in ("true", "false"):
            return "booleen-invalide", (f"« {name} » : écrivez {str(value).lower()} sans "
                                        "guillemets")
        return "booleen-invalide", f"« {_show(value)} » n'est pas un oui/non : écrivez true ou false"
    if kind in ("enum", "literal_error"):
        allowed = [v.strip("'") for v in ctx.get("expected", "").replace(" or ", ", ").split(", ")]
        message = f"valeur « {_show(value)} » non autorisée pour « {name} »"
        close = difflib.get_close_matches(str(value), allowed, n=1)
        if close:
            message += f" : voulez-vous dire « {close[0]} » ?"
        return "valeur-non-autorisee", message + f" Valeurs possibles : {', '.join(allowed)}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "date-invalide", (f"date impossible ou mal écrite « {_show(value)} » pour "
                                 f"« {name} » : format AAAA-MM-JJ, par exemple 2025-04-08")
    if kind == "string_too_long":
        return "texte-trop-long", (f"« {name} » est trop long : {len(value)} caractères, au plus "
                                   f"{ctx['max_length']}")
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "liste-vide", f"« {name} » doit contenir au moins un élément"
    if kind == "string_too_short":
        return "valeur-invalide", f"« {name} » est vide"
    if kind == "montant_negatif":
        return "montant-negatif", f"« {name} » : montant négatif ({_show(value)} €)"
    if kind == "commune_inconnue":
        return "commune-inconnue", error["msg"]
    if kind == "commune_mal_ecrite":
        return "commune-mal-ecrite", error["msg"]
    if kind in PLAIN_TEXT:
        return PLAIN_TEXT[kind], f"« {name} » : {error['msg']}"
    if kind in _EXPECTED:
        return "type-invalide", f"« {name} » : {_EXPECTED[kind]}, pas « {_show(value)} »"
    if kind == "string_pattern_mismatch":
        return "valeur-invalide", (f"« {_show(value)} » n'est pas un nom de fiche valide pour "
                                   f"« {name} » : minuscules sans accents, chiffres et tirets")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": "au moins", "greater_than": "plus de",
                 "less_than_equal": "au plus", "less_than": "moins de"}[kind]
        limit = next(iter(ctx.values()), "")
        return "valeur-invalide", f"« {name} » doit valoir {bound} {limit}, pas {_show(value)}"
    if kind == "decimal_max_places":
        return "valeur-invalide", f"« {name} » : au plus 2 décimales (les centimes)"
    if kind in ("email", "url", "heure", "fiche_ref"):
        return "valeur-invalide", f"« {name} » : {error['msg']}"
    if kind == "finite_number":
        return "valeur-invalide", f"« {name} » doit être un nombre fini"
    return "valeur-invalide", f"« {name} » : valeur invalide « {_show(value)} »"


def schema_problems(exc: ValidationError, model: type[BaseModel],
                    skip: tuple[tuple, ...] = ()) -> Iterator[Problem]:
    """The French problems of `exc`, leaving out errors under the `skip` paths (already
    reported)."""
    for error in exc.errors():
        if any(tuple(error["loc"][: len(hole)]) == hole for hole in skip):
            continue
        # A plain-text refusal inside a list or a dictionary says where (models/plain_text.py).
        where = tuple((error.get("ctx") or {}).get("where", ()))
        yield (tuple(error["loc"]) + where, *translate(error, model))


def validated(model: type[BaseModel], doc: Document, path: str, problems: list[Diagnostic],
              context: dict | None = None, skip: tuple[tuple, ...] = ()) -> Any:
    """`doc` validated against `model`, or None with its problems added to `problems`."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        problems += located(path, doc, schema_problems(exc, model, skip))
        return None


def read_validated(root: Path, rel: str, model: type[BaseModel], problems: list[Diagnostic],
                   optional: bool = False) -> tuple[Any, Document | None]:
    """The data file `rel` validated against `model` (None when absent or invalid, its
    problems added to `problems`), with its Document for the rules that need positions."""
    doc = read_data_file(root, rel, problems, optional)
    return (None if doc is None else validated(model, doc, rel, problems)), doc


__all__ = ["read_validated", "schema_problems", "translate", "validated"]
