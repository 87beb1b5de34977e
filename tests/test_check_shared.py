"""`hubia check` with the record files shared between processes (check/shared.py) reports
exactly what one process reports, on the sample hub and on every bad input of the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_hub
from hubia.check import shared
from hubia.check.pipeline import check
from hubia.cli import main
from hubia.generate import generated_pages
from hubia.site import pool
from test_yaml_fast import _hub_of_every_fixture


@pytest.fixture
def sharing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Sharing on, whatever the size of the hub and the cores of the machine; the list
    receives the number of processes of each shared run."""
    runs: list[int] = []
    real_run = pool.run

    def counted_run(items, work, processes=None):  # noqa: ANN001, ANN202
        runs.append(processes or pool.available_cores())
        return real_run(items, work, processes)

    monkeypatch.setattr(shared, "MIN_FILES", 1)
    monkeypatch.setattr(pool, "available_cores", lambda: 2)
    monkeypatch.setattr(pool, "run", counted_run)
    return runs


@pytest.mark.parametrize("hub", ["sample", "every fixture"])
def test_shared_check_reports_what_one_process_reports(tmp_path: Path, sharing: list[int],
                                                       hub: str) -> None:
    root = (copy_hub(tmp_path / "hub") if hub == "sample"
            else _hub_of_every_fixture(tmp_path / "hub"))
    alone = check(root, generated=generated_pages())
    together = check(root, generated=generated_pages(), records=False)
    assert sharing == [2]
    assert together.problems == alone.problems
    assert together.files == alone.files
    assert together.hub is None and alone.hub is not None


def test_glossary_and_agenda_rules_see_every_valid_record(tmp_path: Path,
                                                           sharing: list[int]) -> None:
    """Those rules read the hub: with sharing, the slugs of the other processes' records and
    the tracks they read are brought back."""
    root = copy_hub(tmp_path / "hub")
    glossary = root / "data" / "glossaire.yml"
    text = glossary.read_text(encoding="utf-8")
    assert "fiches:" in text and (root / "data" / "agenda.yml").is_file()
    alone = check(root, generated=generated_pages()).problems
    assert not [d for d in alone if d.code in ("fiche-inconnue", "parcours-inconnu",
                                               "module-inconnu")]
    assert check(root, generated=generated_pages(), records=False).problems == alone


def test_hubia_check_command_shares_the_files(tmp_path: Path, sharing: list[int],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = _hub_of_every_fixture(tmp_path / "hub")
    code = main(["check", "--root", str(root)])
    assert sharing == [2]
    printed = capsys.readouterr().out
    expected = "\n".join(d.as_text() for d in check(root, generated=generated_pages()).problems)
    assert code == 1 and printed.strip() == expected.strip()


def test_a_worker_killed_before_its_report_leaves_the_work_to_this_process(
        tmp_path: Path, sharing: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    root = _hub_of_every_fixture(tmp_path / "hub")
    alone = check(root, generated=generated_pages()).problems

    def killed(items, work, processes=None):  # noqa: ANN001, ANN202
        raise pool.WorkerError("un processus s'est arrêté sans rendre compte (code -9)")

    monkeypatch.setattr(pool, "run", killed)
    assert check(root, generated=generated_pages(), records=False).problems == alone
