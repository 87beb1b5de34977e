"""File-system faults (full disk, read-only folder): a French message that names the path and
what to do, exit 1, and what was there before left whole. The tests run as root, for whom
permissions do not stop a write: the faults are made by raising the OSError the system would."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from conftest import copy_hub
from hubia.cli import main
from hubia.errors import os_error_message


def _fault(code: int, path: Path | str):  # noqa: ANN202 - a stand-in for a failing call
    def fail(*_args, **_kwargs):
        raise OSError(code, "message du système en anglais", str(path))
    return fail


def _french(err: str, path: Path | str, advice: str) -> None:
    assert f"« {path} »" in err and advice in err, err
    assert "Traceback" not in err and "message du système en anglais" not in err


@pytest.mark.parametrize(("code", "advice"), [
    (errno.ENOSPC, "disque plein : libérez de la place"),
    (errno.EROFS, "lecture seule : choisissez un dossier où l'on peut écrire"),
    (errno.EACCES, "permission refusée"),
    (errno.EIO, "erreur de lecture ou d'écriture du disque")])
def test_message_names_path_and_remedy(code: int, advice: str) -> None:
    message = os_error_message(OSError(code, "No space left", "/srv/site/index.html"))
    assert message.startswith("impossible de lire ou d'écrire « /srv/site/index.html » : ")
    assert advice in message


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_hub(tmp_path_factory.mktemp("fautes") / "hub")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("site précédent", encoding="utf-8")
    return root


def _previous_site_intact(hub: Path) -> None:
    assert [p.name for p in (hub / "site").iterdir()] == ["index.html"]
    assert (hub / "site/index.html").read_text(encoding="utf-8") == "site précédent"
    assert not [p for p in hub.iterdir() if p.name.startswith(".site-")]  # no staging left


def test_build_into_a_read_only_folder(hub: Path, monkeypatch, capsys) -> None:
    from hubia.site import atomic

    monkeypatch.setattr(atomic, "staging_folder", _fault(errno.EROFS, hub))
    assert main(["build", "--root", str(hub)]) == 1
    err = capsys.readouterr().err
    _french(err, hub, "système de fichiers en lecture seule")
    assert "Le site précédent est laissé intact." in err
    _previous_site_intact(hub)


def test_build_on_a_full_disk(hub: Path, monkeypatch, capsys) -> None:
    from hubia.site import build

    monkeypatch.setattr(build, "_write_sitemap", _fault(errno.ENOSPC, hub / "site/sitemap.xml"))
    assert main(["build", "--root", str(hub)]) == 1
    err = capsys.readouterr().err
    _french(err, hub / "site/sitemap.xml", "disque plein")
    _previous_site_intact(hub)


def test_disk_full_while_the_workers_write_pages(hub: Path, monkeypatch, capsys) -> None:
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:  # inherited by the forked page workers
        if self.name == "index.html" and "cas-usage" in self.parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    assert main(["build", "--root", str(hub)]) == 1
    err = capsys.readouterr().err
    assert "disque plein : libérez de la place" in err and "cas-usage" in err, err
    assert "Traceback" not in err and "No space left" not in err
    _previous_site_intact(hub)


def test_catalogue_on_a_full_disk(hub: Path, monkeypatch, capsys) -> None:
    folder = hub / "exports"
    assert main(["catalogue", "--root", str(hub), "--sortie", str(folder)]) == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (hub / "docs/cas-usage/chauffage-ecoles.md").write_text(
        (hub / "docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8").replace(
            "titre: ", "titre: Nouveau "), encoding="utf-8")  # the exports must change
    real = Path.write_bytes

    def full(self: Path, data: bytes) -> int:
        if self.name.endswith(".tmp"):
            real(self, data[: len(data) // 2])  # the disk fills up half-way
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    try:
        assert main(["catalogue", "--root", str(hub), "--sortie", str(folder)]) == 1
    finally:
        monkeypatch.undo()
        (hub / "docs/cas-usage/chauffage-ecoles.md").write_text(
            (hub / "docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8").replace(
                "titre: Nouveau ", "titre: "), encoding="utf-8")
    err = capsys.readouterr().err
    assert "disque plein" in err and str(folder) in err and "Traceback" not in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # whole, no .tmp
    json.loads(before["catalogue.json"])


def test_new_on_a_read_only_folder(hub: Path, monkeypatch, capsys) -> None:
    target = hub / "docs/cas-usage/nouvelle-fiche.md"
    monkeypatch.setattr(Path, "open", _fault(errno.EROFS, target))
    assert main(["new", "cas-usage", "nouvelle-fiche", "--root", str(hub)]) == 1
    _french(capsys.readouterr().err, target, "lecture seule")
    monkeypatch.undo()
    assert not target.exists()


def test_new_on_a_full_disk_leaves_no_half_record(hub: Path, monkeypatch, capsys) -> None:
    target = hub / "docs/cas-usage/moitie.md"
    real = Path.open

    class FullDisk:  # the file is created, then the disk fills up half-way through
        def __init__(self, handle) -> None:  # noqa: ANN001
            self.handle = handle

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *_exc) -> None:
            self.handle.close()

        def write(self, text: str) -> int:
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: (
        FullDisk(real(self, *a, **k)) if self == target else real(self, *a, **k)))
    assert main(["new", "cas-usage", "moitie", "--root", str(hub)]) == 1
    monkeypatch.undo()
    _french(capsys.readouterr().err, target, "disque plein")
    assert not target.exists()


def test_schema_export_on_a_read_only_folder(hub: Path, monkeypatch, capsys) -> None:
    folder = hub / "schemas-ro"
    monkeypatch.setattr(Path, "write_text", _fault(errno.EROFS, folder / "cas-usage.json"))
    assert main(["schema", "--root", str(hub), "--sortie", str(folder)]) == 1
    _french(capsys.readouterr().err, folder / "cas-usage.json", "lecture seule")


def test_handouts_on_a_full_disk(hub: Path, monkeypatch, capsys) -> None:
    from hubia.site import handouts

    folder = hub / "supports"
    monkeypatch.setattr(handouts, "build_handouts", _fault(errno.ENOSPC, folder / "energie.pdf"))
    assert main(["handouts", "--root", str(hub), "--output", str(folder)]) == 1
    _french(capsys.readouterr().err, folder / "energie.pdf", "disque plein")


def test_serve_without_room_for_its_preview(hub: Path, monkeypatch, capsys) -> None:
    from hubia.site import serve

    monkeypatch.setattr(serve.tempfile, "mkdtemp", _fault(errno.ENOSPC, "/tmp/hubia-apercu-x"))
    assert main(["serve", "--root", str(hub), "--adresse", "127.0.0.1:0"]) == 1
    _french(capsys.readouterr().err, "/tmp/hubia-apercu-x", "disque plein")


def test_unreadable_record_is_a_french_message(hub: Path, monkeypatch, capsys) -> None:
    record = hub / "docs/cas-usage/chauffage-ecoles.md"
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (
        _fault(errno.EACCES, record)() if self == record else real(self)))
    assert main(["check", "--root", str(hub)]) == 1
    _french(capsys.readouterr().err, record, "permission refusée")
