"""French formatting of dates, numbers and amounts for the site."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
_NNBSP = "\u202f"  # French thousands separator


def date(value: dt.date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def number(value: float | int | Decimal, decimals: int | None = None) -> str:
    """`1234.5` → « 1 234,5 »; without `decimals`, at most 2 and no trailing zeros."""
    text = f"{value:,.{2 if decimals is None else decimals}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", _NNBSP).replace(".", ",")


def euros(value: Decimal | float | int) -> str:
    cents = Decimal(value) % 1 != 0
    return f"{number(value, 2 if cents else 0)}\u00a0€"


def percent(rate: Decimal | float) -> str:
    return f"{number(Decimal(rate) * 100)}\u00a0%"


def time(value: dt.time) -> str:
    """`09:30` → « 9 h 30 », `14:00` → « 14 h » (non-breaking spaces)."""
    return f"{value.hour}\u00a0h" + (f"\u00a0{value.minute:02d}" if value.minute else "")


def hours(value: float) -> str:
    """A duration in hours: `2.5` → « 2 h 30 », `3` → « 3 h » (non-breaking spaces)."""
    minutes = round(value * 60)
    return f"{minutes // 60}\u00a0h" + (f"\u00a0{minutes % 60:02d}" if minutes % 60 else "")


def of(phrase: str) -> str:
    """« de » before a noun phrase that starts with its article: « la Métropole » → « de la
    Métropole », « le Département » → « du Département », « les Yvelines » → « des Yvelines »,
    « l'État » → « de l'État ». The names of territories and bodies come from the hub's data
    with their article, so that pages can say « of » them without knowing them."""
    if phrase.startswith("le "):
        return "du " + phrase[3:]
    if phrase.startswith("les "):
        return "des " + phrase[4:]
    if phrase[:1] in "AEIOUÉÈÊÎÔÂY":  # a name without article: « d'Auvergne-Rhône-Alpes »
        return "d'" + phrase
    return "de " + phrase


def to(phrase: str) -> str:
    """« à » before a noun phrase with its article: « à la Métropole », « au Département »."""
    if phrase.startswith("le "):
        return "au " + phrase[3:]
    if phrase.startswith("les "):
        return "aux " + phrase[4:]
    return "à " + phrase


def capital(phrase: str) -> str:
    """The phrase with its first letter upper case (« la Région » → « La Région »)."""
    return phrase[:1].upper() + phrase[1:]
