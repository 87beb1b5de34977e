"""`hubia links`: check the external links of every record, politely and reproducibly.

Links come from the front matter (any value that is a web address) and from the body
(Markdown links, reference definitions, `<a href>` and `<https://...>`; code is skipped).
Each distinct address is checked once with httpx: HEAD, then GET when the server refuses
HEAD; at most `concurrence` requests at once, `par_hote` per site, `delai_par_hote_s`
between two requests to a site; on 429, 5xx, timeouts and failed connections, new attempts
after an exponential wait, or after the server's Retry-After (capped at `retry_after_max_s`).
Working addresses are cached in `.cache/liens.json` for `cache_heures`; broken ones are
checked again on every run. Settings: `liens` in data/securite.yml.

Never run by the build or the tests against the internet: the tests use a local server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import email.utils
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..diagnostics import Diagnostic, diagnostic, format_diagnostics
from ..hub import Entry, Hub
from .markup import masked
from .references import References
from ..models.securite import Liens
from ..load.yaml import texts
from ..text.french import number

CACHE_FILE = ".cache/liens.json"
USER_AGENT = f"hubia-liens/{__version__} (verification des liens du Hub IA)"
_WEB = re.compile(r"^https?://\S+$", re.IGNORECASE)
_BODY_LINKS = [
    re.compile(r"\]\(\s*<?(https?://[^)\s>]{1,2000})", re.IGNORECASE),
    re.compile(r"<a\b[^<>]*?\bhref\s*=\s*[\"']?(https?://[^\"'\s>]{1,2000})", re.IGNORECASE),
    re.compile(r"<(https?://[^<>\s]{1,2000})>", re.IGNORECASE),
]
RETRY_STATUSES = {429, 500, 502, 503, 504}
HEAD_REFUSED = {400, 403, 404, 405, 406, 501}  # servers that answer HEAD badly: try GET


@dataclass(frozen=True)
class Occurrence:
    entry: Entry
    line: int
    column: int


@dataclass
class Result:
    code: str | None  # None: the link works
    detail: str = ""
    cached: bool = False


def _clean(url: str) -> str:
    return url.rstrip(".,;:!?").split("#")[0]


def external_links(hub: Hub) -> dict[str, list[Occurrence]]:
    """Every web address of the records, with where each one is written."""
    found: dict[str, list[Occurrence]] = {}
    entries = sorted((e for es in hub.records.values() for e in es.values()), key=lambda e: e.path)
    references = References()
    for entry in entries:
        for key, value in texts(entry.doc.data):
            if _WEB.match(value.strip()):
                line, column = entry.doc.position(key)
                found.setdefault(_clean(value.strip()), []).append(Occurrence(entry, line, column))
        text = masked(entry.body)
        targets = [(m.start(1), m.group(1)) for pattern in _BODY_LINKS
                   for m in pattern.finditer(text)]
        for offset, url in [*targets, *references(entry.body)]:
            if not _WEB.match(url):
                continue
            line = entry.body_line + text.count("\n", 0, offset)
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            places = found.setdefault(_clean(url), [])
            if not any(o.entry is entry and o.line == line for o in places):
                places.append(Occurrence(entry, line, column))
    return found


def retry_after(value: str | None, cap: float) -> float | None:
    """Seconds asked by a Retry-After header (seconds or HTTP date), capped; None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        seconds = (when - dt.datetime.now(dt.timezone.utc)).total_seconds()
    return max(0.0, min(seconds, cap))


@dataclass
class _Host:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float | None = None


