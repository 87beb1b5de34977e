"""The scale-up catalogue: entries, money to the cent, exports and their schema, the command."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, copy_hub
from hubia.catalogue import compute as cat
from hubia.cli import main
from hubia.funding import split
from hubia.check.pipeline import check
from hubia.generate import generated_pages

BASE_CASE = (FIXTURES / "hub/docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8")
# Read at collection, before any test builds the sample hub (a build refreshes these files).
COMMITTED = {name: (ROOT / "catalogue" / name).read_bytes() for name in cat.FILES}


def case(**changes: str) -> str:
    """The fixture hub's proven use case with some lines replaced (old line → new line)."""
    text = BASE_CASE
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def hub_with(root: Path, cases: dict[str, str], programme: str = ""):  # noqa: ANN201
    copy_hub(root)
    for slug, text in cases.items():
        (root / "docs/cas-usage" / f"{slug}.md").write_text(text, encoding="utf-8")
    if programme:
        with (root / "data/programme.yml").open("a", encoding="utf-8") as file:
            file.write(programme)
    return check(root, generated=generated_pages())


@pytest.mark.parametrize(("cost", "rate", "ceiling", "share", "remainder"), [
    ("12000.50", "0.5", None, "6000.25", "6000.25"),
    ("12000.05", "0.5", None, "6000.03", "6000.02"),  # 6000.025: half a cent goes up
    ("0.25", "0.5", None, "0.13", "0.12"),  # banker's rounding would give 0.12
    ("0.01", "0.5", None, "0.01", "0.00"),
    ("100", "0.3333", None, "33.33", "66.67"),
    ("12000.50", "0.5", "5000", "5000.00", "7000.50"),  # the ceiling caps the share
    ("1500", "0.5", "5000", "750.00", "750.00"),  # under the ceiling
    ("0", "0.5", None, "0.00", "0.00"),
])
def test_split_is_exact_to_the_cent(cost: str, rate: str, ceiling: str | None, share: str,
                                    remainder: str) -> None:
    parts = split(Decimal(cost), Decimal(rate), Decimal(ceiling) if ceiling else None)
    assert (str(parts.share), str(parts.remainder)) == (share, remainder)
    assert parts.share + parts.remainder == parts.cost


def test_entries_included_and_excluded_for_the_right_reasons(tmp_path: Path) -> None:
    report = hub_with(tmp_path / "hub", {
        "en-cours": case(**{"statut: concluant": "statut: experimentation"}),
        "non-concluant": case(**{"statut: concluant": "statut: non_concluant"}),
        "sans-passage": BASE_CASE[:BASE_CASE.index("passage_a_l_echelle:")]
        + BASE_CASE[BASE_CASE.index("adoptions:"):],
        "arrondi": case(**{"investissement_eur: 12000.50": "investissement_eur: 12000.05"}),
    })
    assert {"en-cours", "non-concluant", "sans-passage"} <= set(report.hub.records["cas-usage"])
    assert [d.code for d in report.problems] == ["passage-echelle-manquant"]
    entries = {e.slug: e for e in cat.build(report.hub).entrees}
    # Proven with a scale-up block: in. Still experimenting, or not proven: out, even with a
    # scale-up block. A proven case without the block is an error of `hubia check` and out.
    assert sorted(entries) == ["arrondi", "chauffage-ecoles"]
    invest = entries["arrondi"].financement.investissement
    assert (invest.cout_eur, invest.part_metropole_eur, invest.reste_a_charge_eur) == (
        Decimal("12000.05"), Decimal("6000.03"), Decimal("6000.02"))
    money = entries["chauffage-ecoles"].financement
    assert money.investissement.part_metropole_eur == Decimal("6000.25")
    assert money.fonctionnement_annuel.reste_a_charge_eur == Decimal("750.00")


def test_entry_carries_every_fact_of_the_use_case(hub_dir: Path) -> None:
    [entry] = cat.build(check(hub_dir).hub).entrees
    assert entry.parcours.titre == "Énergie des bâtiments publics"
    assert [(c.nom, c.ept, c.page) for c in entry.communes_pilotes] == [
        ("Pantin", "Est Ensemble", "communes/pantin/")]
    assert [(a.commune.nom, a.statut.libelle) for a in entry.adoptions] == [
        ("Bagnolet", "Déploiement en cours")]
    assert entry.resultats[0].indicateur == "Consommation de gaz"
    assert entry.prerequis == ["Une gestion technique du bâtiment accessible"]
    assert (entry.delai_deploiement_mois, entry.voie_achat.code, entry.licence) == (
        3, "logiciel_libre", "EUPL-1.2")
    assert entry.code_source == "https://code.exemple.fr/chauffage"
    assert entry.frugalite.co2e_kg_an == 6.5
    assert entry.gouvernance.hebergement.libelle == "Sur site (serveurs de la collectivité)"
    assert entry.contact == "energie@pantin.exemple.fr"
    assert [r.slug for r in entry.retours_experience] == ["atelier-energie"]


