"""Tests for scripts/generate_communes.py and the committed data/communes.yml (no network)."""

from __future__ import annotations

import importlib.util
import io
import json
import tarfile
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "generate_communes.py"
COMMUNES_YML = REPO_ROOT / "data" / "communes.yml"


def _load_script():
    spec = importlib.util.spec_from_file_location("generate_communes", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


gen = _load_script()


def _member(code: str, nom: str, siren: str) -> dict:
    return {"code": code, "siren": siren, "nom": nom, "populationTotale": 1, "populationMunicipale": 1}


def _fake_package(root: Path, version: str = "9.9.9") -> Path:
    """Build a minimal extracted package with 3 MGP communes (Paris has no EPT)."""
    pkg = root / "package"
    (pkg / "data").mkdir(parents=True)
    (pkg / "package.json").write_text(
        json.dumps({"name": "@etalab/decoupage-administratif", "version": version}), encoding="utf-8"
    )
    communes = [
        {"code": "75056", "nom": "Paris", "type": "commune-actuelle", "siren": "217500016", "population": 2100000,
         "departement": "75", "region": "11"},
        {"code": "93001", "nom": "Aubervilliers", "type": "commune-actuelle", "siren": "219300019", "population": 88365,
         "departement": "93", "region": "11"},
        {"code": "92002", "nom": "Antony", "type": "commune-actuelle", "siren": "219200029", "population": 62000,
         "departement": "92", "region": "11"},
        {"code": "92002", "nom": "Antony", "type": "commune-deleguee"},
        {"code": "01001", "nom": "Ailleurs", "type": "commune-actuelle", "siren": "210100012", "population": 860,
         "departement": "01", "region": "84"},
    ]
    departements = [{"code": code, "nom": nom, "region": region, "typeLiaison": 0}
                    for code, nom, region in (("01", "Ain", "84"), ("75", "Paris", "11"),
                                              ("92", "Hauts-de-Seine", "11"),
                                              ("93", "Seine-Saint-Denis", "11"))]
    regions = [{"code": "11", "nom": "Île-de-France", "typeLiaison": 1},
               {"code": "84", "nom": "Auvergne-Rhône-Alpes", "typeLiaison": 1}]
    members = [
        _member("93001", "Aubervilliers", "219300019"),
        _member("75056", "Paris", "217500016"),
        _member("92002", "Antony", "219200029"),
    ]
    epci = [
        {"code": "200054781", "nom": "Métropole du Grand Paris", "type": "METRO", "membres": members},
        {"code": "200000172", "nom": "Autre", "type": "CC", "membres": [_member("01001", "Ailleurs", "210100012")]},
    ]
    ept = [
        {"code": "200057966", "nom": "Vallée Sud-Grand Paris", "type": "EPT", "membres": [members[2]]},
        {"code": "200057867", "nom": "Plaine Commune", "type": "EPT", "membres": [members[0]]},
    ]
    for name, data in (("communes", communes), ("epci", epci), ("ept", ept),
                       ("departements", departements), ("regions", regions)):
        (pkg / "data" / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return pkg


def test_main_on_fake_package(tmp_path, capsys):
    pkg = _fake_package(tmp_path)
    out = tmp_path / "out" / "communes.yml"

    assert gen.main(["--source", str(pkg), "--output", str(out)], _expected_count=3) == 0
    assert "écrit" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Fichier généré automatiquement")
    assert 'code_insee: "92002"' in text

    doc = yaml.safe_load(text)
    assert doc["source"] == {
        "paquet": "@etalab/decoupage-administratif",
        "version": "9.9.9",
        "epci_siren": "200054781",
    }
    assert [c["code_insee"] for c in doc["communes"]] == ["75056", "92002", "93001"]
    assert doc["communes"][1] == {
        "code_insee": "92002",
        "nom": "Antony",
        "siren": "219200029",
        "population": 62000,
        "ept": "200057966",
        "departement": "92",
    }
    assert doc["territoire"]["avec_article"] == "la Métropole du Grand Paris"
    assert doc["regroupement"]["libelle"] == "Territoire (EPT)"
    assert doc["epts"] == [
        {"code": "200057867", "nom": "Plaine Commune"},
        {"code": "200057966", "nom": "Vallée Sud-Grand Paris"},
        {"code": "217500016", "nom": "Ville de Paris"},
    ]

    # Second run: identical bytes, file left untouched.
    before = out.stat().st_mtime_ns
    assert gen.main(["--source", str(pkg), "--output", str(out)], _expected_count=3) == 0
    assert "inchangé" in capsys.readouterr().out
    assert out.stat().st_mtime_ns == before


def test_count_check_fails_in_french(tmp_path, capsys):
    pkg = _fake_package(tmp_path)
    out = tmp_path / "communes.yml"
    assert gen.main(["--source", str(pkg), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert "devrait compter 130 communes" in err and "3" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_unsafe_tarball_is_refused(tmp_path, capsys):
    archive = tmp_path / "evil.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("package/../../evil.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    assert gen.main(["--source", str(archive), "--output", str(tmp_path / "x.yml")], _expected_count=3) == 1
    assert "Archive refusée" in capsys.readouterr().err
    assert not (tmp_path.parent / "evil.txt").exists()


def test_committed_communes_yml():
    raw = COMMUNES_YML.read_text(encoding="utf-8")
    assert raw.startswith("#")
    doc = yaml.safe_load(raw)
    assert doc["source"]["paquet"] == "@etalab/decoupage-administratif"
    assert doc["source"]["epci_siren"] == "200054781"

    communes = doc["communes"]
    assert len(communes) == 130
    codes = [c["code_insee"] for c in communes]
    assert all(isinstance(code, str) and len(code) == 5 for code in codes)
    assert len(set(codes)) == 130
    assert codes == sorted(codes)
    assert all(isinstance(c["siren"], str) and len(c["siren"]) == 9 for c in communes)
    assert all(type(c["population"]) is int and c["population"] > 0 for c in communes)

    # 11 EPT from ept.json + the "Ville de Paris" entry derived from the commune of Paris.
    epts = {e["code"]: e["nom"] for e in doc["epts"]}
    assert len(epts) == len(doc["epts"]) == 12
    assert all(isinstance(code, str) for code in epts)
    assert epts["217500016"] == "Ville de Paris"
    assert all(c["ept"] in epts for c in communes)
    assert {c["ept"] for c in communes} == set(epts)
