"""Cross-checks of the training data: glossary terms and the workshop agenda against the hub.

The files are read and validated against their models by `validate.check`; the rules here
need the whole hub (tracks, modules, records) or the whole file (a term defined twice,
overlapping time slots), and point at the exact line of each problem.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..diagnostics import Diagnostic
from ..hub import Hub
from ..models.formation import Agenda, Creneau, Glossaire
from ..models.parcours import Parcours
from ..text import french
from ..text.fold import fold
from ..load.yaml import Document
from .rules import Problem, located

GLOSSAIRE_FILE = "data/glossaire.yml"
AGENDA_FILE = "data/agenda.yml"


def resolve_module(track: Parcours, ref: int | str) -> int | None:
    """0-based index of the module `ref` (1-based number or exact title) names, or None."""
    if isinstance(ref, int):
        return ref - 1 if 1 <= ref <= len(track.modules) else None
    titles = [fold(module.titre) for module in track.modules]
    return titles.index(fold(ref)) if fold(ref) in titles else None


def _glossary(known: dict[str, set[str]] | None, glossaire: Glossaire,
              doc: Document) -> Iterator[Problem]:
    seen: dict[str, tuple[int, str]] = {}  # folded spelling → (term index, term)
    for i, term in enumerate(glossaire.termes):
        spellings = [(("termes", i, "terme"), term.terme)]
        spellings += [(("termes", i, "formes", j), form) for j, form in enumerate(term.formes)]
        for key, spelling in spellings:
            owner = seen.get(fold(spelling))
            if owner is None:
                seen[fold(spelling)] = (i, term.terme)
            elif owner[0] != i:
                line = doc.position(("termes", owner[0], "terme"))[0]
                yield (key, "terme-duplique",
                       f"« {spelling} » est déjà défini dans le glossaire (terme « {owner[1]} », "
                       f"ligne {line}) : gardez une seule définition")
        for j, ref in enumerate(term.fiches):
            section, slug = ref.split("/", 1)
            if known is not None and slug not in known.get(section, ()):
                yield (("termes", i, "fiches", j), "fiche-inconnue",
                       f"fiche « {ref} » inconnue : aucun fichier docs/{ref}.md")


def _module(hub: Hub | None, slot: Creneau, key: tuple) -> Iterator[Problem]:
    if slot.parcours is None and slot.module is None:
        if slot.titre is None:
            yield (key, "champ-manquant", "créneau sans « titre » ni module : donnez un intitulé "
                   "(accueil, pause...) ou un « parcours » et son « module »")
        return
    if slot.module is None:
        yield ((*key, "parcours"), "champ-manquant",
               "champ « module » manquant : numéro ou titre du module du parcours")
        return
    if slot.parcours is None:
        yield ((*key, "module"), "champ-manquant",
               "champ « parcours » manquant : nom de fichier du parcours de ce module")
        return
    if hub is None:
        return
    entry = hub.records.get("parcours", {}).get(slot.parcours)
    if entry is None:
        yield ((*key, "parcours"), "parcours-inconnu",
               f"parcours « {slot.parcours} » inconnu : aucun fichier "
               f"docs/parcours/{slot.parcours}.md")
        return
    track: Parcours = entry.record
    if resolve_module(track, slot.module) is not None:
        return
    if isinstance(slot.module, int):
        message = (f"le parcours « {slot.parcours} » n'a pas de module n° {slot.module} "
                   f"(il en a {len(track.modules)})")
    else:
        message = f"aucun module du parcours « {slot.parcours} » ne s'intitule « {slot.module} »"
        close = difflib.get_close_matches(slot.module, [m.titre for m in track.modules], n=1)
        if close:
            message += f" : voulez-vous dire « {close[0]} » ?"
    yield (*key, "module"), "module-inconnu", message


def _span(slot: Creneau) -> str:
    return f"{french.time(slot.debut)} – {french.time(slot.fin)}"


def _agenda(hub: Hub | None, agenda: Agenda, doc: Document) -> Iterator[Problem]:
    days: dict[int, int] = {}
    for d, day in enumerate(agenda.journees):
        if day.jour in days:
            line = doc.position(("journees", days[day.jour], "jour"))[0]
            yield (("journees", d, "jour"), "horaires-incoherents",
                   f"le jour {day.jour} est déjà décrit ligne {line}")
        days.setdefault(day.jour, d)
        earlier: list[tuple[int, Creneau]] = []
        for c, slot in enumerate(day.creneaux):
            key = ("journees", d, "creneaux", c)
            yield from _module(hub, slot, key)
            if slot.fin <= slot.debut:
                yield ((*key, "fin"), "horaires-incoherents",
                       f"le créneau finit à {french.time(slot.fin)}, avant de commencer à "
                       f"{french.time(slot.debut)}")
                continue
            for other_index, other in earlier:
                same_room = slot.groupe is None or other.groupe in (None, slot.groupe)
                if same_room and slot.debut < other.fin and other.debut < slot.fin:
                    line = doc.position(("journees", d, "creneaux", other_index))[0]
                    where = (f"dans le groupe « {slot.groupe} »" if slot.groupe and other.groupe
                             else "alors qu'un créneau sans « groupe » réunit tout le monde")
                    yield ((*key, "debut"), "horaires-incoherents",
                           f"le créneau {_span(slot)} chevauche celui de {_span(other)} "
                           f"(ligne {line}) {where}")
                    break
            earlier.append((c, slot))


def check(hub: Hub | None, glossaire: tuple[Glossaire | None, Document | None],
          agenda: tuple[Agenda | None, Document | None],
          valid: dict[str, set[str]] | None = None) -> list[Diagnostic]:
    """Problems of the training data; the valid files are attached to `hub`. `valid` holds
    the slugs of the valid records by section when `hub` holds only the tracks (shared.py)."""
    if valid is None and hub is not None:
        valid = {section: set(entries) for section, entries in hub.records.items()}
    problems: list[Diagnostic] = []
    for path, (value, doc), rules, context, attribute in (
            (GLOSSAIRE_FILE, glossaire, _glossary, valid, "glossaire"),
            (AGENDA_FILE, agenda, _agenda, hub, "agenda")):
        if value is None:
            continue
        problems += located(path, doc, rules(context, value, doc))
        if hub is not None:
            setattr(hub, attribute, value)
    return problems
