"""Transparency: commune lists of algorithms, frugality card, record history, exports to
other registers (validated against each format's published definition), `hubia export`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT, copy_hub
from hubia.check.transparency import looks_like_a_name
from hubia.cli import main

REGISTERS = FIXTURES / "registres"


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _communes() -> dict[str, str]:
    """Official name → INSEE code, read from data/communes.yml on its own."""
    data = yaml.safe_load((ROOT / "data/communes.yml").read_text(encoding="utf-8"))
    return {c["nom"]: str(c["code_insee"]) for c in data["communes"]}


def _expected_lists() -> dict[str, set[str]]:
    """An independent oracle: for each commune code, the records it pilots, has adopted
    (deployment under way or done) or partners as a demonstrator, read from the YAML."""
    codes = _communes()
    code = lambda value: codes.get(str(value), str(value))  # noqa: E731
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "docs/cas-usage").glob("*.md")):
        data = _front_matter(path)
        for commune in data["communes"]:
            found.setdefault(code(commune), set()).add(f"cas-usage/{path.stem}")
        for adoption in data.get("adoptions") or []:
            if adoption["statut"] in ("en_cours", "deployee"):
                found.setdefault(code(adoption["commune"]), set()).add(f"cas-usage/{path.stem}")
    for path in sorted((ROOT / "docs/demonstrateurs").glob("*.md")):
        for commune in _front_matter(path).get("communes") or []:
            found.setdefault(code(commune), set()).add(f"demonstrateurs/{path.stem}")
    return found


def test_a_person_is_not_a_service() -> None:
    for name in ("Jeanne Martin", "Mme Martin", "M. Dupont, chef de service",
                 "Direction des bâtiments (Jean Dupont)"):
        assert looks_like_a_name(name), name
    for title in ("Direction des systèmes d'information", "Service du courrier",
                  "Délégué à la protection des données", "Direction Générale des Services",
                  "Services de la voirie des deux communes"):
        assert not looks_like_a_name(title), title


def test_error_codes_page_gives_the_legal_references(sample_site: Path) -> None:
    page = (sample_site / "reference/codes-erreur/index.html").read_text(encoding="utf-8")
    for code, reference in (("pratique-interdite", "AI Act, art. 5"),
                            ("analyse-droits-manquante", "AI Act, art. 27"),
                            ("enregistrement-ue-manquant", "AI Act, art. 49"),
                            ("mention-ia-manquante", "AI Act, art. 50"),
                            ("registre-traitements-manquant", "RGPD, art. 30"),
                            ("aipd-non-justifiee", "RGPD, art. 35"),
                            ("information-manquante", "CRPA, art. L311-3-1"),
                            ("transparence-manquante", "CRPA, art. L312-1-3")):
        section = page.split(f'id="{code}"', 1)[1].split("<h2", 1)[0]
        assert f"Référence : {reference}" in re.sub(r"<[^>]+>", "", section), code


def test_commune_lists_match_the_records(sample_site: Path) -> None:
    expected = _expected_lists()
    pages = set()
    for folder in sorted((sample_site / "communes").glob("*/algorithmes")):
        listed = json.loads((folder / "algorithmes.json").read_text(encoding="utf-8"))
        assert {a["fiche"] for a in listed["algorithmes"]} == expected.get(
            listed["code_insee"], set()), listed["commune"]
        html = (folder / "index.html").read_text(encoding="utf-8")
        if not listed["algorithmes"]:
            assert "ne publie aucun système" in html
        for algorithm in listed["algorithmes"]:
            assert algorithm["titre"].replace("'", "&#x27;") in html
        pages.add(listed["code_insee"])
    assert pages == set(_communes().values()) and len(expected) >= 10


def test_algorithms_page_is_linked_from_the_commune_page(sample_site: Path) -> None:
    page = (sample_site / "communes/montreuil/index.html").read_text(encoding="utf-8")
    assert 'href="algorithmes/"' in page
    listing = (sample_site / "communes/montreuil/algorithmes/index.html").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", listing)
    assert "Service du courrier et de la gestion documentaire" in text
    assert "L312-1-3" in text


def test_frugality_card_says_what_was_not_measured(sample_site: Path) -> None:
    measured = (sample_site / "cas-usage/tri-courrier-entrant-montreuil/index.html").read_text(
        "utf-8")
    card = measured.split('class="hubia-bloc hubia-frugalite"', 1)[1].split("</section>", 1)[0]
    assert "Valeur mesurée après</dt>\n<dd>150 kWh/an" in card
    assert "Wattmètre sur le serveur municipal" in card
    estimated = (sample_site / "cas-usage/pilotage-chauffage-ecoles-colombes/index.html"
                 ).read_text("utf-8")
    card = estimated.split('class="hubia-bloc hubia-frugalite"', 1)[1].split("</section>", 1)[0]
    assert "Valeur mesurée après</dt>\n<dd><span class=\"hubia-non-mesure\">non mesuré" in card
    catalogue = (sample_site / "catalogue/pilotage-chauffage-ecoles-colombes/index.html"
                 ).read_text("utf-8")
    assert "hubia-frugalite" in catalogue and "non mesuré" in catalogue


def test_a_commune_running_many_systems_gets_several_light_pages(hub_dir: Path,
                                                                 tmp_path: Path) -> None:
    source = hub_dir / "docs/cas-usage/chauffage-ecoles.md"
    for n in range(11):  # 12 systems piloted by Pantin, 10 a page
        shutil.copy(source, hub_dir / f"docs/cas-usage/chauffage-{n:02d}.md")
    assert main(["build", "--root", str(hub_dir), "--output", str(tmp_path / "site")]) == 0
    folder = tmp_path / "site/communes/pantin/algorithmes"
    first = (folder / "index.html").read_text("utf-8")
    second = (folder / "pages/2/index.html").read_text("utf-8")
    assert first.count('class="hubia-algorithme"') == 10
    assert second.count('class="hubia-algorithme"') == 2
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "12 systèmes publiés, présentés sur 2 pages" in first
    listed = json.loads((folder / "algorithmes.json").read_text("utf-8"))
    assert len(listed["algorithmes"]) == 12
    assert max(len(first), len(second)) < 40_000


# --- Exports ------------------------------------------------------------------------------

def test_dutch_export_validates_and_has_one_registration_per_commune(sample_site: Path) -> None:
    schema = json.loads((REGISTERS / "algoritmeregister-1.0.0.schema.json").read_text("utf-8"))
    registrations = json.loads(
        (sample_site / "donnees/registres/algoritmeregister-1.0.0.json").read_text("utf-8"))
    jsonschema.validate(registrations, schema)
    expected = _expected_lists()
    # Every (system, commune) has its registration, except a demonstrator without a status.
    pairs = {(code, record) for code, records in expected.items() for record in records
             if not record.startswith("demonstrateurs/eco-pilot")}
    assert {(r["source_id"].rsplit("/", 1)[1], r["source_id"].rsplit("/", 1)[0])
            for r in registrations} == pairs
    codes = {v: k for k, v in _communes().items()}
    for r in registrations:
        assert r["organization"] == codes[r["source_id"].rsplit("/", 1)[1]]


def test_atrs_export_has_every_tier_1_and_2_attribute(sample_site: Path) -> None:
    attributes = [line for line in (REGISTERS / "atrs-3.0-attributs.txt").read_text(
        "utf-8").splitlines() if line and not line.startswith("#")]
    records = json.loads((sample_site / "donnees/registres/atrs-3.0.json").read_text("utf-8"))
    assert records
    schema = {"type": "array", "items": {
        "type": "object", "required": attributes, "additionalProperties": False,
        "properties": {name: {"type": "string"} for name in attributes}}}
    jsonschema.validate(records, schema)
    montreuil = next(r for r in records if r["organisation_name"] == "Montreuil")
    assert montreuil["team"] == "Service du courrier et de la gestion documentaire"
    assert montreuil["senior_responsible_owner"] == montreuil["team"]  # never a person's name


def test_pstw_export_has_the_dataset_columns(sample_site: Path) -> None:
    header = next(csv.reader(line for line in (REGISTERS / "pstw-colonnes.csv").read_text(
        "utf-8").splitlines() if not line.startswith("#")))
    text = (sample_site / "donnees/registres/public-sector-tech-watch.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
    assert rows[0] == header
    cases = sorted(p.stem for p in (ROOT / "docs/cas-usage").glob("*.md"))
    assert len(rows) - 1 == len(cases)
    assert all(len(row) == len(header) for row in rows)
    by_name = {row[1]: dict(zip(header, row)) for row in rows[1:]}
    tri = by_name["Orientation automatique du courrier entrant à Montreuil"]
    assert tri["NUTS 2021"] == "FR106" and tri["Status"] == "Implemented"


def test_export_command_writes_the_format(hub_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "registres"
    assert main(["export", "--root", str(hub_dir), "--format", "pstw",
                 "--sortie", str(output)]) == 0
    rows = list(csv.reader(io.StringIO((output / "public-sector-tech-watch.csv").read_text(
        "utf-8"), newline="")))
    assert len(rows) == 2 and rows[1][1] == "Pilotage du chauffage des écoles"


def test_export_command_refuses_an_invalid_hub(hub_dir: Path, tmp_path: Path, capsys) -> None:
    shutil.copy(FIXTURES / "invalides/cas-usage/pratique-interdite.md",
                hub_dir / "docs/cas-usage/interdit.md")
    assert main(["export", "--root", str(hub_dir), "--format", "atrs",
                 "--sortie", str(tmp_path / "x")]) == 1
    assert "pratique-interdite" in capsys.readouterr().out
    assert not (tmp_path / "x").exists()


# --- History ------------------------------------------------------------------------------

def _git(root: Path, *args: str, date: str = "2025-03-04T10:00:00+01:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Hub", "GIT_AUTHOR_EMAIL": "hub@exemple.fr",
           "GIT_COMMITTER_NAME": "Hub", "GIT_COMMITTER_EMAIL": "hub@exemple.fr"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_history_comes_from_git_and_is_absent_without_it(hub_dir: Path, tmp_path: Path) -> None:
    assert main(["build", "--root", str(hub_dir), "--output", str(tmp_path / "sans")]) == 0
    page = (tmp_path / "sans/cas-usage/chauffage-ecoles/index.html").read_text("utf-8")
    assert "hubia-modifications" not in page

    _git(hub_dir, "init", "-q")
    _git(hub_dir, "add", ".")
    _git(hub_dir, "commit", "-qm", "Première version des fiches")
    record = hub_dir / "docs/cas-usage/chauffage-ecoles.md"
    record.write_text(record.read_text("utf-8").replace("Texte de la fiche.", "Texte revu."),
                      encoding="utf-8")
    _git(hub_dir, "commit", "-qam", "Chauffage : <texte> revu", date="2025-06-20T09:00:00+02:00")
    assert main(["build", "--root", str(hub_dir), "--output", str(tmp_path / "avec")]) == 0
    page = (tmp_path / "avec/cas-usage/chauffage-ecoles/index.html").read_text("utf-8")
    history = page.split('class="hubia-modifications"', 1)[1].split("</details>", 1)[0]
    assert re.findall(r'datetime="([\d-]+)"', history) == ["2025-06-20", "2025-03-04"]
    assert "Chauffage : &lt;texte&gt; revu" in history
    demo = (tmp_path / "avec/demonstrateurs/eco-pilot/index.html").read_text("utf-8")
    assert demo.count("<time datetime=") == 1  # only the first commit touched it
    listed = json.loads((tmp_path / "avec/communes/pantin/algorithmes/algorithmes.json"
                         ).read_text("utf-8"))
    case = next(a for a in listed["algorithmes"] if a["fiche"] == "cas-usage/chauffage-ecoles")
    assert case["historique"] == [
        {"date": "2025-06-20", "resume": "Chauffage : <texte> revu"},
        {"date": "2025-03-04", "resume": "Première version des fiches"}]


def test_new_record_and_format_page_carry_the_transparency_block(hub_dir: Path,
                                                                 sample_site: Path) -> None:
    assert main(["new", "cas-usage", "essai", "--root", str(hub_dir), "--titre", "Essai"]) == 0
    text = (hub_dir / "docs/cas-usage/essai.md").read_text("utf-8")
    assert "transparence:" in text and "service_responsable:" in text
    assert "analyse_droits_fondamentaux:" in text and "phases:" in text
    page = (sample_site / "reference/format-cas-usage/index.html").read_text("utf-8")
    assert "<code>transparence</code>" in page and "<code>mesure_apres</code>" in page
