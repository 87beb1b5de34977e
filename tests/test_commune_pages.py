"""One page per member commune and their index by EPT, from fixture hubs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_hub
from hubia.text.fold import slugify
from hubia.generate import communes as commune_pages
from hubia.generate.tables import restore
from hubia.check.pipeline import check
from hubia.generate import generated_pages
from hubia.render.links import Layout

BASE_CASE = (FIXTURES / "hub/docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8")
ADOPTIONS = "adoptions:\n  - commune: Bagnolet\n    statut: en_cours\n    date: 2025-10-01\n"


def _hub(root: Path):
    """The fixture hub plus a second proven case, deployed in Antony, studied by Sceaux."""
    copy_hub(root)
    assert ADOPTIONS in BASE_CASE
    second = BASE_CASE.replace("titre: Pilotage du chauffage des écoles",
                               "titre: Éclairage des gymnases").replace(
        ADOPTIONS, "adoptions:\n  - commune: Antony\n    statut: deployee\n    date: 2025-09-01\n"
                   "  - commune: Sceaux\n    statut: en_etude\n    date: 2025-10-01\n"
                   "  - commune: Bourg-la-Reine\n    statut: en_etude\n    date: 2025-10-01\n")
    (root / "docs/cas-usage/eclairage-gymnases.md").write_text(second, encoding="utf-8")
    report = check(root, generated=generated_pages())
    assert report.problems == []
    return report.hub


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    hub = _hub(tmp_path_factory.mktemp("communes") / "hub")
    # The HTML parts of generated pages are deferred past Markdown: read them restored, with
    # their links (docs paths) resolved as the site's layout resolves them.
    return {path: Layout().resolve(restore(page), path, frozenset())
            for path, page in commune_pages.pages(hub).items()}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section(page: str, title: str) -> str:
    """The Markdown of the `## title` section of a generated page."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", page, re.S | re.M)
    return match.group(1) if match else ""


def test_every_member_commune_has_a_page_with_a_unique_ascii_slug(pages) -> None:
    communes = [p for p in pages if p != "communes/index.md"]
    assert len(communes) == 130
    slugs = [p.removeprefix("communes/").removesuffix(".md") for p in communes]
    assert len(set(slugs)) == 130
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    assert {"l-hay-les-roses", "l-ile-saint-denis", "epinay-sur-seine", "paris",
            "le-pre-saint-gervais", "ville-d-avray"} <= set(slugs)


def test_slugs_are_stable() -> None:
    assert slugify("L'Haÿ-les-Roses") == "l-hay-les-roses"
    assert slugify("  Saint-Maur-des-Fossés ") == "saint-maur-des-fosses"


def test_pilot_commune_lists_its_case_tracks_and_feedback(pages) -> None:
    page = pages["communes/pantin.md"]
    assert "<h1>Pantin</h1>" in page and "Est Ensemble" in page
    assert "61\u202f929 habitants" in page  # population from data/communes.yml
    cases = _text(_section(page, "Cas d'usage"))
    assert "Pilotage du chauffage des écoles (exemple fictif) — A éprouvé la solution (commune pilote)" in cases
    assert 'href="../../cas-usage/chauffage-ecoles/"' in page
    assert "Énergie des bâtiments publics : cas d&#x27;usage" in _text(_section(page, "Parcours"))
    assert "Atelier énergie du Club IA" in _section(page, "Retours d'expérience")
    assert "ne participe encore" not in page


def test_adopter_lists_its_adoption_and_gets_no_suggestion_for_it(pages) -> None:
    page = pages["communes/bagnolet.md"]
    cases = _text(_section(page, "Cas d'usage"))
    assert "Pilotage du chauffage des écoles (exemple fictif) — Reprend la solution : déploiement en cours" in cases
    assert "chauffage-ecoles" not in _section(page, "Solutions à reprendre près de chez vous")


