"""The search in Chromium, used like a person would: typing, ticking facets, keyboard only.

Every test also checks that the page logged no console error and that no request left
127.0.0.1. The sample hub of the repository is built once (fixture `sample_site`); the
sub-path test builds it again with a `site.adresse` under the sub-path /hub/.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser import ROOT, Served, serve_directory
from hubia.generate import reference
from hubia.text import french
from hubia.generate.search import facets
from hubia.check.pipeline import check

STATUS = "[data-hubia-recherche] [data-hubia-etat]"
DIALOG_STATUS = "[data-hubia-dialogue] [data-hubia-etat]"
RESULTS = "[data-hubia-recherche] [data-hubia-resultats]"


@pytest.fixture(scope="module")
def hub():
    return check(ROOT).hub


def _clean(watched) -> None:
    assert watched.console_errors == []
    outside = [url for url in watched.requests if urlsplit(url).hostname != "127.0.0.1"]
    assert outside == []


def _wait_status(page, selector: str, pattern: str) -> str:
    """Waits until the live status matches `pattern` (the results are then rendered)."""
    status = page.locator(selector)
    status.filter(has_text=re.compile(pattern)).wait_for()
    return status.inner_text()


def _titles(page, scope: str) -> list[str]:
    return page.locator(f"{scope} .hubia-resultat__titre a").all_inner_texts()


def _titles_with(hub, key: str, *values: str, section: str | None = None) -> set[str]:
    return {entry.record.titre for entries in hub.records.values() for entry in entries.values()
            if (section is None or entry.section == section)
            and set(values) & set(facets(hub, entry).get(key, []))}


def _search_page(page, served: Served, query: str = "") -> None:
    page.goto(served.url + "rechercher/" + (f"?q={query}" if query else ""))
    _wait_status(page, STATUS, r"résultat|Aucun|récentes d'abord")


@pytest.mark.parametrize("query", ["derives", "dérives", "DÉRIVES"])
def test_query_with_or_without_accents_finds_the_record(watched_page, sample_server,
                                                         query: str) -> None:
    page = watched_page.page
    _search_page(page, sample_server)
    page.get_by_label("Mots recherchés", exact=True).fill(query)
    _wait_status(page, STATUS, f"pour « {query} »")
    titles = _titles(page, RESULTS)
    assert titles[0] == ("Détection des dérives de consommation dans les bâtiments de "
                         "Neuilly-sur-Marne")
    assert f"q={query}" in page.url or "q=" in page.url
    _clean(watched_page)


def test_accents_and_stemming_give_the_same_results(watched_page, sample_server) -> None:
    page = watched_page.page
    found = {}
    for query in ("energie", "Énergies"):
        _search_page(page, sample_server, query)
        status = _wait_status(page, STATUS, "pour «")
        found[query] = (int(status.split()[0]), _titles(page, RESULTS)[0])
    assert found["energie"] == found["Énergies"]  # accents, case and plural folded
    assert found["energie"][0] >= 10
    _clean(watched_page)


def test_no_query_lists_everything_most_recent_first(watched_page, sample_server, hub) -> None:
    page = watched_page.page
    page.goto(sample_server.url + "rechercher/")
    # The newest pages are in the page as built; only the facets are loaded, not the index.
    _wait_status(page, STATUS, "Les pages les plus récentes d'abord")
    expect(page.locator(f"{RESULTS} > li")).to_have_count(10)
    newest = max(e.record.mis_a_jour for entries in hub.records.values() for e in entries.values())
    first = page.locator(f"{RESULTS} .hubia-resultat__info").first.inner_text()
    assert f"mis à jour le {french.date(newest)}" in first
    records = sum(len(entries) for entries in hub.records.values())
    # + the content pages: home, error codes, the record format's pages, glossary, agenda.
    content = 1 + len(reference.PATHS) + 2
    counts = page.locator("fieldset[data-cle=type] .hubia-facette__nombre").all_inner_texts()
    assert sum(int(text.strip("()")) for text in counts) == records + content
    assert not [url for url in watched_page.requests if "/pagefind/index/" in url]
    more = page.get_by_role("button", name="Afficher 10 résultats de plus")  # ten at a time
    more.click()
    status = _wait_status(page, STATUS, "résultats")
    assert status.startswith(f"{records + content} résultats"), status
    assert "des plus récents aux plus anciens" in status
    expect(page.locator(f"{RESULTS} > li")).to_have_count(20)
    expect(page.locator(f"{RESULTS} > li").nth(10).locator("a").first).to_be_focused()
    assert f"mis à jour le {french.date(newest)}" in page.locator(
        f"{RESULTS} .hubia-resultat__info").first.inner_text()
    _clean(watched_page)


def test_facets_narrow_the_results(watched_page, sample_server, hub) -> None:
    page = watched_page.page
    _search_page(page, sample_server)
    communes = page.locator("fieldset[data-cle=commune]")
    communes.get_by_label(re.compile(r"^Pantin \(\d+\)$")).check()
    expected = _titles_with(hub, "commune", "Pantin")
    _wait_status(page, STATUS, f"^{len(expected)} résultats avec les filtres")
    assert set(_titles(page, RESULTS)) == expected
    # Values of one facet are alternatives...
    communes.get_by_label(re.compile(r"^Sceaux \(\d+\)$")).check()
    expected = _titles_with(hub, "commune", "Pantin", "Sceaux")
    _wait_status(page, STATUS, f"^{len(expected)} résultats avec les filtres")
    assert set(_titles(page, RESULTS)) == expected
    # ...facets add up.
    page.locator("fieldset[data-cle=type]").get_by_label(re.compile(r"^Cas d'usage")).check()
    expected = _titles_with(hub, "commune", "Pantin", "Sceaux", section="cas-usage")
    _wait_status(page, STATUS, f"^{len(expected)} résultats? avec les filtres")
    assert set(_titles(page, RESULTS)) == expected
    # The choice is in the address: a reload (or a shared link) gives the same page.
    assert "commune=Pantin" in page.url and "type=Cas+d%27usage" in page.url
    page.reload()
    _wait_status(page, STATUS, f"^{len(expected)} résultats? avec les filtres")
    assert set(_titles(page, RESULTS)) == expected
    page.get_by_role("button", name="Retirer tous les filtres").click()
    _wait_status(page, STATUS, r"^\d+ résultats, des plus")
    _clean(watched_page)


def test_sort_by_date(watched_page, sample_server, hub) -> None:
    page = watched_page.page
    _search_page(page, sample_server)
    page.locator("fieldset[data-cle=type]").get_by_label(re.compile(r"^Cas d'usage")).check()
    page.get_by_label("Trier par").select_option("ancien")
    _wait_status(page, STATUS, "des plus anciens aux plus récents")
    shown = [re.search(r"mis à jour le (.+)$", text.split(" · ")[1]).group(1).strip()
             for text in page.locator(f"{RESULTS} .hubia-resultat__info").all_inner_texts()]
    dates = sorted(e.record.mis_a_jour for e in hub.section("cas-usage"))
    assert [s.replace(" Exemple fictif", "") for s in shown] == [french.date(d) for d in dates][:10]
    _clean(watched_page)


def test_search_opens_and_closes_with_the_keyboard(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + "cas-usage/")
    for _ in range(30):  # Tab through the page until the header's search button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-hubia-ouvrir]')"):
            break
    else:
        pytest.fail("le bouton de recherche n'est pas atteignable avec Tab")
    opener = page.locator("[data-hubia-ouvrir]")
    assert opener.get_attribute("role") == "button"
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[data-hubia-dialogue]")
    expect(dialog).to_be_visible()
    expect(page.get_by_label("Mots recherchés, avec ou sans accents")).to_be_focused()
    page.keyboard.type("livraison")
    _wait_status(page, DIALOG_STATUS, "pour « livraison »")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.hubia-resultat') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    # The shortcut, from anywhere on the page; Escape closes it again.
    page.locator("h1").click()
    page.keyboard.press("Control+k")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    # Enter leads to the « Rechercher » page with the same words.
    page.keyboard.press("Control+k")
    page.keyboard.type("pantin")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/rechercher/\?q=pantin$"))
    _wait_status(page, STATUS, "pour « pantin »")
    _clean(watched_page)


def test_dialog_result_leads_to_the_record(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url)
    page.locator("[data-hubia-ouvrir]").click()
    page.get_by_label("Mots recherchés, avec ou sans accents").fill("chauffage ecoles")
    _wait_status(page, DIALOG_STATUS, "pour « chauffage ecoles »")
    page.locator("[data-hubia-dialogue]").get_by_role(
        "link", name="Pilotage prédictif du chauffage de six écoles à Colombes").click()
    page.wait_for_url("**/cas-usage/pilotage-chauffage-ecoles-colombes/")
    expect(page.locator("dialog[data-hubia-dialogue]")).to_be_hidden()
    _clean(watched_page)


@pytest.fixture(scope="module")
def sub_path_server(tmp_path_factory: pytest.TempPathFactory):
    """The sample hub built with its address under /hub/, served under /hub/: (server, site)."""
    base = tmp_path_factory.mktemp("sous-chemin")
    hub_dir, output = base / "hub", base / "site"
    for name in ("docs", "data"):
        shutil.copytree(ROOT / name, hub_dir / name)
    config = (ROOT / "hubia.yml").read_text(encoding="utf-8")
    assert '  adresse: ""\n' in config
    (hub_dir / "hubia.yml").write_text(config.replace(
        '  adresse: ""\n', "  adresse: https://hub.exemple.fr/hub/\n"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--root", str(hub_dir),
                             "--output", str(output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    served = serve_directory(output, "/hub/")
    yield served, output
    served.server.shutdown()


def test_site_and_search_work_under_a_sub_path(watched_page, sub_path_server) -> None:
    served, site = sub_path_server
    page = watched_page.page
    page.goto(served.url)
    page.locator("#hubia-menu").get_by_role("link", name="Cas d'usage", exact=True).click()
    page.wait_for_url("**/hub/cas-usage/")
    page.locator("[data-hubia-ouvrir]").click()
    page.get_by_label("Mots recherchés, avec ou sans accents").fill("réemploi")
    _wait_status(page, DIALOG_STATUS, "pour « réemploi »")
    links = page.locator("[data-hubia-dialogue] .hubia-resultat a")
    assert all(urlsplit(href).path.startswith("/hub/")
               for href in links.evaluate_all("links => links.map(a => a.href)"))
    page.get_by_role("link", name="Tous les résultats, avec les filtres").click()
    page.wait_for_url(re.compile(r"/hub/rechercher/\?q=r%C3%A9emploi$"))
    _wait_status(page, STATUS, "pour « réemploi »")
    page.locator("fieldset[data-cle=type]").get_by_label(re.compile(r"^Cas d'usage")).check()
    _wait_status(page, STATUS, "avec les filtres choisis")
    page.locator(f"{RESULTS} .hubia-resultat__titre a").first.click()
    page.wait_for_url(re.compile(r"/hub/cas-usage/[a-z-]+/$"))
    # The error page, which a host serves for any missing address, links from /hub/ (served
    # here with status 200: Chromium logs a 404 document as a console error).
    missing = served.url + "une/adresse/disparue/"
    page.route(missing, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8",
        body=(site / "404.html").read_bytes()))
    page.goto(missing)
    expect(page.locator("h1")).to_contain_text("Page introuvable")
    page.wait_for_load_state("networkidle")
    assert served.url + "theme/hubia.css" in watched_page.requests  # its stylesheet loaded
    assert page.evaluate("[...document.styleSheets].some(s => s.cssRules.length > 0)")
    page.get_by_role("link", name="Revenir à l'accueil").click()
    page.wait_for_url(served.url)
    assert all(urlsplit(url).path.startswith("/hub/") for url in watched_page.requests)
    _clean(watched_page)


@pytest.mark.parametrize("path", ["", "rechercher/?q=energie",
                                  "cas-usage/pilotage-chauffage-ecoles-colombes/", "cas-usage/",
                                  "dialogue"])
def test_no_serious_accessibility_violation(watched_page, sample_server, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = watched_page.page
    if path == "dialogue":  # the header's dialog, open with results, over the home page
        page.goto(sample_server.url)
        page.keyboard.press("Control+k")
        page.keyboard.type("énergie")
        _wait_status(page, DIALOG_STATUS, "pour « énergie »")
    else:
        page.goto(sample_server.url + path)
        if path.startswith("rechercher"):
            _wait_status(page, STATUS, "pour « energie »")
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    _clean(watched_page)


def test_record_text_cannot_inject_markup_in_results(watched_page, tmp_path: Path) -> None:
    """Contributed text shows as text in the results, never as HTML."""
    from conftest import copy_hub

    hub_dir = copy_hub(tmp_path / "hub")
    record = hub_dir / "docs/cas-usage/chauffage-ecoles.md"
    trap = '<img src="x" onerror="window.piege = 1">'
    record.write_text(record.read_text(encoding="utf-8").replace(
        "Texte de la fiche.", f"Texte piège : `{trap}` et &lt;b&gt;gras&lt;/b&gt;."),
        encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--root", str(hub_dir)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    served = serve_directory(hub_dir / "site")
    try:
        page = watched_page.page
        _search_page(page, served, "piege")
        text = page.locator(f"{RESULTS} .hubia-resultat__extrait").first.inner_text()
        assert trap in text and "<b>gras</b>" in text
        assert page.locator(f"{RESULTS} img, {RESULTS} b").count() == 0
        assert page.evaluate("window.piege") is None
    finally:
        served.server.shutdown()
    _clean(watched_page)
