"""`hubia serve`: a live preview that rebuilds only what an edit changes.

On each save the hub is checked again. With errors, the last good site stays served and the
diagnostics go to the terminal and to the open pages (theme/apercu.js). Without, only the
pages whose inputs changed are rendered again: the record's own page, the records it names
or that name it (hub.pages_showing), every generated page whose Markdown changed (listings,
communes, catalogue...), the hand-written pages that changed or use macros; a change to
data/ or hubia.yml renders everything. Files are written only when their bytes change, each
in one piece, so an incremental build leaves the same bytes as a clean one.

The pages of the records just saved are written first, as soon as the check has passed,
and published: the page the author is looking at reloads while the generators, the pages
that list the record and the measures of the site catch up (they do not change a record's
page; if they ever do, the second pass rewrites it and it reloads again). The browser reloads
through theme/apercu.js, which long-polls `/__hubia/etat` with its own page: it reloads only
when a version rewrote that page, so a record's page reloads once per save. A script file,
so the Content-Security-Policy stays the site's.
"""

from __future__ import annotations

import errno
import json
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..check.pipeline import CheckCache, check
from ..diagnostics import Severity, format_diagnostics
from ..generate import generated_pages, inputs, similar
from ..hub import Hub
from ..render.page import Source
from ..render.theme import Edition
from . import atomic, ecodesign, search_index
from .build import Plan, Renderer, files, plan, record_source
from .reproducible import hub_date

STATE_PATH = "/__hubia/etat"
WAIT_SECONDS = 25  # a long poll's longest wait: below the usual proxy and browser timeouts
_EVERYTHING = ("data/", "hubia.yml")  # inputs of every page
_HISTORY = 64  # versions whose rewritten pages are remembered; an older reader just reloads


class ServeError(Exception):
    """The preview cannot start (address taken, hub unreadable), with a French message."""


