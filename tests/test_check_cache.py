"""The check's per-file cache (`hubia serve`): the same report as a fresh check, reading only
the files that changed, and everything again when what all files depend on changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT, copy_hub
from hubia.check import pipeline
from hubia.check.pipeline import CheckCache, check
from hubia.generate import generated_pages


def _report(root: Path, cache: CheckCache | None = None):  # noqa: ANN202
    report = check(root, generated=generated_pages(), cache=cache)
    return report, [(d.path, d.line, d.code, d.message) for d in report.problems]


def test_cached_check_reads_only_changed_files(tmp_path: Path, monkeypatch) -> None:
    root = copy_hub(tmp_path / "hub", ROOT)
    read: list[str] = []
    original = pipeline.read_record
    monkeypatch.setattr(pipeline, "read_record",
                        lambda file, rel: (read.append(rel), original(file, rel))[1])
    cache = CheckCache()
    first, _ = _report(root, cache)
    total = len(read)
    assert total == first.files > 20
    read.clear()
    again, problems = _report(root, cache)
    assert read == [] and problems == _report(root)[1] and again.hub.count == first.hub.count
    shutil.copy(FIXTURES / "invalides/cas-usage/valeur-non-autorisee.md",
                root / "docs/cas-usage/tri-courrier-entrant-montreuil.md")
    read.clear()
    _, problems = _report(root, cache)
    assert read == ["docs/cas-usage/tri-courrier-entrant-montreuil.md"]
    assert problems == _report(root)[1] and problems  # the new fault, as a fresh check says
    data = root / "data/programme.yml"
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    read.clear()
    _report(root, cache)
    assert len(read) == total  # a data file changed: every record is checked again
