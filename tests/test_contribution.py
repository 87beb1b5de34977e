"""Contributing: `hubia new`, the JSON Schemas, `check --changed`, freshness."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, problems_of
from hubia.cli import main
from hubia.authoring.scaffold import TYPES, suggest_slug
from hubia.authoring.schemas import render, schemas

# Values a contributor would write in place of each placeholder, by field name.
FILLED = {
    "resume": "Un résumé clair du projet.", "statut": None, "debut": "2025-01-06",
    "cout_total_eur": "10000", "part_metropole_eur": "5000", "type_ia": "predictive",
    "modele": "LightGBM 4", "fournisseur": "Régie", "open_source": "true",
    "hebergement": "sur_site", "donnees_personnelles": "false", "aipd": "non_requise",
    "niveau_risque_ai_act": "minimal", "supervision_humaine": "Un agent valide.",
    "energie_kwh_an": "100", "co2e_kg_an": "5", "methode": "Mesure.", "pourquoi_ia": "Utile.",
    "contact": "ia@pantin.exemple.fr", "date": "2025-10-01", "nature": "atelier",
    "enseignements": "Mesurer d'abord.", "porteur": "Métropole du Grand Paris",
    "objectif": "Chauffer juste à temps.", "service_responsable": "Direction des bâtiments",
    "decisions_individuelles": "false",
}
STATUTS = {"cas-usage": "experimentation", "parcours": "ouvert", "demonstrateurs": "test"}


def _prose(name: str) -> str:
    return FILLED[name] if name == "contact" else f"Texte : {FILLED[name]}"


def _fill(text: str, section: str) -> str:
    """Replace every placeholder as a contributor would, field by field."""
    def value(match: re.Match) -> str:
        name = match.group(2)
        filled = STATUTS[section] if name == "statut" else FILLED[name]
        return f"{match.group(1)}{name}: {filled}"

    # Texts are quoted placeholders: a person types inside the quotes, « : » included.
    text = re.sub(r'^(\s*)(\w+): "À REMPLIR \(.*\)"$',
                  lambda m: f'{m.group(1)}{m.group(2)}: "{_prose(m.group(2))}"', text,
                  flags=re.MULTILINE)
    text = re.sub(r"^(\s*)(\w+): À REMPLIR \(.*\)$", value, text, flags=re.MULTILINE)
    text = re.sub(r'^(\s*)- "À REMPLIR \(enseignements\)"$', r'\1- "Mesurer : avant tout."',
                  text, flags=re.MULTILINE)
    text = text.replace("cas_usage: null", "cas_usage: chauffage-ecoles")
    return re.sub(r"^À REMPLIR : .*$", "Texte écrit par la commune.", text, flags=re.MULTILINE)


@pytest.mark.parametrize("kind", list(TYPES))
def test_new_record_fails_untouched_then_passes_once_filled(hub_dir: Path, kind: str,
                                                            capsys) -> None:
    section = TYPES[kind]
    argv = ["new", kind, "--root", str(hub_dir), "--titre", "Essai de fiche",
            "--commune", "Pantin"]
    if section != "parcours":
        argv += ["--parcours", "energie"]
    assert main(argv) == 0
    path = hub_dir / "docs" / section / "essai-de-fiche.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../../schemas/")
    assert 'titre: "Essai de fiche"' in text

    untouched = [d for d in problems_of(hub_dir) if d.path.endswith("essai-de-fiche.md")]
    placeholder_lines = [n for n, line in enumerate(text.split("\n"), 1)
                         if "À REMPLIR" in line and not line.lstrip().startswith("#")]
    assert placeholder_lines, "the scaffold must have something to fill"
    assert sorted(d.line for d in untouched) == placeholder_lines
    assert {d.code for d in untouched} == {"a-remplir"}

    path.write_text(_fill(text, section), encoding="utf-8")
    assert [d for d in problems_of(hub_dir) if d.path.endswith("essai-de-fiche.md")] == []


def test_required_fields_come_first() -> None:
    from hubia.authoring.scaffold import scaffold

    keys = re.findall(r"^(\w+):", scaffold("cas-usage", {}), flags=re.MULTILINE)
    assert keys.index("contact") < keys.index("exemple") < keys.index("etiquettes")


def test_new_prefills_options(hub_dir: Path) -> None:
    assert main(["new", "demonstrateur", "capteurs", "--root", str(hub_dir), "--parcours",
                 "energie", "--commune", "93055", "--titre", "Capteurs"]) == 0
    text = (hub_dir / "docs/demonstrateurs/capteurs.md").read_text(encoding="utf-8")
    assert 'parcours:\n  - "energie"' in text
    assert 'communes:\n  - "Pantin"' in text  # the code is written as the official name
    assert "mis_a_jour: 2026-01-15" in text  # the reference date of the run


@pytest.mark.parametrize(("argv", "message"), [
    (["new", "cas-usage", "chauffage-ecoles"], "existe déjà"),
    (["new", "cas-usage", "Mon Cas", "--titre", "Mon Cas à Pantin"],
     "suggestion : « mon-cas-a-pantin »"),
    (["new", "cas-usage"], "indiquez le nom du fichier ou un titre"),
    (["new", "cas-usage", "x", "--parcours", "energi"], "voulez-vous dire « energie » ?"),
    (["new", "cas-usage", "x", "--commune", "Pantinn"], "voulez-vous dire Pantin (93055) ?"),
])
def test_new_refuses(hub_dir: Path, argv: list[str], message: str, capsys) -> None:
    before = (hub_dir / "docs/cas-usage/chauffage-ecoles.md").read_bytes()
    assert main([*argv, "--root", str(hub_dir)]) == 1
    assert message in capsys.readouterr().err
    assert (hub_dir / "docs/cas-usage/chauffage-ecoles.md").read_bytes() == before
    assert not (hub_dir / "docs/cas-usage/x.md").exists()


def test_new_rejects_unknown_type(hub_dir: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["new", "fiche", "x", "--root", str(hub_dir)])
    assert exc.value.code == 2


def test_slug_suggestion() -> None:
    assert suggest_slug("Tri du courrier à Montreuil !") == "tri-du-courrier-a-montreuil"
    assert len(suggest_slug("mot " * 40)) <= 60


def test_committed_schemas_are_up_to_date() -> None:
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.json")}
    expected = {name: render(schema) for name, schema in schemas().items()}
    assert committed == expected, "schémas périmés : lancez « hubia schema »"


def test_schema_is_french_and_strict() -> None:
    schema = schemas()["cas-usage.schema.json"]
    assert schema["title"] == "Cas d'usage"
    assert schema["additionalProperties"] is False
    assert schema["properties"]["financement"]["title"] == "Financement"
    assert "En expérimentation" in schema["$defs"]["StatutCas"]["description"]
    assert "titre" in schema["required"] and "exemple" not in schema["required"]
    json.dumps(schema)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid",
                    *args], cwd=repo, check=True, capture_output=True)


def _checked(hub_dir: Path, *extra: str) -> set[str]:
    from hubia.load.changed import changed_files, files_to_check

    selected = files_to_check(hub_dir, changed_files(hub_dir, *extra or ("HEAD",)))
    return selected


def test_changed_checks_changed_records_and_their_citers(hub_dir: Path, capsys) -> None:
    _git(hub_dir, "init", "-q")
    _git(hub_dir, "add", "-A")
    _git(hub_dir, "commit", "-qm", "base")
    assert _checked(hub_dir) == set()

    demo = hub_dir / "docs/demonstrateurs/eco-pilot.md"
    demo.write_text(demo.read_text(encoding="utf-8").replace("statut: non_communique",
                                                             "statut: inconnu"), "utf-8")
    # The track cites eco-pilot: it is checked again; the use case does not.
    assert _checked(hub_dir) == {"docs/demonstrateurs/eco-pilot.md", "docs/parcours/energie.md"}
    assert main(["check", "--root", str(hub_dir), "--changed"]) == 1
    out = capsys.readouterr()
    assert "docs/demonstrateurs/eco-pilot.md:7:1: erreur valeur-non-autorisee" in out.out
    assert "Hub IA : 2 fiches" in out.err

    _git(hub_dir, "commit", "-qam", "change")
    demo.unlink()  # a deleted record: its citers must fail
    assert main(["check", "--root", str(hub_dir), "--changed", "HEAD"]) == 1
    assert "demonstrateur-inconnu" in capsys.readouterr().out

    _git(hub_dir, "checkout", "-q", "--", ".")
    (hub_dir / "data/programme.yml").write_text(
        (hub_dir / "data/programme.yml").read_text(encoding="utf-8") + "\n", "utf-8")
    assert _checked(hub_dir) is None  # data changed: everything


def test_changed_outside_git_is_a_usage_error(hub_dir: Path, capsys) -> None:
    assert main(["check", "--root", str(hub_dir), "--changed", "HEAD"]) == 2
    assert "impossible de savoir ce qui a changé" in capsys.readouterr().err


def test_freshness_warning_and_page_notice(hub_dir: Path, monkeypatch, capsys) -> None:
    config = hub_dir / "hubia.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nfraicheur_mois: 12\n" in text
    config.write_text(text.replace("\nfraicheur_mois: 12\n", "\nfraicheur_mois: 6\n"),
                      encoding="utf-8")
    stale = {(d.path, d.line) for d in problems_of(hub_dir) if d.code == "a-actualiser"}
    # Reference date 2026-01-15: records updated before 2025-07-15 are stale.
    assert stale == {("docs/parcours/energie.md", 4), ("docs/demonstrateurs/eco-pilot.md", 4)}
    assert main(["check", "--root", str(hub_dir)]) == 0  # a warning, not an error
    assert main(["build", "--root", str(hub_dir)]) == 0
    page = (hub_dir / "site/parcours/energie/index.html").read_text(encoding="utf-8")
    assert "À actualiser" in page and "depuis plus de 6 mois" in page
    fresh = (hub_dir / "site/cas-usage/chauffage-ecoles/index.html").read_text(encoding="utf-8")
    assert "À actualiser" not in fresh


def test_record_page_shows_update_and_forge_links(hub_dir: Path) -> None:
    assert main(["build", "--root", str(hub_dir)]) == 0
    page = (hub_dir / "site/cas-usage/chauffage-ecoles/index.html").read_text(encoding="utf-8")
    assert "Dernière mise à jour : 15 septembre 2025" in page
    assert "edit/main/docs/cas-usage/chauffage-ecoles.md" in page
    assert "commits/main/docs/cas-usage/chauffage-ecoles.md" in page
