"""What a plain (unquoted, untagged) YAML scalar means, by the YAML 1.2 core schema.

Shared by both ways of reading YAML (yaml.py and yaml_fast.py), so that they give the same
values. PyYAML's resolver follows YAML 1.1 (`no` is false, `01234` is an octal number) and is
not used.
"""

from __future__ import annotations

import re
from typing import Any

_NULL = re.compile(r"^(?:~|null|Null|NULL)?$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# Leading zeros are not an integer: an INSEE code such as 01234 stays text, never 1234 or 668.
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9]")
# Every null, boolean and number starts with one of these (the empty text is null too, and
# `$` matches before a last line break): a plain scalar starting otherwise is text without
# trying the patterns (most of them are).
MAYBE_NOT_TEXT = frozenset("~nNtTfF+-.0123456789\n")


def plain(value: str) -> Any:
    """The value of the plain scalar `value`: None, a boolean, a number, or the text itself."""
    # The first character tells which pattern may match: a null starts with « ~ », « n » or
    # « N » (or is empty; `$` also matches before a last line break), a boolean with « t »
    # or « f », a number with a sign, a digit or « . » (dates, written everywhere, go
    # through the number patterns only).
    first = value[:1]
    if first in ("", "~", "n", "N", "\n"):
        return None if _NULL.match(value) else value
    if first in ("t", "T", "f", "F"):
        return _BOOL.get(value, value)
    if _LEADING_ZERO.match(value):
        return value
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value
