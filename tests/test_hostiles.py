"""The hostile corpus: each contribution is refused by `hubia check` with its code and line,
or neutralised in the output; and even with `hubia check` bypassed, the site stays inert.

fixtures/hostiles/docs/ holds hostile records, fixtures/hostiles/pages/ hand-written pages.
Hostile files (images, SVG, HTML, links) and pathological texts are made by the tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_hub, problems_of
from hubia.models import plain_text
from hubia.site import render_guard
from hubia.cli import main
from hubia.diagnostics import Severity
from hubia.site.build import BuildError, build
from hubia.check.pipeline import check
from hubia.generate import generated_pages
from inert import active_content, article
from test_check_errors import _marked_line

HOSTILE = FIXTURES / "hostiles"
R = "docs/retours-experience/"

# (fixture under hostiles/, code, line): line None means « the line marked ATTENDU ».
REFUSED = [
    (R + "script-brut.md", "html-dangereux", None),
    (R + "script-casse-melangee.md", "html-dangereux", None),
    (R + "img-onerror.md", "html-dangereux", None),
    (R + "img-barres-obliques.md", "html-dangereux", None),
    (R + "img-onerror-multiligne.md", "html-dangereux", None),
    (R + "svg-onload.md", "html-dangereux", None),
    (R + "svg-xlink.md", "html-dangereux", None),
    (R + "lien-javascript-markdown.md", "lien-dangereux", None),
    (R + "lien-javascript-html.md", "lien-dangereux", None),
    (R + "lien-javascript-entites.md", "lien-dangereux", None),
    (R + "lien-javascript-entites-markdown.md", "lien-dangereux", None),
    (R + "lien-javascript-tabulation.md", "lien-dangereux", None),
    (R + "lien-javascript-majuscules.md", "lien-dangereux", None),
    (R + "lien-javascript-image-dans-lien.md", "lien-dangereux", None),
    (R + "lien-vbscript.md", "lien-dangereux", None),
    (R + "lien-reference-javascript.md", "lien-dangereux", 19),
    (R + "lien-fichier-local.md", "lien-dangereux", None),
    (R + "lien-traversee.md", "lien-interne-casse", None),
    (R + "image-traversee.md", "lien-interne-casse", None),
    (R + "attr-list-onclick.md", "html-dangereux", 18),
    (R + "attr-list-href.md", "lien-dangereux", None),
    (R + "attr-list-style.md", "html-dangereux", 17),
    (R + "data-url-image.md", "lien-dangereux", None),
    (R + "data-url-lien.md", "lien-dangereux", None),
    (R + "iframe.md", "html-dangereux", None),
    (R + "object.md", "html-dangereux", None),
    (R + "embed.md", "html-dangereux", None),
    (R + "style-balise.md", "html-dangereux", None),
    (R + "style-attribut.md", "html-dangereux", None),
    (R + "formulaire.md", "html-dangereux", None),
    (R + "meta-refresh.md", "html-dangereux", None),
    (R + "base.md", "html-dangereux", None),
    (R + "math-mglyph.md", "html-dangereux", None),
    (R + "noscript-mutation.md", "html-dangereux", None),
    (R + "details-ontoggle.md", "html-dangereux", None),
    (R + "image-externe.md", "ressource-externe", None),
    (R + "image-externe-html.md", "ressource-externe", None),
    (R + "image-externe-antislash.md", "ressource-externe", None),
    (R + "video.md", "html-retire", None),
    (R + "email-corps.md", "email-personnel", None),
    (R + "email-entites.md", "email-personnel", None),
    (R + "email-mailto.md", "email-personnel", None),
    (R + "email-webmail.md", "email-personnel", None),
    (R + "email-code.md", "email-personnel", None),
    (R + "email-entete.md", "email-personnel", None),
    (R + "telephone-espaces.md", "telephone-personnel", None),
    (R + "telephone-international.md", "telephone-personnel", None),
    (R + "telephone-points.md", "telephone-personnel", None),
    (R + "telephone-colle.md", "telephone-personnel", None),
    (R + "telephone-entete.md", "telephone-personnel", None),
    (R + "yaml-bombe-alias.md", "yaml-alias", None),
    (R + "yaml-cle-fusion.md", "yaml-alias", None),
    (R + "yaml-imbrication.md", "yaml-invalide", None),
    ("docs/cas-usage/code-source-javascript.md", "valeur-invalide", None),
    ("docs/cas-usage/code-source-data.md", "valeur-invalide", None),
    ("docs/cas-usage/contact-piege.md", "valeur-invalide", None),
    ("docs/demonstrateurs/lien-javascript.md", "valeur-invalide", None),
    ("pages/macros-ssti.md", "macros-non-autorisees", None),
    ("pages/page-script.md", "html-dangereux", None),
    ("pages/page-alias.md", "yaml-alias", None),
    ("pages/page-email.md", "email-personnel", None),
    ("pages/Page Majuscule.md", "nom-fichier-invalide", 1),
    # Scripts in every front-matter text: refused as markup in plain text, and neutralised
    # by the card's escaping all the same when the check is bypassed (see `bypassed`).
    ("docs/cas-usage/script-fiche.md", "balise-dans-texte", 2),
    ("docs/demonstrateurs/lien-piege.md", "balise-dans-texte", 6),
]
# Accepted by hubia check (nothing a contributor must fix), made harmless in the output.
NEUTRALISED = [
    R + "entete-dans-le-texte.md",  # a second front matter in the body (template, macros)
    R + "dom-clobbering.md",  # ids of the theme's own elements
    R + "code-montre.md",  # scripts shown as code
]


def _target(hub: Path, fixture: str) -> Path:
    """Where a fixture goes in a hub: records in their section, pages at the top of docs/."""
    parts = Path(fixture).parts
    return hub / "docs" / (Path(*parts[1:]) if parts[0] == "docs" else parts[-1])


@pytest.mark.parametrize(("fixture", "code", "line"), REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_contribution_is_refused_with_code_and_line(hub_dir: Path, fixture: str,
                                                            code: str, line: int | None) -> None:
    target = _target(hub_dir, fixture)
    shutil.copy(HOSTILE / fixture, target)
    expected = line if line is not None else _marked_line(HOSTILE / fixture)
    rel = target.relative_to(hub_dir).as_posix()
    problems = problems_of(hub_dir)
    assert (code, expected) in [(d.code, d.line) for d in problems if d.path == rel], problems
    assert all(d.path == rel for d in problems), problems


@pytest.mark.parametrize("fixture", NEUTRALISED)
def test_neutralised_contribution_passes_check(hub_dir: Path, fixture: str) -> None:
    shutil.copy(HOSTILE / fixture, _target(hub_dir, fixture))
    assert [d for d in problems_of(hub_dir) if d.severity is Severity.ERROR] == []


def test_every_hostile_fixture_is_in_a_table() -> None:
    on_disk = {p.relative_to(HOSTILE).as_posix() for p in HOSTILE.rglob("*.md")}
    assert on_disk == {c[0] for c in REFUSED} | set(NEUTRALISED)


@pytest.fixture(scope="module")
def bypassed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Every hostile record built into a site with `hubia check` bypassed: the sanitiser,
    the escaping of the card and the output scan are all that stand in the way."""
    hub = copy_hub(tmp_path_factory.mktemp("hostile") / "hub")
    for file in (HOSTILE / "docs").rglob("*.md"):
        shutil.copy(file, hub / "docs" / file.relative_to(HOSTILE / "docs"))
    report = check(hub, generated=generated_pages())
    assert any(d.severity is Severity.ERROR for d in report.problems)  # check would refuse
    with pytest.MonkeyPatch.context() as patch:  # and the plain-text rule of the models too
        patch.setattr(plain_text, "_problem", lambda _text: None)
        report = check(hub, generated=generated_pages())
    build(report.hub, hub / "site", lambda _: None)
    return hub / "site", sorted(e.url for es in report.hub.records.values() for e in es.values())


