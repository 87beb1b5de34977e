"""The harness itself: the sample hub opens in Chromium with no error and no outside request."""

from __future__ import annotations

from urllib.parse import urlsplit


def test_home_page_opens_without_error_or_outside_request(watched_page, sample_server) -> None:
    page = watched_page.page
    page.goto(sample_server.url)
    assert page.locator("h1").first.inner_text().startswith("Hub IA de la Métropole du Grand Paris")
    page.get_by_role("link", name="Cas d'usage").first.click()
    page.wait_for_url("**/cas-usage/")
    assert watched_page.console_errors == []
    hosts = {urlsplit(url).hostname for url in watched_page.requests}
    assert hosts == {"127.0.0.1"}, watched_page.requests
