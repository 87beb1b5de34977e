"""The money rule of the programme, in one place: the Métropole's share of a cost.

share = min(cost × rate, ceiling), rounded to the cent half up (0,005 € → 0,01 €);
remainder = cost − share, so share + remainder is always exactly the cost. The rate and the
optional ceiling come from data/programme.yml only. The simulator's JavaScript applies the same
rule with integer cents (hubia/theme/assets/catalogue.js).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .text.french import capital, of

CENT = Decimal("0.01")


def rounding_rule(porteur: str) -> str:
    """The rule in French words; `porteur` (« la Métropole ») comes from data/communes.yml."""
    share = f"part {of(porteur)}"
    return (f"{capital(share)} = coût × taux, arrondie au centime le plus proche (un "
            "demi-centime est arrondi au centime supérieur), puis limitée au plafond s'il "
            f"y en a un ; reste à charge = coût − {share}.")


def plain(value: Decimal) -> str:
    """A decimal written without exponent nor trailing zeros: 0.50 → « 0.5 », 1E+2 → « 100 »."""
    return format(value.normalize(), "f")


def cents(value: Decimal) -> Decimal:
    """`value` rounded to the cent, half up: 6000.025 → 6000.03."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Split(NamedTuple):
    cost: Decimal
    share: Decimal  # paid by the Métropole
    remainder: Decimal  # left for the commune


def split(cost: Decimal, rate: Decimal, ceiling: Decimal | None = None) -> Split:
    """Share of `cost` paid by the Métropole at `rate`, capped by `ceiling`, and the rest."""
    cost = cents(cost)
    share = cents(cost * rate)
    if ceiling is not None:
        share = min(share, cents(ceiling))
    return Split(cost, share, cost - share)
