"""Training pages: the glossary, the agenda of the workshop days, one handout per track."""

from __future__ import annotations

import json
import re
from html import escape
from itertools import groupby

from .glossary import Terms
from ..hub import Entry, Hub
from ..models.formation import Creneau, Terme
from ..text import french
from .modules import ILLUSTRATIVE, handout_src_uri, module_body, module_heading, total_hours
from .links import href, record_link
from ..check.training import resolve_module
from ..text.fold import fold

GLOSSAIRE = "glossaire.md"
AGENDA = "formation/agenda.md"
PATHS = (GLOSSAIRE, AGENDA)
EXAMPLE_BADGE = ' <span class="hubia-badge">Exemple fictif</span>'
# Use cases a handout prints with their summary: a workshop discusses a few, and a track of a
# large hub has hundreds (the handout was the heaviest page of the site, EcoIndex D, and
# dozens of printed pages). The others are named by their number and the address of the
# track's page, which lists them all.
HANDOUT_CASES = 10
AGENDA_BANNER = (
    '<div class="admonition warning hubia-exemple" role="note">'
    '<p class="admonition-title">Exemple fictif</p>'
    "<p>Les horaires, le découpage et les intervenants de cet agenda sont inventés pour "
    "illustrer le hub. Les deux journées d'ateliers pour les agents et les élus, elles, sont "
    "bien la première phase du programme.</p></div>")


def term_id(term: Terme) -> str:
    return "terme-" + re.sub(r"[^a-z0-9]+", "-", fold(term.terme)).strip("-")


def _record_links(hub: Hub, src: str, refs: list[str]) -> str:
    return ", ".join(record_link(hub, src, *ref.split("/", 1)) for ref in refs)


def _glossary_page(hub: Hub) -> str:
    parts = ["# Glossaire\n",
             "<p>Les mots de l'intelligence artificielle et de son cadre juridique qu'un agent "
             "ou un élu rencontre dans le hub, expliqués simplement. Sur chaque page du hub, la "
             "première occurrence d'un de ces termes affiche sa définition quand on la survole "
             "ou qu'on l'atteint avec la touche Tab.</p>"]
    terms = sorted(hub.glossaire.termes if hub.glossaire else [], key=lambda t: fold(t.terme))
    if not terms:
        parts.append("<p>Le glossaire est vide pour l'instant.</p>")
    for letter, group in groupby(terms, key=lambda t: fold(t.terme)[:1].upper()):
        items = []
        for term in group:
            details = f"<p>{escape(term.definition)}</p>"
            if term.formes:
                details += ("<p>Autres formes : "
                            + ", ".join(escape(f) for f in term.formes) + "</p>")
            if term.fiches:
                details += f"<p>Dans le hub : {_record_links(hub, GLOSSAIRE, term.fiches)}</p>"
            items.append(f'<dt id="{term_id(term)}">{escape(term.terme)}</dt><dd>{details}</dd>')
        parts.append(f'<h2 id="lettre-{escape(letter.lower())}">{escape(letter)}</h2>'
                     f'<dl class="hubia-glossaire">{"".join(items)}</dl>')
    return "\n\n".join(parts) + "\n"


def _session(hub: Hub, slot: Creneau) -> str:
    if slot.parcours is None or slot.module is None:
        return escape(slot.titre or "")
    track = hub.records.get("parcours", {}).get(slot.parcours)
    index = resolve_module(track.record, slot.module) if track else None
    if index is None:  # reported by hubia check; never built
        return escape(slot.titre or slot.parcours)
    module = track.record.modules[index]
    link = href(AGENDA, track.src_uri, f"module-{index + 1}")
    text = (f'<a href="{escape(link)}">{module_heading(index + 1, module)}</a>'
            f"<br>Parcours « {escape(track.record.titre)} »")
    if slot.titre:
        text = f"{escape(slot.titre)}<br>" + text
    return text


