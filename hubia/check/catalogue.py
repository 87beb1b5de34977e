"""Rules of `hubia check` that keep the scale-up catalogue truthful.

Each rule yields (path in the record, code, French message), like the other cross-record rules
of records.py, which call `adoption_rules` for every use case.

- An adoption is by another commune: a commune that proved the solution cannot adopt it.
- A commune adopts a proven solution, so not before the experiment ended; a `concluant` use
  case must therefore give the end of its experiment (`periode.fin`).
- A commune appears at most once in the adoptions (its status changes in place).
- A `concluant` use case gives what the solution costs another commune: an investment and a
  yearly running cost both at 0 € mean the costs were not filled in (a free solution still has
  hosting or staff time to count); one of the two may be 0 €.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..models.cas_usage import CasUsage, StatutCas
from ..text import french
from .rules import Problem


def adoption_rules(r: CasUsage, name: Callable[[str], str]) -> Iterator[Problem]:
    """Problems of the use case `r`; `name` gives a commune's name from its code."""
    proven = r.statut is StatutCas.CONCLUANT
    if proven and r.periode.fin is None:
        yield (("periode", "fin"), "periode-non-terminee",
               "un cas d'usage concluant doit indiquer la date de fin de son expérimentation "
               "(« periode.fin ») : c'est à partir d'elle que d'autres communes l'adoptent")
    scale = r.passage_a_l_echelle
    if proven and scale is not None:
        costs = scale.cout_par_commune
        if costs.investissement_eur == 0 and costs.fonctionnement_annuel_eur == 0:
            yield (("passage_a_l_echelle", "cout_par_commune"), "couts-manquants",
                   "investissement et fonctionnement annuel sont tous deux à 0 € : indiquez ce "
                   "que la solution coûte à une commune qui la reprend (hébergement, licences, "
                   "temps de prestataire...)")
    seen: set[str] = set()
    for index, adoption in enumerate(r.adoptions):
        commune = name(adoption.commune)
        if adoption.commune in r.communes:
            yield (("adoptions", index, "commune"), "adoption-par-pilote",
                   f"{commune} a elle-même éprouvé la solution : elle figure dans « communes », "
                   "pas dans « adoptions »")
        elif adoption.commune in seen:
            yield (("adoptions", index, "commune"), "adoption-en-double",
                   f"{commune} figure deux fois dans « adoptions » : gardez une seule ligne, "
                   "avec le statut le plus récent")
        seen.add(adoption.commune)
        if r.periode.fin is not None and adoption.date < r.periode.fin:
            yield (("adoptions", index, "date"), "adoption-anterieure",
                   f"adoption par {commune} datée du {french.date(adoption.date)}, avant la fin "
                   f"de l'expérimentation le {french.date(r.periode.fin)}")
