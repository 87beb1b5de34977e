"""`hubia init`: a new hub for any territory checks with no error and builds at once.

Most tests run on a small synthetic copy of `@etalab/decoupage-administratif` (same files,
same fields), built here as a .tgz; the last ones run on the pinned package itself when
`make test` has fetched it into .cache/npm/ (no network in the tests).
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import tarfile
from html import escape, unescape
from pathlib import Path

import pytest
import yaml

from hubia import cli
from hubia.generate import commune_map
from hubia.generate import communes as commune_pages
from hubia.generate import search
from hubia.text.fold import slugify

ROOT = Path(__file__).resolve().parent.parent
PINNED = ROOT / ".cache" / "npm" / "etalab-decoupage-administratif-6.0.0.tgz"
MGP_NAME = "Métropole du Grand Paris"


def _commune(code: str, nom: str, departement: str, region: str, population: int = 1000) -> dict:
    siren = "21" + code.replace("A", "0").replace("B", "1") + "00"
    return {"code": code, "nom": nom, "type": "commune-actuelle", "siren": siren,
            "population": population, "departement": departement, "region": region}


COMMUNES = [
    _commune("69123", "Lyon", "69", "84", 520000),
    _commune("69266", "Villeurbanne", "69", "84", 150000),
    _commune("69029", "Bron", "69", "84"),
    _commune("69001", "Affoux", "69", "84", 400),
    _commune("01053", "Bourg-en-Bresse", "01", "84", 41000),
    _commune("2A004", "Ajaccio", "2A", "94", 72000),
    _commune("2A041", "Bocognano", "2A", "94", 400),
    _commune("2B033", "Bastia", "2B", "94", 48000),
    _commune("75056", "Paris", "75", "11", 2100000),
    _commune("93066", "Saint-Denis", "93", "11", 110000),
    _commune("97411", "Saint-Denis", "974", "04", 150000),  # a name that repeats in France
]
EPCIS = [
    {"code": "200046977", "nom": "Métropole de Lyon", "type": "MET69",
     "membres": [{"code": c} for c in ("69123", "69266", "69029")]},
    {"code": "246900000", "nom": "CC des Monts", "type": "CC", "membres": [{"code": "69001"}]},
    {"code": "200054781", "nom": MGP_NAME, "type": "METRO",
     "membres": [{"code": "75056"}, {"code": "93066"}]},
    {"code": "242000000", "nom": "CA du Pays Ajaccien", "type": "CA", "membres": [{"code": "2A004"}]},
]
EPTS = [{"code": "200057867", "nom": "Plaine Commune", "type": "EPT", "membres": [{"code": "93066"}]}]
DEPARTEMENTS = [
    {"code": "01", "nom": "Ain", "region": "84", "typeLiaison": 5},
    {"code": "69", "nom": "Rhône", "region": "84", "typeLiaison": 2},
    {"code": "2A", "nom": "Corse-du-Sud", "region": "94", "typeLiaison": 3},
    {"code": "2B", "nom": "Haute-Corse", "region": "94", "typeLiaison": 3},
    {"code": "75", "nom": "Paris", "region": "11", "typeLiaison": 0},
    {"code": "93", "nom": "Seine-Saint-Denis", "region": "11", "typeLiaison": 3},
    {"code": "974", "nom": "La Réunion", "region": "04", "typeLiaison": 0},
    {"code": "48", "nom": "Lozère", "region": "76", "typeLiaison": 3},  # no commune here
]
REGIONS = [
    {"code": "84", "nom": "Auvergne-Rhône-Alpes", "typeLiaison": 1},
    {"code": "94", "nom": "Corse", "typeLiaison": 0},
    {"code": "11", "nom": "Île-de-France", "typeLiaison": 1},
    {"code": "04", "nom": "La Réunion", "typeLiaison": 0},
    {"code": "76", "nom": "Occitanie", "typeLiaison": 1},  # no commune here
]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A .tgz with the package's layout (package/package.json, package/data/*.json)."""
    archive = tmp_path_factory.mktemp("paquet") / "decoupage.tgz"
    files = {"package/package.json": {"name": "@etalab/decoupage-administratif", "version": "6.0.0"},
             "package/data/communes.json": COMMUNES + [
                 {"code": "69123", "nom": "Lyon", "type": "commune-deleguee"}],
             "package/data/epci.json": EPCIS, "package/data/ept.json": EPTS,
             "package/data/departements.json": DEPARTEMENTS,
             "package/data/regions.json": REGIONS}
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in files.items():
            raw = json.dumps(data, ensure_ascii=False).encode()
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return archive


