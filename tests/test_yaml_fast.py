"""The fast way of reading YAML (hubia/load/yaml_fast.py) gives what the events give.

`yaml.load` takes the C composer's tree when it can and leaves every other text to the event
reader (`load_events`), which is the reference: same values (types included), same position
for every key path, and, for a text either way refuses, the same problem at the same place.
Checked on every YAML text of the fixtures (bad inputs included), of the sample hub and of
texts made to fall on each side of the fast path's limits; then `hubia check` must report the
same diagnostics with the fast path as without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, copy_hub, problems_of
from hubia.load import yaml as hubia_yaml
from hubia.load import yaml_fast
from hubia.load.files import split_front_matter
from hubia.load.yaml import MAX_DEPTH, YamlError, load, load_events


def _outcome(reader, text: str, line_offset: int) -> tuple:  # noqa: ANN001
    try:
        doc = reader(text, line_offset)
    except YamlError as exc:
        return ("refused", exc.code, exc.message, exc.line, exc.column)
    # repr tells 1 from 1.0 and True, and "1" from 1
    return ("read", repr(doc.data), doc.positions)


def _yaml_texts(folders: list[Path]) -> list[tuple[str, str, int]]:
    """(name, YAML text, line offset) of every front matter and data file under `folders`."""
    found = []
    for folder in folders:
        for file in sorted(folder.rglob("*")):
            if file.suffix not in (".md", ".yml") or not file.is_file():
                continue
            try:
                text = file.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                continue  # refused before any YAML is read
            if file.suffix == ".yml":
                found.append((str(file.relative_to(ROOT)), text, 0))
                continue
            split = split_front_matter(text)
            if split is not None:
                found.append((str(file.relative_to(ROOT)), split.text, split.line_offset))
    return found


FILES = _yaml_texts([FIXTURES, ROOT / "docs", ROOT / "data"])

MADE = {
    "plain values": "a: no\nb: 01234\nc: 1.50\nd: ~\ne: TRUE\nf: -0\ng: .5\nh: 1e3\ni: x\nj:\n",
    "quoted and block values": "a: '12'\nb: \"true\"\nc: |\n  12\nd: >\n  null\n",
    "keys that are not text": "1: a\n1.5: b\ntrue: c\n",
    "null key": "~: a\n",
    "key written twice": "a: 1\nb: 2\na: 3\n",
    "same key once as a number": "1: a\n'1': b\n",
    "mapping as a key": "? {a: 1}\n: b\n",
    "list as a key": "[a]: b\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "tag": "a: !!int 3\n",
    "non-specific tag": "a: ! 12\n",
    "text with an asterisk": "a: 'note *'\n",
    "two documents": "a: 1\n--- \nb: 2\n",
    "empty": "",
    "comment only": "# rien\n",
    "scalar document": "juste un mot\n",
    "list document": "- a\n- [b, {c: d}]\n",
    "flow mapping": "{a: [1, 2], b: {c: 3}}\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "tab": "a:\n\tb: 1\n",
    "nesting at the limit": "a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1) + "\n",
    "nesting over the limit": "a: " + "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n",
    "block nesting over the limit": "".join(f"{'  ' * i}k{i}:\n" for i in range(40)) + "  " * 40
    + "v\n",
    "many indicators": "a:\n" + "".join(f"  - x{i}: [{i}, -{i}]\n" for i in range(300)),
    "deep beyond the composer's bound": "a: " + "[" * 5000 + "\n",
}


@pytest.mark.parametrize(("name", "text", "line_offset"), FILES, ids=[f[0] for f in FILES])
def test_fixture_reads_the_same_both_ways(name: str, text: str, line_offset: int) -> None:
    assert _outcome(load, text, line_offset) == _outcome(load_events, text, line_offset)


@pytest.mark.parametrize("text", MADE.values(), ids=MADE.keys())
def test_made_text_reads_the_same_both_ways(text: str) -> None:
    for line_offset in (0, 3):
        assert _outcome(load, text, line_offset) == _outcome(load_events, text, line_offset)


def test_fast_path_reads_the_sample_records() -> None:
    """The comparison above proves something only if the fast path is taken."""
    records = [f for f in FILES if f[0].startswith("docs/")]
    fast = [f for f in records if yaml_fast.compose(f[1], f[2], MAX_DEPTH) is not None]
    assert records and len(fast) == len(records)


@pytest.mark.parametrize("name", ["anchor and alias", "tag", "key written twice",
                                  "nesting over the limit", "two documents", "null key",
                                  "deep beyond the composer's bound"])
def test_fast_path_leaves_what_it_cannot_vouch_for(name: str) -> None:
    assert yaml_fast.compose(MADE[name], 0, MAX_DEPTH) is None


def _hub_of_every_fixture(target: Path) -> Path:
    """The sample hub plus every invalid and hostile record and page of the fixtures."""
    hub = copy_hub(target)
    for corpus in (FIXTURES / "invalides", FIXTURES / "hostiles" / "docs"):
        for section in ("parcours", "cas-usage", "demonstrateurs", "retours-experience"):
            for file in sorted((corpus / section).glob("*.md")):
                shutil.copy(file, hub / "docs" / section / file.name)
    for page in sorted((FIXTURES / "hostiles" / "pages").glob("*.md")):
        shutil.copy(page, hub / "docs" / page.name)
    for page in sorted((FIXTURES / "invalides").glob("*.md")):
        shutil.copy(page, hub / "docs" / page.name)
    return hub


def test_check_reports_the_same_with_and_without_the_fast_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hub = _hub_of_every_fixture(tmp_path / "hub")
    fast = problems_of(hub)
    monkeypatch.setattr(hubia_yaml, "compose", lambda *_: None)
    slow = problems_of(hub)
    assert len(fast) > 100  # the bad inputs were read, and refused
    assert fast == slow


@pytest.mark.parametrize(("text", "value"), [
    ("", None), ("~", None), ("null", None), ("Null", None), ("NULL", None), ("nul", "nul"),
    ("no", "no"), ("Non", "Non"), ("true", True), ("TRUE", True), ("tRue", "tRue"),
    ("False", False), ("f", "f"), ("0", 0), ("-0", 0), ("+12", 12), ("01234", "01234"),
    ("00", "00"), ("1.", 1.0), (".5", 0.5), ("-1.5e3", -1500.0), ("1e3", 1000.0),
    ("2025-06-01", "2025-06-01"), ("12:30", "12:30"), (".inf", ".inf"), ("nan", "nan"),
])
def test_plain_scalars_follow_the_yaml_core_rules(text: str, value: object) -> None:
    for reader in (load, load_events):
        assert repr(reader(f"v: {text}\n").data["v"]) == repr(value)