def test_neighbours_running_a_solution_make_a_suggestion(pages) -> None:
    # Montreuil is in Est Ensemble with Pantin, which proved both solutions.
    nearby = _section(pages["communes/montreuil.md"], "Solutions à reprendre près de chez vous")
    assert 'href="../../catalogue/chauffage-ecoles/"' in nearby
    assert 'href="../../catalogue/eclairage-gymnases/"' in nearby
    assert 'href="../pantin/"' in nearby
    # Bourg-la-Reine (Vallée Sud-Grand Paris) studies the lighting; Antony has deployed it:
    # Sceaux, same EPT, gets it suggested only if it is not adopting it already.
    assert "eclairage-gymnases" not in _section(pages["communes/sceaux.md"],
                                                "Solutions à reprendre près de chez vous")
    nearby = _section(pages["communes/chatenay-malabry.md"],
                      "Solutions à reprendre près de chez vous")
    assert 'href="../../catalogue/eclairage-gymnases/"' in nearby and "Antony" in nearby
    assert "Sceaux" not in nearby  # only studying it: not « in service »
    assert "chauffage-ecoles" not in nearby  # Pantin is in another EPT


def test_long_lists_show_their_first_items_and_get_pages_of_their_own(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(commune_pages, "SHORT_LIST", 1)
    monkeypatch.setattr(commune_pages, "LIST_PAGE", 1)
    pages = {path: restore(page)
             for path, page in commune_pages.pages(_hub(tmp_path / "hub")).items()}
    nearby = _section(pages["communes/montreuil.md"], "Solutions à reprendre près de chez vous")
    solution = r"catalogue/(chauffage-ecoles|eclairage-gymnases)\.md"
    assert len(re.findall(solution, nearby)) == 1  # the first solution only
    assert "2 au total ; voici les 1 en service dans le plus de communes voisines" in nearby
    assert 'href="montreuil/solutions.md">Solutions à reprendre pour Montreuil' in nearby
    listed = [pages["communes/montreuil/solutions.md"],
              pages["communes/montreuil/solutions/pages/2.md"]]
    assert all("(page " in page and 'class="hubia-pages"' in page for page in listed)
    assert sorted(re.findall(solution, "".join(listed))) == [
        "chauffage-ecoles", "eclairage-gymnases"]
    assert "communes/montreuil/solutions/pages/3.md" not in pages


def test_in_a_large_territory_the_solutions_nearby_are_listed_in_full_by_the_catalogue(
        tmp_path: Path, monkeypatch) -> None:
    """A grouping of a large territory runs hundreds of solutions, nearly the same for each of
    its thousands of communes: no pages of them per commune, the catalogue lists them once."""
    monkeypatch.setattr(commune_pages, "SHORT_LIST", 1)
    monkeypatch.setattr(commune_pages, "FULL_INDEX_LIMIT", 5)  # the large layout
    pages = {path: restore(page)
             for path, page in commune_pages.pages(_hub(tmp_path / "hub")).items()}
    nearby = _section(pages["communes/montreuil.md"], "Solutions à reprendre près de chez vous")
    assert "2 au total ; voici les 1 en service" in nearby
    assert 'href="../catalogue/index.md">Toutes les solutions, dans le catalogue</a>' in nearby
    assert not [path for path in pages if "/solutions" in path]


def test_commune_with_nothing_says_so_and_points_to_the_catalogue(pages) -> None:
    page = pages["communes/paris.md"]
    assert "Paris ne participe encore à aucun parcours ni cas d'usage" in page
    assert 'href="../../catalogue/"' in page
    assert "## Cas d'usage" not in page and "## Retours d'expérience" not in page


def test_index_groups_every_commune_under_its_ept(pages) -> None:
    index = pages["communes/index.md"]
    headings = re.findall(r"^## (.+) \{#ept-(\d+)\}$", index, re.M)
    assert len(headings) == 12
    assert ("Est Ensemble", "200057875") in headings
    est = _section(index, "Est Ensemble {#ept-200057875}")
    assert est.count('href="pantin/"') == 1 and 'href="sceaux/"' not in est
    assert sum(index.count(f'href="{p.split("/")[1][:-3]}/"') for p in pages
               if p != "communes/index.md") == 130


def test_commune_links_from_the_committed_data_resolve() -> None:
    report = check(ROOT, generated=generated_pages())
    slugs = report.hub.communes.slugs
    assert len(set(slugs.values())) == len(slugs) == 130
