"""The built sample hub: catalogue pages, exports, commune pages, and the funding simulator
in Chromium (with and without JavaScript)."""

from __future__ import annotations

import base64
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import serve_directory
from conftest import ROOT, copy_hub, menu_links
from hubia.catalogue import compute as cat
from hubia.cli import main
from hubia.models import plain_text

ENTRY = "catalogue/pilotage-chauffage-ecoles-colombes"
SUMMARY = "catalogue/dossier-pilotage-chauffage-ecoles-colombes.html"
SLUGS = ("disponibilite-aires-livraison-pantin", "inventaire-reemploi-photos-saint-denis",
         "pilotage-chauffage-ecoles-colombes", "tri-courrier-entrant-montreuil")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_sample_build_has_catalogue_entries_summaries_and_exports(sample_site: Path) -> None:
    listing = (sample_site / "catalogue/index.html").read_text()
    for slug in SLUGS:
        assert f'href="{slug}/"' in listing
        folder = sample_site / "catalogue"
        assert (folder / slug / "index.html").is_file()
        # The printable sheet is a standalone file: its way back is a link to the entry page.
        sheet = (folder / f"dossier-{slug}.html").read_text(encoding="utf-8")
        assert f'<a href="{slug}/">Retour à la fiche du catalogue</a>' in sheet
        summary = (folder / f"resume-candidature-{slug}.txt").read_bytes().decode("utf-8-sig")
        assert summary.startswith("# Résumé de candidature") and "Commune : ____" in summary
    for name in cat.FILES:  # the site serves the committed exports, byte for byte
        assert (sample_site / "catalogue" / name).read_bytes() == (
            ROOT / "catalogue" / name).read_bytes()


def test_entry_page_reads_without_javascript(sample_site: Path) -> None:
    html = (sample_site / ENTRY / "index.html").read_text()
    text = _text(html)
    # The static table gives the reference figures; the form is hidden until the script runs.
    assert re.search(r'<form class="hubia-simulateur" hidden data-taux="0.5" data-plafond=""', html)
    assert "Investissement 14 000 € 7 000 € 7 000 €" in text
    assert "Fonctionnement, par an (part indicative) 3 200 € 1 600 € 1 600 €" in text
    for heading in ("Ce que la solution a donné", "Qui l'utilise ou la reprend",
                    "Mise en œuvre", "Frugalité", "Gouvernance", "Contact",
                    "Retours d'expérience liés", "Comment adopter cette solution"):
        assert f">{heading}<" in unescape(html), heading
    assert "Bois-Colombes Boucle Nord de Seine Déployée 15 septembre 2026" in text
    assert "Passage devant le comité d'examen" in text
    assert "sans préciser si les frais de fonctionnement sont couverts" in text
    assert "<p data-hubia-sans-js>Le simulateur a besoin de JavaScript." in html


def test_generated_pages_carry_no_inline_script(sample_site: Path) -> None:
    for page in [sample_site / "catalogue/index.html", sample_site / ENTRY / "index.html",
                 sample_site / "communes/index.html", sample_site / "communes/colombes/index.html"]:
        html = page.read_text()
        main = html[html.index('<article'):html.index('</article>')]
        assert "<script" not in main and not re.search(r"\son[a-z]+=", main), page
        assert "style=" not in main, page
    # The standalone summary loads the site's script and stylesheet, nothing inline.
    summary = (sample_site / SUMMARY).read_text()
    assert re.findall(r"<script[^>]*>", summary) == ['<script src="../theme/catalogue.js">']
    assert (sample_site / "theme/catalogue.js").is_file()
    assert '<html lang="fr">' in summary and "<main" in summary and "<title>" in summary
    assert not re.search(r"\son[a-z]+=|style=|<style", summary)


def test_nav_has_catalogue_and_communes_but_no_entry(sample_site: Path) -> None:
    html = (sample_site / "communes/bondy/index.html").read_text()
    nav = menu_links(html)
    assert "../../catalogue/" in nav and "../" in nav
    assert not [link for link in nav if re.search(r"(catalogue|communes)/[a-z0-9-]+/$", link)]
    assert len(list((sample_site / "communes").glob("*/index.html"))) == 130


