"""Tracks as courses: the modules of a track, on its page and in its printable handout.

Every value comes from a record and is escaped. Trainer notes exist only in the track page,
inside a block hidden by default (`hidden`) that `javascripts/formation.js` reveals when the
trainer turns the « vue formateur » on; the handout never contains them.
"""

from __future__ import annotations

from html import escape

from ..hub import Entry, Hub
from ..models.parcours import Module, Parcours
from ..text import french
from .links import href, record_link

_FIELDS = Module.model_fields
ILLUSTRATIVE = '<span class="hubia-badge">Contenu illustratif</span>'


def _title(name: str) -> str:
    return escape(_FIELDS[name].title or name)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def total_hours(track: Parcours) -> str:
    count = len(track.modules)
    return (f"{count} module{'s' if count > 1 else ''}, "
            f"{french.hours(sum(m.duree_heures for m in track.modules))} au total")


def module_heading(number: int, module: Module) -> str:
    return f"Module {number} : {escape(module.titre)}"


def _activities(hub: Hub, src: str, module: Module) -> str:
    items = []
    for activity in module.activites:
        duration = (f" ({french.number(activity.duree_minutes)} min)"
                    if activity.duree_minutes else "")
        text = (f"<p><strong>{escape(activity.nature.label)}</strong> · "
                f"{escape(activity.titre)}{duration}</p><p>{escape(activity.consigne)}</p>")
        if activity.cas_usage:
            cases = ", ".join(record_link(hub, src, "cas-usage", slug)
                              for slug in activity.cas_usage)
            text += f"<p>Cas d'usage étudiés : {cases}</p>"
        items.append(text)
    return _list(items)


def _supports(module: Module) -> str:
    items = []
    for support in module.supports:
        text = escape(support.titre)
        if support.lien:
            text = f'<a href="{escape(support.lien)}" rel="noopener" class="hubia-externe">{text}</a>'
        if support.description:
            text += f" : {escape(support.description)}"
        items.append(text)
    return _list(items)


def module_body(hub: Hub, src: str, module: Module) -> str:
    """What participants see of a module: the same on the track page and in the handout."""
    parts = [f'<p class="hubia-module-infos">Durée : {french.hours(module.duree_heures)}'
             f"{' ' + ILLUSTRATIVE if module.exemple else ''}</p>",
             f"<h4>{_title('objectifs')}</h4>",
             _list([escape(o) for o in module.objectifs])]
    if module.prerequis:
        parts += [f"<h4>{_title('prerequis')}</h4>", _list([escape(p) for p in module.prerequis])]
    if module.activites:
        parts += [f"<h4>{_title('activites')}</h4>", _activities(hub, src, module)]
    if module.supports:
        parts += [f"<h4>{_title('supports')}</h4>", _supports(module)]
    return "".join(parts)


def _questions(module: Module) -> str:
    if not module.questions:
        return ""
    folded = "".join(
        f'<details class="question"><summary>{escape(q.question)}</summary>'
        f"<p>{escape(q.reponse)}</p></details>" for q in module.questions)
    return f"<h4>{_title('questions')}</h4>{folded}"


def _trainer_notes(module: Module) -> str:
    if not module.notes_formateur:
        return ""
    return ('<div class="hubia-notes-formateur" data-hubia-notes-formateur hidden role="note">'
            f'<p class="hubia-notes-formateur-titre">{_title("notes_formateur")}</p>'
            + _list([escape(note) for note in module.notes_formateur]) + "</div>")


def track_modules(hub: Hub, entry: Entry) -> str:
    """The course section of a track page: modules in order, answers folded, notes hidden."""
    track = entry.record
    if not isinstance(track, Parcours) or not track.modules:
        return ""
    src = entry.src_uri
    handout = href(src, handout_src_uri(entry.slug))
    parts = ['<section class="hubia-formation" aria-labelledby="modules-de-formation">',
             '<h2 id="modules-de-formation">Modules de formation</h2>',
             f"<p>{total_hours(track)}. "
             f'<a href="{escape(handout)}">Support imprimable du parcours</a></p>']
    if any(module.notes_formateur for module in track.modules):
        parts.append('<p class="hubia-bascule-formateur"><button type="button" '
                     'class="hubia-bouton" data-hubia-vue-formateur aria-pressed="false" hidden>'
                     "Vue formateur</button></p>")
    for number, module in enumerate(track.modules, 1):
        parts.append(f'<article class="hubia-module" id="module-{number}" '
                     f'aria-labelledby="module-{number}-titre">'
                     f'<h3 id="module-{number}-titre">{module_heading(number, module)}</h3>'
                     + module_body(hub, src, module) + _questions(module)
                     + _trainer_notes(module) + "</article>")
    parts.append("</section>")
    return "".join(parts)


def handout_src_uri(slug: str) -> str:
    return f"parcours/{slug}/imprimer.md"


def is_handout(src_uri: str) -> bool:
    return src_uri.startswith("parcours/") and src_uri.endswith("/imprimer.md")
