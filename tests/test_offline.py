"""`hubia build --offline`: a zipped hub that works from disk (file://), built reproducibly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT
from hubia.site.offline import FOLDER, INDEX, ZIP_NAME

EPOCH = "1781913600"  # 2026-06-20: the same date for both builds


def _build(output: Path) -> Path:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--offline", "--root",
                             str(ROOT), "--output", str(output)], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "avertissement :" not in result.stderr, result.stderr  # no warning of the build
    return output / ZIP_NAME


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the zip, the folder it unpacks to)."""
    work = tmp_path_factory.mktemp("hors-ligne")
    archive = _build(work / "site")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(work / "ouvert")
    return archive, work / "ouvert" / FOLDER


def test_zip_is_sorted_dated_and_reproducible(edition, tmp_path: Path) -> None:
    archive, _ = edition
    with zipfile.ZipFile(archive) as opened:
        infos = opened.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names) and all(n.startswith(f"{FOLDER}/") for n in names)
    assert {info.date_time for info in infos} == {(2026, 6, 20, 0, 0, 0)}
    assert f"{FOLDER}/index.html" in names and f"{FOLDER}/rechercher.html" in names
    # Its own search: the data and the script that reads it, not the online ones.
    assert f"{FOLDER}/{INDEX}" in names and f"{FOLDER}/theme/recherche-hors-ligne.js" in names
    assert f"{FOLDER}/theme/recherche.js" not in names
    assert not [n for n in names if "sitemap" in n or n.startswith(f"{FOLDER}/pagefind/")
                or n.endswith("/404.html")]  # all of them need a web server
    again = _build(tmp_path / "site")
    assert again.read_bytes() == archive.read_bytes()


def test_every_link_of_the_offline_edition_opens_a_file(edition) -> None:
    _, folder = edition
    pages = list(folder.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:href|src)="([^"]+)"', html):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "mailto") or not parts.path:
                continue
            assert not parts.path.endswith("/"), f"{page}: {url} needs a server"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(folder)}: {url}"
        # Nothing is loaded from outside; visitors may still follow links to other sites.
        assert not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="https?://', html)


def test_offline_edition_works_from_disk_without_any_request(watched_page, edition) -> None:
    _, folder = edition
    page = watched_page.page
    page.goto((folder / "index.html").as_uri())
    page.get_by_role("link", name="Parcours", exact=True).first.click()
    page.wait_for_url("**/parcours/index.html")
    page.get_by_role("link", name="Logistique du dernier kilomètre et aires de livraison").click()
    page.wait_for_url("**/parcours/aires-de-livraison.html")
    assert page.locator("#module-1").is_visible()
    page.get_by_role("link", name="Disponibilité en temps réel des aires de livraison à "
                                   "Pantin").first.click()
    page.wait_for_url("**/cas-usage/disponibilite-aires-livraison-pantin.html")
    assert "capteurs" in page.locator("article").inner_text()
    if (folder / "catalogue" / "index.html").is_file():  # the catalogue, once the hub has one
        page.goto((folder / "catalogue" / "index.html").as_uri())
        assert page.locator("h1").count() == 1
    page.get_by_role("link", name="Glossaire", exact=True).first.click()
    page.wait_for_url("**/glossaire.html")

    # Its own search, on the « Rechercher » page: the index is a script, not a fetch.
    page.locator("header").get_by_role("link", name="Rechercher", exact=True).click()
    page.wait_for_url("**/rechercher.html")
    page.get_by_label("Mots recherchés", exact=True).press_sequentially("réemploi")
    results = page.locator("[data-hubia-resultats] li a")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 1
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert all(href.startswith("file://") and urlsplit(href).path.endswith(".html")
               for href in hrefs), hrefs
    results.first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.split("#")[0].endswith(".html")
    assert page.locator("h1").count() == 1

    assert watched_page.console_errors == []
    leaving = [url for url in watched_page.requests
               if not url.startswith(("file://", "about:", "data:", "blob:"))]
    assert leaving == [], leaving
