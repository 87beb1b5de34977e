"""How the hub writes CSV: one owner for the rules every export follows.

UTF-8, comma-separated, CRLF line ends (RFC 4180); lists joined by « ; »; booleans « oui » /
« non »; amounts with two decimals; and every cell that a spreadsheet would read as a formula
neutralised by a leading apostrophe, because records are untrusted input.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

LIST_SEPARATOR = " ; "
TRUE, FALSE = "oui", "non"
# A cell starting with one of these is a formula for a spreadsheet: records are untrusted input.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """`value` made inert for a spreadsheet."""
    return "'" + value if value.startswith(FORMULA_START) else value


def join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(values)


def yes_no(value: bool) -> str:
    return TRUE if value else FALSE


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The CSV file: a header row, then one row per record, every cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode()
