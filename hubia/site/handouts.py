"""`hubia handouts`: one PDF per track, printed from its handout page by headless Chromium.

The hub is built into a temporary folder and each `parcours/<slug>/imprimer/` page is opened
from disk (file://) and printed with the site's print stylesheet. Any request that would leave
file:// is refused. Chromium is Debian's (`chromium`), driven by Playwright; neither is
downloaded here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

from ..hub import Hub
from ..generate.modules import handout_src_uri
from ..render.links import page_url
from ..errors import HubiaError

CHROMIUM_ARGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class HandoutError(HubiaError):
    """A handout that could not be printed, with a French explanation."""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _footer(title: str) -> str:
    # Chromium's own header/footer template (not site HTML): inline style is the only way.
    return ('<div style="width:100%;font-size:8px;padding:0 12mm;display:flex;'
            f'justify-content:space-between"><span>{escape(title)}</span>'
            '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span>'
            "</div>")


def _chromium() -> str:
    executable = chromium_path()
    if executable is None:
        raise HandoutError("Chromium est introuvable : installez le paquet « chromium » "
                           "(Debian : apt install chromium) pour produire les supports PDF.")
    return executable


def print_handouts(hub: Hub, site: Path, output: Path,
                   progress: Callable[[str], None]) -> list[Path]:
    """Print the handout of every track with modules from the built `site` into `output`."""
    executable = _chromium()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise HandoutError("le paquet Python « playwright » manque : réinstallez hubia "
                           "(pip install -e .).") from None
    tracks = [t for t in hub.parcours() if t.record.modules]
    output.mkdir(parents=True, exist_ok=True)
    written = []
    args = CHROMIUM_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=args)
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file:") else route.abort())
            for track in tracks:
                html = site / page_url(handout_src_uri(track.slug)) / "index.html"
                if not html.is_file():
                    raise HandoutError(f"page du support introuvable : {html}")
                page.goto(html.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                target = output / f"{track.slug}.pdf"
                page.pdf(path=str(target), format="A4", print_background=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template=_footer(track.record.titre),
                         margin={"top": "15mm", "bottom": "18mm", "left": "15mm",
                                 "right": "15mm"})
                written.append(target)
                progress(f"Support PDF : {target}")
            browser.close()
    except PlaywrightError as exc:
        raise HandoutError(f"Chromium n'a pas pu imprimer les supports : {exc}") from None
    return written


def build_handouts(hub: Hub, output: Path, progress: Callable[[str], None]) -> list[Path]:
    """Build the site in a temporary folder, then print every track's handout to PDF."""
    from .build import build

    _chromium()  # before a build that would be for nothing
    with tempfile.TemporaryDirectory(prefix="hubia-supports-") as work:
        site = Path(work) / "site"
        build(hub, site, progress)
        return print_handouts(hub, site, output, progress)
