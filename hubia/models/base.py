"""Shared field types and the fields every record has.

French `title`/`description` on each field are the single source for the record card,
the JSON Schema and the « Format des fiches » page.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
import unicodedata
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .plain_text import clean

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X | None`, `list[X]` or `Annotated[X, ...]`, if any (outermost first)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found:
            return found
    return None


class Choice(StrEnum):
    """An enum whose members carry a French label: `STATUT = "a_venir", "À venir"`."""

    label: str

    def __new__(cls, value: str, label: str) -> Choice:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("montant_negatif", "montant négatif ({value} €)",
                                  {"value": value})
    return value


def _no_float_noise(value: Any) -> Any:
    # 0.1 written in YAML is the float 0.1; str() gives back what the contributor wrote.
    return Decimal(str(value)) if isinstance(value, float) else value


Euros = Annotated[
    Decimal,
    BeforeValidator(_no_float_noise),
    Field(allow_inf_nan=False, decimal_places=2),
    AfterValidator(_non_negative),
    # Editors see a plain amount: a non-negative number (euros, at most 2 decimals).
    WithJsonSchema({"type": "number", "minimum": 0}),
]
Quantity = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
ShortText = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "adresse électronique invalide « {value} »",
                                  {"value": value})
    return value


Email = Annotated[str, AfterValidator(_email)]
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def _url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("url", "adresse web invalide « {value} » (elle doit commencer "
                                  "par https:// ou http://)", {"value": value})
    return value


Url = Annotated[str, AfterValidator(_url)]


def _commune(value: Any, info: ValidationInfo) -> Any:
    """Normalise a commune name or INSEE code to the code, when the hub's communes are known."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # codes of the Métropole never start with 0: nothing is lost
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFC", value)  # « é » typed as e + accent is still « é »
    resolver = (info.context or {}).get("communes")
    return resolver(value) if resolver else value


CommuneRef = Annotated[str, BeforeValidator(_commune)]


class Strict(BaseModel):
    """Base of every record and block: unknown fields are errors, enums keep their members,
    every text is plain text (models/plain_text.py), in the fields of subclasses too."""

    model_config = ConfigDict(extra="forbid", frozen=True, regex_engine="python-re")

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, (str, list, tuple, dict)):
            return value  # (what `clean` returns as it is: numbers, dates, nested models...)
        # A field whose default is "" says « not set » with the empty text: that one is allowed.
        # (a nested model's `==` is Python code: the type is tested first)
        if isinstance(value, str) and value == "" and (
                cls.model_fields[info.field_name].default == ""):
            return value
        return clean(value)


class Record(Strict):
    """Fields every record has."""

    titre: ShortText = Field(title="Titre", description="Titre court et explicite de la fiche.")
    resume: str = Field(
        title="Résumé", min_length=1, max_length=350,
        description="Deux ou trois phrases en langage simple (350 caractères au plus).")
    mis_a_jour: dt.date = Field(title="Mis à jour le",
                                description="Date de la dernière mise à jour (AAAA-MM-JJ).")
    exemple: StrictBool = Field(
        False, title="Exemple fictif",
        description="true si la fiche est inventée pour illustrer (bandeau « Exemple fictif »).")
    etiquettes: list[ShortText] = Field(
        default_factory=list, title="Étiquettes", description="Mots-clés libres.")

    # Record types set these: the docs/ folder and the French name of the type.
    section: ClassVar[str]
    type_label: ClassVar[str]
    # Optional blocks that `hubia new` writes open, to fill, rather than commented out.
    open_blocks: ClassVar[tuple[str, ...]] = ()
