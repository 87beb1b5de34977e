"""The files of docs/ that links may name (`pipeline._files_under`) are those that
`rglob("*")` and `is_file()` give, links and hidden files included, read from the listings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from hubia.check.pipeline import _files_under


def _by_pathlib(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("folder", [ROOT / "docs", FIXTURES, ROOT / "absent"],
                         ids=["docs", "fixtures", "absent"])
def test_same_files_as_pathlib(folder: Path) -> None:
    assert _files_under(folder) == _by_pathlib(folder)


def test_links_hidden_files_and_special_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a" / ".cache").mkdir(parents=True)
    (docs / "x.md").write_text("x")
    (docs / ".cache.md").write_text("h")
    (docs / "a" / ".cache" / "y.png").write_bytes(b"y")
    os.symlink(docs / "x.md", docs / "lien.md")
    os.symlink(docs / "a", docs / "dossier-lie")  # not entered
    os.symlink(docs / "absent", docs / "lien-casse.md")
    os.symlink(docs / "boucle", docs / "boucle")
    os.mkfifo(docs / "tube")
    assert _files_under(docs) == _by_pathlib(docs) == {
        ".cache.md", "a/.cache/y.png", "lien.md", "x.md"}
