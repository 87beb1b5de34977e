"""`hubia links` against a local server on 127.0.0.1 that answers slow, 429 with Retry-After,
500 then 200, redirects and dead ends. Never against the internet."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import copy_hub
from hubia.cli import main
from hubia.check.external_links import CACHE_FILE, Report, external_links, load_cache, retry_after, run_checks, save_cache
from hubia.models.securite import Liens
from hubia.check.pipeline import check
from hubia.generate import generated_pages


@dataclass
class Log:
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # (time, method, path)
    seen: Counter = field(default_factory=Counter)
    active: int = 0
    most_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def times(self, path: str) -> list[float]:
        return [t for t, _, p in self.requests if p == path]


class _Handler(http.server.BaseHTTPRequestHandler):
    log: Log
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output clean
        pass

    def _reply(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = b"" if self.command == "HEAD" else b"ok"
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(b"ok")))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _answer(self) -> None:
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        log = self.log
        with log.lock:
            log.requests.append((time.monotonic(), self.command, path))
            log.seen[path] += 1
            count = log.seen[path]
            log.active += 1
            log.most_active = max(log.most_active, log.active)
        try:
            if path == "/ok" or path.startswith("/page/"):
                if "duree" in query:
                    time.sleep(float(query["duree"][0]))
                self._reply(200)
            elif path.startswith("/lent"):
                time.sleep(float(query["duree"][0]))
                self._reply(200)
            elif path.startswith("/limite/"):
                self._reply(429, {"Retry-After": "1"}) if count == 1 else self._reply(200)
            elif path.startswith("/limite-longue/"):
                self._reply(429, {"Retry-After": "3600"}) if count == 1 else self._reply(200)
            elif path.startswith("/panne/"):
                self._reply(500) if count == 1 else self._reply(200)
            elif path == "/toujours-503":
                self._reply(503)
            elif path == "/deplace":
                self._reply(301, {"Location": "/ok"})
            elif path == "/temporaire":
                self._reply(302, {"Location": "/ok"})
            elif path == "/boucle":
                self._reply(302, {"Location": "/boucle"})
            elif path == "/vers-absent":
                self._reply(301, {"Location": "/absent"})
            elif path == "/supprime":
                self._reply(410)
            elif path == "/head-refuse":
                self._reply(405 if self.command == "HEAD" else 200)
            elif path == "/interdit":
                self._reply(403)
            else:
                self._reply(404)
        finally:
            with log.lock:
                log.active -= 1

    do_HEAD = do_GET = _answer


@dataclass
class Server:
    url: str
    log: Log
    httpd: http.server.ThreadingHTTPServer


def _start() -> Server:
    log = Log()
    handler = type("Handler", (_Handler,), {"log": log})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(f"http://127.0.0.1:{httpd.server_address[1]}", log, httpd)


@pytest.fixture
def server() -> Iterator[Server]:
    served = _start()
    yield served
    served.httpd.shutdown()


def _refused_url() -> str:
    """An address where nothing listens: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/rien"


FAST = Liens(concurrence=8, par_hote=4, delai_par_hote_s=0, delai_max_s=1, tentatives=3,
             attente_initiale_s=0.05, retry_after_max_s=2)


def _hub_with_links(tmp_path: Path, lien: str, body_links: list[str]) -> Path:
    """The small hub, its demonstrator pointing at `lien` and its use case citing the others."""
    hub = copy_hub(tmp_path / "hub")
    demo = hub / "docs/demonstrateurs/eco-pilot.md"
    demo.write_text(demo.read_text(encoding="utf-8").replace(
        "statut: non_communique", f"statut: non_communique\nlien: {lien}"), encoding="utf-8")
    case = hub / "docs/cas-usage/chauffage-ecoles.md"
    text = case.read_text(encoding="utf-8").replace(
        "  code_source: https://code.exemple.fr/chauffage\n", "")
    lines = "\n".join(f"- [lien {n}]({url})" for n, url in enumerate(body_links))
    case.write_text(text + "\n## Liens\n\n" + lines + "\n\n```text\nhttp://dans-le-code.invalid/\n```\n",
                    encoding="utf-8")
    return hub


def _run(hub: Path, settings: Liens = FAST, cache: Path | None = None) -> Report:
    report = check(hub, generated=generated_pages())
    assert report.hub is not None and not report.problems, report.problems
    return run_checks(report.hub, settings, cache)


def _codes(report: Report) -> dict[str, str]:
    return {url: d.code for _, d, url in report.diagnostics}