def test_ceiling_from_the_programme_caps_each_share(tmp_path: Path) -> None:
    report = hub_with(tmp_path / "hub", {}, "plafond_financement_eur: 5000\n")
    data = cat.build(report.hub)
    [entry] = data.entrees
    assert data.plafond_financement_eur == Decimal("5000")
    assert (entry.financement.investissement.part_metropole_eur,
            entry.financement.investissement.reste_a_charge_eur) == (
        Decimal("5000.00"), Decimal("7000.50"))
    exported = json.loads(cat.json_bytes(data))
    assert exported["plafond_financement_eur"] == "5000.00"
    assert exported["entrees"][0]["financement"]["investissement"] == {
        "cout_eur": "12000.50", "part_metropole_eur": "5000.00", "reste_a_charge_eur": "7000.50"}


def _schema() -> dict:
    return json.loads(cat.schema_bytes())


def test_json_export_is_valid_against_the_published_schema() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    validator.check_schema(_schema())
    committed = json.loads(COMMITTED["catalogue.json"])
    validator.validate(committed)
    assert len(committed["entrees"]) >= 4
    # The schema really constrains: an amount written as a number, or an unknown field, fails.
    broken = json.loads(json.dumps(committed))
    broken["entrees"][0]["financement"]["investissement"]["cout_eur"] = 12000.5
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(committed))
    broken["entrees"][0]["inconnu"] = 1
    assert not validator.is_valid(broken)


def test_csv_export_has_the_documented_columns_and_one_row_per_entry(hub_dir: Path) -> None:
    data = cat.build(check(hub_dir).hub)
    raw = cat.csv_bytes(data)
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [name for name, _, _ in cat.CSV_COLUMNS]
    assert len(rows) == len(data.entrees) == 1
    row = rows[0]
    assert row["identifiant"] == "chauffage-ecoles"
    assert row["communes_pilotes"] == "Pantin"
    assert row["adoptions"] == "Bagnolet (Déploiement en cours, 2025-10-01)"
    assert (row["investissement_eur"], row["part_metropole_investissement_eur"],
            row["reste_a_charge_investissement_eur"]) == ("12000.50", "6000.25", "6000.25")
    assert row["resultats"] == "Consommation de gaz : 410 → 340 MWh/an"
    assert row["co2e_kg_an"] == "6.5"


def test_csv_cells_cannot_be_spreadsheet_formulas(tmp_path: Path) -> None:
    report = hub_with(tmp_path / "hub", {"formule": case(**{
        "licence: EUPL-1.2": 'licence: "=HYPERLINK(\\"http://x\\")"'})})
    rows = list(csv.DictReader(io.StringIO(cat.csv_bytes(cat.build(report.hub)).decode())))
    licences = {row["identifiant"]: row["licence"] for row in rows}
    assert licences["formule"] == "'=HYPERLINK(\"http://x\")"


def test_committed_exports_match_the_sample_hub() -> None:
    """`hubia build` refreshes them; this fails when someone changed records without it."""
    expected = cat.exports(cat.build(check(ROOT).hub))
    for name, content in expected.items():
        assert COMMITTED[name] == content, (
            f"catalogue/{name} n'est pas à jour : lancez « hubia catalogue »")


def test_readme_documents_every_csv_column() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _, _ in cat.CSV_COLUMNS if f"`{name}`" not in readme]
    assert missing == []


def test_command_writes_identical_bytes_twice_and_only_when_changed(hub_dir: Path,
                                                                   capsys) -> None:
    out = hub_dir / "exports"
    assert main(["catalogue", "--root", str(hub_dir), "--sortie", str(out)]) == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert sorted(first) == sorted(cat.FILES)
    assert "écrit" in capsys.readouterr().err
    assert main(["catalogue", "--root", str(hub_dir), "--sortie", str(out)]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps
    err = capsys.readouterr().err
    assert err.count("inchangé") == 3 and "Catalogue : 1 solution," in err


def test_command_refuses_a_hub_with_errors(hub_dir: Path, capsys) -> None:
    (hub_dir / "docs/cas-usage/x.md").write_text(case(**{"  fin: 2025-06-30": "  fin: null"}),
                                                 encoding="utf-8")
    assert main(["catalogue", "--root", str(hub_dir)]) == 1
    captured = capsys.readouterr()
    assert "periode-non-terminee" in captured.out
    assert "Catalogue non calculé" in captured.err
    assert not (hub_dir / "catalogue").exists()
