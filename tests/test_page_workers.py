"""Pages shared between processes (hubia/site/pool.py): the site is the one a single
process builds, and what a worker renders, its error or its death reaches the user like
the first process's own, in French; no worker outlives its build."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import copy_hub
from hubia.site import pool as page_workers
from hubia.cli import main
from hubia.render.page import RenderError
from hubia.site.build import Renderer, build
from hubia.check.pipeline import check
from hubia.generate import generated_pages
from test_atomic_build import debris, tree

SITE_URL = "https://hub.exemple.fr/hub-ia/"


@pytest.fixture
def two_processes(monkeypatch) -> None:
    """Share pages between two processes whatever the machine running the tests."""
    monkeypatch.setattr(page_workers, "available_cores", lambda: 2)


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The workers forked by the builds of a test."""
    pids, fork = [], os.fork

    def recording() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(page_workers.os, "fork", recording)
    return pids


def _all_reaped(pids: list[int]) -> bool:
    """Whether every worker has ended and been waited for (no zombie, no orphan)."""
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return bool(pids)


@pytest.fixture
def built(tmp_path: Path, two_processes) -> Path:
    hub = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    return hub


def _in_workers_only(monkeypatch, action) -> None:  # noqa: ANN001
    """Run `action(count)` before each page a worker renders; the first process is spared."""
    first, original, seen = os.getpid(), Renderer.page, []

    def patched(self, source):  # noqa: ANN001, ANN202
        if os.getpid() != first:
            seen.append(1)
            action(len(seen))
        return original(self, source)

    monkeypatch.setattr(Renderer, "page", patched)


@pytest.mark.parametrize("processes", [2, 3])
def test_shared_build_is_the_single_process_build(tmp_path: Path, processes: int,
                                                 forked: list[int]) -> None:
    hub = copy_hub(tmp_path / "hub")
    config = hub / "hubia.yml"  # with an address, the sitemap lists every page
    text = config.read_text(encoding="utf-8")
    assert '  adresse: ""\n' in text
    config.write_text(text.replace('  adresse: ""\n', f"  adresse: {SITE_URL}\n"),
                      encoding="utf-8")
    report = check(hub, generated=generated_pages())
    alone, _, _ = build(report.hub, tmp_path / "seul", lambda _: None, processes=1)
    shared, _, _ = build(report.hub, tmp_path / "partage", lambda _: None, processes=processes)
    assert shared == alone
    outside_index = lambda site: {path: data for path, data in tree(site).items()  # noqa: E731
                                  if not path.startswith("pagefind/")}
    assert outside_index(tmp_path / "partage") == outside_index(tmp_path / "seul")
    sitemap = (tmp_path / "partage/sitemap.xml").read_text(encoding="utf-8")
    pages = {f"{SITE_URL}{path.removesuffix('index.html')}"
             for path in tree(tmp_path / "partage") if path.endswith("index.html")
             and not path.startswith("pagefind/")}
    assert set(re.findall(r"<loc>(.*?)</loc>", sitemap)) == pages
    assert f"{SITE_URL}cas-usage/chauffage-ecoles/" in pages
    assert len(forked) == processes - 1 and _all_reaped(forked)


def test_build_outside_the_main_thread_stays_in_one_process(tmp_path: Path,
                                                          forked: list[int]) -> None:
    report, results = check(copy_hub(tmp_path / "hub"), generated=generated_pages()), []
    thread = threading.Thread(target=lambda: results.append(
        build(report.hub, tmp_path / "site", lambda _: None, processes=2)))
    thread.start()
    thread.join()
    assert results and results[0][0] > 100 and forked == []


class _LocalError(Exception):
    """An error that cannot be sent through a pipe: its class cannot be found by name."""


_LocalError.__qualname__ = "nulle_part.Erreur"


@pytest.mark.parametrize("error", [RenderError("panne simulée dans un autre processus"),
                                   _LocalError("panne simulée impossible à transmettre")])
def test_error_in_a_worker_fails_the_build_and_keeps_the_site(built: Path, monkeypatch, capsys,
                                                              forked, error: Exception) -> None:
    before = tree(built / "site")

    def fail(count: int) -> None:
        if count == 2:
            raise error

    _in_workers_only(monkeypatch, fail)
    assert main(["build", "--root", str(built)]) == 1
    err = capsys.readouterr().err
    assert str(error) in err and "Traceback" not in err
    assert tree(built / "site") == before and debris(built) == []
    assert _all_reaped(forked)