class Checker:
    """Checks addresses with the limits of `settings`; `transport` and `sleep` for tests."""

    def __init__(self, settings: Liens, transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], Any] = asyncio.sleep) -> None:
        self.settings, self.transport, self.sleep = settings, transport, sleep
        self.hosts: dict[str, _Host] = {}

    async def _send(self, client: httpx.AsyncClient, method: str, url: str) -> httpx.Response:
        host = self.hosts.setdefault(urlsplit(url).netloc.lower(),
                                     _Host(asyncio.Semaphore(self.settings.par_hote)))
        async with self.limit, host.semaphore:
            async with host.lock:  # spacing between the starts of two requests to a host
                if host.last_start is not None:
                    wait = host.last_start + self.settings.delai_par_hote_s - time.monotonic()
                    if wait > 0:
                        await self.sleep(wait)
                host.last_start = time.monotonic()
            if method == "HEAD":
                return await client.head(url)
            async with client.stream("GET", url) as response:  # the body is never read
                return response

    async def _attempt(self, client: httpx.AsyncClient, url: str) -> httpx.Response:
        response = await self._send(client, "HEAD", url)
        if response.status_code in HEAD_REFUSED:
            response = await self._send(client, "GET", url)
        return response

    async def check(self, client: httpx.AsyncClient, url: str) -> Result:
        settings = self.settings
        result = Result("lien-mort", "aucune réponse")
        for attempt in range(settings.tentatives):
            wait = settings.attente_initiale_s * 2 ** attempt
            try:
                response = await self._attempt(client, url)
            except httpx.TooManyRedirects:
                return Result("lien-mort", "trop de redirections (boucle ?)")
            except httpx.TimeoutException:
                result = Result("lien-mort", f"pas de réponse en {settings.delai_max_s:g} s")
            except httpx.TransportError as exc:
                result = Result("lien-mort", f"connexion impossible ({_reason(exc)})")
            except httpx.HTTPError as exc:  # invalid address...
                return Result("lien-mort", f"adresse inutilisable ({_reason(exc)})")
            else:
                status = response.status_code
                if status < 400:
                    return _success(url, response)
                if status in (401, 403):
                    return Result("lien-a-verifier", f"accès refusé au robot (erreur {status})")
                if status not in RETRY_STATUSES:
                    return Result("lien-mort", f"{_status_text(status)} (erreur {status})")
                if status == 429:
                    result = Result("lien-a-verifier", "le site limite les visites (erreur 429)")
                else:
                    result = Result("lien-mort", f"erreur du serveur ({status})")
                asked = retry_after(response.headers.get("retry-after"),
                                    settings.retry_after_max_s)
                wait = asked if asked is not None else wait
            if attempt + 1 < settings.tentatives:
                await self.sleep(wait)
        result.detail += f", après {settings.tentatives} tentatives"
        return result

    async def check_all(self, urls: list[str]) -> dict[str, Result]:
        self.limit = asyncio.Semaphore(self.settings.concurrence)
        timeout = httpx.Timeout(self.settings.delai_max_s)
        async with httpx.AsyncClient(
                transport=self.transport, timeout=timeout, follow_redirects=True,
                max_redirects=10, headers={"User-Agent": USER_AGENT}, trust_env=False) as client:
            results = await asyncio.gather(*(self.check(client, url) for url in urls))
        return dict(zip(urls, results))


def _run(coroutine: Callable[[], Any]) -> Any:
    """Run a coroutine to its end, in a thread of its own if this one has an event loop
    (a notebook, or the browser of the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result()


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return text if text and len(text) < 120 else type(exc).__name__


def _status_text(status: int) -> str:
    return {404: "page introuvable", 410: "page supprimée", 400: "requête refusée",
            405: "méthode refusée"}.get(status, "erreur")


def _success(url: str, response: httpx.Response) -> Result:
    permanent = [r for r in response.history if r.status_code in (301, 308)]
    final = str(response.url)
    if permanent and final.rstrip("/") != url.rstrip("/"):
        return Result("lien-redirige", f"déplacé définitivement vers {final}")
    return Result(None)


# --- Cache ---------------------------------------------------------------------------------

def load_cache(file: Path, max_age_hours: float, now: float) -> dict[str, float]:
    """Addresses found working less than `max_age_hours` ago, with when."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        links = data["liens"] if data.get("version") == 1 else {}
        return {url: float(info["verifie_le"]) for url, info in links.items()
                if now - float(info["verifie_le"]) < max_age_hours * 3600}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no cache, or a damaged one: check everything again


