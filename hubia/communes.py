"""The Métropole's member communes: lookup by INSEE code or official name, with suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter

from pydantic_core import PydanticCustomError

from .models.data import Commune, CommunesFile, Ept


def _fold(name: str) -> str:
    """Case, accents, hyphens and apostrophes do not matter: « neuilly sur marne » matches."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().replace("-", " ").replace("'", " ").split())


def sort_key(name: str) -> str:
    """Sort key ignoring case and accents: « Épinay » comes between « Drancy » and « Fresnes »."""
    return _fold(name)


def slugify(name: str) -> str:
    """Lowercase ASCII words joined by hyphens: « L'Haÿ-les-Roses » → « l-hay-les-roses »."""
    return "-".join(re.findall(r"[a-z0-9]+", _fold(name)))


class Communes:
    def __init__(self, data: CommunesFile) -> None:
        self.by_code: dict[str, Commune] = {c.code_insee: c for c in data.communes}
        self.epts: dict[str, Ept] = {e.code: e for e in data.epts}
        self._by_name = {_fold(c.nom): c for c in data.communes}
        # Page names: the slug of the name, and of « name code » in the unlikely case of a clash.
        names = {c.code_insee: slugify(c.nom) for c in data.communes}
        clashes = Counter(names.values())
        self.slugs: dict[str, str] = {
            code: name if clashes[name] == 1 else f"{name}-{code.lower()}"
            for code, name in names.items()}

    def resolve(self, value: str) -> str:
        """INSEE code of a commune written as its code or name; a French error otherwise."""
        text = value.strip()
        if text in self.by_code:
            return text
        folded = _fold(text)
        if folded in self._by_name:
            return self._by_name[folded].code_insee
        if text.isdigit():
            raise PydanticCustomError(
                "commune_inconnue",
                "aucune commune de la Métropole n'a le code INSEE « {value} »", {"value": text})
        close = difflib.get_close_matches(folded, self._by_name, n=1, cutoff=0.75)
        if close:
            guess = self._by_name[close[0]]
            raise PydanticCustomError(
                "commune_inconnue",
                "commune inconnue « {value} » : voulez-vous dire {nom} ({code}) ?",
                {"value": text, "nom": guess.nom, "code": guess.code_insee})
        raise PydanticCustomError(
            "commune_inconnue",
            "commune inconnue « {value} » : écrivez le nom officiel ou le code INSEE d'une "
            "commune membre de la Métropole", {"value": text})

    def name(self, code: str) -> str:
        return self.by_code[code].nom if code in self.by_code else code
