"""The frugality card: a record's energy figures in the structure of AFNOR Spec 2314.

Which life-cycle phases the figures count, the estimate made before and the value measured
after, how they were obtained, and the simpler alternative that was weighed. A figure nobody
measured says « non mesuré » rather than leaving a blank that reads like zero. Shared by the
record card and the catalogue's solution pages.
"""

from __future__ import annotations

from html import escape

from ..models.transparence import Chiffres, CycleDeVie, PhaseCycleVie
from ..text import french

NOT_MEASURED = "non mesuré"


def _title(model: type, name: str) -> str:
    return model.model_fields[name].title or name


def _figures(figures: Chiffres | None, missing: str) -> str:
    if figures is None or figures.empty:
        return f'<span class="hubia-non-mesure">{missing}</span>'
    parts = [f"{french.number(figures.energie_kwh_an)} kWh/an"
             if figures.energie_kwh_an is not None else f"énergie {NOT_MEASURED}",
             f"{french.number(figures.co2e_kg_an)} kg CO2e/an"
             if figures.co2e_kg_an is not None else f"émissions {NOT_MEASURED}"]
    return " · ".join(parts)


def frugality_card(frugalite: CycleDeVie, heading: str = "h2", attributes: str = "") -> str:
    """HTML of the card (already escaped), its heading at level `heading`; `attributes` go
    on its section (« data-pagefind-ignore »)."""
    model = type(frugalite)
    covered = set(frugalite.phases)
    phases = "".join(
        f'<li class="{"hubia-phase-comptee" if phase in covered else "hubia-phase-absente"}">'
        f"{escape(phase.label)} : {'comptée' if phase in covered else 'non comptée'}</li>"
        for phase in PhaseCycleVie) if covered else "<li>Phases couvertes non précisées</li>"
    declared = Chiffres(energie_kwh_an=getattr(frugalite, "energie_kwh_an", None),
                        co2e_kg_an=getattr(frugalite, "co2e_kg_an", None))
    figures = [(_title(model, "estimation_avant"),
                _figures(frugalite.estimation_avant, "non renseignée")),
               ("Chiffres déclarés", _figures(declared, NOT_MEASURED)),
               (_title(model, "mesure_apres"), _figures(frugalite.mesure_apres, NOT_MEASURED))]
    details = [(name, getattr(frugalite, name, None))
               for name in ("methode", "outil_mesure", "alternative", "pourquoi_ia")]
    rows = "".join(f"<dt>{escape(label)}</dt>\n<dd>{value}</dd>\n" for label, value in figures)
    rows += "".join(f"<dt>{escape(_title(model, name))}</dt>\n<dd>{escape(value)}</dd>\n"
                    for name, value in details if value)
    unmeasured = "" if frugalite.mesure_apres and not frugalite.mesure_apres.empty else (
        '<p class="hubia-non-mesure">Aucune valeur n\'a été mesurée après la mise en service : '
        "les chiffres publiés sont des estimations.</p>")
    return (f'<section class="hubia-bloc hubia-frugalite" aria-label="Fiche de frugalité"'
            f"{attributes}>"
            f"<{heading}>Frugalité</{heading}>"
            f'<p class="hubia-frugalite-norme">Structure de la spécification AFNOR Spec 2314 '
            "(IA frugale).</p>"
            f'<ul class="hubia-phases" aria-label="{escape(_title(model, "phases"))}">'
            f"{phases}</ul><dl>{rows}</dl>{unmeasured}</section>")
