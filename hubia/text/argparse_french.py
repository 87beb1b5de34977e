"""French for argparse's own messages (usage, errors, help headings).

argparse looks its strings up through the module-level `_` at call time, so replacing that
function is enough; anything not listed falls back to the English text.
"""

from __future__ import annotations

import argparse

_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "expected one argument": "une valeur est attendue",
    "%(prog)s: error: %(message)s\n":
        "%(prog)s : erreur d'utilisation : %(message)s\n(voir « %(prog)s --help »)\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut désigner %(matches)s",
}


def _translate(message: str) -> str:
    return _FRENCH.get(message, message)


argparse._ = _translate  # type: ignore[attr-defined]
