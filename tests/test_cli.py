"""The `hubia` command: exit codes, output formats, usage errors, no traceback ever."""

from __future__ import annotations

import json
import random
import re
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


@pytest.mark.parametrize("fmt", ["github", "text"])
def test_file_names_cannot_forge_annotations(hub_dir: Path, capsys, fmt: str) -> None:
    forged = "x.md\n::error file=autre.md,line=9::faux,title=x::y.md"
    shutil.copy(hub_dir / "docs/cas-usage/chauffage-ecoles.md",
                hub_dir / "docs/cas-usage" / forged)
    (hub_dir / "docs/images" / "a::b,c.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["check", "--root", str(hub_dir), "--format", fmt]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 3 and "nom-fichier-piege" in " ".join(lines)
    if fmt == "github":  # one annotation per problem, each for the file it is about
        assert all(line.startswith("::error file=docs/") for line in lines), lines
        assert ("file=docs/cas-usage/x.md%0A%3A%3Aerror file=autre.md%2Cline=9%3A%3Afaux%2C"
                "title=x%3A%3Ay.md,line=1,") in "\n".join(lines)
        assert "file=docs/images/a%3A%3Ab%2Cc.png,line=1,col=1,title=nom-fichier-piege::" in (
            "\n".join(lines))
    else:
        assert all(line.startswith("docs/") for line in lines), lines
        assert "docs/cas-usage/x.md\\x0a::error file=autre.md" in "\n".join(lines)


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


# Hostile and broken input, second round: invisible, control and bidirectional characters
# (raw and as YAML escapes), blank texts, markup in plain text, comments and link
# definitions that a pattern misreads, loose commune names.
_INVISIBLE = ["\u200b", "\u202e", "\u2066", "\ufeff", "\x1b", "\x85", "\u2028", "\r",
              "\x07", "\\x1b", "\\u200b", "\\0", "\\u202e", '"   "', "\u00ad"]
_MARKUP = ["<b>", "</i>", "<!--", "--!>", "<!-->", "<?x>", "<script>", "\n> [x]: javascript:1\n",
           "\n- a\n\n    [y]: javascript:2\n", "`<!--`"]
_LOOSE = ["pantin", "PANTIN", "Le Pre Saint Gervais", "epinay sur seine", "Bagnolet ", "93055"]


def _mutations(text: str, rng: random.Random, count: int) -> list[str]:
    """Variants of a valid record broken in the ways people break YAML and Markdown."""
    breakers = [":", "[", "]", "{", "- ", "  ", "\t", '"', "'", "&a", "*a", "!!", "#", "---",
                "\n", "|", ">", "%", "@", "`", "\x00", "\ufeff", "é", "?", ",",
                *_INVISIBLE, *_MARKUP]
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
        variant = "".join(chars)
        if rng.random() < 0.15:
            variant = variant.replace("  - Pantin\n", f"  - {rng.choice(_LOOSE)}\n", 1)
        if rng.random() < 0.1:  # a text of a random field made blank
            lines = variant.split("\n")
            texts = [i for i, line in enumerate(lines) if re.match(r"^ *[a-z_]+: [A-Za-zÀ-ÿ]", line)]
            if texts:
                index = rng.choice(texts)
                lines[index] = lines[index].split(": ")[0] + ': "  "'
                variant = "\n".join(lines)
        variants.append(variant)
    return variants


def _hostile_name(rng: random.Random) -> str:
    return "".join(rng.choice(["a", "-", "::", "\n", "\r", ",", "%", "\x1b", "é", " ", "::error "])
                   for _ in range(rng.randint(1, 6))) + ".md"


def test_no_input_gives_a_traceback(hub_dir: Path) -> None:
    """Hundreds of broken records: each run reports diagnostics and never raises, and no
    problem can write a second line, or a CI annotation for another file."""
    source = (hub_dir / "docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8")
    target = hub_dir / "docs/cas-usage/casse.md"
    rng = random.Random(1234)
    codes = set()
    for variant in _mutations(source, rng, 300):
        target.write_text(variant, encoding="utf-8", newline="")
        for problem in problems_of(hub_dir):
            assert problem.line >= 1 and problem.column >= 1
            assert len(problem.as_text().splitlines()) == 1
            assert problem.as_github().splitlines() == [problem.as_github()]
            codes.add(problem.code)
    for blob in (bytes(rng.randrange(256) for _ in range(500)) for _ in range(20)):
        target.write_bytes(blob)
        problems_of(hub_dir)
    target.unlink()
    for _ in range(20):  # names that try to forge annotations
        named = hub_dir / "docs/cas-usage" / _hostile_name(rng)
        named.write_text(source, encoding="utf-8")
        problems = problems_of(hub_dir)
        assert "nom-fichier-piege" in {p.code for p in problems} or "::" not in named.name
        for problem in problems:
            assert problem.as_github().count("\n") == 0
            assert problem.as_github().startswith(("::error file=docs/", "::warning file=docs/"))
        named.unlink()
    # The mutations really broke things, the second round's classes included.
    assert {"yaml-invalide", "champ-inconnu", "caractere-invisible", "balise-dans-texte",
            "commune-mal-ecrite", "texte-vide"} <= codes, codes


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
