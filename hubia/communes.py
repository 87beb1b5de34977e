"""The hub's communes: lookup by INSEE code or official name, with suggestions."""

from __future__ import annotations

import difflib
from collections import Counter

from pydantic_core import PydanticCustomError

from .models.data import Commune, CommunesFile, Ept
from .text.fold import slugify, sort_key


class Communes:
    def __init__(self, data: CommunesFile) -> None:
        self.by_code: dict[str, Commune] = {c.code_insee: c for c in data.communes}
        self.epts: dict[str, Ept] = {e.code: e for e in data.epts}
        self.territoire = data.territoire
        self.regroupement = data.regroupement
        self.departements: dict[str, str] = {d.code: d.nom for d in data.departements}
        self._by_name = {sort_key(c.nom): c for c in data.communes}
        self._official = {c.nom: c.code_insee for c in data.communes}
        # Page names: the slug of the name, and of « name code » in the unlikely case of a clash.
        names = {c.code_insee: slugify(c.nom) for c in data.communes}
        clashes = Counter(names.values())
        self.slugs: dict[str, str] = {
            code: name if clashes[name] == 1 else f"{name}-{code.lower()}"
            for code, name in names.items()}

    def resolve(self, value: str, loose: bool = False) -> str:
        """INSEE code of a commune written as its code or official name; a French error
        otherwise, which names the official spelling of a name written loosely (case, accents,
        hyphens), so that the exports and commune pages only ever carry official names.
        `loose` accepts such spellings (`hubia new`, which writes the official name)."""
        text = value.strip()
        if text in self.by_code:
            return text
        if value in self._official:
            return self._official[value]
        folded = sort_key(text)
        if folded in self._by_name:
            official = self._by_name[folded]
            if loose:
                return official.code_insee
            raise PydanticCustomError(
                "commune_mal_ecrite",
                "commune « {value} » mal écrite : écrivez son nom officiel « {nom} » ou son "
                "code INSEE {code}", {"value": value, "nom": official.nom,
                                      "code": official.code_insee})
        if text.isdigit():
            raise PydanticCustomError(
                "commune_inconnue",
                "aucune commune du hub (data/communes.yml) n'a le code INSEE « {value} »",
                {"value": text})
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
            "commune de data/communes.yml", {"value": text})

    def name(self, code: str) -> str:
        return self.by_code[code].nom if code in self.by_code else code
