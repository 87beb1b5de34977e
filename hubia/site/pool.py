"""Share the pages of a build between processes, one per core.

MkDocs converts and renders pages one after the other; with 2,000 records that is most of a
build. So `hubia build` forks once the navigation is known. Each process converts the pages of
the navigation (every page's menu shows their titles), then converts, renders and writes its
own share of the other pages. The first process alone writes the navigation's pages, the
theme's files and the sitemap. The other processes send their warnings and their error back
through a pipe, then end without running the rest of the build: the first process is the one
that checks, indexes and swaps the site.

Only `hubia build` forks. `mkdocs build`, the live preview and the offline edition (where
Material's search plugin needs every page in one process) stay in one process.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass, field

from mkdocs.commands.build import _build_theme_template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# Each process converts the navigation's pages again: past a few processes that costs more
# than it saves.
MAX_PROCESSES = 4
SITEMAP = "sitemap.xml"
_PR_SET_PDEATHSIG = 1  # Linux prctl(2): a signal sent to this process when its parent dies


class WorkerError(Exception):
    """A worker process failed without a report the first process could read."""


def available_cores() -> int:
    if not hasattr(os, "fork"):  # Windows: one process
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


@dataclass
class _Report:
    """What a worker sends back: its log records (level, text) and its error, if any."""
    logs: list[tuple[int, str]] = field(default_factory=list)
    error: BaseException | None = None


def log_text(record: logging.LogRecord) -> str:
    """What a user is told of a log record: its message and the error it carries."""
    text = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        text += f" {record.exc_info[1]}"
    return text


class _Collect(logging.Handler):
    def __init__(self, logs: list[tuple[int, str]]) -> None:
        super().__init__()
        self.logs = logs

    def emit(self, record: logging.LogRecord) -> None:
        self.logs.append((record.levelno, log_text(record)))


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed build and go on writing into its folder."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: the pipe breaks when the parent dies
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class Workers:
    """The processes of one build. Process 0 is the first one; the others are its workers."""

    def __init__(self, count: int | None = None) -> None:
        self.count = count or available_cores()
        if threading.current_thread() is not threading.main_thread():
            self.count = 1  # a fork copies no other thread, but may copy a lock one holds
        self.index = 0
        self._children: list[tuple[int, int]] = []  # pid, read end of its pipe
        self._pipe: int | None = None  # a worker's write end
        self._logs: list[tuple[int, str]] = []
        self._in_nav: set[str] = set()
        self._shared: dict[File, InclusionLevel] = {}  # pages of the other processes
        self._written = None  # pages converted by every process, for progress
        self._alone = 0  # the same count, in a single process
        if self.count > 1:
            try:
                self._written = multiprocessing.Value("i", 0)
            except OSError:  # no shared memory (a locked-down container): one process
                self.count = 1

    @property
    def is_worker(self) -> bool:
        return self.index > 0

    def start(self, files: Files, nav: Navigation) -> None:
        """Fork, then keep in each process only its share of the pages outside the nav."""
        if self.count < 2:
            return
        self._in_nav = {page.file.src_uri for page in nav.pages}
        others = [file for file in files.documentation_pages()
                  if file.src_uri not in self._in_nav]
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()  # the collector would otherwise copy every shared memory page
        parent = os.getpid()
        for index in range(1, self.count):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                for _, sibling in self._children:
                    os.close(sibling)
                self._children, self.index, self._pipe = [], index, write
                self._become_worker(parent)
                break
            os.close(write)
            self._children.append((pid, read))
        if not self.is_worker:
            gc.unfreeze()
        for position, file in enumerate(others):
            if position % self.count != self.index:
                self._shared[file] = file.inclusion
                file.inclusion = InclusionLevel.EXCLUDED  # neither converted nor written here

    def _become_worker(self, parent: int) -> None:
        _die_with_parent(parent)
        # Ctrl+C reaches every process of the terminal: a worker just ends, and the first
        # process, which owns the staging folder, cleans up.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(_Collect(self._logs))

    def owns(self, file: File) -> bool:
        """Whether this process writes `file` (it converts the nav's pages without writing them)."""
        return not self.is_worker or file.src_uri not in self._in_nav

    def before_writing(self, files: Files, config: MkDocsConfig) -> None:
        """Leave the nav's pages, the theme's files and the templates to the first process."""
        if self.count < 2:
            return
        if self.is_worker:
            for file in files:
                if not file.is_documentation_page() or file.src_uri in self._in_nav:
                    file.inclusion = InclusionLevel.EXCLUDED
            config.theme.static_templates.clear()
            config.extra_templates.clear()
        else:  # written once every page is known (finish)
            config.theme.static_templates.discard(SITEMAP)

    def count_page(self) -> int:
        """Count a page converted by any process; returns the count so far."""
        if self._written is None:
            self._alone += 1
            return self._alone
        with self._written.get_lock():
            self._written.value += 1
            return self._written.value

    def end_worker(self, error: BaseException | None = None) -> None:
        """In a worker: send the report to the first process and end. Never returns."""
        report = _Report(self._logs, error)
        try:
            data = pickle.dumps(report)
            pickle.loads(data)  # the first process must be able to read it back
        except Exception:  # noqa: BLE001 - an exception that does not survive pickling
            report.error = WorkerError(f"{type(error).__name__} : {error}")
            data = pickle.dumps(report)
        try:
            with os.fdopen(self._pipe, "wb") as pipe:
                pipe.write(data)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(0 if error is None else 1)

    def finish(self) -> list[Page]:
        """In the first process: wait for the workers, replay their warnings and raise their
        error. Returns the pages the workers wrote, included again for the sitemap."""
        if self.count < 2:
            return []
        reports = self._wait()
        logger = logging.getLogger("mkdocs")
        for report in reports:
            for level, text in report.logs:
                logger.log(level, "%s", text)
        for report in reports:
            if report.error is not None:
                raise report.error
        for file, inclusion in self._shared.items():
            file.inclusion = inclusion
        shared = [file.page for file in self._shared if file.page is not None]
        self._shared = {}
        return shared

    def write_sitemap(self, files: Files, nav: Navigation, env, config: MkDocsConfig) -> None:  # noqa: ANN001
        """In the first process, once `finish` has run: the sitemap of every page."""
        if self.count > 1:  # MkDocs' own code, so that it is the sitemap of a single process
            _build_theme_template(SITEMAP, env, files, config, nav)

    def _wait(self) -> list[_Report]:
        reports = []
        for pid, read in self._children:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            try:
                reports.append(pickle.loads(data))
            except Exception:  # noqa: BLE001 - killed, or ended before its report
                code = os.waitstatus_to_exitcode(status)
                reports.append(_Report(error=WorkerError(
                    f"un processus de construction s'est arrêté sans rendre compte (code {code})")))
        self._children = []
        return reports

    def stop(self) -> None:
        """End what is left: the workers of a failed build, or a worker that left the build."""
        if self.is_worker:
            os._exit(1)
        for pid, read in self._children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            os.close(read)
        self._children = []