def save_cache(file: Path, working: dict[str, float]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(".tmp")
    data = {"version": 1, "liens": {url: {"verifie_le": when}
                                    for url, when in sorted(working.items())}}
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, file)


# --- Report ---------------------------------------------------------------------------------

@dataclass
class Report:
    diagnostics: list[tuple[Entry, Diagnostic, str]]  # (record, problem, address)
    checked: int
    cached: int
    excluded: int


def run_checks(hub: Hub, settings: Liens, cache_file: Path | None,
               transport: httpx.AsyncBaseTransport | None = None,
               progress: Callable[[str], None] = lambda _: None) -> Report:
    links = external_links(hub)
    excluded = [url for url in links if url.startswith(tuple(settings.exclus))]
    now = time.time()
    cache = load_cache(cache_file, settings.cache_heures, now) if cache_file else {}
    results = {url: Result(None, cached=True) for url in links if url in cache and url not in excluded}
    todo = [url for url in links if url not in results and url not in excluded]
    progress(f"Vérification de {len(todo)} adresses externes ({len(results)} dans le cache, "
             f"{len(excluded)} exclues)")
    results.update(_run(lambda: Checker(settings, transport).check_all(todo)) if todo else {})
    if cache_file:
        working = {url: cache.get(url, now) for url, r in results.items() if r.code is None}
        save_cache(cache_file, working)
    found = []
    for url, occurrences in links.items():
        result = results.get(url)
        if result is None or result.code is None:
            continue
        for o in occurrences:
            found.append((o.entry, diagnostic(o.entry.path, o.line, o.column, result.code,
                                              f"{url} : {result.detail}"), url))
    found.sort(key=lambda item: item[1])
    return Report(found, len(todo), sum(r.cached for r in results.values()), len(excluded))


def format_report(report: Report, fmt: str) -> str:
    diagnostics = [d for _, d, _ in report.diagnostics]
    if fmt == "github":
        return format_diagnostics(diagnostics, fmt)
    if fmt == "json":
        groups: dict[str, dict] = {}
        for entry, d, url in report.diagnostics:
            group = groups.setdefault(entry.path, {"path": entry.path,
                                                   "titre": entry.record.titre, "liens": []})
            group["liens"].append({**asdict(d), "url": url})
        return json.dumps(list(groups.values()), ensure_ascii=False, indent=2)
    blocks: dict[str, list[str]] = {}
    for entry, d, _ in report.diagnostics:
        blocks.setdefault(f"{entry.record.titre} ({entry.path})", []).append(d.as_text())
    return "\n\n".join(f"{title}\n" + "\n".join(lines) for title, lines in blocks.items())


def main(root: Path, fmt: str, cache: Path | None, use_cache: bool) -> int:
    """The `hubia links` command; 1 if a link is dead, 2 if the hub cannot be read."""
    from .safety import load_settings
    from .pipeline import check

    started = time.perf_counter()
    report = check(root)
    if report.hub is None:
        print("hubia : les fichiers de données du hub sont invalides ; lancez « hubia check ».",
              file=sys.stderr)
        return 2
    settings = load_settings(root).liens
    cache_file = (cache or root / CACHE_FILE) if use_cache else None
    result = run_checks(report.hub, settings, cache_file,
                        progress=lambda m: print(f"… {m}", file=sys.stderr, flush=True))
    if result.diagnostics:
        print(format_report(result, fmt))
    by_code: dict[str, set[str]] = {}
    for _, d, url in result.diagnostics:
        by_code.setdefault(d.code, set()).add(url)
    dead = len(by_code.get("lien-mort", ()))
    print(f"Liens : {result.checked} adresses vérifiées, {result.cached} dans le cache, "
          f"{result.excluded} exclues ; {dead} morte(s), "
          f"{len(by_code.get('lien-a-verifier', ()))} à vérifier, "
          f"{len(by_code.get('lien-redirige', ()))} redirigée(s), "
          f"{number(time.perf_counter() - started, 1)} s.", file=sys.stderr)
    return 1 if dead else 0
