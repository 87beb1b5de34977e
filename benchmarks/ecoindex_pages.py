"""The EcoIndex of every page type of a built site, measured in Chromium with Playwright.

The pages are those the site's own « Déclaration d'écoconception » lists (the heaviest page
of each type, chosen at build time), served on 127.0.0.1 as a static host serves them (gzip
for text files, search_bytes.GzipHandler). Each is opened in a fresh context (empty cache)
and measured once the network is idle: the elements of its DOM
(document.getElementsByTagName('*').length), the requests it made and the bytes transferred
(response bodies as sent); hubia.ecoindex turns them into the score and the grade.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from hubia import ecoindex
from search_bytes import GzipHandler, chromium

_ROW = re.compile(r'<tr><th scope="row">(?:<a href="([^"]*)">)?(.*?)(?:</a>)?</th>')
NOT_FOUND = "404.html"  # the one row without a link: the page served at unknown addresses
DECLARATION = "ecoconception/index.html"


@dataclass(frozen=True)
class Measured:
    kind: str
    path: str  # address in the site, from its root
    dom: int
    requests: int
    transferred: int  # bytes

    @property
    def score(self) -> float:
        return ecoindex.score(self.dom, self.requests, self.transferred / 1024)

    @property
    def grade(self) -> str:
        return ecoindex.grade(self.score)


def page_types(site: Path) -> list[tuple[str, str]]:
    """(page type, address from the root) of each row of the site's declaration."""
    html = (site / DECLARATION).read_text(encoding="utf-8")
    return [(unescape(kind), f"ecoconception/{unescape(href)}" if href else NOT_FOUND)
            for href, kind in _ROW.findall(html)]


def _address(path: str) -> str:
    """`ecoconception/../cas-usage/x/` → `cas-usage/x/`."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) + ("/" if path.endswith("/") else "")


def measure(site: Path) -> list[Measured] | None:
    """Every page type of `site` measured in Chromium; None without Chromium."""
    path = chromium()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=path, args=["--no-sandbox", "--disable-gpu"])
            for kind, href in page_types(site):
                address = _address(href)
                context = browser.new_context()
                page = context.new_page()
                sizes: list[int] = []
                page.on("requestfinished",
                        lambda request: sizes.append(request.sizes()["responseBodySize"]))
                page.goto(url + address, wait_until="networkidle")
                dom = page.evaluate("document.getElementsByTagName('*').length")
                found.append(Measured(kind, address, dom, len(sizes), sum(sizes)))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


if __name__ == "__main__":  # python benchmarks/ecoindex_pages.py SITE
    import sys

    if len(sys.argv) != 2:
        sys.exit("usage : ecoindex_pages.py DOSSIER_DU_SITE")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for row in measure(Path(sys.argv[1])) or []:
        print(f"{row.kind:35} {row.dom:6} {row.requests:4} {row.transferred / 1024:8.1f} Ko "
              f"{row.score:5.0f} {row.grade}  {row.path}")
