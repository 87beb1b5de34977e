"""The programme's dashboard (`tableau-de-bord/index.md`): every figure computed from the hub.

`figures(hub)` gathers the numbers (tests recompute some of them from the records); `pages`
draws them as charts (charts.py), each with its summary and data table. The fund and the
rate come from data/programme.yml.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from pydantic import BaseModel

from ..catalogue.compute import in_catalogue
from ..funding import split
from ..hub import Hub
from ..models import CasUsage
from ..models.cas_usage import StatutAdoption, StatutCas
from ..models.open_data import Engagement
from ..text import french
from ..text.fold import sort_key
from . import engagement
from .charts import Bar, bar_chart
from .exports import unwrap
from .tables import front_matter, heading_text, markdown_page, table

INDEX = "tableau-de-bord/index.md"
PATHS = (INDEX,)
_NOT_COUNTED = {"exemple"}  # has a default that is an answer, not a blank


@dataclass
class Figures:
    engagement: Counter  # Engagement → communes
    engagement_by_ept: dict[str, Counter]  # EPT name → Engagement → communes
    by_status: Counter  # StatutCas → use cases
    by_track: Counter  # track title → use cases
    by_year: Counter  # year the experiment started → use cases
    adoptions: Counter  # StatutAdoption → adoptions of catalogue solutions
    share_experiments: Decimal  # Métropole's share declared by the use cases
    share_adoptions: Decimal  # its share of the reference investment of each adoption
    energy_kwh: float
    co2e_kg: float
    energy_by_track: Counter
    completeness: list[tuple[str, int]]  # (optional field, use cases that fill it)
    cases: int


def optional_fields(model: type[BaseModel] = CasUsage, prefix: tuple[str, ...] = (),
                    title: str = "") -> list[tuple[tuple[str, ...], str]]:
    """(attribute path, title) of every optional field of the model, nested blocks included:
    derived from the model, so a new optional field is counted without a change here."""
    found = []
    for name, info in model.model_fields.items():
        if name in _NOT_COUNTED:
            continue
        base, optional, _ = unwrap(info.annotation)
        label = f"{title} — {info.title or name}" if title else (info.title or name)
        if not info.is_required() or optional:
            found.append(((*prefix, name), label))
        elif isinstance(base, type) and issubclass(base, BaseModel):
            found += optional_fields(base, (*prefix, name), label)
    return found


def _filled(record: BaseModel, path: tuple[str, ...]) -> bool:
    value = record
    for name in path:
        value = getattr(value, name, None)
        if value is None:
            return False
    return value not in ([], "", ())


def figures(hub: Hub) -> Figures:
    cases = hub.section("cas-usage")
    communes = engagement.communes(hub)
    by_ept: dict[str, Counter] = {}
    for commune in communes:
        by_ept.setdefault(commune.ept, Counter())[commune.engagement] += 1
    titles = {t.slug: t.record.titre for t in hub.section("parcours")}
    programme = hub.programme
    adoptions, share_adoptions = Counter(), Decimal(0)
    for case in cases:
        if in_catalogue(case):
            cost = case.record.passage_a_l_echelle.cout_par_commune.investissement_eur
            for a in case.record.adoptions:
                adoptions[a.statut] += 1
                share_adoptions += split(cost, programme.taux_financement,
                                         programme.plafond_financement_eur).share
    energy_by_track: Counter = Counter()
    for case in cases:
        energy_by_track[titles.get(case.record.parcours, case.record.parcours)] += \
            case.record.frugalite.energie_kwh_an
    return Figures(
        engagement=Counter(c.engagement for c in communes), engagement_by_ept=by_ept,
        by_status=Counter(c.record.statut for c in cases),
        by_track=Counter(titles.get(c.record.parcours, c.record.parcours) for c in cases),
        by_year=Counter(c.record.periode.debut.year for c in cases), adoptions=adoptions,
        share_experiments=sum((c.record.financement.part_metropole_eur for c in cases),
                              Decimal(0)),
        share_adoptions=share_adoptions,
        energy_kwh=sum(c.record.frugalite.energie_kwh_an for c in cases),
        co2e_kg=sum(c.record.frugalite.co2e_kg_an for c in cases),
        energy_by_track=energy_by_track,
        completeness=[(label, sum(1 for c in cases if _filled(c.record, path)))
                      for path, label in optional_fields()],
        cases=len(cases))


def _n(value: float) -> str:
    return french.number(value)


def _share(part: int, whole: int) -> str:
    return french.percent(Decimal(part) / whole) if whole else "—"


def _choice_bars(counter: Counter, order: tuple) -> list[Bar]:
    return [Bar(member.label, counter[member], _n(counter[member])) for member in order]


def _sorted_bars(counter: Counter, fmt=_n) -> list[Bar]:  # noqa: ANN001 - a formatter
    return [Bar(str(key), value, fmt(value))
            for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def _page(hub: Hub, f: Figures) -> str:
    programme = hub.programme
    fund = programme.fonds.montant_eur
    total = sum(f.engagement.values())
    engaged = total - f.engagement[Engagement.AUCUN]
    phases = tuple(Engagement)[1:]
    ept_rows = [[escape(name), *(_n(counter[p]) for p in phases),
                 _n(sum(counter.values()) - counter[Engagement.AUCUN])]
                for name, counter in sorted(f.engagement_by_ept.items(),
                                            key=lambda item: sort_key(item[0]))]
    years = sorted(f.by_year)
    adopted = sum(f.adoptions.values())
    funder = hub.communes.territoire.porteur  # « la Métropole », from data/communes.yml
    of_funder = french.of(funder)
    money = [Bar(f"Fonds « {programme.fonds.nom} »", float(fund or 0),
                 french.euros(fund) if fund is not None else "à définir"),
             Bar(f"Part {of_funder} dans les expérimentations", float(f.share_experiments),
                 french.euros(f.share_experiments)),
             Bar(f"Part {of_funder} dans les reprises (référence)",
                 float(f.share_adoptions), french.euros(f.share_adoptions))]
    grouping = escape(hub.communes.regroupement.libelle)
    rate = (french.percent(programme.taux_financement)
            if programme.taux_financement is not None else "une part encore à définir")
    committed = f.share_experiments + f.share_adoptions
    return markdown_page([
        front_matter("Tableau de bord du programme",
                     "Le programme en chiffres : communes engagées, cas d'usage, reprises de "
                     "solutions, financement, énergie et complétude des fiches."),
        "# Tableau de bord du programme",
        "<p>Tous les chiffres de cette page sont calculés à partir des fiches publiées sur le "
        "hub, à chaque publication du site. Chaque graphique est suivi de son tableau de "
        "données.</p>",
        "## Communes engagées",
        bar_chart("communes-engagement", "Communes par étape d'engagement",
                  f"{_n(engaged)} communes sur {_n(total)} sont engagées dans le programme ; "
                  "chaque commune est comptée à l'étape la plus avancée que le hub connaît.",
                  _choice_bars(f.engagement, tuple(Engagement)), ("Étape", "Communes")),
        table(f"Communes engagées par étape, selon {hub.communes.regroupement.nom}",
              [grouping, *(escape(p.label) for p in phases), "Total engagé"],
              ept_rows, row_headers=True, hidden_caption=False),
        "## Cas d'usage",
        bar_chart("cas-statut", "Cas d'usage par statut",
                  f"{_n(f.cases)} cas d'usage publiés, dont "
                  f"{_n(f.by_status[StatutCas.CONCLUANT])} concluants.",
                  _choice_bars(f.by_status, tuple(StatutCas)), ("Statut", "Cas d'usage")),
        bar_chart("cas-parcours", "Cas d'usage par parcours",
                  f"Les {_n(f.cases)} cas d'usage répartis entre {_n(len(f.by_track))} "
                  "parcours.", _sorted_bars(f.by_track), ("Parcours", "Cas d'usage")),
        bar_chart("cas-annee", "Cas d'usage par année de début d'expérimentation",
                  (f"Expérimentations commencées de {years[0]} à {years[-1]}." if years else
                   "Aucune expérimentation publiée."),
                  [Bar(str(y), f.by_year[y], _n(f.by_year[y])) for y in years],
                  ("Année", "Cas d'usage")),
        "## Reprises des solutions du catalogue",
        bar_chart("reprises", "Reprises de solutions du catalogue par statut",
                  f"{_n(adopted)} reprises de solutions du catalogue par d'autres communes.",
                  _choice_bars(f.adoptions, tuple(StatutAdoption)), ("Statut", "Reprises")),
        f"## Financement {heading_text(of_funder)}",
        bar_chart("financement", f"Part {of_funder} engagée, à côté du fonds",
                  f"{french.capital(funder)} finance au plus {rate} "
                  f"de chaque projet. Sa part déclarée dans les expérimentations et sa part de "
                  f"référence dans les reprises totalisent {french.euros(committed)}, pour un "
                  f"fonds de {french.euros(fund) if fund is not None else 'montant à définir'} "
                  f"({_share_money(committed, fund)}). La part "
                  "d'une reprise est calculée sur le coût d'investissement de référence du "
                  "catalogue.", money, ("Montant", "Euros")),
        "## Énergie et émissions déclarées",
        bar_chart("energie", "Énergie consommée par an, par parcours",
                  f"Les cas d'usage déclarent {_n(f.energy_kwh)} kWh par an et "
                  f"{_n(f.co2e_kg)} kg CO2e par an au total.",
                  _sorted_bars(f.energy_by_track, lambda v: f"{_n(v)} kWh"),
                  ("Parcours", "kWh par an")),
        "## Complétude des fiches",
        "<p>Part des cas d'usage qui remplissent chaque champ facultatif : ce qui manque le "
        "plus souvent, à compléter en priorité.</p>",
        bar_chart("completude", "Part des cas d'usage qui remplissent chaque champ facultatif",
                  f"Sur {_n(f.cases)} cas d'usage, le champ le moins rempli est "
                  + (f"« {min(f.completeness, key=lambda x: x[1])[0]} »." if f.completeness
                     and f.cases else "sans objet."),
                  [Bar(label, count, f"{_share(count, f.cases)} ({_n(count)})")
                   for label, count in f.completeness], ("Champ", "Cas d'usage qui le remplissent")),
    ])


def _share_money(part: Decimal, whole: Decimal | None) -> str:
    return f"{french.percent(part / whole)} du fonds" if whole else "fonds non renseigné"


def pages(hub: Hub) -> dict[str, str]:
    return {INDEX: _page(hub, figures(hub))}
