"""The dashboard, the map and a commune's page in Chromium: every chart has an accessible
name and a table beside it, and nothing is requested from another address."""

from __future__ import annotations

import pytest

PAGES = ("tableau-de-bord/", "tableau-de-bord/carte/", "communes/pantin/", "donnees/")


@pytest.mark.parametrize("path", PAGES)
def test_charts_are_named_and_have_a_table(watched_page, sample_server, path: str) -> None:
    page = watched_page.page
    page.goto(sample_server.url + path)
    page.wait_for_load_state("load")
    images = page.locator('svg[role="img"]')
    if path == "donnees/":
        assert images.count() == 0
    else:
        assert images.count() >= 1
    for n in range(images.count()):
        image = images.nth(n)
        name = page.evaluate("""(svg) => svg.getAttribute('aria-labelledby').split(' ')
            .map((id) => document.getElementById(id).textContent.trim()).join(' ')""",
                             image.element_handle())
        assert len(name) > 20, name
        figure = image.locator("xpath=ancestor::figure[1]")
        # A table alternative: in the figure, or right after it (the map's table of communes).
        tables = figure.locator("table").count() or page.locator(
            "figure + h2 + table, figure ~ table").count()
        assert tables >= 1
    third_party = [url for url in watched_page.requests if not url.startswith(sample_server.url)]
    assert third_party == []


def test_pages_advertise_their_feeds(watched_page, sample_server) -> None:
    page = watched_page.page
    for path, feed in (("", "flux/nouveautes.xml"),
                       ("parcours/aires-de-livraison/", "flux/parcours/aires-de-livraison.xml"),
                       ("communes/pantin/", "flux/communes/pantin.xml")):
        page.goto(sample_server.url + path)
        links = page.locator('link[rel="alternate"][type="application/atom+xml"]')
        hrefs = [links.nth(n).evaluate("(link) => link.href") for n in range(links.count())]
        assert sample_server.url + feed in hrefs
        response = page.request.get(sample_server.url + feed)
        assert response.ok and response.body().startswith(b"<?xml")