def test_use_case_page_links_to_its_catalogue_entry(sample_site: Path) -> None:
    html = (sample_site / "cas-usage/pilotage-chauffage-ecoles-colombes/index.html").read_text()
    assert 'href="../../catalogue/pilotage-chauffage-ecoles-colombes/"' in html
    html = (sample_site / "cas-usage/brouillons-reponses-usagers-creteil/index.html").read_text()
    assert "catalogue de passage" not in html


def _cells(page) -> dict[str, str]:  # noqa: ANN001 - a Playwright page
    return {name: page.locator(f'[data-resultat="{name}"]').inner_text()
            for name in ("investissement-cout", "investissement-part", "investissement-reste",
                         "fonctionnement-cout", "fonctionnement-part", "fonctionnement-reste")}


def test_simulator_computes_share_and_remainder(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url + ENTRY + "/")
    form = page.locator("form.hubia-simulateur")
    assert form.is_visible()
    assert _cells(page)["investissement-part"] == "7\u202f000\u00a0€"  # reference figures
    page.get_by_label("Nombre de sites à équiper").fill("3")
    page.get_by_label("Investissement par site (€)").fill("12000.05")
    page.get_by_label("Fonctionnement annuel par site (€)").fill("1000.01")
    page.get_by_role("button", name="Calculer").click()
    # 3 × 12 000,05 = 36 000,15 ; half of it is 18 000,075 → 18 000,08 (half a cent up).
    assert _cells(page) == {
        "investissement-cout": "36\u202f000,15\u00a0€", "investissement-part": "18\u202f000,08\u00a0€",
        "investissement-reste": "18\u202f000,07\u00a0€", "fonctionnement-cout": "3\u202f000,03\u00a0€",
        "fonctionnement-part": "1\u202f500,02\u00a0€", "fonctionnement-reste": "1\u202f500,01\u00a0€"}
    live = page.locator(".hubia-simulateur-message")
    assert live.get_attribute("aria-live") == "polite"
    assert "Pour 3 sites : investissement de 36\u202f000,15\u00a0€" in live.inner_text()
    # The funder's name comes from data/communes.yml, through the form's data attributes.
    assert "€ financés par la Métropole et " in live.inner_text()
    assert "(part indicative de la Métropole : " in live.inner_text()
    # A wrong figure is said in words and marked on its field; no figure is shown.
    sites = page.get_by_label("Nombre de sites à équiper")
    sites.fill("0")
    sites.press("Tab")
    assert "de 1 à 1 000" in live.inner_text()
    assert sites.get_attribute("aria-invalid") == "true"
    assert _cells(page)["investissement-part"] == "—"
    assert watched_page.console_errors == []
    assert {urlsplit(url).hostname for url in watched_page.requests} == {"127.0.0.1"}


def test_simulator_and_print_button_stay_hidden_without_javascript(browser, sample_server) -> None:
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_server.url + ENTRY + "/")
        assert not page.locator("form.hubia-simulateur").is_visible()
        costs = page.get_by_role("table", name="Coûts et financement pour une commune, au coût "
                                               "de référence")
        assert costs.is_visible() and "7\u202f000\u00a0€" in costs.inner_text()
        page.goto(sample_server.url + SUMMARY)
        assert not page.get_by_role("button", name="Imprimer ou enregistrer en PDF").is_visible()
        assert page.get_by_text("Service porteur du projet").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["catalogue/", "communes/"])
def test_listing_pages_open_without_console_error(watched_page, sample_server, path) -> None:
    page = watched_page.page
    page.goto(sample_server.url + path)
    assert page.locator("h1").first.inner_text().startswith(
        ("Catalogue de passage à l'échelle", "Les communes de la Métropole"))
    assert watched_page.console_errors == []


