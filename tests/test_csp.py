"""The Content-Security-Policy: in every page, in `_headers`, in the nginx snippet; and the
site works under it in Chromium with no violation and no request to another site.

To check a new page or feature under the policy (search, simulator...), add a `Scenario`
to SCENARIOS: a path and, if needed, an action on the Playwright page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import serve_directory
from conftest import ROOT, copy_hub
from hubia import theme
from hubia.theme import csp
from hubia.check.pipeline import check
from hubia.cli import main
from hubia.diagnostics import Severity
from hubia.generate import generated_pages
from hubia.render.links import Layout
from hubia.render.theme import Edition
from hubia.site.build import render
from hubia.site.output_scan import css_urls, scan
from inert import active_content

RICH = """
## Onglets

=== "Onglet 1"
    Premier contenu.

=== "Onglet 2"
    Second contenu.

!!! note "À retenir"
    Une note.

??? tip "Détail"
    Un détail replié.

| Gauche | Centre | Droite |
| :--- | :---: | ---: |
| a | b | c |

Une note de bas de page[^1] et une AIPD.

*[AIPD]: Analyse d'impact relative à la protection des données

[^1]: Le texte de la note.

```python
print("bonjour")
```

![Courbe de consommation](../images/courbe.png)
"""


@pytest.fixture(scope="module")
def rich_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small hub with a record using every Markdown extension the renderer enables."""
    hub = copy_hub(tmp_path_factory.mktemp("riche") / "hub")
    record = hub / "docs/retours-experience/atelier-energie.md"
    record.write_text(record.read_text(encoding="utf-8") + RICH, encoding="utf-8")
    assert main(["build", "--root", str(hub)]) == 0
    return hub / "site"


def _headers_of(site: Path) -> dict[str, str]:
    """The headers that `_headers` asks a host to send on every path."""
    lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "/*"
    return dict(line.strip().split(": ", 1) for line in lines[1:] if line.strip())


@pytest.fixture(scope="module")
def rich_server(rich_site: Path) -> Iterator[str]:
    served = serve_directory(rich_site, headers=_headers_of(rich_site))
    yield served.url
    served.server.shutdown()


# --- The policy in the files ------------------------------------------------------------------

_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def _policies(html: str) -> list[tuple[int, str]]:
    """Position and value (entities decoded, as a browser reads it) of each policy tag."""
    return [(m.start(), unescape(m.group(1))) for m in _POLICY_META.finditer(html)]


def test_every_page_has_the_policy_before_any_style_or_script(sample_site: Path) -> None:
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = _policies(html)
        assert [value for _, value in found] == [csp.policy()], page
        position = found[0][0]
        assert position < html.index("<link rel=\"stylesheet\"") and position < html.index(
            "<script"), page
        assert '<meta name="referrer" content="same-origin">' in html


def test_no_inline_script_is_left(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for attributes, code in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
            assert "src=" in attributes or 'type="application/json"' in attributes, (page, code)
            # Every script is a file of the theme, there in the site.
            src = re.search(r'\ssrc="([^"]+)"', attributes)
            if src:  # relative, or from the root of the site (404.html, served at any depth)
                path = src.group(1)[1:] if src.group(1).startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(page.relative_to(sample_site).as_posix()),
                                   src.group(1)))
                assert path.startswith(f"{theme.FOLDER}/"), (page, src.group(1))
                assert (sample_site / path).is_file(), (page, src.group(1))


def test_headers_file_holds_the_policy(sample_site: Path) -> None:
    headers = _headers_of(sample_site)
    assert headers == csp.headers()
    assert headers["Content-Security-Policy"] == csp.policy() + "; frame-ancestors 'none'"


def test_nginx_snippet_matches_the_policy() -> None:
    text = (ROOT / "deploiement/nginx-hub-ia.conf").read_text(encoding="utf-8")
    active = [line for line in text.splitlines() if line.startswith("add_header")]
    found = dict(re.fullmatch(r'add_header (\S+) "([^"]*)" always;', line).groups()
                 for line in active)
    assert found == csp.headers(), "recopiez les valeurs de hubia/csp.py dans le fichier nginx"


EDITIONS = {  # edition → whether its pages carry the policy
    "site": (Edition(), True),
    # `hubia serve`: the page reloads through a script file (theme/apercu.js), under the CSP.
    "aperçu": (Edition(preview=True), True),
    # Opened from file://, where 'self' matches nothing useful: no policy (and no server).
    "hors ligne": (Edition(Layout(directory_urls=False), offline=True), False),
}


@pytest.mark.parametrize("name", list(EDITIONS))
def test_policy_in_each_edition(tmp_path: Path, name: str) -> None:
    edition, with_policy = EDITIONS[name]
    report = check(copy_hub(tmp_path / "hub"), generated=generated_pages())
    assert not [d for d in report.problems if d.severity is Severity.ERROR]
    hub = report.hub
    render(hub, tmp_path / "site", edition, lambda _: None, 1)
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if page.name.startswith("dossier-"):  # standalone sheets, the same in every edition
            continue
        assert [value for _, value in _policies(html)] == ([csp.policy()] if with_policy
                                                           else []), page
        assert '<meta name="referrer" content="same-origin">' in html, page


def test_theme_templates_hold_no_inline_script_style_or_handler() -> None:
    """Nothing of the theme needs moving out of the pages: its scripts are files."""
    templates = sorted(theme.TEMPLATES.rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.DOTALL)
        assert all("src=" in attributes and not code.strip()
                   for attributes, code in scripts), template
        assert not re.search(r"\son[a-z]+=|\sstyle=|<style", text), template


# --- No active content, no third party in the output -----------------------------------------

def test_output_scan_finds_nothing_in_the_sample_site(sample_site: Path) -> None:
    assert scan(sample_site) == []


