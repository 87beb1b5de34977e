"""The theme in Chromium, on every page type at 1280 px and 320 px: axe-core finds no
violation, and a keyboard-only walk finds every focused element on screen with a visible
focus, the skip link reaching the start of the content, the menu opening and closing by
keyboard, and no single key that navigates or moves the focus (RGAA 12.10)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

WIDTHS = (1280, 320)
PAGES = {  # page type → path in the sample site
    "accueil": "",
    "parcours": "parcours/aires-de-livraison/",
    "cas d'usage": "cas-usage/tri-courrier-entrant-montreuil/",
    "démonstrateur": "demonstrateurs/eco-pilot/",
    "retour d'expérience": "retours-experience/retour-terrain-capteurs-pantin/",
    "liste des parcours": "parcours/",
    "liste des cas d'usage": "cas-usage/",
    "liste des démonstrateurs": "demonstrateurs/",
    "liste des retours": "retours-experience/",
    "catalogue": "catalogue/",
    "solution du catalogue": "catalogue/tri-courrier-entrant-montreuil/",
    "dossier imprimable": "catalogue/dossier-tri-courrier-entrant-montreuil.html",
    "communes": "communes/",
    "commune": "communes/pantin/",
    "recherche": "rechercher/?q=livraison",
    "glossaire": "glossaire/",
    "agenda": "formation/agenda/",
    "format des fiches": "reference/format-des-fiches/",
    "codes d'erreur": "reference/codes-erreur/",
    "support imprimable": "parcours/aires-de-livraison/imprimer/",
    "page introuvable": "404.html",
    "tableau de bord": "tableau-de-bord/",
    "carte des communes": "tableau-de-bord/carte/",
    "données ouvertes": "donnees/",
    "flux": "flux/",
    "journal des schémas": "donnees/schemas/journal/",
    "fenêtre de recherche": "",  # the header's dialog, opened by Ctrl + K over the home page
    # The public-duty pages (generate/public_pages.py, generate/ecodesign.py).
    "accessibilité": "accessibilite/",
    "mentions légales": "mentions-legales/",
    "données personnelles": "donnees-personnelles/",
    "plan du site": "plan-du-site/",
    "écoconception": "ecoconception/",
    "format d'un type de fiche": "reference/format-cas-usage/",
    "algorithmes d'une commune": "communes/montreuil/algorithmes/",
    "commune sans algorithme": "communes/paris/algorithmes/",
    "exports vers d'autres registres": "donnees/registres/",
}
TAB_PRESSES = 40
# Keys that single-key shortcuts used to take (Material: n, p, « . », « , », « / », s, f).
SINGLE_KEYS = ("n", "p", ".", ",", "/", "s", "f", "k", "?")

_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {tag: el.tagName, text: (el.innerText || el.value || "").slice(0, 40),
          id: el.id, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          width: box.width, height: box.height, vw: innerWidth, vh: innerHeight,
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow !== "none"};
}"""


def _open(page, server, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url + path)
    page.wait_for_load_state("load")


def _query_results(page, before: str = "") -> str:
    """Wait for the search page to show the results of its query (the newest records are
    in the page as built, and are replaced), then of a new search when `before` is given:
    the status announces them. Returns the status."""
    status = page.locator("#hubia-contenu [data-hubia-etat]")
    expect(status).to_contain_text("résultat", timeout=15_000)
    if before:
        expect(status).not_to_have_text(before, timeout=15_000)
    return status.inner_text()


