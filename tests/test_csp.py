"""The Content-Security-Policy: in every page, in `_headers`, in the nginx snippet; and the
site works under it in Chromium with no violation and no request to another site.

To check a new page or feature under the policy (search, simulator...), add a `Scenario`
to SCENARIOS: a path and, if needed, an action on the Playwright page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from browser import serve_directory
from conftest import ROOT, copy_hub
from hubia.theme import csp
from hubia.cli import main
from hubia.site.mkdocs_plugin import HubiaPlugin
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
    """The small hub with a record using every extension of mkdocs.yml."""
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

def test_every_page_has_the_policy_before_any_style_or_script(sample_site: Path) -> None:
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 30
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp.policy()}">'
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count(meta) == 1, page
        position = html.index(meta)
        assert position < html.index("<link rel=\"stylesheet\"") and position < html.index(
            "<script"), page
        assert '<meta name="referrer" content="same-origin">' in html


def test_no_inline_script_is_left(sample_site: Path) -> None:
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for attributes, code in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
            assert "src=" in attributes or 'type="application/json"' in attributes, (page, code)
    moved = list((sample_site / csp.SCRIPT_DIR).glob("*.js"))
    assert moved and all("__md" in f.read_text(encoding="utf-8") or "tabbed" in
                         f.read_text(encoding="utf-8") for f in moved)


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


def test_live_preview_leaves_the_policy_out() -> None:
    plugin = HubiaPlugin()
    config = SimpleNamespace(extra={})
    assert plugin._security_context({}, config)["hubia_csp"] == csp.policy()
    offline = SimpleNamespace(extra={"hors_ligne": True})  # Material's search shim, file://
    assert plugin._security_context({}, offline)["hubia_csp"] is None
    plugin.on_startup(command="serve", dirty=False)  # its reloading script is inline
    assert plugin._security_context({}, config)["hubia_csp"] is None


def test_theme_scripts_move_out_of_the_page_but_content_scripts_do_not(tmp_path: Path) -> None:
    html = ('<head><script>var a=1</script><script id="c" type="application/json">{}</script>'
            '</head><article><script>alert(1)</script></article><script src="x.js"></script>')
    written: set[str] = set()
    out = csp.externalize_inline_scripts(html, "../..", tmp_path, written)
    [name] = written
    assert out.startswith(f'<head><script src="../../{name}"></script>'
                          '<script id="c" type="application/json">{}</script>')
    assert "<article><script>alert(1)</script></article>" in out  # left for the scan to stop
    assert (tmp_path / name).read_text(encoding="utf-8") == "var a=1"


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


def _tabs(page) -> None:  # noqa: ANN001 - Playwright page
    page.get_by_text("Onglet 2", exact=True).click()
    assert page.locator("#__tabbed_1_2").is_checked()
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.endsWith('__tabs'))")


def _details(page) -> None:  # noqa: ANN001
    page.get_by_text("Détail", exact=True).click()
    assert page.locator("details.tip").get_attribute("open") is not None


def _back_to_top(page) -> None:  # noqa: ANN001 - Material's "navigation.top" button
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    page.mouse.wheel(0, -300)
    page.locator(".md-top").wait_for(state="visible")


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
    # Material's scripts ran: the moved inline one and the bundle.
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("document.documentElement.classList.contains('js')")
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