def test_links_are_found_with_file_and_line(tmp_path: Path) -> None:
    hub = _hub_with_links(tmp_path, "https://demo.exemple.fr/eco-pilot#partie",
                          ["https://a.exemple.fr/page", "../parcours/energie.md",
                           "<https://b.exemple.fr/>"])
    report = check(hub, generated=generated_pages())
    links = external_links(report.hub)
    places = {url: [(o.entry.path, o.line) for o in found] for url, found in links.items()}
    case = (hub / "docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8").split("\n")
    line_of = {url: next(n for n, line in enumerate(case, 1) if url in line)
               for url in ("https://a.exemple.fr/page", "https://b.exemple.fr/")}
    assert places == {
        "https://demo.exemple.fr/eco-pilot": [("docs/demonstrateurs/eco-pilot.md", 8)],
        "https://a.exemple.fr/page": [("docs/cas-usage/chauffage-ecoles.md",
                                       line_of["https://a.exemple.fr/page"])],
        "https://b.exemple.fr/": [("docs/cas-usage/chauffage-ecoles.md",
                                   line_of["https://b.exemple.fr/"])],
    }  # internal links and addresses inside code blocks are not checked


def test_every_kind_of_answer(tmp_path: Path, server: Server) -> None:
    s = server.url
    refused = _refused_url()
    urls = [f"{s}/ok", f"{s}/lent?duree=0.3", f"{s}/lent?duree=3", f"{s}/panne/a",
            f"{s}/toujours-503", f"{s}/deplace", f"{s}/temporaire", f"{s}/boucle",
            f"{s}/vers-absent", f"{s}/absent", f"{s}/supprime", f"{s}/head-refuse",
            f"{s}/interdit", refused]
    hub = _hub_with_links(tmp_path, f"{s}/ok", urls)
    started = time.monotonic()
    report = _run(hub)
    assert time.monotonic() - started < 30
    assert _codes(report) == {
        f"{s}/lent?duree=3": "lien-mort",  # no answer within delai_max_s, three times
        f"{s}/toujours-503": "lien-mort",
        f"{s}/deplace": "lien-redirige",
        f"{s}/boucle": "lien-mort",
        f"{s}/vers-absent": "lien-mort",
        f"{s}/absent": "lien-mort",
        f"{s}/supprime": "lien-mort",
        f"{s}/interdit": "lien-a-verifier",
        refused: "lien-mort",
    }
    messages = {url: d.message for _, d, url in report.diagnostics}
    assert "page introuvable (erreur 404)" in messages[f"{s}/absent"]
    assert f"déplacé définitivement vers {s}/ok" in messages[f"{s}/deplace"]
    assert "après 3 tentatives" in messages[f"{s}/toujours-503"]
    log = server.log
    assert [m for _, m, p in log.requests if p == "/head-refuse"] == ["HEAD", "GET"]
    assert log.seen["/toujours-503"] == 3 and log.seen["/supprime"] == 1
    # HEAD, then GET; once directly and once through /vers-absent
    assert sorted(m for _, m, p in log.requests if p == "/absent") == ["GET", "GET", "HEAD", "HEAD"]
    assert log.seen["/ok"] >= 1 and log.seen["/panne/a"] == 2  # 500, then 200


def test_retry_after_is_honoured(tmp_path: Path, server: Server) -> None:
    hub = _hub_with_links(tmp_path, f"{server.url}/limite/a", [])
    report = _run(hub)
    assert report.diagnostics == []
    first, second = server.log.times("/limite/a")
    assert second - first >= 0.95  # Retry-After: 1, not the 0.05 s backoff


def test_retry_after_is_capped(tmp_path: Path, server: Server) -> None:
    hub = _hub_with_links(tmp_path, f"{server.url}/limite-longue/a", [])
    report = _run(hub, FAST.model_copy(update={"retry_after_max_s": 0.3}))
    assert report.diagnostics == []
    first, second = server.log.times("/limite-longue/a")
    assert 0.28 <= second - first < 5  # asked for an hour, waited the cap


def test_backoff_doubles_between_attempts(tmp_path: Path, server: Server) -> None:
    hub = _hub_with_links(tmp_path, f"{server.url}/toujours-503", [])
    _run(hub, FAST.model_copy(update={"attente_initiale_s": 0.2}))
    times = server.log.times("/toujours-503")
    assert len(times) == 3
    assert times[1] - times[0] >= 0.19 and times[2] - times[1] >= 0.39


def test_per_host_limit_and_delay(tmp_path: Path, server: Server) -> None:
    urls = [f"{server.url}/page/{n}?duree=0.3" for n in range(6)]
    hub = _hub_with_links(tmp_path, urls[0], urls[1:])
    _run(hub, FAST.model_copy(update={"par_hote": 2}))
    assert server.log.most_active == 2  # in parallel, but never more than two at once

    other = _start()
    try:
        urls = [f"{other.url}/page/{n}" for n in range(4)]
        hub = _hub_with_links(tmp_path / "b", urls[0], urls[1:])
        _run(hub, FAST.model_copy(update={"par_hote": 1, "delai_par_hote_s": 0.2}))
        starts = sorted(t for t, _, p in other.log.requests)
        assert len(starts) == 4
        assert all(b - a >= 0.19 for a, b in zip(starts, starts[1:])), starts
    finally:
        other.httpd.shutdown()


