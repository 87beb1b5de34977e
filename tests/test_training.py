"""Course material in the built hub: modules, trainer notes, handouts, glossary, agenda."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from html import escape, unescape
from pathlib import Path

import pytest

from conftest import ROOT, menu_links
from hubia.generate.glossary import Terms
from hubia.models.formation import Glossaire, Terme
from hubia.generate import links
from hubia.render.links import Layout
from hubia.text.fold import fold
from hubia.check.pipeline import check
from hubia.generate import generated_pages


@pytest.fixture(scope="module")
def hub():
    report = check(ROOT, generated=generated_pages())
    assert report.hub is not None and not report.problems
    return report.hub


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _target(site: Path, page: str, href: str) -> Path:
    """The file a relative href of `page` (a path under the site) opens."""
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return site / path / "index.html" if href.split("#")[0].endswith("/") else site / path


def test_sample_tracks_are_real_courses(hub) -> None:
    tracks = hub.parcours()
    assert len(tracks) == 4
    for track in tracks:
        modules = track.record.modules
        assert len(modules) >= 3, track.slug
        for module in modules:
            assert module.exemple, "invented module content must be marked illustrative"
            assert module.activites and module.questions and module.notes_formateur
        assert any(a.cas_usage for m in modules for a in m.activites), track.slug


def test_track_page_presents_modules_in_order(sample_site: Path, hub) -> None:
    for track in hub.parcours():
        html = _html(sample_site, f"parcours/{track.slug}/index.html")
        positions = [html.index(f'<h3 id="module-{n}-titre">Module {n} : '
                                f"{escape(module.titre)}</h3>")
                     for n, module in enumerate(track.record.modules, 1)]
        assert positions == sorted(positions), track.slug
        questions = [q for m in track.record.modules for q in m.questions]
        folded = re.findall(r'<details class="question"><summary>(.*?)</summary><p>(.*?)</p>'
                            r"</details>", html)
        # The answer is in the page, folded inside <details> until the reader opens it.
        text = lambda fragment: unescape(re.sub(r"<[^>]+>", "", fragment))  # noqa: E731
        assert [(text(q), text(a)) for q, a in folded] == [
            (q.question, q.reponse) for q in questions]
        assert "<details class=\"question\" open" not in html


def test_trainer_notes_are_hidden_on_the_page_and_never_in_the_handout(sample_site: Path,
                                                                       hub) -> None:
    for track in hub.parcours():
        page = _html(sample_site, f"parcours/{track.slug}/index.html")
        handout = _html(sample_site, f"parcours/{track.slug}/imprimer/index.html")
        hidden = "".join(re.findall(r'<div class="hubia-notes-formateur" '
                                    r'data-hubia-notes-formateur hidden role="note">.*?</ul></div>',
                                    page))
        for module in track.record.modules:
            for note in module.notes_formateur:
                assert escape(note) in hidden, note
                assert page.count(escape(note)) == 1, "a note only ever sits in its hidden block"
                assert escape(note) not in handout and note not in handout
        assert "hubia-notes-formateur" not in handout
        assert 'data-hubia-vue-formateur aria-pressed="false" hidden' in page


def test_activities_link_to_the_use_cases_they_study(sample_site: Path, hub) -> None:
    for track in hub.parcours():
        page = f"parcours/{track.slug}/index.html"
        html = _html(sample_site, page)
        for module in track.record.modules:
            for activity in module.activites:
                for slug in activity.cas_usage:
                    href = f"../../cas-usage/{slug}/"
                    assert f'href="{href}"' in html, (track.slug, slug)
                    assert _target(sample_site, page, href).is_file()


def test_handout_has_track_modules_cases_glossary_and_answers(sample_site: Path, hub) -> None:
    for track in hub.parcours():
        html = _html(sample_site, f"parcours/{track.slug}/imprimer/index.html")
        assert f"<h1>{escape(track.record.titre)}</h1>" in html
        assert html.count('<section class="hubia-module"><h2>Module ') == len(
            track.record.modules)
        for case in hub.linked("cas-usage", "parcours", track.slug):
            assert escape(case.record.resume) in html
        assert "<h2>Glossaire</h2>" in html and "<h2>Éléments de réponse</h2>" in html
        assert "hubia-terme" not in html  # paper has no tooltips: the glossary is printed
        assert 'href="../"' in html  # back to the track page
    nav = menu_links(_html(sample_site, "index.html"))
    assert not [link for link in nav if "imprimer" in link]
    assert "formation/agenda/" in nav and "glossaire/" in nav


def test_handout_of_a_long_track_prints_the_most_recent_cases_and_counts_the_others(
        hub, monkeypatch) -> None:
    from hubia.generate import courses
    from hubia.generate.modules import handout_src_uri

    track = max(hub.parcours(), key=lambda t: len(hub.linked("cas-usage", "parcours", t.slug)))
    cases = hub.linked("cas-usage", "parcours", track.slug)
    assert len(cases) >= 2
    monkeypatch.setattr(courses, "HANDOUT_CASES", 1)
    html = courses.pages(hub)[handout_src_uri(track.slug)]
    newest = max(cases, key=lambda c: (c.record.mis_a_jour, c.slug))
    assert escape(newest.record.resume) in html
    assert not [c for c in cases if c is not newest and escape(c.record.resume) in html]
    assert f"Le parcours compte {len(cases)} cas d'usage" in html
    assert "page du parcours</a> les liste tous." in html


def test_glossary_page_defines_every_term_and_links_to_records(sample_site: Path, hub) -> None:
    terms = hub.glossaire.termes
    assert len(terms) >= 40
    required = {"IA générative", "LLM", "Apprentissage supervisé", "Frugalité", "AIPD",
                "AI Act", "RGPD", "SecNumCloud", "GTB", "Hallucination",
                "Données d'entraînement"}
    assert required <= {t.terme for t in terms}
    page = "glossaire/index.html"
    html = _html(sample_site, page)
    assert "hubia-terme" not in html  # the glossary page explains itself
    for term in terms:
        assert f"<dt id=\"terme-{re.sub(r'[^a-z0-9]+', '-', fold(term.terme)).strip('-')}\">" \
               f"{escape(term.terme)}</dt>" in html
    hrefs = re.findall(r'<dd>.*?</dd>', html)
    targets = [h for dd in hrefs for h in re.findall(r'href="([^"]+)"', dd)]
    assert len(targets) >= sum(len(t.fiches) for t in terms)
    assert all(_target(sample_site, page, h).is_file() for h in targets)


def test_first_use_of_a_term_is_explained_once_per_page(sample_site: Path, hub) -> None:
    terms = Terms(hub.glossaire)
    index = {fold(s): t.terme for t in terms.terms for s in (t.terme, *t.formes)}
    explained = 0
    for file in sample_site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        used = re.findall(r'<abbr class="hubia-terme" title="([^"]*)" tabindex="0">(.*?)</abbr>',
                          html, re.DOTALL)
        names = [index[fold(unescape(text).replace("\u00a0", " ")).replace("\n", " ")]
                 if fold(unescape(text)) in index else fold(unescape(text)) for _, text in used]
        assert all(n == 1 for n in Counter(names).values()), (file, names)
        for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", html, re.DOTALL):
            assert "hubia-terme" not in heading, file
        for link in re.findall(r"<a [^>]*>.*?</a>", html, re.DOTALL):
            assert "hubia-terme" not in link, file
        explained += bool(used)
    assert explained >= 30


def test_agenda_page_links_each_session_to_its_module(sample_site: Path, hub) -> None:
    page = "formation/agenda/index.html"
    html = _html(sample_site, page)
    assert '<h2 id="jour-1">' in html and '<h2 id="jour-2">' in html
    assert "Exemple fictif" in html
    sessions = re.findall(r'<a href="([^"]+#module-\d+)">Module \d+ : ', html)
    slots = [s for day in hub.agenda.journees for s in day.creneaux if s.module]
    assert len(sessions) == len(slots) == 12
    for href in sessions:
        target = _target(sample_site, page, href)
        assert f'id="{href.split("#")[1]}"' in target.read_text(encoding="utf-8")
    assert html.count("<th scope=\"col\">Horaire</th>") == 2
    assert "9\u00a0h\u00a0– 9\u00a0h\u00a030" in html


# The models refuse markup in a definition (models/plain_text.py): this one is built without
# validation, to prove that the glossary's escaping protects the page on its own.
GLOSSARY = Glossaire.model_construct(termes=[
    Terme.model_construct(terme="IA", definition="Intelligence <artificielle>", formes=[],
                          fiches=[]),
    *Glossaire(termes=[
    {"terme": "IA générative", "definition": "Produit du contenu."},
    {"terme": "Données d'entraînement", "definition": "Exemples."},
    {"terme": "Hallucination", "formes": ["hallucinations"], "definition": "Erreur."}]).termes])


@pytest.mark.parametrize(("html", "expected"), [
    ("<p>Une IA générative et une IA.</p>",
     '<p>Une <abbr class="hubia-terme" title="Produit du contenu." tabindex="0">IA générative'
     '</abbr> et une <abbr class="hubia-terme" title="Intelligence &lt;artificielle&gt;" '
     'tabindex="0">IA</abbr>.</p>'),
    ("<p>ia, via, IA-friendly</p>", "<p>ia, via, IA-friendly</p>"),  # acronyms match as written
    ("<h2>IA</h2><a href='x'>IA</a><code>IA</code><div hidden><p>IA</p><div>x</div></div>"
     "<p>IA</p>",
     "<h2>IA</h2><a href='x'>IA</a><code>IA</code><div hidden><p>IA</p><div>x</div></div>"
     '<p><abbr class="hubia-terme" title="Intelligence &lt;artificielle&gt;" tabindex="0">IA'
     "</abbr></p>"),
    ("<p>Les Hallucinations, les données d\u2019entraînement, une hallucination</p>",
     '<p>Les <abbr class="hubia-terme" title="Erreur." tabindex="0">Hallucinations</abbr>, '
     'les <abbr class="hubia-terme" title="Exemples." tabindex="0">données\u2019entraînement'
     "</abbr>, une hallucination</p>".replace("données\u2019", "données d\u2019")),
    ("<p>des données d&#x27;entraînement</p>",
     '<p>des <abbr class="hubia-terme" title="Exemples." tabindex="0">données d&#x27;'
     "entraînement</abbr></p>"),
])
def test_annotate_marks_only_the_first_visible_use(html: str, expected: str) -> None:
    assert Terms(GLOSSARY).annotate(html) == expected


@pytest.mark.parametrize(("source", "target", "directory", "file"), [
    ("index.md", "cas-usage/x.md", "cas-usage/x/", "cas-usage/x.html"),
    ("cas-usage/x.md", "index.md", "../../", "../index.html"),
    ("cas-usage/x.md", "cas-usage/index.md", "../", "index.html"),
    ("parcours/a.md", "parcours/a/imprimer.md", "imprimer/", "a/imprimer.html"),
    ("parcours/a/imprimer.md", "parcours/a.md", "../", "../a.html"),
    ("formation/agenda.md", "glossaire.md", "../../glossaire/", "../glossaire.html"),
])
def test_links_follow_the_url_layout(source: str, target: str, directory: str,
                                     file: str) -> None:
    """Generators link docs paths; each layout turns the link into its own URL."""
    written = f'<a href="{links.href(source, target)}">'
    for layout, expected in ((Layout(), directory), (Layout(directory_urls=False), file)):
        assert layout.link(source, target) == expected
        assert layout.resolve(written, source, frozenset()) == f'<a href="{expected}">'


def test_relative_maps_directory_urls_of_records_and_listings() -> None:
    for url, online, offline in (
            ("cas-usage/x/", "../../cas-usage/x/", "../cas-usage/x.html"),
            ("cas-usage/", "../../cas-usage/", "../cas-usage/index.html"),
            ("", "../../", "../index.html")):
        written = f'<a href="{links.relative("parcours/a.md", url)}#s">'
        for layout, expected in ((Layout(), online), (Layout(directory_urls=False), offline)):
            assert layout.resolve(written, "parcours/a.md", frozenset()) == (
                f'<a href="{expected}#s">')