class Preview:
    """The preview site in `folder`, kept in step with the hub under `root`."""

    def __init__(self, root: Path, folder: Path, say: Callable[[str], None]) -> None:
        self.root, self.folder, self.say = root, folder, say
        self.edition = Edition(preview=True)
        self.version = 0
        self.errors: list[str] = []
        self.changed = threading.Condition()
        self.history: list[tuple[int, frozenset[str]]] = []  # (version, site paths written)
        self.errors_version = 0  # the version at which the errors last changed
        self.hub: Hub | None = None
        self.plan: Plan | None = None
        self.written: dict[str, bytes] = {}  # site path → bytes, as last written
        self._indexer: threading.Thread | None = None
        self.cache = CheckCache()  # unchanged records are not read again
        self.generated: dict = {}  # generator → (its inputs' key, its pages)
        self.measured = ecodesign.Memo()  # the site's measures, by the bytes measured

    # --- the rebuild --------------------------------------------------------------------
    def update(self, changed: Iterable[str] = ()) -> set[str]:
        """Check the hub, then rewrite what `changed` (paths relative to the root) affects;
        every page when nothing is known yet. Returns the site paths written."""
        started = time.perf_counter()
        report = check(self.root, generated=generated_pages(), cache=self.cache)
        errors = [d for d in report.problems if d.severity is Severity.ERROR]
        if errors or report.hub is None:
            self.errors = format_diagnostics(errors, "text").splitlines() or [
                "les fichiers de données du hub sont illisibles"]
            self.say("Le hub a des erreurs ; l'aperçu garde la dernière version valide :\n"
                     + "\n".join(self.errors))
            self._publish(set(), errors=True)
            return set()
        hub = report.hub
        everything = self.plan is None or any(
            path.startswith(_EVERYTHING) for path in changed)
        first, early = set(), ""
        if not everything:
            first = self._records_first(hub, changed)
            if first:
                self._publish(first, errors=self._clear_errors())
                early = (f" (la page de la fiche modifiée en "
                         f"{time.perf_counter() - started:.1f} s)")
        new_plan = plan(hub, self.edition, self._generated(hub, everything))
        dirty = (new_plan.sources if everything
                 else _dirty(self.plan, new_plan, self.hub, hub, set(changed)))
        written = self._write(new_plan, hub, dirty)
        self.hub, self.plan = hub, new_plan
        self._publish(written, errors=self._clear_errors())
        self.say(f"Aperçu à jour : {len(written | first)} fichier(s) réécrit(s) en "
                 f"{time.perf_counter() - started:.1f} s{early}")
        self._index()
        return written | first

    def _clear_errors(self) -> bool:
        """Forget the errors of the last save (fixed now); whether there were any."""
        had, self.errors = bool(self.errors), []
        return had

    def _records_first(self, hub: Hub, changed: Iterable[str]) -> set[str]:
        """Write the pages of the records saved (`changed`) before anything else, rendered
        with the last plan's files (the generated files a page may link to). Returns the
        site paths written."""
        entries = hub.by_src_uri()
        sources = [record_source(entries[path.removeprefix("docs/")]) for path in sorted(changed)
                   if path.removeprefix("docs/") in entries]
        if not sources:
            return set()
        early = Plan(sources, self.plan.files, hub_date(hub).isoformat())
        renderer = Renderer(hub, early, self.edition, self.folder)
        return self._put({renderer.output(s): renderer.page(s)[1] for s in sources})

    def _put(self, wanted: dict[str, bytes]) -> set[str]:
        """Write each file whose bytes changed; returns their site paths."""
        written = set()
        for path, data in wanted.items():
            if self.written.get(path) != data:
                atomic.write_bytes(self.folder / path, data)
                self.written[path] = data
                written.add(path)
        return written

    def _generated(self, hub: Hub, everything: bool) -> dict[str, str | bytes]:
        """The generated pages, each generator run again only if what it reads changed."""
        found: dict[str, str | bytes] = {}
        for generator, key in inputs(hub):
            known = None if everything else self.generated.get(generator)
            if known is None or known[0] != key:
                known = (key, generator(hub))
                self.generated[generator] = known
            found.update(known[1])
        return found

    def _write(self, new_plan: Plan, hub: Hub, dirty: list[Source]) -> set[str]:
        renderer = Renderer(hub, new_plan, self.edition, self.folder)
        wanted: dict[str, bytes] = {}
        for path, content in files(new_plan, self.edition).items():
            wanted[path] = content if isinstance(content, bytes) else content.read_bytes()
        for source in dirty:
            wanted[renderer.output(source)] = renderer.page(source)[1]
        # As the build does: measured from every other page, as they now stand.
        last = ecodesign.source(new_plan.sources, renderer.output,
                                lambda path: wanted.get(path) or self.written.get(path),
                                self.measured)
        wanted[renderer.output(last)] = renderer.page(last)[1]
        keep = set(wanted) | {renderer.output(s) for s in new_plan.sources}
        written = self._put(wanted)
        for path in [p for p in self.written if p not in keep]:  # a page or file removed
            (self.folder / path).unlink(missing_ok=True)
            del self.written[path]
            written.add(path)
        return written

    def _index(self) -> None:
        """Pagefind re-indexes the preview in the background: the page is already served."""
        if self._indexer is not None and self._indexer.is_alive():
            return  # the next save indexes again
        def run() -> None:
            try:
                search_index.index(self.folder)
            except search_index.SearchIndexError as exc:  # the preview stays usable
                self.say(f"Recherche indisponible dans l'aperçu : {exc}")
        self._indexer = threading.Thread(target=run, daemon=True)
        self._indexer.start()

    def _publish(self, written: set[str], errors: bool) -> None:
        """A new version that rewrote `written`; `errors`: the errors shown changed (they
        appeared, or the last good version now clears them)."""
        with self.changed:
            self.version += 1
            self.history.append((self.version, frozenset(written)))
            del self.history[:-_HISTORY]
            if errors:
                self.errors_version = self.version
            self.changed.notify_all()

    # --- what the pages ask -------------------------------------------------------------
    def _rewrote(self, seen: int, page: str) -> bool:
        """Whether a version after `seen` rewrote the site file `page` (True when that is
        older than what is remembered: the reader reloads to be safe)."""
        if not self.history or seen < self.history[0][0] - 1:
            return self.version != seen
        return any(version > seen and page in paths for version, paths in self.history)

    def state(self, seen: int | None, page: str | None = None) -> dict:
        """The preview's state, once it differs from version `seen` for the reader of
        `page` (its path from the site's root, as apercu.js sends it: its page rewritten, or
        the errors changed), or after a while. `recharger`: whether that reader should
        reload (at any new version, without `page`)."""
        page = _site_file(page)

        def news() -> bool:
            if seen is None or self.version == seen:
                return False
            return page is None or self.errors_version > seen or self._rewrote(seen, page)

        with self.changed:
            if seen is not None:
                self.changed.wait_for(news, timeout=WAIT_SECONDS)
            reload = seen is not None and self.version != seen and (
                page is None or self._rewrote(seen, page))
            return {"version": self.version, "erreurs": list(self.errors),
                    "recharger": reload}