def test_global_concurrency_bound(tmp_path: Path) -> None:
    servers = [_start() for _ in range(4)]
    try:
        shared = Log()
        for served in servers:  # one log for all hosts: concurrency across the hub
            served.httpd.RequestHandlerClass.log = shared
        urls = [f"{served.url}/page/{n}?duree=0.3" for served in servers for n in range(2)]
        hub = _hub_with_links(tmp_path, urls[0], urls[1:])
        _run(hub, FAST.model_copy(update={"concurrence": 3, "par_hote": 2}))
        assert shared.most_active == 3 and len(shared.requests) == 8
    finally:
        for served in servers:
            served.httpd.shutdown()


def test_cache_skips_recent_working_links_only(tmp_path: Path, server: Server) -> None:
    hub = _hub_with_links(tmp_path, f"{server.url}/ok", [f"{server.url}/absent"])
    cache = tmp_path / "liens.json"
    first = _run(hub, cache=cache)
    assert first.checked == 2 and first.cached == 0
    assert list(json.loads(cache.read_text(encoding="utf-8"))["liens"]) == [f"{server.url}/ok"]
    second = _run(hub, cache=cache)
    assert second.checked == 1 and second.cached == 1  # the dead link is checked again
    assert server.log.seen["/ok"] == 1 and server.log.seen["/absent"] == 4
    save_cache(cache, {f"{server.url}/ok": time.time() - 73 * 3600})  # older than 72 h
    third = _run(hub, cache=cache)
    assert third.checked == 2 and server.log.seen["/ok"] == 2


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "liens.json"
    cache.write_text("{pas du json", encoding="utf-8")
    assert load_cache(cache, 72, time.time()) == {}
    assert load_cache(tmp_path / "absent.json", 72, time.time()) == {}


def test_excluded_links_are_not_requested(tmp_path: Path, server: Server) -> None:
    hub = _hub_with_links(tmp_path, f"{server.url}/ok", [f"{server.url}/absent"])
    report = _run(hub, FAST.model_copy(update={"exclus": [f"{server.url}/abs"]}))
    assert report.diagnostics == [] and report.excluded == 1
    assert server.log.seen["/absent"] == 0


def test_retry_after_values() -> None:
    assert retry_after("5", 60) == 5
    assert retry_after("3600", 60) == 60
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 60) == 0  # in the past
    assert retry_after("n'importe quoi", 60) is None
    assert retry_after(None, 60) is None


def _cli_hub(tmp_path: Path, server: Server, urls: list[str]) -> Path:
    hub = _hub_with_links(tmp_path, f"{server.url}/ok", urls)
    settings = hub / "data/securite.yml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        .replace("delai_par_hote_s: 0.5", "delai_par_hote_s: 0")
                        .replace("attente_initiale_s: 1", "attente_initiale_s: 0.05")
                        .replace("delai_max_s: 15", "delai_max_s: 2"), encoding="utf-8")
    return hub


def test_command_reports_by_record_and_fails_on_dead_link(tmp_path: Path, server: Server,
                                                          capsys) -> None:
    hub = _cli_hub(tmp_path, server, [f"{server.url}/absent", f"{server.url}/interdit"])
    assert main(["links", "--root", str(hub)]) == 1
    captured = capsys.readouterr()
    blocks = captured.out.strip().split("\n\n")
    assert blocks[0].startswith("Pilotage du chauffage des écoles "
                                "(docs/cas-usage/chauffage-ecoles.md)\n")
    assert f"erreur lien-mort: {server.url}/absent : page introuvable" in blocks[0]
    assert "avertissement lien-a-verifier" in blocks[0]
    assert "1 morte(s), 1 à vérifier" in captured.err
    assert (hub / CACHE_FILE).is_file()

    assert main(["links", "--root", str(hub), "--format", "json", "--sans-cache"]) == 1
    [group] = json.loads(capsys.readouterr().out)
    assert group["path"] == "docs/cas-usage/chauffage-ecoles.md"
    assert {(link["code"], link["url"]) for link in group["liens"]} == {
        ("lien-mort", f"{server.url}/absent"), ("lien-a-verifier", f"{server.url}/interdit")}
    assert all(link["line"] > 1 for link in group["liens"])

    assert main(["links", "--root", str(hub), "--format", "github"]) == 1
    assert "::error file=docs/cas-usage/chauffage-ecoles.md,line=" in capsys.readouterr().out


def test_command_passes_when_links_work(tmp_path: Path, server: Server, capsys) -> None:
    hub = _cli_hub(tmp_path, server, [f"{server.url}/temporaire", f"{server.url}/interdit"])
    assert main(["links", "--root", str(hub)]) == 0  # a warning does not fail
    assert "0 morte(s)" in capsys.readouterr().err


def test_command_outside_a_hub(tmp_path: Path, capsys) -> None:
    assert main(["links", "--root", str(tmp_path)]) == 2
    assert "n'est pas un hub" in capsys.readouterr().err
