"""Browser test harness: Debian's Chromium driven by Playwright, sites served on 127.0.0.1.

Browser tests skip only when no Chromium is installed on a developer's machine; in CI
(`CI` set) a missing browser is a failure, so they can never be skipped silently there.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the whole session."""
    path = chromium_path()
    if path is None:
        message = "Chromium introuvable : installez le paquet Debian « chromium »"
        if os.environ.get("CI"):
            pytest.fail(message + " (obligatoire en CI)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    args = CHROMIUM_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=args)
        yield instance
        instance.close()


@dataclass
class Watched:
    """A page with every request URL and console error it produced."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def watched_page(browser) -> Iterator[Watched]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    watched = Watched(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("console", lambda message: message.type == "error"
            and watched.console_errors.append(message.text))
    page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
    yield watched
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output clean
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


@dataclass
class Served:
    url: str  # ends with "/"
    server: http.server.ThreadingHTTPServer


def serve_directory(directory: Path, prefix: str = "/",
                    headers: dict[str, str] | None = None) -> Served:
    """Serve `directory` on 127.0.0.1 under `prefix` (a sub-path such as /hub/), adding
    `headers` to every response (the security headers a host would send)."""
    mount = directory
    if prefix != "/":
        mount = directory.parent / f".racine-{directory.name}"
        target = mount / prefix.strip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to(directory, target_is_directory=True)
    handler_class = type("Handler", (_QuietHandler,), {"extra_headers": headers or {}})
    handler = functools.partial(handler_class, directory=str(mount))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Served(f"http://127.0.0.1:{server.server_address[1]}{prefix}", server)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample hub of the repository, built once for all browser tests."""
    output = tmp_path_factory.mktemp("site-exemple") / "site"
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--root", str(ROOT),
                             "--output", str(output)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def sample_server(sample_site: Path) -> Iterator[Served]:
    served = serve_directory(sample_site)
    yield served
    served.server.shutdown()
