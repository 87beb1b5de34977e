"""Search without a browser: facets from the front matter, what is indexed, the Pagefind run."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from conftest import ROOT, copy_hub
from hubia.generate import reference
from hubia import theme
from hubia.site import search_index
from hubia.cli import main
from hubia.hub import Hub
from hubia.generate.search import facets
from hubia.check.pipeline import check


@pytest.fixture(scope="module")
def hub() -> Hub:
    return check(ROOT).hub


def _facets(hub: Hub, section: str, slug: str) -> dict[str, list[str]]:
    return facets(hub, hub.records[section][slug])


def test_use_case_facets_come_from_front_matter(hub: Hub) -> None:
    assert _facets(hub, "cas-usage", "pilotage-chauffage-ecoles-colombes") == {
        "type": ["Cas d'usage"],
        "parcours": ["Consommation énergétique des bâtiments publics"],
        "commune": ["Colombes"],
        "ept": ["Boucle Nord de Seine"],  # from data/communes.yml
        "statut": ["Concluant"],
        "annee": ["2025", "2026"],  # the whole period, October 2025 to March 2026
        "finance": ["Oui"],
        "type_ia": ["Prédiction sur données"],
        "catalogue": ["Oui"],  # concluant, with its « passage à l'échelle »
    }


def test_use_case_still_tested_is_not_in_catalogue(hub: Hub) -> None:
    found = _facets(hub, "cas-usage", "detection-derives-consommation-neuilly-sur-marne")
    assert found["catalogue"] == ["Non"] and found["statut"] == ["En expérimentation"]


def test_feedback_inherits_the_track_of_its_use_case(hub_dir: Path) -> None:
    small = check(hub_dir).hub
    entry = small.records["retours-experience"]["atelier-energie"]
    assert entry.record.parcours is None and entry.record.cas_usage == "chauffage-ecoles"
    found = facets(small, entry)
    assert found["parcours"] == ["Énergie des bâtiments publics"]
    assert "finance" not in found and "catalogue" not in found  # use cases only


def test_track_lists_its_candidate_communes(hub: Hub) -> None:
    found = _facets(hub, "parcours", "aires-de-livraison")
    assert {"Pantin", "Sceaux"} <= set(found["commune"])
    assert found["parcours"] == ["Logistique du dernier kilomètre et aires de livraison"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hub_dir = copy_hub(tmp_path_factory.mktemp("recherche") / "hub")
    track = hub_dir / "docs/parcours/energie.md"
    # A track title with HTML special characters: it becomes a facet value on many pages (tags
    # are refused in a title, models/plain_text.py; a « < » followed by a space is not).
    track.write_text(track.read_text(encoding="utf-8").replace(
        "titre: ", 'titre: "Énergie & < bâtiments > \\"publics\\"" #', 1), encoding="utf-8")
    # A hand-written page among generated pages that are not indexed (the commune pages).
    (hub_dir / "docs/communes").mkdir()
    (hub_dir / "docs/communes/adherer.md").write_text(
        "# Adhérer au programme\n\nLa délibération du conseil municipal suffit.\n",
        encoding="utf-8")
    assert main(["build", "--root", str(hub_dir)]) == 0
    return hub_dir / "site"


def _html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_records_and_content_pages_are_indexed_listings_are_not(built: Path) -> None:
    for page in ("cas-usage/chauffage-ecoles/index.html", "parcours/energie/index.html",
                 "index.html", "reference/codes-erreur/index.html"):
        assert _html(built, page).count("data-pagefind-body") == 1, page
    for page in ("cas-usage/index.html", "parcours/index.html", "rechercher/index.html",
                 "404.html"):
        assert "data-pagefind-body" not in _html(built, page), page


def test_related_records_and_banner_stay_out_of_the_record_text(built: Path) -> None:
    html = _html(built, "parcours/energie/index.html")
    body = html[html.index("<div data-pagefind-body"):html.index('<div class="hubia-liens">')]
    assert body.count("<div") == body.count("</div"), "the indexed body ends before the links"
    record = _html(built, "cas-usage/chauffage-ecoles/index.html")
    assert 'role="note" data-pagefind-ignore' in record


def test_a_records_figures_and_boilerplate_are_shown_but_not_indexed(built: Path) -> None:
    """The blocks of figures, dates and administrative detail (and the lines every record
    page repeats) carry data-pagefind-ignore; the key facts and the AI block are searched."""
    html = _html(built, "cas-usage/chauffage-ecoles/index.html")
    blocks = dict((title, "data-pagefind-ignore" in attributes) for attributes, title in
                  re.findall(r'<section class="hubia-bloc[^"]*"([^>]*)><h2>([^<]*)</h2>', html))
    assert blocks.pop("En bref") is False and blocks.pop("Intelligence artificielle") is False
    assert {"Financement", "Transparence", "Frugalité"} <= set(blocks), blocks
    assert all(blocks.values()), blocks  # every other block
    for line in ('class="hubia-historique"', 'class="hubia-signaler"'):
        assert re.search(line + r"[^>]*data-pagefind-ignore", html), line
    assert ".hubia-fiche dt" in search_index.EXCLUDED  # the card's labels, not its values


def test_filters_are_escaped(built: Path) -> None:
    html = _html(built, "cas-usage/chauffage-ecoles/index.html")
    assert ('data-pagefind-filter="parcours:Énergie &amp; &lt; bâtiments &gt; '
            '&quot;publics&quot;"') in html
    assert "< bâtiments >" not in html
    assert 'data-pagefind-sort="date:' in html and 'data-pagefind-filter="commune:Pantin"' in html


def test_search_bundle_is_written_without_unused_interfaces(built: Path) -> None:
    bundle = built / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["fr"]
    # Records and docs/communes/adherer.md; index.md is counted below.
    records = sum(1 for _ in (built.parent / "docs").rglob("*.md")) - 1
    # Home page, « Codes d'erreur », « Format des fiches » and its page per file type,
    # glossary, agenda.
    content = 1 + len(reference.PATHS) + 2
    assert entry["languages"]["fr"]["page_count"] == records + content
    assert (bundle / "pagefind.js").is_file() and (bundle / "wasm.fr.pagefind").is_file()
    for name in search_index.UNUSED:
        assert not (bundle / name).exists(), name


@pytest.mark.parametrize(("pages", "expected"), [
    (["index.html", "cas-usage/a/index.html", "cas-usage/b/index.html", "glossaire/index.html"],
     "{cas-usage/*/index.html,glossaire/index.html,index.html}"),
    # Pages of one folder at two depths: the whole folder is read, or the one subfolder
    # that holds them all.
    (["communes/a/index.html", "communes/b/algorithmes/index.html", "x/y/z/index.html"],
     "{communes/**/*.html,x/*/*/index.html}"),
    (["communes/liste/84-69/index.html", "communes/liste/84-69/pages/2/index.html",
      "communes/liste/11-75/index.html", "cas-usage/a/index.html"],
     "{cas-usage/*/index.html,communes/liste/**/*.html}"),
    (["communes/liste/a/index.html", "communes/liste/a/pages/2/index.html"],
     "{communes/liste/a/**/*.html}"),
    ([], search_index.ALL_PAGES),
    (["cas-usage/a/index.html", "pages{1,2}/index.html"], search_index.ALL_PAGES),
    (["cas-usage/a/index.html", "*/index.html"], search_index.ALL_PAGES),
])
def test_pagefind_reads_only_the_folders_of_indexed_pages(pages: list[str],
                                                          expected: str) -> None:
    assert search_index.glob(pages) == expected


def test_failed_indexing_leaves_previous_site(tmp_path: Path, monkeypatch, capsys) -> None:
    hub_dir = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub_dir)]) == 0
    before = (hub_dir / "site/index.html").read_bytes()
    monkeypatch.setattr(search_index, "executable", lambda: Path("/bin/false"))
    assert main(["build", "--root", str(hub_dir)]) == 1
    err = capsys.readouterr().err
    assert "Pagefind n'a pas pu indexer le site (code 1)" in err
    assert "site précédent est laissé intact" in err and "Traceback" not in err
    assert (hub_dir / "site/index.html").read_bytes() == before
    assert not list(hub_dir.glob(".site-*")), "no staging folder left behind"


def test_every_page_has_the_header_search_and_its_dialog(built: Path) -> None:
    """The header's « Rechercher » leads to the search page (without JavaScript too) and
    opens the dialog, which every page holds once."""
    pages = [p for p in sorted(built.rglob("*.html"))
             if not p.name.startswith("dossier-") and not p.is_relative_to(built / "pagefind")]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(built).as_posix()
        openers = re.findall(r'<a [^>]*href="([^"]+)"[^>]*\sdata-hubia-ouvrir[\s>]', html)
        assert len(openers) == 1, rel
        target = openers[0] if rel == "404.html" else posixpath.normpath(
            posixpath.join(posixpath.dirname(rel), openers[0])) + "/"
        assert target.strip("/") == "rechercher", (rel, openers[0])
        assert len(re.findall(r"<dialog\b[^>]*\sdata-hubia-dialogue[\s>]", html)) == 1, rel


def test_no_inline_script_or_handler_in_search_templates(built: Path) -> None:
    templates = sorted(theme.TEMPLATES.rglob("*.html"))
    assert any("data-hubia-dialogue" in t.read_text(encoding="utf-8") for t in templates)
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text and not re.search(r"\son[a-z]+=", text), path
    page = _html(built, "rechercher/index.html")
    assert 'src="../theme/recherche.js"' in page
    assert not re.search(r"\son[a-z]+=", page)