def test_no_page_or_stylesheet_loads_anything_from_another_site(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        assert active_content(page.read_text(encoding="utf-8")) == [], page
    for sheet in sample_site.rglob("*.css"):
        for url in css_urls(sheet.read_text(encoding="utf-8")):
            assert not re.match(r"^(https?:)?//", url.strip()), (sheet, url)


# --- In the browser -------------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    name: str
    path: str  # relative to the site's root
    action: Callable | None = None  # called with the Playwright page once it is loaded


def _tabs(page) -> None:  # noqa: ANN001 - Playwright page; tabs are radio buttons and CSS
    first, second = page.get_by_text("Premier contenu."), page.get_by_text("Second contenu.")
    assert first.is_visible() and second.is_hidden()
    page.get_by_text("Onglet 2", exact=True).click()
    assert page.locator("#__tabbed_1_2").is_checked()
    assert second.is_visible() and first.is_hidden()
    page.locator("#__tabbed_1_2").focus()  # the keyboard, as on any group of radio buttons
    page.keyboard.press("ArrowLeft")
    assert page.locator("#__tabbed_1_1").is_checked()
    assert first.is_visible() and second.is_hidden()


def _details(page) -> None:  # noqa: ANN001
    page.get_by_text("Détail", exact=True).click()
    assert page.locator("details.tip").get_attribute("open") is not None


def _back_to_top(page) -> None:  # noqa: ANN001 - the footer's « Haut de page » link
    page.set_viewport_size({"width": 1280, "height": 400})  # a page taller than the window
    header = "document.querySelector('header.hubia-entete').getBoundingClientRect()"
    page.keyboard.press("End")
    page.wait_for_function(f"() => {header}.bottom < 0")  # the header is out of sight
    page.locator("footer.hubia-pied").get_by_role("link", name="Haut de page").click()
    page.wait_for_function(f"() => {header}.top >= 0 && {header}.top < innerHeight")
    assert urlsplit(page.url).fragment == "hubia-haut"


def _search_page(page) -> None:  # noqa: ANN001 - Pagefind's WebAssembly runs under the policy
    page.locator("[data-hubia-recherche] [data-hubia-etat]").filter(
        has_text="résultat").wait_for()
    assert page.locator("[data-hubia-recherche] [data-hubia-resultats] li").count() >= 1


def _search_dialog(page) -> None:  # noqa: ANN001
    page.keyboard.press("Control+k")
    page.keyboard.type("chauffage")
    page.locator("[data-hubia-dialogue] [data-hubia-etat]").filter(has_text="résultat").wait_for()


def _simulator(page) -> None:  # noqa: ANN001
    page.get_by_label("Nombre de sites à équiper").fill("2")
    page.get_by_label("Investissement par site (€)").fill("1000")
    part = page.locator('[data-resultat="investissement-part"]')
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=part.element_handle())
    assert "1\u202f000" in part.inner_text()


SCENARIOS = [
    Scenario("accueil", ""),
    Scenario("liste des cas d'usage", "cas-usage/"),
    Scenario("fiche", "cas-usage/chauffage-ecoles/"),
    Scenario("onglets", "retours-experience/atelier-energie/", _tabs),
    Scenario("blocs repliés", "retours-experience/atelier-energie/", _details),
    Scenario("retour en haut", "retours-experience/atelier-energie/", _back_to_top),
    Scenario("codes d'erreur", "reference/codes-erreur/"),
    Scenario("page d'erreur", "404.html"),
    Scenario("page de recherche", "rechercher/?q=chauffage", _search_page),
    Scenario("fenêtre de recherche", "", _search_dialog),
    Scenario("simulateur de financement", "catalogue/chauffage-ecoles/", _simulator),
]
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_site_works_under_the_policy(watched_page, rich_server: str, scenario: Scenario) -> None:
    page = watched_page.page
    page.add_init_script(WATCH_VIOLATIONS)
    response = page.goto(rich_server + scenario.path)
    assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'")
    page.wait_for_load_state("networkidle")
    # The theme's scripts ran: each one the page lists was loaded, the search script set up
    # the header's button and the theme's script the menu's (hidden until it runs).
    scripts = page.evaluate("[...document.scripts].map(s => s.src)")
    assert scripts and all(src in watched_page.requests for src in scripts), scripts
    assert page.locator("[data-hubia-ouvrir]").get_attribute("role") == "button"
    assert page.locator("[data-hubia-menu]").get_attribute("hidden") is None
    if scenario.action:
        scenario.action(page)
    assert page.evaluate("window.__violations") == []
    assert watched_page.console_errors == []
    hosts = {urlsplit(url).hostname for url in watched_page.requests}
    assert hosts == {"127.0.0.1"}, watched_page.requests


def test_policy_really_blocks_an_injected_script(watched_page, rich_server: str) -> None:
    """The control: the same listener sees a violation when a script is slipped in."""
    page = watched_page.page
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(rich_server)
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.pirate = 1'; document.body.appendChild(s);
        const i = document.createElement('img'); i.src = 'https://suivi.exemple/p.gif';
        document.body.appendChild(i); }""")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pirate") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert any(v.startswith("img-src https://suivi.exemple/p.gif") for v in violations)


def test_sample_site_pages_request_nothing_outside(watched_page, sample_server) -> None:
    page = watched_page.page
    for path in ("", "parcours/", "cas-usage/", "demonstrateurs/", "retours-experience/",
                 "reference/format-des-fiches/", "demonstrateurs/eco-pilot/"):
        page.goto(sample_server.url + path)
        page.wait_for_load_state("networkidle")
    assert watched_page.console_errors == []
    assert {urlsplit(url).hostname for url in watched_page.requests} == {"127.0.0.1"}
