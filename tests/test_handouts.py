"""`hubia handouts`: one PDF per track, printed by headless Chromium, without trainer notes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser import chromium_path
from conftest import ROOT, copy_hub
from hubia.check.pipeline import check


def _flat(text: str) -> str:
    """PDF text without line breaks or spaces, to compare with what the record says; the
    typographic ligatures the font draws (« ﬁ », « ﬂ ») read as their letters."""
    ligatures = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                 "\ufb04": "ffl"}
    return re.sub(r"\s+", "", "".join(ligatures.get(c, c) for c in text))


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if chromium_path() is None:
        message = "Chromium introuvable : installez le paquet Debian « chromium »"
        if os.environ.get("CI"):
            pytest.fail(message + " (obligatoire en CI)")
        pytest.skip(message)
    output = tmp_path_factory.mktemp("supports")
    result = subprocess.run([sys.executable, "-m", "hubia", "handouts", "--root", str(ROOT),
                             "--output", str(output)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 supports PDF" in result.stderr
    return output


def test_each_track_has_a_pdf_with_its_modules_and_no_trainer_note(handouts: Path) -> None:
    from pypdf import PdfReader

    hub = check(ROOT).hub
    tracks = hub.parcours()
    assert sorted(p.name for p in handouts.glob("*.pdf")) == sorted(
        f"{t.slug}.pdf" for t in tracks)
    for track in tracks:
        reader = PdfReader(handouts / f"{track.slug}.pdf")
        pages = [page.extract_text() for page in reader.pages]
        text = _flat("\n".join(pages))
        assert _flat(track.record.titre) in text
        for number, module in enumerate(track.record.modules, 1):
            heading = _flat(f"Module {number} : {module.titre}")
            # Page breaks between modules: each module opens a page.
            assert any(_flat(page).startswith(heading) for page in pages), heading
            for note in module.notes_formateur:
                assert _flat(note)[:60] not in text, note
            for question in module.questions:
                assert _flat(question.reponse)[:60] in text  # answers at the end
        # Print stylesheet: no menus or search; outside links printed after their text.
        for screen_only in ("Rechercher", "Codesd'erreur", "Formatdesfiches",
                            "Retouràlapageduparcours", "Imprimercesupport"):
            assert screen_only not in text, screen_only
        assert "Glossaire" in text
    aires = _flat("".join(p.extract_text() for p in PdfReader(
        handouts / "aires-de-livraison.pdf").pages))
    assert "(https://www.cnil.fr/fr/RGPD-analyse-impact-protection-des-donnees-aipd)" in aires


def test_handouts_without_chromium_fail_in_french(tmp_path: Path) -> None:
    hub = copy_hub(tmp_path / "hub")
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run([sys.executable, "-m", "hubia", "handouts", "--root", str(hub)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert "Chromium est introuvable : installez le paquet « chromium »" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (hub / "supports").exists()
