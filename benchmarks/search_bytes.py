"""What a browser downloads for a first search, measured in Chromium with Playwright.

The built site is served on 127.0.0.1 the way a static host serves it: text files (HTML,
JavaScript, CSS, JSON) compressed with gzip when the browser accepts it; Pagefind's index
files are already compressed and are sent as they are. From a fresh browser context (empty
cache), the home page is opened, then a person searches:

- in the header's dialog (Ctrl+K), typing the words one by one and waiting for the results
  after each word, as a person reads them while typing: the measure with a target;
- on the « Rechercher » page with its facets, for comparison.

Every response caused by the search is counted, plus the theme's search script
(theme/recherche.js: loaded with every page, used only by the search).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_COMPRESSED = {".html", ".js", ".css", ".json", ".xml", ".svg"}
SEARCH_SCRIPT = "/theme/recherche.js"
OPENER = "a[data-hubia-ouvrir]"
DIALOG_INPUT = "#hubia-dialogue-q"
DIALOG_STATUS = "[data-hubia-dialogue] [data-hubia-etat]"
DIALOG_RESULTS = "[data-hubia-dialogue] [data-hubia-resultats] li"
PAGE_STATUS = "[data-hubia-recherche] [data-hubia-etat]"
TIMEOUT_MS = 60_000


class GzipHandler(http.server.SimpleHTTPRequestHandler):
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
    results: int = 0  # results the search announced for the whole query
    largest: tuple[tuple[str, int], ...] = ()  # (site path, bytes transferred), largest first

    def __str__(self) -> str:
        return (f"{self.transferred / 1024:.0f} Ko transférés ({self.files} fichiers, "
                f"{self.raw / 1024:.0f} Ko sans compression)")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _sizes(request) -> tuple[str, int, int]:  # noqa: ANN001 - a finished Playwright request
    """(address, stored bytes, transferred bytes), read at once: a later navigation drops them."""
    response = request.response()
    return request.url, len(response.body()), request.sizes()["responseBodySize"]


def _count(sizes: list[tuple[str, int, int]], results: int = 0) -> Downloads:
    largest = sorted(((urlsplit(url).path, sent) for url, _, sent in sizes),
                     key=lambda item: -item[1])
    return Downloads(len(sizes), sum(raw for _, raw, _ in sizes),
                     sum(sent for _, _, sent in sizes), results, tuple(largest))


def _announced(page, term: str) -> int:  # noqa: ANN001 - a Playwright page
    """Wait until the dialog shows the results of `term`; the number it announces."""
    page.wait_for_function(
        "([selector, term]) => (document.querySelector(selector)?.textContent || '')"
        ".includes(`« ${term} »`)", arg=[DIALOG_STATUS, term], timeout=TIMEOUT_MS)
    text = page.locator(DIALOG_STATUS).inner_text()
    digits = "".join(c for c in text.split("résultat")[0] if c.isdigit())
    return int(digits) if digits else 0


def _dialog(page, words: Sequence[str]) -> int:  # noqa: ANN001
    """Open the header's dialog with Ctrl+K, type `words` one by one; results found."""
    page.keyboard.press("Control+k")
    page.locator(DIALOG_INPUT).wait_for(state="visible", timeout=TIMEOUT_MS)
    found = 0
    for n, word in enumerate(words):
        page.keyboard.type(("" if n == 0 else " ") + word, delay=60)
        found = _announced(page, " ".join(words[: n + 1]))
        if found:
            page.locator(DIALOG_RESULTS).first.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle")
    return found


def measure(site: Path, words: Sequence[str]) -> tuple[Downloads, Downloads] | None:
    """Downloads of a first search for `words`: (header dialog, « Rechercher » page);
    None without Chromium."""
    path = chromium()
    if path is None:
        return None
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
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
                script = [s for s in loaded if urlsplit(s[0]).path.endswith(SEARCH_SCRIPT)]
                if not script:
                    raise RuntimeError(f"la page d'accueil ne charge pas {SEARCH_SCRIPT}")
                before = len(loaded)
                if where == "dialogue":
                    found = _dialog(page, words)
                    searched = loaded[before:]
                else:
                    query = "+".join(words)
                    page.goto(f"{url}rechercher/?q={query}", wait_until="networkidle")
                    page.locator(PAGE_STATUS).filter(has_text="résultat").wait_for(
                        timeout=TIMEOUT_MS)
                    page.wait_for_load_state("networkidle")
                    # The page itself is not the search: count the index only.
                    searched = [s for s in loaded[before:] if "/pagefind/" in s[0]]
                    found = 0
                results.append(_count(searched + script, found))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results[0], results[1]


if __name__ == "__main__":  # python benchmarks/search_bytes.py SITE [MOT...]
    import sys

    if len(sys.argv) < 2:
        sys.exit("usage : search_bytes.py DOSSIER_DU_SITE [MOT...]")
    measured = measure(Path(sys.argv[1]), sys.argv[2:] or ["suivi", "mensuel", "indicateurs"])
    if measured is None:
        sys.exit("Chromium introuvable")
    print(json.dumps({"dialogue": str(measured[0]), "résultats": measured[0].results,
                      "fichiers": measured[0].largest, "page": str(measured[1])},
                     ensure_ascii=False, indent=1))
