"""`hubia serve`: after each kind of edit, the incremental preview holds the same bytes as a
clean render of the same hub; a broken save keeps the last good site and reports the
diagnostics; the pages reload through a script file under the site's CSP; a busy address
gets a French message."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_hub
from hubia import theme
from hubia.check.pipeline import check
from hubia.render.theme import Edition
from hubia.site.build import render
from hubia.site import serve
from hubia.site.serve import Preview, open_server


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")}


def _clean(root: Path, tmp: Path) -> dict[str, bytes]:
    folder = tmp / "propre"
    shutil.rmtree(folder, ignore_errors=True)
    render(check(root).hub, folder, Edition(preview=True), lambda _m: None, 1)
    return _tree(folder)


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    hub = copy_hub(tmp_path / "hub", ROOT)  # the sample hub: links between all record types
    messages: list[str] = []
    shown = Preview(hub, tmp_path / "apercu", messages.append)
    shown.messages = messages
    shown.update()
    return shown


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASE = "docs/cas-usage/tri-courrier-entrant-montreuil.md"
TRACK = "docs/parcours/simplification-administrative.md"
EDITS = {
    "titre d'un cas d'usage": (CASE, "Orientation automatique du courrier",
                               "Orientation revue du courrier"),
    "texte d'un cas d'usage": (CASE, "\n## ", "\nUne phrase ajoutée.\n\n## "),
    "titre d'un parcours": (TRACK, "titre: ", "titre: Nouveau — "),
    # What the open-data exports, feeds, dashboard, map and algorithm lists read:
    "statut d'un cas d'usage": (CASE, "statut: concluant", "statut: experimentation"),
    "commune d'un cas d'usage": (CASE, "  - Montreuil\n", "  - Montreuil\n  - Pantin\n"),
    "date d'un cas d'usage": (CASE, "mis_a_jour: 2026-10-15", "mis_a_jour: 2026-11-02"),
    "énergie d'un cas d'usage": (CASE, "  energie_kwh_an: 150\n  co2e_kg_an: 7.8\n  methode",
                                 "  energie_kwh_an: 900\n  co2e_kg_an: 46.8\n  methode"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_preview_equals_a_clean_build(preview: Preview, tmp_path: Path,
                                                  edit: str) -> None:
    rel, old, new = EDITS[edit]
    _edit(preview.root / rel, old, new)
    written = preview.update({rel})
    assert written, "nothing rewritten"
    assert len(written) < len(_tree(preview.folder)) / 2  # only what the edit changes
    assert _tree(preview.folder) == _clean(preview.root, tmp_path)


def test_added_and_removed_records_and_data_edits(preview: Preview, tmp_path: Path) -> None:
    root = preview.root
    copy = root / "docs/cas-usage/copie-du-tri.md"
    shutil.copy(root / CASE, copy)
    _edit(copy, "Orientation automatique du courrier", "Copie du tri du courrier")
    preview.update({"docs/cas-usage/copie-du-tri.md"})
    assert "cas-usage/copie-du-tri/index.html" in _tree(preview.folder)
    assert _tree(preview.folder) == _clean(root, tmp_path)
    copy.unlink()
    preview.update({"docs/cas-usage/copie-du-tri.md"})
    assert "cas-usage/copie-du-tri/index.html" not in _tree(preview.folder)
    assert _tree(preview.folder) == _clean(root, tmp_path)
    _edit(root / "hubia.yml", "nom_court: Hub IA", "nom_court: Hub IA local")
    preview.update({"hubia.yml"})
    assert _tree(preview.folder) == _clean(root, tmp_path)


def test_a_broken_save_keeps_the_last_good_site_and_reports(preview: Preview) -> None:
    page = preview.folder / "cas-usage/tri-courrier-entrant-montreuil/index.html"
    before, version = page.read_bytes(), preview.version
    _edit(preview.root / CASE, "statut: concluant", "statut: termine")
    assert preview.update({CASE}) == set()
    assert page.read_bytes() == before
    state = preview.state(None)
    assert state["version"] > version
    assert any("valeur-non-autorisee" in line and CASE in line for line in state["erreurs"])
    assert any("dernière version valide" in message for message in preview.messages)
    _edit(preview.root / CASE, "statut: termine", "statut: concluant")
    preview.update({CASE})
    assert preview.state(None)["erreurs"] == []


def test_pages_reload_through_a_script_file_under_the_csp(preview: Preview) -> None:
    html = (preview.folder / "index.html").read_text(encoding="utf-8")
    assert f'src="{theme.PREVIEW_SCRIPT}"' in html
    assert 'http-equiv="Content-Security-Policy"' in html and "<script>" not in html
    assert (preview.folder / theme.PREVIEW_SCRIPT).is_file()


def test_state_endpoint_long_polls_until_the_next_version(preview: Preview) -> None:
    server = open_server("127.0.0.1:0", preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/__hubia/etat"
    try:
        with urllib.request.urlopen(base, timeout=5) as response:
            first = json.load(response)
        answer: dict = {}

        def wait() -> None:
            with urllib.request.urlopen(f"{base}?version={first['version']}", timeout=30) as r:
                answer.update(json.load(r))

        waiting = threading.Thread(target=wait)
        waiting.start()
        _edit(preview.root / CASE, "Orientation automatique", "Orientation nouvelle")
        preview.update({CASE})
        waiting.join(timeout=30)
        assert answer == {"version": first["version"] + 1, "erreurs": [], "recharger": True}
    finally:
        server.shutdown()
        server.server_close()


CASE_PAGE = "cas-usage/tri-courrier-entrant-montreuil/index.html"


def test_the_saved_record_page_is_published_before_the_generated_pages(
        preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "WAIT_SECONDS", 0.1)
    seen: dict = {}
    generate = preview._generated

    def generated(hub, everything):  # what a reader sees while the generators run
        seen["page"] = (preview.folder / CASE_PAGE).read_text(encoding="utf-8")
        seen["state"] = preview.state(version, "cas-usage/tri-courrier-entrant-montreuil/")
        return generate(hub, everything)

    monkeypatch.setattr(preview, "_generated", generated)
    version = preview.version
    _edit(preview.root / CASE, "Orientation automatique du courrier", "Orientation revue")
    written = preview.update({CASE})
    assert "Orientation revue" in seen["page"]
    assert seen["state"] == {"version": version + 1, "erreurs": [], "recharger": True}
    assert CASE_PAGE in written and "cas-usage/index.html" in written
    # The second pass rewrote the listings, not the record's page: it does not reload again,
    # a listing's reader reloads once.
    assert preview.state(version + 1, f"/{CASE_PAGE}")["recharger"] is False
    assert preview.state(version + 1, "cas-usage/")["recharger"] is True
    assert preview.state(version, "cas-usage/")["recharger"] is True
    assert preview.state(version + 2, "cas-usage/") == {
        "version": version + 2, "erreurs": [], "recharger": False}  # nothing new: after WAIT_SECONDS


def test_a_reader_sees_errors_appear_and_clear_without_its_page_rewritten(
        preview: Preview) -> None:
    version = preview.version
    _edit(preview.root / CASE, "statut: concluant", "statut: termine")
    preview.update({CASE})
    state = preview.state(version, "glossaire/")
    assert state["erreurs"] and state["recharger"] is False
    _edit(preview.root / CASE, "statut: termine", "statut: concluant")
    preview.update({CASE})
    state = preview.state(version + 1, "glossaire/")
    assert state == {"version": preview.version, "erreurs": [], "recharger": False}


def test_busy_address_gets_a_french_message(tmp_path: Path) -> None:
    hub = copy_hub(tmp_path / "hub")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "hubia", "serve", "--root", str(hub),
                                 "--adresse", f"127.0.0.1:{port}"],
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"l'adresse 127.0.0.1:{port} est déjà utilisée" in result.stderr
    assert "Traceback" not in result.stderr