def _init(target: Path, territory: str, source: Path, capsys) -> tuple[int, str]:
    code = cli.main(["init", str(target), "--territoire", territory, "--source", str(source)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _check_and_build(root: Path, capsys) -> str:
    assert cli.main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr()
    assert " 0 erreur" in out.err, out.out + out.err
    assert cli.main(["build", "--root", str(root)]) == 0, capsys.readouterr().err
    return capsys.readouterr().err


def _pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html")}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# (territory, communes, their groupings as {grouping name: commune names}, grouping label)
TERRITORIES = [
    ("epci:200046977", "Métropole de Lyon", {"Rhône": {"Lyon", "Villeurbanne", "Bron"}},
     "Département"),
    ("departement:69", "Rhône", {"Métropole de Lyon": {"Lyon", "Villeurbanne", "Bron"},
                                 "CC des Monts": {"Affoux"}}, "Intercommunalité (EPCI)"),
    ("region:94", "Corse", {"Corse-du-Sud": {"Ajaccio", "Bocognano"},
                            "Haute-Corse": {"Bastia"}}, "Département"),
    ("epci:200054781", MGP_NAME, {"Plaine Commune": {"Saint-Denis"}, "Ville de Paris": {"Paris"}},
     "Territoire (EPT)"),
]


@pytest.mark.parametrize(("territory", "name", "groups", "label"), TERRITORIES,
                         ids=[t[0] for t in TERRITORIES])
def test_new_hub_checks_and_builds(tmp_path, capsys, package, territory, name, groups, label):
    root = tmp_path / "hub"
    code, out = _init(root, territory, package, capsys)
    assert code == 0, out
    assert f"Hub créé dans {root} : {name}" in out

    # The programme is left to fill: warnings at the lines of the placeholders, no error.
    assert cli.main(["check", "--root", str(root), "--format", "json"]) == 0
    problems = json.loads(capsys.readouterr().out)
    lines = (root / "data/programme.yml").read_text(encoding="utf-8").split("\n")
    assert problems and {p["code"] for p in problems} == {"programme-a-remplir"}
    assert {p["severity"] for p in problems} == {"avertissement"}
    assert all("À REMPLIR" in lines[p["line"] - 1] for p in problems)
    assert {lines[p["line"] - 1].split(":")[0].strip() for p in problems} >= {
        "taux_financement", "montant_eur", "titre"}

    _check_and_build(root, capsys)
    pages = _pages(root / "site")
    hub_yml = yaml.safe_load((root / "hubia.yml").read_text(encoding="utf-8"))
    assert name in hub_yml["site"]["nom"]
    assert name in (root / "README.md").read_text(encoding="utf-8")

    every = {c for members in groups.values() for c in members}
    commune_files = {p for p in pages if re.fullmatch(r"communes/[^/]+/index\.html", p)}
    assert commune_files == {f"communes/{slugify(c)}/index.html" for c in every}
    index = pages["communes/index.html"]
    for group, members in groups.items():
        section = index.split(f'>{group}<a class="headerlink"', 1)[1].split("<h2", 1)[0]
        assert {m for m in every if f">{m}</a>" in section} == members, group
    for commune in every:
        page = pages[f"communes/{slugify(commune)}/index.html"]
        group = next(g for g, members in groups.items() if commune in members)
        assert f"<dt>{label}</dt>" in page and f">{group}</a></dd>" in page
    # One example record of each type, marked as such.
    for section in ("parcours", "cas-usage", "demonstrateurs", "retours-experience"):
        example = next(p for p in pages if p.startswith(f"{section}/exemple-"))
        assert "Exemple fictif" in pages[example]
    assert "à définir" in _text(pages["index.html"])
    if name != MGP_NAME:
        named = [p for p, html in pages.items() if "Grand Paris" in html or "EPT" in _text(html)
                 .replace("ept_pilotes", "").replace("EPT de ces communes", "")]
        assert named == []


def _large_france(root, capsys, package, monkeypatch) -> dict[str, str]:
    """The built pages of a hub of France in the large layout (beyond FULL_INDEX_LIMIT
    communes), two communes a list page."""
    monkeypatch.setattr(commune_pages, "FULL_INDEX_LIMIT", 5)
    monkeypatch.setattr(commune_pages, "LIST_SIZE", 2)
    code, out = _init(root, "france", package, capsys)
    assert code == 0, out
    _check_and_build(root, capsys)
    return _pages(root / "site")


def test_large_territory_lists_groupings_then_paginated_lists(tmp_path, capsys, package,
                                                              monkeypatch):
    """Beyond FULL_INDEX_LIMIT communes, the index lists groupings and their départements,
    each with its own paginated list, and the commune pages are indexed for the search."""
    root = tmp_path / "france"
    pages = _large_france(root, capsys, package, monkeypatch)
    index = _text(pages["communes/index.html"])
    for commune in ("Lyon", "Ajaccio", "Bastia"):
        assert f"{commune} " not in index  # no commune row on the index
    for region in ("Auvergne-Rhône-Alpes", "Corse", "Île-de-France", "La Réunion"):
        assert region in index
    assert "Rhône (4 communes)" in index and "Ain (1 commune)" in index
    rhone = [p for p in pages if p.startswith("communes/liste/84-69/")]
    assert sorted(rhone) == ["communes/liste/84-69/index.html",
                             "communes/liste/84-69/pages/2/index.html"]
    first, second = (_text(pages[p]) for p in sorted(rhone))
    assert "Affoux" in first and "Bron" in first and "Lyon" in second  # alphabetical, 2 a page
    assert "Page suivante" in first
    # Two communes named Saint-Denis: two pages, each in its own list.
    assert {"communes/saint-denis-93066/index.html",
            "communes/saint-denis-97411/index.html"} <= set(pages)
    # Search finds a commune by its name and key facts, not by the lists of its page.
    indexed = pages["communes/lyon/index.html"].split("data-pagefind-body", 1)[1]
    indexed = indexed.split("</div>", 1)[0]
    assert "<h1>Lyon</h1>" in indexed and "69123" in indexed
    assert '<span data-pagefind-meta="type:Commune"></span>' in indexed
    assert "Algorithmes et systèmes" not in indexed
    assert "Algorithmes et systèmes" in pages["communes/lyon/index.html"]
    entry = json.loads((root / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] >= len(COMMUNES)


def test_country_scale_search_indexes_the_lists_of_communes(tmp_path, capsys, package,
                                                             monkeypatch):
    """Beyond INDEXED_COMMUNE_PAGES communes, the search finds a commune by its row in a
    list page, and no commune page is indexed: every commune stays findable by its name."""
    monkeypatch.setattr(commune_pages, "INDEXED_COMMUNE_PAGES", 5)
    root = tmp_path / "france"
    pages = _large_france(root, capsys, package, monkeypatch)
    communes = [p for p in pages if p.startswith("communes/") and
                not p.startswith("communes/liste/") and p.count("/") == 2]
    assert len(communes) == len(COMMUNES)
    assert not [p for p in communes if "data-pagefind-body" in pages[p]]
    lists = sorted(p for p in pages if p.startswith("communes/liste/"))
    named = set()
    for path in lists:
        indexed = pages[path].split("data-pagefind-body", 1)[1].split("</div>", 1)[0]
        assert 'data-pagefind-meta="title:Communes : ' in indexed
        assert '<span data-pagefind-meta="type:Liste de communes"></span>' in indexed
        named |= set(re.findall(r'<a href="[^"]*">([^<]+)</a> : ', unescape(indexed)))
    assert named == {commune["nom"] for commune in COMMUNES}
    rhone = unescape(pages["communes/liste/84-69/pages/2/index.html"])
    assert 'title:Communes : Rhône (Auvergne-Rhône-Alpes) (page 2 sur 2)' in rhone
    entry = json.loads((root / "site/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    indexed_pages = {p for p in pages if "data-pagefind-body" in pages[p]}
    assert set(lists) <= indexed_pages and not set(communes) & indexed_pages
    assert entry["languages"]["fr"]["page_count"] == len(indexed_pages)


def test_large_territory_search_has_no_commune_facet(tmp_path, capsys, package, monkeypatch):
    """Beyond COMMUNE_FACET_LIMIT communes, records carry no commune filter and the search
    page offers no « Commune » facet; the grouping's facet stays."""
    monkeypatch.setattr(search, "COMMUNE_FACET_LIMIT", 5)
    pages = _large_france(tmp_path / "france", capsys, package, monkeypatch)
    cases = [html for path, html in pages.items() if path.startswith("cas-usage/")
             and 'data-pagefind-filter="type:' in html]
    assert cases and not [html for html in cases if 'data-pagefind-filter="commune:' in html]
    assert all('data-pagefind-filter="ept:' in html for html in cases)
    page = unescape(pages["rechercher/index.html"])
    facets = json.loads(unescape(re.search(r'data-facettes="([^"]*)"',
                                           pages["rechercher/index.html"]).group(1)))
    assert [facet["cle"] for facet in facets if facet["cle"] in ("commune", "ept")] == ["ept"]
    assert "par territoire, statut" in page and "par commune" not in page


def test_large_territory_map_counts_by_grouping(tmp_path, capsys, package, monkeypatch):
    """Beyond MAX_TILES communes, the map page is a table of each grouping's counts, and a
    commune page draws its grouping only when the grouping is small enough."""
    monkeypatch.setattr(commune_map, "MAX_TILES", 3)
    root = tmp_path / "france"
    assert _init(root, "france", package, capsys)[0] == 0
    _check_and_build(root, capsys)
    pages = _pages(root / "site")
    whole = pages["tableau-de-bord/carte/index.html"]
    assert "<svg" not in whole
    assert "Nombre de communes à chaque étape d'engagement, par regroupement" in unescape(whole)
    counts = re.search(r"<th[^>]*>Auvergne-Rhône-Alpes</th>(.*?)</tr>", whole).group(1)
    assert re.findall(r"<td>(\d+)</td>", counts)[-1] == "5"  # its five communes in all
    assert "carte-commune" not in pages["communes/lyon/index.html"]  # five in its région
    assert "Suivre cette commune" in pages["communes/lyon/index.html"]
    assert "carte-commune" in pages["communes/ajaccio/index.html"]  # three in Corse


@pytest.mark.parametrize(("territory", "message"), [
    ("epci:123456789", "aucun EPCI n'a le SIREN « 123456789 »"),
    ("departement:99", "aucun département n'a le code « 99 »"),
    ("region:76", "ne compte aucune commune"),
    ("departement:48", "ne compte aucune commune"),
    ("canton:12", "type de territoire inconnu « canton »"),
    ("epci", "code manquant"),
])
def test_bad_territory_is_refused_in_french(tmp_path, capsys, package, territory, message):
    root = tmp_path / "hub"
    code, out = _init(root, territory, package, capsys)
    assert code == 1 and message in out and "Traceback" not in out
    assert not root.exists() or not any(root.iterdir())


def test_existing_folder_is_never_overwritten(tmp_path, capsys, package):
    root = tmp_path / "hub"
    root.mkdir()
    (root / "notes.md").write_text("à garder", encoding="utf-8")
    code, out = _init(root, "region:94", package, capsys)
    assert code == 1 and "existe déjà et n'est pas vide" in out
    assert [p.name for p in root.iterdir()] == ["notes.md"]
    assert (root / "notes.md").read_text(encoding="utf-8") == "à garder"


def test_empty_folder_is_used(tmp_path, capsys, package):
    root = tmp_path / "vide"
    root.mkdir()
    code, out = _init(root, "region:94", package, capsys)
    assert code == 0, out
    assert (root / "data/communes.yml").is_file()


# --- On the pinned package itself ---------------------------------------------------------

_ABSENT = "paquet absent : « make test » le télécharge dans .cache/npm/"


@pytest.fixture
def _package() -> None:
    """The pinned package, fetched by `make test`: skipped on a machine without npm, but a
    failure in CI (`CI` set), where a skip would hide these tests."""
    if not PINNED.is_file():
        if os.environ.get("CI"):
            pytest.fail(_ABSENT + " (obligatoire en CI)")
        pytest.skip(_ABSENT)


needs_package = pytest.mark.usefixtures("_package")

REAL = [("epci:200046977", "Métropole de Lyon", 58), ("departement:2A", "Corse-du-Sud", 124),
        ("region:94", "Corse", 360)]


@needs_package
@pytest.mark.parametrize(("territory", "name", "count"), REAL, ids=[r[0] for r in REAL])
def test_real_territories(tmp_path, capsys, territory, name, count):
    root = tmp_path / "hub"
    code, out = _init(root, territory, PINNED, capsys)
    assert code == 0, out
    data = yaml.safe_load((root / "data/communes.yml").read_text(encoding="utf-8"))
    assert data["territoire"]["nom"] == name and len(data["communes"]) == count
    _check_and_build(root, capsys)
    pages = _pages(root / "site")
    commune_files = [p for p in pages if re.fullmatch(r"communes/[^/]+/index\.html", p)]
    assert len(commune_files) == count
    groups = {g["code"]: g["nom"] for g in data["epts"]}
    for commune in data["communes"][:: max(1, count // 10)]:
        # The commune's page names its grouping and links to the list that holds it.
        src = f"communes/{slugify(commune['nom'])}/index.html"
        link = re.search(r'<dd><a href="([^"]+)">([^<]+)</a></dd>', pages[src])
        assert link.group(2) == escape(groups[commune["ept"]])
        target, _, fragment = link.group(1).partition("#")
        listing = pages[posixpath.normpath(posixpath.join(posixpath.dirname(src), target))
                        + "/index.html"]
        if fragment:
            listing = listing.split(f'id="{fragment}"', 1)[1].split("<h2", 1)[0]
        assert f">{escape(commune['nom'])}</a>" in listing
    assert [p for p, html in pages.items() if "Grand Paris" in html] == []


@needs_package
def test_sample_hub_communes_are_what_the_script_writes(tmp_path, capsys):
    """The committed data/communes.yml is the generator's output: never edited by hand."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts/generate_communes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "communes.yml"
    assert module.main(["--source", str(PINNED), "--output", str(out)]) == 0
    assert out.read_bytes() == (ROOT / "data/communes.yml").read_bytes()