def _dirty(old_plan: Plan, new_plan: Plan, old_hub: Hub, new_hub: Hub,
           changed: set[str]) -> list[Source]:
    """The sources whose page may differ from the one last written."""
    before = {source.path: source for source in old_plan.sources}
    old_entries, new_entries = old_hub.by_src_uri(), new_hub.by_src_uri()
    touched: set[str] = set()
    edited: set[str] = set()  # slugs of the use cases that changed
    for path in set(old_entries) | set(new_entries):
        old, new = old_entries.get(path), new_entries.get(path)
        if old is None or new is None or old.record != new.record or old.body != new.body:
            for hub, entry in ((old_hub, old), (new_hub, new)):
                if entry is not None:
                    touched |= hub.pages_showing(entry)
                    if entry.section == "cas-usage":
                        edited.add(entry.slug)
    if edited:  # their neighbours' « Cas similaires » may change too
        touched |= similar.affected(old_hub, new_hub, edited)
    dirty = []
    for source in new_plan.sources:
        previous = before.get(source.path)
        if source.entry is not None:
            if source.path in touched or previous is None:
                dirty.append(source)
        elif (previous is None or previous.text != source.text or previous.meta != source.meta
              or source.meta.get("render_macros") is True
              or f"docs/{source.path}" in changed):
            dirty.append(source)
    return dirty


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        if parts.path != STATE_PATH:
            super().do_GET()
            return
        query = parse_qs(parts.query)
        seen = query.get("version", [""])[0]
        body = json.dumps(self.preview.state(int(seen) if seen.isdigit() else None,
                                             query.get("page", [None])[0]),
                          ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # always the latest preview
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


def _site_file(page: str | None) -> str | None:
    """The site file of the page a reader shows (`cas-usage/x/` → `cas-usage/x/index.html`),
    from the path apercu.js sends, relative to the site's root."""
    if page is None:
        return None
    path = unquote(page).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def _address(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        raise ServeError(f"adresse « {address} » invalide : écrivez HÔTE:PORT, par exemple "
                         "127.0.0.1:8000")
    return host.strip("[]"), int(port)


def open_server(address: str, preview: Preview) -> ThreadingHTTPServer:
    host, port = _address(address)
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        return ThreadingHTTPServer((host, port), partial(handler, directory=str(preview.folder)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"l'adresse {host}:{port} est déjà utilisée (un autre aperçu ?) : "
                             "arrêtez-le, ou choisissez un autre port avec --adresse "
                             f"{host}:{port + 1}") from None
        raise ServeError(f"impossible d'écouter sur {host}:{port} : {exc.strerror}") from None


def watched(root: Path) -> list[Path]:
    return [path for path in (root / "docs", root / "data", root / "hubia.yml") if path.exists()]


def serve(root: Path, address: str, say: Callable[[str], None],
          stop: threading.Event | None = None) -> None:
    """Serve the preview of the hub under `root` until Ctrl+C (or `stop` is set)."""
    from watchfiles import watch

    root = root.resolve()
    if threading.current_thread() is threading.main_thread():  # SIGTERM cleans up too
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    folder = Path(tempfile.mkdtemp(prefix="hubia-apercu-"))
    preview = Preview(root, folder, say)
    try:
        server = open_server(address, preview)
        preview.update()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        say(f"Aperçu sur http://{address}/ (Ctrl+C pour arrêter) ; le hub est revérifié à "
            "chaque modification.")
        try:
            for changes in watch(*watched(root), debounce=100, step=20, stop_event=stop,
                                 rust_timeout=500, yield_on_timeout=False):
                paths = {Path(path).resolve().relative_to(root).as_posix()
                         for _, path in changes if Path(path).resolve().is_relative_to(root)}
                preview.update(paths)
        finally:
            server.shutdown()
            server.server_close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
