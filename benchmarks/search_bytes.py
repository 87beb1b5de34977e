"""What a browser downloads for a first search, measured in Chromium with Playwright.

The built site is served on 127.0.0.1 the way a static host serves it: text files (HTML,
JavaScript, CSS, JSON) compressed with gzip when the browser accepts it; Pagefind's index
files are already compressed and are sent as they are. From a fresh browser context (empty
cache), the home page is opened, then a person searches: the header's dialog first, then the
« Rechercher » page with its facets. Every response caused by the search is counted, plus
docs/javascripts/recherche.js (loaded with every page, used only by the search).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_COMPRESSED = {".html", ".js", ".css", ".json", ".xml", ".svg"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text files, as GitHub Pages, nginx or Apache do."""

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if (path.is_file() and path.suffix in _COMPRESSED
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@dataclass
class Downloads:
    files: int
    raw: int  # bytes of the files as stored
    transferred: int  # bytes on the wire (bodies, gzip where the host compresses)

    def __str__(self) -> str:
        return (f"{self.transferred / 1024:.0f} Ko transférés ({self.files} fichiers, "
                f"{self.raw / 1024:.0f} Ko sans compression)")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _sizes(request) -> tuple[str, int, int]:  # noqa: ANN001 - a finished Playwright request
    """(address, stored bytes, transferred bytes), read at once: a later navigation drops them."""
    response = request.response()
    return request.url, len(response.body()), request.sizes()["responseBodySize"]


def _count(sizes: list[tuple[str, int, int]]) -> Downloads:
    return Downloads(len(sizes), sum(raw for _, raw, _ in sizes),
                     sum(sent for _, _, sent in sizes))


def measure(site: Path, query: str) -> tuple[Downloads, Downloads] | None:
    """Downloads of a first `query`: (header dialog, « Rechercher » page); None without Chromium."""
    path = _chromium()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=path, args=["--no-sandbox", "--disable-gpu"])
            for where in ("dialogue", "page"):
                context = browser.new_context()
                page = context.new_page()
                loaded: list[tuple[str, int, int]] = []
                page.on("requestfinished", lambda request: loaded.append(_sizes(request)))
                page.goto(url, wait_until="networkidle")
                script = [s for s in loaded if s[0].endswith("/javascripts/recherche.js")]
                before = len(loaded)
                if where == "dialogue":
                    page.keyboard.press("Control+k")
                    page.keyboard.type(query)
                    status = page.locator("[data-hubia-dialogue] [data-hubia-etat]")
                else:
                    page.goto(f"{url}rechercher/?q={query}")
                    status = page.locator("[data-hubia-recherche] [data-hubia-etat]")
                status.filter(has_text="résultat").wait_for()
                page.wait_for_load_state("networkidle")
                searched = loaded[before:]
                if where == "page":  # the page itself is not the search: count the index only
                    searched = [s for s in searched if "/pagefind/" in s[0]]
                results.append(_count(searched + script))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results[0], results[1]
