"""The duties of a public website, in Chromium on the built sample hub: the footer's
compliance status and legal links on every page, the accessibility statement's required
elements, « Signaler une erreur » on every record page, the simulator's errors, a caption on
every data table, and no sideways scrolling with text enlarged to 250 %."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT
from test_theme_browser import PAGES

STATEMENT = yaml.safe_load((ROOT / "data/accessibilite.yml").read_text(encoding="utf-8"))
LEGAL = yaml.safe_load((ROOT / "data/mentions.yml").read_text(encoding="utf-8"))
FORGE = yaml.safe_load((ROOT / "hubia.yml").read_text(encoding="utf-8"))["forge"]
STATUS = {"totalement_conforme": "totalement conforme",
          "partiellement_conforme": "partiellement conforme",
          "non_conforme": "non conforme"}[STATEMENT["etat"]]
FOOTER = {f"Accessibilité : {STATUS}": "accessibilite/", "Mentions légales": "mentions-legales/",
          "Données personnelles": "donnees-personnelles/", "Plan du site": "plan-du-site/",
          "Écoconception": "ecoconception/"}
# Every page type with the site's chrome (the printable sheet is a standalone page to print).
WITH_FOOTER = sorted({path for kind, path in PAGES.items() if kind != "dossier imprimable"})
CATALOGUE_ENTRY = "catalogue/tri-courrier-entrant-montreuil/"


def _record_pages() -> list[tuple[str, str]]:
    """(docs path, title) of every record of the sample hub, read from the files."""
    found = []
    for folder in ("parcours", "cas-usage", "demonstrateurs", "retours-experience"):
        for file in sorted((ROOT / "docs" / folder).glob("*.md")):
            if file.name == "index.md":
                continue
            head = file.read_text(encoding="utf-8").split("---")[1]
            found.append((f"{folder}/{file.name}", yaml.safe_load(head)["titre"]))
    return found


def test_every_page_type_has_the_status_and_the_legal_links(watched_page, sample_server) -> None:
    page = watched_page.page
    for path in WITH_FOOTER:
        page.goto(sample_server.url + path)
        links = page.locator("footer.hubia-pied a")
        found = {links.nth(i).inner_text(): links.nth(i).get_attribute("href")
                 for i in range(links.count())}
        for label, target in FOOTER.items():
            assert label in found, f"{path or 'accueil'} : pas de lien « {label} »"
            href = page.evaluate("(a) => new URL(a, location.href).href", found[label])
            assert href == sample_server.url + target, (path, label, href)
    for target in FOOTER.values():  # and each leads to a page of the site
        response = page.goto(sample_server.url + target)
        assert response is not None and response.status == 200, target
    assert {urlsplit(url).hostname for url in watched_page.requests} == {"127.0.0.1"}


def test_every_built_page_has_the_status_in_its_footer(sample_site: Path) -> None:
    pages = [p for p in sample_site.rglob("*.html") if "<footer" in p.read_text("utf-8")]
    assert len(pages) > 150
    for file in pages:
        assert f">Accessibilité : {STATUS}</a>" in file.read_text("utf-8"), file


def test_statement_holds_each_required_element(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + "accessibilite/")
    headings = [h.strip() for h in page.locator("#hubia-contenu :is(h1, h2, h3)").all_inner_texts()]
    for required in ("État de conformité", "Résultats des tests", "Contenus non accessibles",
                     "Non-conformités", "Dérogations pour charge disproportionnée",
                     "Contenus non soumis à l'obligation d'accessibilité",
                     "Établissement de cette déclaration",
                     "Technologies utilisées pour la réalisation du site",
                     "Environnement de test", "Outils pour évaluer l'accessibilité",
                     "Pages du site ayant fait l'objet de la vérification de conformité",
                     "Retour d'information et contact", "Voies de recours",
                     "Schéma pluriannuel et plan d'action"):
        assert any(h.startswith(required) for h in headings), (required, headings)
    text = page.locator("#hubia-contenu").inner_text()
    assert f"est {STATUS} avec le {STATEMENT['referentiel']}" in text
    if STATEMENT.get("audit") is None:  # honest: no audit is claimed
        assert "Aucun audit de conformité n'a encore été réalisé" in text
    for test in STATEMENT["tests_automatises"]:
        assert test in text
    assert "Défenseur des droits" in text and STATEMENT["recours"]["telephone"] in text
    contact = page.locator(f'a[href="mailto:{STATEMENT["contact"]["courriel"]}"]')
    assert contact.count() == 1
    for link in (STATEMENT["recours"]["formulaire"], STATEMENT["recours"]["delegues"]):
        assert page.locator(f'a[href="{link}"]').count() == 1
    for checked in STATEMENT["etablissement"]["pages_verifiees"]:
        assert page.get_by_role("link", name=checked["titre"], exact=True).count() >= 1


@pytest.mark.parametrize(("docs_path", "title"), _record_pages(),
                         ids=[path for path, _ in _record_pages()])
def test_record_page_has_its_error_report(watched_page, sample_server, docs_path: str,
                                          title: str) -> None:
    page = watched_page.page
    page.goto(sample_server.url + docs_path.removesuffix(".md") + "/")
    form = page.locator("a[data-hubia-signaler]")
    assert form.inner_text() == "Signaler une erreur"
    url = page.evaluate("""(a) => { const u = new URL(a.href);
        return {base: u.origin + u.pathname, template: u.searchParams.get('template'),
                title: u.searchParams.get('title'), fiche: u.searchParams.get('fiche')}; }""",
                        form.element_handle())
    configured = urlsplit(FORGE["signaler"])
    assert url["base"] == f"{configured.scheme}://{configured.netloc}{configured.path}"
    assert url["template"] == "signaler-erreur.yml"
    assert url["title"] == f"Erreur dans la fiche « {title} »"
    assert url["fiche"] == f"docs/{docs_path}"
    mail = page.evaluate("""(a) => { const u = new URL(a.href);
        return {to: u.pathname, subject: u.searchParams.get('subject'),
                body: u.searchParams.get('body')}; }""",
                         page.locator("a[data-hubia-signaler-courriel]").element_handle())
    assert mail["to"] == LEGAL["courriel_equipe"]
    assert mail["subject"] == f"Erreur dans la fiche « {title} »"
    assert f"docs/{docs_path}" in mail["body"]
    # Plain links: nothing is asked of the forge until the reader clicks.
    assert {urlsplit(u).hostname for u in watched_page.requests} == {"127.0.0.1"}


def test_issue_form_has_the_field_the_link_prefills() -> None:
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/signaler-erreur.yml").read_text("utf-8"))
    assert FORGE["signaler"].endswith("template=signaler-erreur.yml")
    assert "fiche" in {item.get("id") for item in form["body"]}


_LIVE_CHANGES = """() => {
  window.hubiaAnnonces = [];
  const live = document.querySelector('.hubia-simulateur-message');
  new MutationObserver(() => window.hubiaAnnonces.push(live.textContent))
    .observe(live, {subtree: true, childList: true, characterData: true});
}"""
_DESCRIPTION = """(input) => input.getAttribute('aria-describedby').split(' ')
  .map((id) => document.getElementById(id).textContent).join(' ')"""


def test_simulator_flags_every_wrong_field_and_announces_once(watched_page,
                                                               sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + CATALOGUE_ENTRY)
    sites = page.get_by_label("Nombre de sites à équiper")
    invest = page.get_by_label("Investissement par site (€)")
    page.evaluate(_LIVE_CHANGES)
    sites.fill("")
    sites.press_sequentially("0")  # while typing: nothing flagged, nothing said
    assert page.evaluate("window.hubiaAnnonces") == []
    assert sites.get_attribute("aria-invalid") is None
    sites.press("Tab")  # the field is left: flagged and said, once
    said = page.evaluate("window.hubiaAnnonces")
    assert len(said) == 1 and "de 1 à 1 000" in said[0], said
    invest.fill("")
    invest.press_sequentially("douze")
    assert len(page.evaluate("window.hubiaAnnonces")) == 1
    page.get_by_role("button", name="Calculer").click()
    # Both wrong fields are flagged, each with its own message read with it.
    for field, words in ((sites, "de 1 à 1 000"), (invest, "investissement par site en euros")):
        assert field.get_attribute("aria-invalid") == "true"
        assert words in page.evaluate(_DESCRIPTION, field.element_handle())
    said = page.evaluate("window.hubiaAnnonces")
    assert len(said) == 2 and said[1].startswith("2 champs sont à corriger"), said
    assert page.evaluate("document.activeElement.name") == "sites"  # the first wrong field
    # Corrected while typing: the field is cleared at once, and nothing is said.
    sites.fill("")
    sites.press_sequentially("3")
    assert sites.get_attribute("aria-invalid") is None
    assert len(page.evaluate("window.hubiaAnnonces")) == 2
    invest.fill("12000")
    page.get_by_role("button", name="Calculer").click()
    said = page.evaluate("window.hubiaAnnonces")
    assert said[-1].startswith("Pour 3 sites"), said
    assert all(a != b for a, b in zip(said, said[1:])), said  # never the same twice in a row
    assert page.evaluate(_DESCRIPTION, sites.element_handle()).count("Indiquez") == 0
    assert watched_page.console_errors == []


def test_simulator_fields_show_their_focus(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + CATALOGUE_ENTRY)
    for name in ("sites", "investissement", "fonctionnement"):
        page.locator(f'input[name="{name}"]').click()  # the mouse too: the ring always shows
        outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }""")
        assert outline, name


