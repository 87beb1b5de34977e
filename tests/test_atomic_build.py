"""Atomic builds: a failing, interrupted or killed build never leaves a half site in the
output folder, nor staging debris once the next build has run."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import copy_hub
from hubia.site import atomic
from hubia.cli import main
from hubia.render.page import RenderError
from hubia.site.build import Renderer


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a site with its bytes, by path relative to the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def debris(hub: Path) -> list[str]:
    return sorted(p.name for p in hub.glob(".site-*"))


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A hub whose site has been built once."""
    hub = copy_hub(tmp_path / "hub")
    assert main(["build", "--root", str(hub)]) == 0
    return hub


def _fail_at_page(monkeypatch, page: int, error: BaseException) -> None:
    """Make the renderer raise `error` on the `page`-th page the first process renders
    (mid-build: other pages are already written into the staging folder)."""
    original, first, seen = Renderer.page, os.getpid(), []

    def failing(self, source):  # noqa: ANN001, ANN202
        if os.getpid() == first:
            seen.append(source.path)
            if len(seen) == page:
                raise error
        return original(self, source)

    monkeypatch.setattr(Renderer, "page", failing)


def _change_a_record(hub: Path) -> None:
    record = hub / "docs/cas-usage/chauffage-ecoles.md"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "Texte de la fiche.", "Texte modifié de la fiche."), encoding="utf-8")


def test_failure_mid_build_keeps_the_previous_site(built: Path, monkeypatch, capsys) -> None:
    before = tree(built / "site")
    _change_a_record(built)
    _fail_at_page(monkeypatch, 5, RenderError("panne simulée au milieu de la construction"))
    assert main(["build", "--root", str(built)]) == 1
    assert "panne simulée" in capsys.readouterr().err
    assert tree(built / "site") == before
    assert debris(built) == []


def test_interrupt_in_a_hook_keeps_the_previous_site(built: Path, monkeypatch) -> None:
    before = tree(built / "site")
    _change_a_record(built)
    _fail_at_page(monkeypatch, 5, KeyboardInterrupt())
    assert main(["build", "--root", str(built)]) == 130
    assert tree(built / "site") == before
    assert debris(built) == []
    # The per-page time limit was switched off: no alarm left to go off later.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)


def test_failing_first_build_creates_no_output(tmp_path: Path, monkeypatch) -> None:
    hub = copy_hub(tmp_path / "hub")
    _fail_at_page(monkeypatch, 3, RuntimeError("bogue simulé"))
    assert main(["build", "--root", str(hub)]) == 1
    assert not (hub / "site").exists() and debris(hub) == []


@pytest.mark.parametrize("exchange", [True, False], ids=["echange-atomique", "deux-renommages"])
def test_interrupt_during_the_swap_is_held_back(built: Path, monkeypatch,
                                                exchange: bool) -> None:
    """Ctrl+C between the two renames (or during the exchange) waits for the swap to end:
    the output is the complete new site, never missing, and the old one is deleted."""
    _change_a_record(built)
    real_replace, real_exchange = os.replace, atomic._exchange

    def interrupted_exchange(first: Path, second: Path) -> bool:
        signal.raise_signal(signal.SIGINT)
        return real_exchange(first, second) if exchange else False

    def interrupted_replace(source, target) -> None:  # noqa: ANN001
        swapping = Path(source).is_dir()  # not a file the build writes atomically
        real_replace(source, target)
        if swapping:
            signal.raise_signal(signal.SIGINT)  # right after the first rename

    monkeypatch.setattr(atomic, "_exchange", interrupted_exchange)
    monkeypatch.setattr(atomic.os, "replace", interrupted_replace)
    assert main(["build", "--root", str(built)]) == 130
    html = (built / "site/cas-usage/chauffage-ecoles/index.html").read_text(encoding="utf-8")
    assert "Texte modifié de la fiche." in html
    assert debris(built) == []


def test_debris_of_a_killed_build_is_removed_by_the_next(built: Path) -> None:
    before = tree(built / "site")
    _change_a_record(built)
    script = textwrap.dedent(f"""
        import os, signal
        from hubia.cli import main
        from hubia.site.build import Renderer
        original, first, count = Renderer.page, os.getpid(), []
        def killed(self, source):
            if os.getpid() == first:
                count.append(1)
                if len(count) == 5:
                    os.kill(os.getpid(), signal.SIGKILL)  # no cleanup can run
            return original(self, source)
        Renderer.page = killed
        main(["build", "--root", {str(built)!r}])
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == -signal.SIGKILL
    assert tree(built / "site") == before  # the killed build never touched the output
    assert [name.startswith(".site-construction-") for name in debris(built)] == [True]
    assert main(["build", "--root", str(built)]) == 0
    assert debris(built) == []
    assert "Texte modifié" in (built / "site/cas-usage/chauffage-ecoles/index.html").read_text(
        encoding="utf-8")


def test_a_second_build_waits_for_the_first(built: Path) -> None:
    with atomic.output_lock(built / "site"):
        other = subprocess.Popen([sys.executable, "-m", "hubia", "build", "--root", str(built)],
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert other.poll() is None  # waiting for the lock, output untouched
    _, err = other.communicate(timeout=120)
    assert other.returncode == 0
    assert "Une autre construction est en cours" in err


def test_site_folder_is_readable_by_the_web_server(built: Path) -> None:
    mode = stat.S_IMODE((built / "site").stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask and mode & stat.S_IROTH
