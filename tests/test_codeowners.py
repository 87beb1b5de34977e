"""CODEOWNERS covers every path whose page hubia computes, and the programme's facts."""

from __future__ import annotations

import fnmatch

from conftest import ROOT
from hubia.generate import generated_pages
from hubia.generate.communes import INDEX as COMMUNES_INDEX


def _patterns() -> list[str]:
    lines = (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def _covered(path: str, patterns: list[str]) -> bool:
    """GitHub's rule for the patterns used here: a rooted folder (`/a/`) covers all below it,
    `*` stays inside one folder, anything else is the exact path."""
    for pattern in patterns:
        rooted = pattern.lstrip("/")
        if rooted.endswith("/") and path.startswith(rooted):
            return True
        if fnmatch.fnmatchcase(path, rooted) and path.count("/") == rooted.count("/"):
            return True
    return False


def test_every_generated_page_and_programme_fact_is_owned() -> None:
    patterns = _patterns()
    paths = [f"docs/{page}" for page in generated_pages()] + [
        f"docs/{COMMUNES_INDEX.replace('index', 'pantin')}", "data/programme.yml",
        "data/communes.yml", "data/glossaire.yml", "data/agenda.yml", "data/securite.yml",
        "catalogue/catalogue.csv", "docs/parcours/energie-batiments-publics.md", "hubia.yml"]
    assert [path for path in paths if not _covered(path, patterns)] == []


def test_contributions_stay_open_to_everyone() -> None:
    patterns = _patterns()
    for path in ("docs/cas-usage/pilotage-chauffage-ecoles-colombes.md",
                 "docs/retours-experience/atelier-comprendre-ia-batiments.md"):
        assert not _covered(path, patterns), path