@pytest.fixture(scope="module")
def hostile_hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture hub, built, with hostile text in its proven use case."""
    hub = copy_hub(tmp_path_factory.mktemp("hostile") / "hub")
    path = hub / "docs/cas-usage/chauffage-ecoles.md"
    text = path.read_text(encoding="utf-8").replace(
        "titre: Pilotage du chauffage des écoles",
        'titre: "Chauffage *gras* <b>x</b> [lien](javascript:alert(1))"').replace(
        "resume: Un modèle prédit l'occupation des écoles pour ajuster le chauffage.",
        'resume: "a\\n\\n[clic](javascript:alert(2))\\n\\n<script>alert(3)</script>"').replace(
        "  - Une gestion technique du bâtiment accessible",
        '  - "</dd></dl><img src=x onerror=alert(4)>"')
    # A contributor cannot use the generated pages' deferred-HTML comments.
    text += "\n<!--hubia-html:" + base64.b64encode(b"<script>alert(5)</script>").decode() + "-->\n"
    path.write_text(text, encoding="utf-8")
    # The check refuses markup in these texts (models/plain_text.py): bypassed here, to prove
    # that the generated pages escape them on their own.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plain_text, "_problem", lambda _text: None)
        assert main(["build", "--root", str(hub)]) == 0
    return hub


def test_hostile_record_text_stays_text_on_generated_pages(hostile_hub: Path) -> None:
    """Front matter is untrusted: on the catalogue and commune pages it is never markup."""
    for page in ("catalogue/chauffage-ecoles/index.html", "catalogue/index.html",
                 "communes/pantin/index.html", "catalogue/dossier-chauffage-ecoles.html"):
        html = (hostile_hub / "site" / page).read_text()
        assert 'href="javascript:' not in html, page
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "<b>x</b>" not in html and "<em>gras</em>" not in html, page
    record = (hostile_hub / "site/cas-usage/chauffage-ecoles/index.html").read_text()
    # The sanitiser drops the comment; it is never decoded into markup either way.
    assert "<script>alert(5)" not in record and "alert(5)" not in record
    title = (hostile_hub / "site/catalogue/chauffage-ecoles/index.html").read_text()
    assert "<title>Chauffage *gras* &lt;b&gt;x&lt;/b&gt;" in title


def test_build_refreshes_the_committed_exports(hostile_hub: Path) -> None:
    for name in cat.FILES:
        exported = (hostile_hub / "catalogue" / name).read_bytes()
        assert exported == (hostile_hub / "site/catalogue" / name).read_bytes()
    assert "javascript:alert(1)" in (hostile_hub / "catalogue/catalogue.json").read_text()


def test_record_card_links_communes_to_their_pages(sample_site: Path) -> None:
    html = (sample_site / "cas-usage/pilotage-chauffage-ecoles-colombes/index.html").read_text()
    assert '<a href="../../communes/bois-colombes/">Bois-Colombes</a>' in html


@pytest.fixture(scope="module")
def other_rate_site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The fixture hub built with a 40 % rate and a 5 000 € ceiling in data/programme.yml."""
    hub = copy_hub(tmp_path_factory.mktemp("taux") / "hub")
    programme = hub / "data/programme.yml"
    programme.write_text(programme.read_text(encoding="utf-8").replace(
        "taux_financement: 0.5", "taux_financement: 0.4\nplafond_financement_eur: 5000"),
        encoding="utf-8")
    case = hub / "docs/cas-usage/chauffage-ecoles.md"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "part_metropole_eur: 20000", "part_metropole_eur: 5000"), encoding="utf-8")
    assert main(["build", "--root", str(hub)]) == 0
    served = serve_directory(hub / "site")
    yield served
    served.server.shutdown()


def test_simulator_takes_rate_and_ceiling_from_the_programme(watched_page,
                                                            other_rate_site) -> None:
    page = watched_page.page
    page.goto(other_rate_site.url + "catalogue/chauffage-ecoles/")
    assert page.locator("form.hubia-simulateur").get_attribute("data-taux") == "0.4"
    assert "plafonnée à 5\u202f000\u00a0€" in page.locator("article").inner_text()
    page.get_by_label("Nombre de sites à équiper").fill("2")
    page.get_by_role("button", name="Calculer").click()
    # 2 × 12 000,50 = 24 001 € ; 40 % = 9 600,40 €, capped at 5 000 €. Running: 2 × 1 500 € at
    # 40 % = 1 200 €, under the ceiling.
    assert _cells(page) == {
        "investissement-cout": "24\u202f001\u00a0€", "investissement-part": "5\u202f000\u00a0€",
        "investissement-reste": "19\u202f001\u00a0€", "fonctionnement-cout": "3\u202f000\u00a0€",
        "fonctionnement-part": "1\u202f200\u00a0€", "fonctionnement-reste": "1\u202f800\u00a0€"}
    assert watched_page.console_errors == []