def test_bypassed_build_publishes_every_readable_hostile_record(bypassed) -> None:
    site, urls = bypassed
    hostile = [u for u in urls if Path(u).name in {Path(f).stem for f in [*NEUTRALISED, *(
        c[0] for c in REFUSED)]}]
    assert len(hostile) >= 45  # the records whose front matter is valid were all rendered
    for url in urls:
        assert (site / url / "index.html").is_file(), url


def test_bypassed_build_output_is_inert(bypassed) -> None:
    site, _ = bypassed
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    for page in pages:
        assert active_content(page.read_text(encoding="utf-8")) == [], page


def test_sanitiser_removed_what_check_reported(bypassed) -> None:
    site, _ = bypassed
    html = article((site / "retours-experience/svg-xlink/index.html").read_text(encoding="utf-8"))
    assert "<svg" not in html and "javascript" not in html.lower()
    html = article((site / "retours-experience/image-externe/index.html").read_text(encoding="utf-8"))
    assert "suivi.exemple" not in html and 'alt="Pixel"' in html
    html = article((site / "retours-experience/attr-list-onclick/index.html").read_text(
        encoding="utf-8"))
    assert "Paragraphe piégé" in html and "onclick=" not in html


def test_front_matter_scripts_show_as_text(bypassed) -> None:
    site, _ = bypassed
    html = (site / "cas-usage/script-fiche/index.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(&#x27;titre&#x27;)&lt;/script&gt; Chauffage piégé</h1>" in html
    assert "&lt;img src=x onerror=alert(&#x27;resume&#x27;)&gt;" in html
    assert 'href="https://code.exemple.fr/x&quot;onmouseover=&quot;alert(1)"' in html
    html = (site / "demonstrateurs/lien-piege/index.html").read_text(encoding="utf-8")
    assert 'href="https://demo.exemple.fr/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_second_front_matter_in_body_is_plain_text(bypassed) -> None:
    site, _ = bypassed
    html = (site / "retours-experience/entete-dans-le-texte/index.html").read_text(
        encoding="utf-8")
    assert "Calcul : {{ 7 * 7 }} et {{ config.site_name }}." in html  # no macro ran
    assert "Titre piégé</title>" not in html and "Fiche hostile (entete-dans-le-texte)" in html
    # The usual template, not the one asked for.
    assert '<article class="hubia-contenu" id="hubia-contenu"' in html


def test_theme_ids_cannot_be_shadowed(bypassed) -> None:
    site, _ = bypassed
    html = (site / "retours-experience/dom-clobbering/index.html").read_text(encoding="utf-8")
    content = article(html)
    assert "Texte ordinaire après." in content  # the record itself is there
    for theme_id in ("hubia-contenu", "hubia-menu", "hubia-dialogue", "hubia-q", "__search"):
        assert theme_id not in content, theme_id
    assert html.count('id="hubia-contenu"') == 1  # the theme's own
    assert html.count('id="hubia-menu"') == 1


def test_code_examples_stay_visible(bypassed) -> None:
    site, _ = bypassed
    content = article((site / "retours-experience/code-montre/index.html").read_text(
        encoding="utf-8"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "onerror" in content and active_content(content) == []


# --- Files of docs/ ----------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

FILES = [
    ("images/schema.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
     "image-svg"),
    ("images/photo.png", b"<html><script>alert(1)</script></html>", "fichier-interdit"),
    ("cas-usage/page.html", b"<script>alert(1)</script>", "fichier-interdit"),
    ("cas-usage/outil.js", b"alert(1)", "fichier-interdit"),
    ("images/anim.swf", b"FWS", "fichier-interdit"),
    ("images/tableau.csv", b"a,b\n<script>,x\n", "fichier-interdit"),
    ("images/Photo École 1.png", PNG, "nom-fichier-invalide"),
    ("images/photo ecole.png", PNG, "nom-fichier-invalide"),
    ("images/-rf.png", PNG, "nom-fichier-invalide"),
    ("Images/photo.png", PNG, "nom-fichier-invalide"),
    ("images/grande.png", PNG + b"\x00" * (1024 * 1024 + 1), "image-trop-lourde"),
]


@pytest.mark.parametrize(("name", "content", "code"), FILES, ids=[f[0] for f in FILES])
def test_hostile_file_is_refused(hub_dir: Path, name: str, content: bytes, code: str) -> None:
    file = hub_dir / "docs" / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    problems = problems_of(hub_dir)
    assert [(d.path, d.code, d.line) for d in problems] == [
        (file.relative_to(hub_dir).as_posix(), code, 1)]


def test_image_size_cap_comes_from_settings(hub_dir: Path) -> None:
    (hub_dir / "docs/images/moyenne.png").write_bytes(PNG + b"\x00" * 300 * 1024)
    assert problems_of(hub_dir) == []
    settings = hub_dir / "data/securite.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "taille_max_image_ko: 1024", "taille_max_image_ko: 200"), encoding="utf-8")
    assert [d.code for d in problems_of(hub_dir)] == ["image-trop-lourde"]


def test_symbolic_links_are_refused(hub_dir: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", encoding="utf-8")
    (hub_dir / "docs/images/secret.png").symlink_to(secret)
    (hub_dir / "docs/dossier-lie").symlink_to(tmp_path, target_is_directory=True)
    found = {(d.path, d.code) for d in problems_of(hub_dir)}
    assert found == {("docs/images/secret.png", "fichier-interdit"),
                     ("docs/dossier-lie", "fichier-interdit")}


def test_code_folders_are_exempt(hub_dir: Path) -> None:
    (hub_dir / "docs/javascripts").mkdir(exist_ok=True)
    (hub_dir / "docs/javascripts/outil.js").write_text("console.log(1)", encoding="utf-8")
    assert problems_of(hub_dir) == []


def test_output_scan_stops_a_file_that_check_would_refuse(tmp_path: Path) -> None:
    """Bypassing check, an SVG or HTML file copied from docs/ fails the build; the previous
    site stays and no staging folder is left behind."""
    hub = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    before = (hub / "site/index.html").read_bytes()
    (hub / "docs/images/schema.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    (hub / "docs/images/page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    report = check(hub, generated=generated_pages())
    with pytest.raises(BuildError) as error:
        build(report.hub, hub / "site", lambda _: None)
    message = str(error.value)
    assert "images/schema.svg" in message and "images/page.html:1: script en ligne" in message
    assert (hub / "site/index.html").read_bytes() == before
    assert not (hub / "site/images/schema.svg").exists()
    assert [p.name for p in tmp_path.glob("hub/.site-*")] == []


# --- Texts built to hang or crash the renderer -------------------------------------------------

def _body(text: str) -> str:
    head = (HOSTILE / (R + "script-brut.md")).read_text(encoding="utf-8").split("## Compte")[0]
    return head + text


PATHOLOGICAL = [  # the text starts at line 13
    ("crochets", "Intro.\n\n" + "[" * 5000 + "\n", 15),
    ("liens-ouverts", "Intro.\n\n" + "[a](" * 2000 + "\n", 15),
    ("notes", "Intro.\n\n" + "[^" * 5000 + "\n", 15),
    ("listes", "".join("    " * i + "- x\n" for i in range(300)), 26),
    ("citations", "".join(">" * i + " x\n" for i in range(1, 40)), 28),
    ("balises", "Intro.\n\n" + "<a " * 5000 + "\n", 15),
    ("definitions", "".join(f"t{i}\n:   d\n" for i in range(400)), 614),
    ("intertitres", "".join(f"## T{i}\n\n" for i in range(400)), 613),
    ("crochets-multiples", ("[" * 200 + "\n\n") * 20, 33),
    ("code-en-ligne", "Intro.\n\n" + "`a` " * 6000 + "\n", 15),
    ("blocs-de-code", "```\na\n```\n" * 2000, 13 + 3 * 1666 + 2),
    ("intertitres-soulignes", "Titre\n=====\n\n" * 400, 13 + 3 * 300 + 1),
    ("onglets", '=== "Onglet"\n    texte\n' * 250, 13 + 2 * 200),
]


@pytest.mark.parametrize(("name", "text", "line"), PATHOLOGICAL, ids=[p[0] for p in PATHOLOGICAL])
def test_pathological_text_is_refused(hub_dir: Path, name: str, text: str, line: int) -> None:
    (hub_dir / f"docs/retours-experience/{name}.md").write_text(_body(text), encoding="utf-8")
    problems = [(d.code, d.line) for d in problems_of(hub_dir)]
    assert problems == [("markdown-trop-complexe", line)]


def test_ordinary_rich_text_is_within_budget(hub_dir: Path) -> None:
    text = "".join(f"## Partie {i}\n\n- [lien {i}](https://exemple.fr/{i})\n  - détail "
                   f"<abbr title='x'>IA</abbr>\n\n> citation\n> > réponse\n\n" for i in range(60))
    (hub_dir / "docs/retours-experience/riche.md").write_text(_body(text), encoding="utf-8")
    assert problems_of(hub_dir) == []


@pytest.mark.parametrize("text", ["t\n:   d\n" * 1200,
                                  "Intro.\n\n" + "[" * 30000 + "\n"], ids=["recursion", "lenteur"])
def test_build_never_crashes_on_pathological_text(tmp_path: Path, monkeypatch, text: str) -> None:
    """With check bypassed, a text that overflows the renderer's stack or would take minutes
    stops the build with a French error (time limit per page), previous site intact."""
    hub = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    before = (hub / "site/index.html").read_bytes()
    (hub / "docs/retours-experience/piege.md").write_text(_body(text), encoding="utf-8")
    monkeypatch.setattr(render_guard, "PAGE_SECONDS", 1.0)
    report = check(hub, generated=generated_pages())
    with pytest.raises(BuildError) as error:
        build(report.hub, hub / "site", lambda _: None)
    assert re.search(r"RecursionError|met plus de 1 s à se construire", str(error.value))
    assert (hub / "site/index.html").read_bytes() == before
    assert [p.name for p in tmp_path.glob("hub/.site-*")] == []


def test_hostile_hub_build_ends_in_french_without_traceback(tmp_path: Path, capsys) -> None:
    hub = copy_hub(tmp_path / "hub")
    for file in (HOSTILE / "docs").rglob("*.md"):
        shutil.copy(file, hub / "docs" / file.relative_to(HOSTILE / "docs"))
    (hub / "docs/retours-experience/enorme.md").write_text("---\n" + "x" * 300_000,
                                                           encoding="utf-8")
    assert main(["build", "--root", str(hub)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert "Construction annulée" in captured.err and not (hub / "site").exists()
    assert [p.name for p in hub.glob(".site-*")] == []
