"""Every text of a record or data file is plain text: normalised, visible, without markup.

The pages escape front-matter values, but the same values travel to the catalogue's CSV and
JSON, the feeds and other registers' formats, whose readers may not escape them, and reach
screen readers as they are. So `Strict` (models/base.py) passes every `str` of every field,
at any depth (lists, dictionaries, keys), through `clean`, and a field added later gets the
same rule without asking for it. `clean`:

- normalises to NFC, so that « é » typed in two ways is one text (search, sort, exports);
- refuses a text that is blank (spaces only): a blank title is published as nothing;
- refuses control characters (except tab and line break), bidirectional overrides and
  isolates, zero-width and other format characters (Unicode category Cf), line and paragraph
  separators and lone surrogates: they hide or reorder what a reader sees ("Trojan source");
- refuses HTML markup: a `<` that the HTML standard's tokenizer reads as the start of a tag,
  an end tag, a comment or a processing instruction (`<x`, `</x`, `<!`, `<?`); a lone « < »
  (« 3 < 5 ») stays allowed.

Each refusal is a pydantic error whose context carries, in `where`, the path of the text
inside the field's value (an index in a list...), so that check/schema_errors.py points at
the exact line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from pydantic_core import PydanticCustomError

_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# The tokenizer's « tag open state »: a letter, « / » + letter, « ! » or « ? » after « < ».
_MARKUP = re.compile(r"<(?:/?[A-Za-z]|[!?])")
_NAMES = {
    "\u200b": "espace sans chasse", "\u200c": "antiliant sans chasse",
    "\u200d": "liant sans chasse", "\u2060": "gluon de mots", "\ufeff": "indicateur d'ordre",
    "\u00ad": "trait d'union conditionnel", "\u2028": "séparateur de ligne",
    "\u2029": "séparateur de paragraphe", "\u202e": "forçage droite-à-gauche",
    "\u202d": "forçage gauche-à-droite", "\u202a": "enchâssement gauche-à-droite",
    "\u202b": "enchâssement droite-à-gauche", "\u202c": "fin d'enchâssement",
    "\u2066": "isolat gauche-à-droite", "\u2067": "isolat droite-à-gauche",
    "\u2068": "isolat de direction", "\u2069": "fin d'isolat", "\u200e": "marque gauche-à-droite",
    "\u200f": "marque droite-à-gauche", "\u061c": "marque de lettre arabe",
}


def forbidden_character(char: str) -> bool:
    """True for a character that no published text may hold (see the module's docstring)."""
    if char in _ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")


# The same set as one character class, for speed (a Python loop over every character of
# every text would cost more than the rest of the validation); tests/test_plain_text.py
# proves that it matches `forbidden_character` on every code point.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def describe(char: str) -> str:
    """« U+200B (espace sans chasse) »: how a message names an invisible character."""
    name = _NAMES.get(char) or ("caractère de contrôle" if unicodedata.category(char) == "Cc"
                                else "caractère invisible")
    return f"U+{ord(char):04X} ({name})"


def _problem(text: str) -> PydanticCustomError | None:
    if not text.strip():
        return PydanticCustomError("texte_vide", "texte vide ou fait seulement d'espaces")
    hidden = FORBIDDEN.search(text)
    if hidden:
        return PydanticCustomError(
            "caractere_invisible",
            "caractère {char} interdit en position {position} : il est invisible ou change "
            "l'ordre d'affichage ; retirez-le (retapez le texte au besoin)",
            {"char": describe(hidden.group()), "position": hidden.start() + 1})
    tag = _MARKUP.search(text)
    if tag:
        shown = text[tag.start(): tag.start() + 12].split(">")[0]
        return PydanticCustomError(
            "balise_html",
            "balise HTML « {tag}… » dans un texte simple : ce champ est publié tel quel dans "
            "les exports et les flux ; écrivez-le sans balise (un « < » seul suivi d'une espace "
            "est permis)", {"tag": shown})
    return None


def refusal(text: str) -> PydanticCustomError | None:
    """Why `text` is not plain text, or None; for texts no model validates (the front matter
    of a hand-written page)."""
    return _problem(text)


def _texts(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, (*where, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, where)
            yield from _texts(item, (*where, key))


def _normalised(value: Any) -> Any:
    if type(value) is str:  # (an enum member is kept as it is)
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_normalised(item) for item in value)
    if isinstance(value, dict):
        return {_normalised(key): _normalised(item) for key, item in value.items()}
    return value  # numbers, dates, enums, nested models (which clean their own fields)


def clean(value: Any) -> Any:
    """`value` with every text normalised to NFC; a PydanticCustomError for the first text
    that is blank, holds an invisible character or HTML markup."""
    # Every field of every model comes here: a single text, and a value that holds none
    # (numbers, dates, enums, nested models), are the most frequent by far.
    if type(value) is str:
        problem = _problem(value)
        if problem is not None:
            raise PydanticCustomError(problem.type, problem.message_template,
                                      {**(problem.context or {}), "where": ()})
        return unicodedata.normalize("NFC", value)
    if not isinstance(value, (list, tuple, dict)):
        return value
    for where, text in _texts(value):
        if type(text) is not str:
            continue  # an enum member: its values are ours, not the contributor's
        problem = _problem(text)
        if problem is not None:
            raise PydanticCustomError(problem.type, problem.message_template,
                                      {**(problem.context or {}), "where": where})
    return _normalised(value)