def _open_dialog(page) -> None:
    page.keyboard.press("Control+k")
    page.keyboard.type("énergie")
    page.locator("[data-hubia-dialogue] [data-hubia-resultats] li").first.wait_for(
        timeout=15_000)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_violation(watched_page, sample_server, kind: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = watched_page.page
    _open(page, sample_server, PAGES[kind], width)
    if kind == "fenêtre de recherche":
        _open_dialog(page)
    if kind == "recherche":  # results shown and a facet ticked
        before = _query_results(page)
        if page.locator("[data-hubia-bascule]").is_visible():  # folded on narrow screens
            page.locator("[data-hubia-bascule]").click()
        page.locator("[data-hubia-facettes] input[type=checkbox]").first.check()
        _query_results(page, before)
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    scroll = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert scroll <= 0, f"{kind} à {width} px : {scroll} px de défilement horizontal"
    assert watched_page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_keyboard_walk(watched_page, sample_server, kind: str, width: int) -> None:
    page = watched_page.page
    _open(page, sample_server, PAGES[kind], width)
    if kind == "recherche":  # the results first, or they would move the page mid-walk
        _query_results(page)
    if kind == "fenêtre de recherche":  # the walk stays in the dialog; Escape closes it
        _open_dialog(page)
        for _ in range(12):
            page.keyboard.press("Tab")
            focus = page.evaluate(_FOCUS)
            assert focus and page.evaluate(
                "document.activeElement.closest('dialog[open]') !== null"), focus
            assert focus["left"] >= -1 and focus["right"] <= focus["vw"] + 1, focus
            assert focus["outline"] or focus["shadow"], focus
        page.keyboard.press("Escape")
        assert not page.locator("dialog[open]").count()
        return
    page.keyboard.press("Tab")
    first = page.evaluate(_FOCUS)
    if kind != "dossier imprimable":  # a standalone sheet to print: no site header
        assert first and first["text"] == "Aller au contenu", first
        assert first["left"] >= 0 and first["width"] > 0  # shown when focused
        page.keyboard.press("Enter")
        landed = page.evaluate(_FOCUS)
        assert landed and landed["id"] == "hubia-contenu", landed
        # The start of the content: a banner (« Exemple fictif », « À actualiser ») or the
        # H1, which only the page's kind (« Cas d'usage », « Commune membre... ») may precede.
        # Wrappers (the indexed body, the handout) and the search index's empty metadata
        # tags are looked through.
        start = page.evaluate("""() => {
          let first = document.querySelector('#hubia-contenu').firstElementChild;
          while (first && first.matches('[data-pagefind-body], .hubia-support')) {
            first = first.firstElementChild;
          }
          while (first && first.matches('span[data-pagefind-meta], span[data-pagefind-filter]')
                 && first.childElementCount === 0 && first.textContent === '') {
            first = first.nextElementSibling;
          }
          if (first && first.matches('.admonition[role=note]')) return true;
          if (first && first.matches('p.hubia-type')) first = first.nextElementSibling;
          return first !== null && first.tagName === 'H1';
        }""")
        assert start, f"{kind} : le contenu ne commence pas par le titre ou le bandeau"
    seen = []
    for _ in range(TAB_PRESSES):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        if focus is None:
            break
        seen.append(focus)
        where = f"{kind} à {width} px, élément {focus['tag']} « {focus['text']} »"
        assert focus["width"] > 0 and focus["height"] > 0, where + " invisible"
        assert focus["left"] >= -1 and focus["right"] <= focus["vw"] + 1, where + " hors écran"
        assert focus["bottom"] > 0 and focus["top"] < focus["vh"], where + " hors écran"
        assert focus["outline"] or focus["shadow"], where + " sans focus visible"
    assert seen, f"{kind} : aucun élément atteint au clavier"


@pytest.mark.parametrize("width", WIDTHS)
def test_menu_opens_and_closes_by_keyboard(watched_page, sample_server, width: int) -> None:
    page = watched_page.page
    _open(page, sample_server, PAGES["cas d'usage"], width)
    menu, button = page.locator("#hubia-menu"), page.locator("[data-hubia-menu]")
    link = menu.get_by_role("link", name="Catalogue")
    if width >= 960:  # wide: the menu is always shown, no button
        assert link.is_visible() and not button.is_visible()
        return
    assert button.is_visible() and not link.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true" and link.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#hubia-menu') !== null")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not link.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-hubia-menu')")


@pytest.mark.parametrize("kind", ["cas d'usage", "accueil", "recherche"])
def test_no_single_key_shortcut(watched_page, sample_server, kind: str) -> None:
    page = watched_page.page
    _open(page, sample_server, PAGES[kind], 1280)
    page.locator("h1").first.click()  # focus in the page, not in a field
    before = page.url, page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
    for key in SINGLE_KEYS:
        page.keyboard.press(key)
        page.wait_for_timeout(50)
        after = page.url, page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        assert after == before, f"la touche « {key} » a changé la page ou le focus"
        assert not page.locator("dialog[open]").count(), f"la touche « {key} » ouvre un dialogue"


@pytest.mark.parametrize("width", WIDTHS)
def test_frugality_card_and_open_history_have_no_violation(watched_page, sample_server,
                                                           width: int) -> None:
    """The record's frugality card, and its history once opened by keyboard (git history of
    the repository: the sample site is built from it)."""
    from axe_playwright_python.sync_playwright import Axe

    page = watched_page.page
    _open(page, sample_server, PAGES["cas d'usage"], width)
    assert page.locator(".hubia-frugalite").is_visible()
    summary = page.locator(".hubia-modifications summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".hubia-modifications[open] li").first.is_visible()
    for selector in (".hubia-frugalite", ".hubia-modifications"):
        violations = Axe().run(page, context=selector).response["violations"]
        assert violations == [], (selector, [(v["id"], [n["target"] for n in v["nodes"]][:3])
                                             for v in violations])