def _agenda_page(hub: Hub) -> str:
    agenda = hub.agenda
    parts = [f"# {escape(agenda.titre) if agenda else 'Agenda des ateliers'}\n"]
    if agenda is None:
        return parts[0] + "\n<p>L'agenda des ateliers n'est pas encore publié.</p>\n"
    if agenda.exemple:
        parts.append(AGENDA_BANNER)
    if agenda.presentation:
        parts.append(f"<p>{escape(agenda.presentation)}</p>")
    if agenda.public:
        parts.append(f"<p><strong>Public</strong> : {escape(agenda.public)}</p>")
    for day in sorted(agenda.journees, key=lambda d: d.jour):
        when = f" ({french.date(day.date)})" if day.date else ""
        heading = f"Jour {day.jour} : {escape(day.titre)}{when}"
        rows = "".join(
            f"<tr><td>{french.time(s.debut)}\u00a0– {french.time(s.fin)}</td>"
            f"<td>{_session(hub, s)}</td><td>{escape(s.groupe or 'Tous')}</td>"
            f"<td>{escape(s.intervenant or '—')}</td></tr>" for s in day.creneaux)
        parts.append(
            f'<h2 id="jour-{day.jour}">{heading}</h2>'
            f'<table><caption class="hubia-lecteur-ecran">Programme du jour {day.jour}</caption>'
            '<thead><tr><th scope="col">Horaire</th><th scope="col">Séance</th>'
            '<th scope="col">Groupe</th><th scope="col">Intervenant</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")
    handouts = [f'<li><a href="{escape(href(AGENDA, handout_src_uri(t.slug)))}">'
                f"{escape(t.record.titre)}</a></li>" for t in hub.parcours() if t.record.modules]
    if handouts:
        parts.append('<h2 id="supports">Supports imprimables</h2><p>Un support par parcours, à '
                     "imprimer ou à enregistrer en PDF pour les participants :</p>"
                     f"<ul>{''.join(handouts)}</ul>")
    return "\n\n".join(parts) + "\n"


def _front_matter(title: str) -> str:
    # JSON strings are valid YAML; the theme's templates escape the title when they print it.
    return ("---\n"
            f"title: {json.dumps(title, ensure_ascii=False)}\n"
            "hide:\n  - navigation\n  - toc\n"
            "search:\n  exclude: true\n"
            "---\n\n")


def _track_text(hub: Hub, entry: Entry, cases: list[Entry]) -> str:
    """Everything the handout says, to find the glossary terms it uses."""
    track = entry.record
    texts = [track.titre, track.resume, entry.body]
    for module in track.modules:
        texts += [module.titre, *module.objectifs, *module.prerequis]
        texts += [f"{a.titre} {a.consigne}" for a in module.activites]
        texts += [f"{s.titre} {s.description or ''}" for s in module.supports]
        texts += [f"{q.question} {q.reponse}" for q in module.questions]
    texts += [f"{case.record.titre} {case.record.resume}" for case in cases]
    return "\n".join(texts)


def printed_cases(cases: list[Entry]) -> list[Entry]:
    """The use cases a handout prints: all of a short track, else the most recently updated."""
    if len(cases) <= HANDOUT_CASES:
        return cases
    recent = sorted(cases, key=lambda c: (c.record.mis_a_jour, c.slug), reverse=True)
    shown = {c.slug for c in recent[:HANDOUT_CASES]}
    return [c for c in cases if c.slug in shown]


def _handout(hub: Hub, entry: Entry, terms: Terms) -> str:
    track, src = entry.record, handout_src_uri(entry.slug)
    every_case = hub.linked("cas-usage", "parcours", entry.slug)
    cases = printed_cases(every_case)
    slugs = {f"parcours/{entry.slug}", *(f"cas-usage/{c.slug}" for c in cases)}
    used = terms.used_in(_track_text(hub, entry, cases))
    used += [t for t in terms.terms if t not in used and slugs & set(t.fiches)]
    used.sort(key=lambda t: fold(t.terme))
    parts = ['<p class="hubia-type">Support de formation · Hub IA</p>',
             f"<h1>{escape(track.titre)}</h1>",
             f'<p class="hubia-resume">{escape(track.resume)}</p>',
             '<p class="hubia-ecran-seulement"><button type="button" class="hubia-bouton '
             'hubia-bouton--principal" data-hubia-imprimer hidden>Imprimer ce support</button> '
             f'<a href="{escape(href(src, entry.src_uri))}">Retour à la page du parcours</a></p>']
    if any(module.exemple for module in track.modules):
        parts.append('<p class="hubia-exemple">Les modules marqués « Contenu illustratif » sont '
                     "des exemples : le contenu réel des ateliers n'est pas encore documenté "
                     "dans le hub.</p>")
    rows = "".join(f"<tr><td>{n}</td><td>{escape(m.titre)}"
                   f"{' ' + ILLUSTRATIVE if m.exemple else ''}</td>"
                   f"<td>{french.hours(m.duree_heures)}</td></tr>"
                   for n, m in enumerate(track.modules, 1))
    parts.append(
        f"<section><h2>Programme</h2><p>{total_hours(track)}.</p>"
        '<table><caption class="hubia-lecteur-ecran">Modules du parcours</caption><thead><tr>'
        '<th scope="col">N°</th><th scope="col">Module</th><th scope="col">Durée</th></tr>'
        f"</thead><tbody>{rows}</tbody></table></section>")
    for number, module in enumerate(track.modules, 1):
        questions = "".join(f"<li>{escape(q.question)}</li>" for q in module.questions)
        parts.append(f'<section class="hubia-module"><h2>{module_heading(number, module)}</h2>'
                     + module_body(hub, src, module).replace("<h4>", "<h3>")
                     .replace("</h4>", "</h3>")
                     + (f"<h3>Questions pour vérifier ses acquis</h3><ol>{questions}</ol>"
                        if questions else "") + "</section>")
    if cases:
        items = "".join(
            f"<h3>{record_link(hub, src, 'cas-usage', c.slug)}"
            f"{EXAMPLE_BADGE if c.record.exemple else ''}</h3><p>{escape(', '.join(hub.communes.name(x) for x in c.record.communes))} · "
            f"{escape(c.record.statut.label)}</p><p>{escape(c.record.resume)}</p>"
            for c in cases)
        more = ""
        if len(every_case) > len(cases):
            page = escape(href(src, entry.src_uri))
            more = (f"<p>Le parcours compte {french.number(len(every_case))} cas d'usage ; ce "
                    f"support présente les {len(cases)} mis à jour le plus récemment. La "
                    f'<a href="{page}">page du parcours</a> les liste tous.</p>')
        parts.append(f'<section class="hubia-module"><h2>Cas d\'usage du parcours</h2>{more}'
                     f"{items}</section>")
    if used:
        items = "".join(f"<dt>{escape(t.terme)}</dt><dd>{escape(t.definition)}</dd>"
                        for t in used)
        parts.append('<section class="hubia-module"><h2>Glossaire</h2>'
                     f'<dl class="hubia-glossaire">{items}</dl></section>')
    answers = "".join(
        f"<h3>{module_heading(n, m)}</h3><ol>"
        + "".join(f"<li><p>{escape(q.question)}</p><p>{escape(q.reponse)}</p></li>"
                  for q in m.questions) + "</ol>"
        for n, m in enumerate(track.modules, 1) if m.questions)
    if answers:
        parts.append(f'<section class="hubia-module"><h2>Éléments de réponse</h2>{answers}'
                     "</section>")
    parts.append(f'<p class="hubia-support-pied">Parcours mis à jour le '
                 f"{french.date(track.mis_a_jour)} · Hub IA, programme « "
                 f"{escape(hub.programme.nom)} » "
                 f"{escape(french.of(hub.communes.territoire.avec_article))}.</p>")
    # One HTML block without blank lines, so that Markdown leaves it as it is.
    return (_front_matter(f"Support imprimable : {track.titre}")
            + '<div class="hubia-support" data-pagefind-ignore="all">' + "".join(parts)
            + "</div>\n")


def pages(hub: Hub) -> dict[str, str]:
    terms = Terms(hub.glossaire)
    found = {GLOSSAIRE: _glossary_page(hub), AGENDA: _agenda_page(hub)}
    for entry in hub.parcours():
        if entry.record.modules:
            found[handout_src_uri(entry.slug)] = _handout(hub, entry, terms)
    return found
