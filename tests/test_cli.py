"""The `hubia` command: exit codes, output formats, usage errors, no traceback ever."""

from __future__ import annotations

import json
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_hub, problems_of
from hubia.cli import main

BAD = FIXTURES / "invalides" / "cas-usage"


def _with(hub: Path, *fixtures: str) -> Path:
    for name in fixtures:
        shutil.copy(BAD / name, hub / "docs" / "cas-usage" / name)
    return hub


def test_check_passes_on_the_shipped_hub(capsys) -> None:
    assert main(["check", "--root", str(ROOT)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().splitlines()[-1].startswith("Hub IA : ")


def test_text_format_and_exit_code(hub_dir: Path, capsys) -> None:
    _with(hub_dir, "date-invalide.md")
    assert main(["check", "--root", str(hub_dir)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["docs/cas-usage/date-invalide.md:4:1: erreur date-invalide: date impossible "
                   "ou mal écrite « 2025-02-30 » pour « mis_a_jour » : format AAAA-MM-JJ, par "
                   "exemple 2025-04-08"]


def test_json_format(hub_dir: Path, capsys) -> None:
    _with(hub_dir, "date-invalide.md", "contact-personnel.md")
    assert main(["check", "--root", str(hub_dir), "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert [(i["path"], i["line"], i["column"], i["severity"], i["code"]) for i in items] == [
        ("docs/cas-usage/contact-personnel.md", 37, 1, "avertissement", "contact-personnel"),
        ("docs/cas-usage/date-invalide.md", 4, 1, "erreur", "date-invalide")]
    assert all(set(i) == {"path", "line", "column", "severity", "code", "message"} for i in items)


def test_github_format(hub_dir: Path, capsys) -> None:
    _with(hub_dir, "date-invalide.md", "contact-personnel.md")
    assert main(["check", "--root", str(hub_dir), "--format", "github"]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("::warning file=docs/cas-usage/contact-personnel.md,line=37,"
                               "col=1,title=contact-personnel::")
    assert lines[1].startswith("::error file=docs/cas-usage/date-invalide.md,line=4,col=1,"
                               "title=date-invalide::date impossible")


def test_warnings_alone_exit_zero(hub_dir: Path) -> None:
    _with(hub_dir, "contact-personnel.md")
    assert main(["check", "--root", str(hub_dir)]) == 0


@pytest.mark.parametrize("argv", [["chek"], ["check", "--format", "xml"], [],
                                  ["check", "--inconnu"]])
def test_usage_errors_exit_two_in_french(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "erreur d'utilisation" in err and "Traceback" not in err


def test_root_that_is_not_a_hub(tmp_path: Path, capsys) -> None:
    assert main(["check", "--root", str(tmp_path)]) == 2
    assert "n'est pas un hub" in capsys.readouterr().err


def test_help_is_french() -> None:
    result = subprocess.run([sys.executable, "-m", "hubia", "--help"], capture_output=True,
                            text=True)
    assert result.returncode == 0
    assert "utilisation : hubia" in result.stdout
    assert "vérifie toutes les fiches" in result.stdout


def _mutations(text: str, rng: random.Random, count: int) -> list[str]:
    """Variants of a valid record broken in the ways people break YAML and Markdown."""
    breakers = [":", "[", "]", "{", "- ", "  ", "\t", '"', "'", "&a", "*a", "!!", "#", "---",
                "\n", "|", ">", "%", "@", "`", "\x00", "\ufeff", "é", "?", ","]
    variants = []
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.4:
                chars.insert(position, rng.choice(breakers))
            elif action < 0.7:
                del chars[position: position + rng.randint(1, 30)]
            else:
                chars[position] = rng.choice(breakers)
        variants.append("".join(chars))
    return variants


def test_no_input_gives_a_traceback(hub_dir: Path) -> None:
    """Hundreds of broken records: each run reports diagnostics and never raises."""
    source = (hub_dir / "docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8")
    target = hub_dir / "docs/cas-usage/casse.md"
    rng = random.Random(1234)
    codes = set()
    for variant in _mutations(source, rng, 300):
        target.write_text(variant, encoding="utf-8")
        for problem in problems_of(hub_dir):
            assert problem.line >= 1 and problem.column >= 1
            codes.add(problem.code)
    for blob in (bytes(rng.randrange(256) for _ in range(500)) for _ in range(20)):
        target.write_bytes(blob)
        problems_of(hub_dir)
    assert {"yaml-invalide", "champ-inconnu"} <= codes  # the mutations really broke things


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_serve_previews_and_rebuilds_on_change(hub_dir: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hubia", "serve", "--root", str(hub_dir), "--adresse",
         f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/cas-usage/chauffage-ecoles/"
    try:
        deadline = time.monotonic() + 60
        page = None
        while time.monotonic() < deadline and not page:
            page = _get(url)
            time.sleep(0.3)
        assert page and "Pilotage du chauffage des écoles" in page
        # The preview is indexed for search (again on every rebuild).
        deadline = time.monotonic() + 30  # indexing runs in the background, after the pages
        while '"page_count":' not in (entry := _get(
                f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json") or "") and (
                time.monotonic() < deadline):
            time.sleep(0.3)
        assert '"page_count":' in entry
        record = hub_dir / "docs/cas-usage/chauffage-ecoles.md"
        record.write_text(record.read_text(encoding="utf-8").replace(
            "titre: Pilotage du chauffage des écoles", "titre: Chauffage revu en direct"),
            encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            page = _get(url) or ""
            if "Chauffage revu en direct" in page:
                break
            time.sleep(0.5)
        assert "Chauffage revu en direct" in page
        deadline = time.monotonic() + 30  # indexing follows the pages of the rebuild
        while '"page_count":' not in (entry := _get(
                f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json") or ""):
            assert time.monotonic() < deadline, "the preview was not indexed again"
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_build_writes_nothing_into_docs(tmp_path: Path) -> None:
    hub = copy_hub(tmp_path / "hub")
    before = sorted((p.relative_to(hub).as_posix(), p.read_bytes())
                    for p in (hub / "docs").rglob("*") if p.is_file())
    assert main(["build", "--root", str(hub)]) == 0
    after = sorted((p.relative_to(hub).as_posix(), p.read_bytes())
                   for p in (hub / "docs").rglob("*") if p.is_file())
    assert before == after