def test_worker_killed_fails_the_build(built: Path, monkeypatch, capsys) -> None:
    before = tree(built / "site")

    def die(count: int) -> None:
        if count == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    _in_workers_only(monkeypatch, die)
    assert main(["build", "--root", str(built)]) == 1
    err = capsys.readouterr().err
    assert "un processus de construction s'est arrêté sans rendre compte (code -9)" in err
    assert "Traceback" not in err
    assert tree(built / "site") == before and debris(built) == []


_SUMMARY = re.compile(r"(\d+) pages, (\d+) indexées pour la recherche")


def test_pages_of_the_workers_are_counted_and_indexed(hub_dir: Path, monkeypatch,
                                                      capsys) -> None:
    """What the workers wrote comes back to the first process: their pages are counted in
    the summary and handed to Pagefind, as when one process renders them all."""
    found = {}
    for processes in (1, 2):
        monkeypatch.setattr(page_workers, "available_cores", lambda n=processes: n)
        assert main(["build", "--root", str(hub_dir)]) == 0
        [summary] = _SUMMARY.findall(capsys.readouterr().err)
        entry = json.loads((hub_dir / "site/pagefind/pagefind-entry.json").read_text(
            encoding="utf-8"))
        found[processes] = summary, entry["languages"]["fr"]["page_count"]
    assert found[2] == found[1]
    (pages, indexed), page_count = found[2]
    assert int(pages) > 100 and int(indexed) == page_count > 5


@pytest.mark.parametrize("processes", [1, 2])
def test_progress_counts_each_page_once(hub_dir: Path, monkeypatch, capfd,
                                        processes: int) -> None:
    monkeypatch.setattr(page_workers, "available_cores", lambda: processes)
    assert main(["build", "--root", str(hub_dir)]) == 0
    counts = re.findall(r"Pages : (\d+)/(\d+)", capfd.readouterr().err)
    assert len(counts) == 1 and counts[0][0] == counts[0][1] and int(counts[0][0]) > 100


def test_workers_die_with_a_killed_build(built: Path, tmp_path: Path) -> None:
    """A killed build leaves no worker writing into the staging folder behind it."""
    pid_file = tmp_path / "worker.pid"
    script = textwrap.dedent(f"""
        import os, signal, time
        from hubia.site import pool as page_workers
        from hubia.cli import main
        from hubia.site.build import Renderer
        page_workers.available_cores = lambda: 2
        first, original, seen = os.getpid(), Renderer.page, []
        def patched(self, source):
            if os.getpid() != first:
                open({str(pid_file)!r}, "w").write(str(os.getpid()))
                time.sleep(0.2)  # a slow worker, still busy when the first process dies
            else:
                seen.append(1)
                if len(seen) == 5:
                    while not os.path.exists({str(pid_file)!r}):
                        time.sleep(0.01)
                    os.kill(os.getpid(), signal.SIGKILL)
            return original(self, source)
        Renderer.page = patched
        main(["build", "--root", {str(built)!r}])
    """)
    # No pipe on its output: the test must not wait for the worker to close it.
    result = subprocess.run([sys.executable, "-c", script], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, timeout=120)
    assert result.returncode == -signal.SIGKILL
    worker = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)
    assert main(["build", "--root", str(built)]) == 0 and debris(built) == []


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting for its reaper does not)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_ctrl_c_stops_every_process(built: Path) -> None:
    before = tree(built / "site")
    record = built / "docs/cas-usage/chauffage-ecoles.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nAjout.\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys, time
        from hubia.site import pool as page_workers
        from hubia.cli import main
        from hubia.site.build import Renderer
        page_workers.available_cores = lambda: 2
        original = Renderer.page
        def slow(self, source):
            print("page", flush=True)
            time.sleep(0.1)
            return original(self, source)
        Renderer.page = slow
        sys.exit(main(["build", "--root", {str(built)!r}]))
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    for _ in range(6):  # pages from both processes: the build is sharing its pages
        process.stdout.readline()
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl+C: every process of the group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert tree(built / "site") == before and debris(built) == []
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no process of the build is left
