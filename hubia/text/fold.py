"""How names and titles compare, sort and become slugs: the one owner of text folding.

French text is compared as people read it: case, accents, typographic apostrophes and runs of
spaces do not matter (« Données d’entraînement » = « donnees d'entrainement »).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """`text` without case, accents or extra spaces, for comparing (glossary, module titles)."""
    plain = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def sort_key(name: str) -> str:
    """A name folded with hyphens and apostrophes read as spaces, for sorting and looking up
    names: « Épinay » comes between « Drancy » and « Fresnes », « neuilly sur marne » finds
    « Neuilly-sur-Marne »."""
    return " ".join(fold(name).replace("-", " ").replace("'", " ").split())


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: « L'Haÿ-les-Roses » → « l-hay-les-roses »;
    letters with no ASCII form (œ, æ) are dropped."""
    return "-".join(_WORD.findall(fold(text).encode("ascii", "ignore").decode()))