class _Tables(HTMLParser):
    """Each table and whether its first child element is a caption with text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list] = []  # [first child tag, caption text]
        self._open: list[list] = []
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if self._open and self._open[-1][0] is None:
            self._open[-1][0] = tag
        if tag == "table":
            self._open.append([None, ""])
            self.tables.append(self._open[-1])
        self._in_caption = self._in_caption or tag == "caption"

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._open:
            self._open.pop()
        if tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._open:
            self._open[-1][1] += data


def test_every_data_table_of_the_site_has_a_caption(sample_site: Path) -> None:
    seen = 0
    for file in sorted(sample_site.rglob("*.html")):
        parser = _Tables()
        parser.feed(file.read_text(encoding="utf-8"))
        for first, caption in parser.tables:
            seen += 1
            where = file.relative_to(sample_site)
            assert first == "caption", f"{where} : tableau sans titre (caption)"
            assert caption.strip(), f"{where} : titre de tableau vide"
    assert seen > 100


_ENLARGED = "html { font-size: 250% !important; }"  # what a reader's own stylesheet does
_OVERFLOW = """() => {
  const root = document.documentElement;
  const article = document.querySelector('#hubia-contenu');
  const toc = document.querySelector('.hubia-sommaire');
  let overlap = 0;
  if (article && toc && getComputedStyle(toc).display !== 'none') {
    const tocLeft = toc.getBoundingClientRect().left;
    const box = article.getBoundingClientRect();
    if (tocLeft > box.left) {  // the table of contents beside the content
      for (const el of article.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > tocLeft + 1 && r.top < toc.getBoundingClientRect().bottom) {
          overlap = Math.max(overlap, r.right - tocLeft);
        }
      }
    }
  }
  return {scroll: root.scrollWidth - root.clientWidth, overlap};
}"""


# Wide screens, where the menu and the table of contents stand beside the content. (At 320
# px, 250 % text leaves about eight characters a line: beyond what WCAG 1.4.4 asks.)
@pytest.mark.parametrize("width", (1280, 1024))
def test_no_page_scrolls_sideways_with_text_at_250_percent(browser, sample_server,
                                                           width: int) -> None:
    # bypass_csp: the site's policy would refuse the injected stylesheet, as a reader's own
    # stylesheet is not (user styles are outside the page's policy).
    context = browser.new_context(locale="fr-FR", bypass_csp=True,
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    failures = []
    for path in sorted(set(PAGES.values())):
        page.goto(sample_server.url + path)
        page.add_style_tag(content=_ENLARGED)
        page.wait_for_timeout(50)
        found = page.evaluate(_OVERFLOW)
        if found["scroll"] > 0 or found["overlap"] > 0:
            failures.append((path or "accueil", found))
    context.close()
    assert failures == [], failures


def _figure(text: str) -> float:
    return float(text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
                 .replace(",", "."))


def test_ecodesign_figures_are_what_chromium_finds(watched_page, sample_server) -> None:
    """The build counts elements with html.parser and requests from the tags: Chromium, the
    independent oracle, finds the same on the pages that load nothing more by script."""
    page = watched_page.page
    page.goto(sample_server.url + "ecoconception/")
    rows = page.locator("#hubia-contenu table tbody tr")
    published = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("th, td").all_inner_texts()
        link = rows.nth(i).locator("th a")
        href = link.evaluate("(a) => a.href") if link.count() else None
        published[cells[0]] = (href, _figure(cells[2]), _figure(cells[3]), cells[6])
    for kind in ("Accueil", "Fiche : Cas d'usage", "Index des communes", "Format des fiches"):
        href, dom, requests, grade = published[kind]
        assert grade in "AB", (kind, grade)
        watched_page.requests.clear()
        page.goto(href)
        page.wait_for_load_state("networkidle")
        counted = page.evaluate("document.getElementsByTagName('*').length")
        assert abs(counted - dom) <= 0.02 * dom, (kind, counted, dom)
        assert len(watched_page.requests) == requests, (kind, watched_page.requests)
