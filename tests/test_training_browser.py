"""Course material in Chromium: trainer view, handout print button, glossary tooltips."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

TRACK = "parcours/aires-de-livraison/"
NOTE = "Douze communes ont candidaté sur ce parcours"
# The text of a glossary term's tooltip as drawn on screen (its ::after box), or null.
_TOOLTIP = """el => {
  const box = getComputedStyle(el, '::after');
  const text = box.content.match(/^"(?:[^"\\\\]|\\\\.)*"/);  // the drawn string, before « / »
  return box.display === 'none' || box.visibility === 'hidden' || !text ? null
    : JSON.parse(text[0]);
}"""


def test_trainer_view_shows_notes_only_when_turned_on(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + TRACK)
    notes = page.locator(".hubia-notes-formateur")
    button = page.get_by_role("button", name="Vue formateur")
    assert notes.count() == 3
    assert not notes.first.is_visible() and page.get_by_text(NOTE).is_hidden()
    assert button.get_attribute("aria-pressed") == "false"

    button.click()
    assert all(notes.nth(i).is_visible() for i in range(3))
    assert button.get_attribute("aria-pressed") == "true"

    page.reload()  # remembered on every page, for the whole session of the trainer
    assert page.get_by_text(NOTE).is_visible()
    page.goto(sample_server.url + "parcours/reemploi-materiaux/")
    assert page.locator(".hubia-notes-formateur").first.is_visible()

    page.get_by_role("button", name="Vue formateur").click()
    assert not page.locator(".hubia-notes-formateur").first.is_visible()
    page.goto(sample_server.url + TRACK)
    assert page.get_by_text(NOTE).is_hidden()
    assert watched_page.console_errors == []
    assert {urlsplit(url).hostname for url in watched_page.requests} == {"127.0.0.1"}


def test_without_javascript_notes_and_buttons_stay_hidden(browser, sample_server) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_server.url + TRACK)
    assert page.locator(".hubia-notes-formateur").count() == 3
    assert page.get_by_text(NOTE).is_hidden()
    assert page.locator("[data-hubia-vue-formateur]").is_hidden()
    # The answers stay folded but reachable: <details> works without JavaScript.
    question = page.locator("details.question").first
    question.locator("summary").click()
    assert question.locator("p").is_visible()
    context.close()


def test_handout_print_button_prints(watched_page, sample_server) -> None:
    page = watched_page.page
    page.add_init_script("window.print = () => { window.__imprime = true; };")
    page.goto(sample_server.url + TRACK + "imprimer/")
    page.get_by_role("button", name="Imprimer ce support").click()
    assert page.evaluate("window.__imprime === true")
    # What only serves on screen (the handout has no menu): the header, the breadcrumb, the
    # footer...
    assert page.locator("nav#hubia-menu").count() == 0
    screen_only = ("header.hubia-entete", "nav.hubia-fil", "footer.hubia-pied",
                   ".hubia-ecran-seulement")
    for hidden in screen_only:
        assert page.locator(hidden).first.is_visible(), hidden  # there, on screen
    page.emulate_media(media="print")
    for hidden in screen_only:  # ...is left out of the paper
        assert page.locator(hidden).first.is_hidden(), hidden
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('.hubia-support a.hubia-externe'), '::after').content""")
    assert "https://www.cnil.fr/" in after
    breaks = page.locator(".hubia-support .hubia-module").evaluate_all(
        "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks and set(breaks) == {"page"}
    assert watched_page.console_errors == []


def test_glossary_term_explains_itself_on_keyboard_focus_and_hover(watched_page,
                                                                   sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + "cas-usage/tri-courrier-entrant-montreuil/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hubia-terme')"):
            break
    term = page.locator(".hubia-terme:focus")
    assert term.count() == 1, "a glossary term is reachable with the Tab key"
    # The theme's tooltip (hubia.css, under the term) opens on focus; the definition is the
    # term's accessible description, what a screen reader says after the term.
    definition = re.compile(r"^Modèle d'IA qui traite du texte.*petit modèle spécialisé")
    expect(term).to_have_accessible_description(definition)
    page.wait_for_function(f"el => ({_TOOLTIP})(el) !== null", arg=term.element_handle())
    assert definition.search(term.evaluate(_TOOLTIP))
    page.keyboard.press("Escape")  # dismissible without moving the focus (WCAG 1.4.13)
    assert term.evaluate(_TOOLTIP) is None
    assert page.evaluate("document.activeElement.classList.contains('hubia-terme')")

    page.keyboard.press("Tab")
    other = page.locator(".hubia-terme").nth(2)
    page.mouse.move(0, 0)
    assert other.evaluate(_TOOLTIP) is None
    other.hover()
    page.wait_for_function(f"el => ({_TOOLTIP})(el) !== null", arg=other.element_handle())
    assert other.evaluate(_TOOLTIP) == other.get_attribute("title")
    assert watched_page.console_errors == []


def test_course_pages_pass_axe(watched_page, sample_server) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe, page = Axe(), watched_page.page
    for path in (TRACK, TRACK + "imprimer/", "formation/agenda/", "glossaire/"):
        page.goto(sample_server.url + path)
        if path == TRACK:
            page.get_by_role("button", name="Vue formateur").click()  # notes shown, too
        violations = axe.run(page).response["violations"]
        assert violations == [], (path, [(v["id"], v["nodes"][0]["target"]) for v in violations])
