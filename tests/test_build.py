"""`hubia build` on a small hub and on the sample hub shipped in the repository."""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, copy_hub, menu_links
from hubia.cli import main
from hubia.load.files import record_files

# Python-level API, and the console script in a subprocess once (real entry point).


def _nav_links(page: str, html: str) -> list[str]:
    """Site paths of the links of the main menu (`nav#hubia-menu`)."""
    here = posixpath.dirname(page)
    return [posixpath.normpath(posixpath.join(here, href)) + "/" for href in menu_links(html)]


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    hub = copy_hub(tmp_path_factory.mktemp("construit") / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    return hub / "site"


def test_record_pages_live_at_section_slug(built_fixture: Path) -> None:
    for page in ("index.html", "parcours/energie/index.html", "cas-usage/chauffage-ecoles/index.html",
                 "demonstrateurs/eco-pilot/index.html",
                 "retours-experience/atelier-energie/index.html", "parcours/index.html",
                 "cas-usage/index.html", "reference/codes-erreur/index.html"):
        assert (built_fixture / page).is_file(), page


def test_card_shows_front_matter_values(built_fixture: Path) -> None:
    html = unescape((built_fixture / "cas-usage/chauffage-ecoles/index.html").read_text())
    text = re.sub(r"<[^>]+>", " ", html)
    for expected in ("Pilotage du chauffage des écoles", "Coût total (€)", "40\u202f000\u00a0€",
                     "20\u202f000\u00a0€", "Gradient boosting (LightGBM 4)", "Sur site",
                     "120", "6,5", "Consommation de gaz", "410", "340", "MWh/an",
                     "Concluant", "Pantin", "Bagnolet", "12\u202f000,50\u00a0€",
                     "Énergie des bâtiments publics", "Exemple fictif", "6 janvier 2025"):
        assert expected in text, expected
    assert "<h1>Pilotage du chauffage des écoles</h1>" in html
    assert html.count("<h1") == 1


def test_real_record_has_no_example_banner(built_fixture: Path) -> None:
    html = (built_fixture / "demonstrateurs/eco-pilot/index.html").read_text()
    assert "hubia-exemple" not in html
    assert "hubia-exemple" in (built_fixture / "cas-usage/chauffage-ecoles/index.html").read_text()


@pytest.mark.parametrize("page", ["index.html", "cas-usage/chauffage-ecoles/index.html"])
def test_nav_holds_no_record(built_fixture: Path, page: str) -> None:
    links = _nav_links(page, (built_fixture / page).read_text())
    assert "cas-usage/" in links and "parcours/" in links, links
    records = [link for link in links if re.search(r"(parcours|cas-usage|demonstrateurs|"
                                                   r"retours-experience)/[a-z0-9-]+/$", link)]
    assert records == []


def test_track_page_lists_its_use_cases(built_fixture: Path) -> None:
    html = (built_fixture / "parcours/energie/index.html").read_text()
    assert 'href="../../cas-usage/chauffage-ecoles/"' in html
    assert 'href="../../demonstrateurs/eco-pilot/"' in html


def test_home_page_takes_figures_from_programme(built_fixture: Path) -> None:
    html = (built_fixture / "index.html").read_text()
    assert "200\u202f000\u00a0€" in html and "50\u00a0%" in html
    assert "{{" not in html


def test_no_third_party_request(built_fixture: Path) -> None:
    for page in built_fixture.rglob("*.html"):
        html = page.read_text()
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            # Only links a visitor clicks may leave the site; nothing is loaded from outside.
            assert not re.search(r"<(?:script|link|img|iframe)[^>]+" + re.escape(url), html), url
    assert "fonts.googleapis" not in (built_fixture / "index.html").read_text()


def test_failed_check_leaves_previous_site(tmp_path: Path, capsys) -> None:
    hub = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    marker = hub / "site" / "index.html"
    before = marker.read_bytes()
    (hub / "docs/cas-usage/chauffage-ecoles.md").write_text("---\ntitre: [\n---\n")
    assert main(["build", "--root", str(hub)]) == 1
    assert marker.read_bytes() == before
    err = capsys.readouterr()
    assert "docs/cas-usage/chauffage-ecoles.md:2:1: erreur yaml-invalide" in err.out
    assert "site précédent est laissé intact" in err.err
    assert not list(tmp_path.glob("hub/.site-*")), "no staging folder left behind"


def test_sample_hub_builds(tmp_path: Path) -> None:
    """The hub shipped in the repository: every record gets its page, via the real command."""
    output = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--root", str(ROOT),
                             "--output", str(output)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert re.match(r"Hub IA : \d+ fiches, 0 erreur, 0 avertissement, \d+ pages, "
                    r"\d+ indexées pour la recherche en [\d,]+ s, [\d,]+ s\.$", summary), summary
    files = record_files(ROOT)
    assert len(files) >= 20
    for section, file in files:
        assert (output / section / file.stem / "index.html").is_file(), file


@pytest.mark.parametrize("processes", [1, 2])
def test_pages_are_scanned_as_they_are_written(tmp_path: Path, monkeypatch, capsys,
                                               processes: int) -> None:
    """A page whose HTML holds active content (here injected after sanitising, as a bug
    would) fails the build, whichever process rendered it; the old site stays."""
    from dataclasses import replace

    from hubia.render.page import PageRenderer
    from hubia.site import pool

    hub = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    before = (hub / "site/index.html").read_bytes()
    render = PageRenderer.render

    def tainted(self, source):  # noqa: ANN001, ANN202
        page = render(self, source)
        if source.path == "cas-usage/chauffage-ecoles.md":
            page = replace(page, content=page.content + '<img src="x" onerror="alert(1)">')
        return page

    monkeypatch.setattr(PageRenderer, "render", tainted)
    monkeypatch.setattr(pool, "available_cores", lambda: processes)
    assert main(["build", "--root", str(hub)]) == 1
    err = capsys.readouterr().err
    assert "cas-usage/chauffage-ecoles/index.html" in err and "onerror" in err
    assert (hub / "site/index.html").read_bytes() == before
