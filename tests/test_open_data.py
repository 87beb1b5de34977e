"""Open data, feeds, dashboard, map and similar cases, on the repository's sample hub: each
export validates against its published schema (frictionless, jsonschema), holds the hub's
records, keeps its version in step with the models; feeds parse (feedparser) and hold the
records; the dashboard's figures match a recomputation; two runs give the same bytes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from html import escape
from pathlib import Path

import feedparser
import frictionless
import jsonschema
import pytest
from pydantic import Field

from conftest import ROOT
from hubia.check.pipeline import check
from hubia.generate import (catalogue, commune_map, dashboard, engagement, exports, feeds,
                            open_data, similar)
from hubia.models.open_data import Engagement
from hubia.models import CasUsage
from hubia.generate.tables import restore
from hubia.text import french


@pytest.fixture(scope="module")
def hub():
    return check(ROOT).hub


@pytest.fixture(scope="module")
def files(hub) -> dict[str, bytes | str]:
    found = {}
    for generator in (open_data.pages, open_data.schemas, feeds.pages, dashboard.pages,
                      commune_map.pages, catalogue.pages):
        found.update(generator(hub))
    return found


def _validate_csv(tmp_path: Path, content: bytes, schema: dict) -> frictionless.Report:
    (tmp_path / "export.csv").write_bytes(content)
    return frictionless.validate(frictionless.Resource(
        path="export.csv", basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(schema)))


@pytest.mark.parametrize("name", list(exports.BY_NAME))
def test_every_export_validates_against_its_schemas(files, name: str, tmp_path: Path) -> None:
    table_path, json_path = exports.schema_paths(name)
    report = _validate_csv(tmp_path, files[f"donnees/{name}.csv"], json.loads(files[table_path]))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    schema = json.loads(files[json_path])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        json.loads(files[f"donnees/{name}.json"]))


@pytest.mark.parametrize("name", list(exports.BY_NAME))
def test_shipped_examples_are_valid_and_current(hub, files, name: str, tmp_path: Path) -> None:
    table_path, json_path = exports.schema_paths(name)
    example = exports.PUBLISHED / "exemples" / f"{name}.exemple"
    csv_example, json_example = (Path(f"{example}.csv").read_bytes(),
                                 Path(f"{example}.json").read_bytes())
    assert _validate_csv(tmp_path, csv_example, json.loads(files[table_path])).valid
    jsonschema.validate(json.loads(json_example), json.loads(files[json_path]))
    assert csv_example == exports.csv_bytes(exports.BY_NAME[name], hub, limit=1), (
        "exemple périmé : lancez python scripts/generate_open_data_examples.py")
    assert json_example == exports.json_bytes(exports.BY_NAME[name], hub, limit=1)


def test_counts_in_the_exports_equal_the_hub(hub, files) -> None:
    for name, section in (("cas-usage", "cas-usage"), ("parcours", "parcours"),
                          ("demonstrateurs", "demonstrateurs"),
                          ("retours-experience", "retours-experience")):
        rows = json.loads(files[f"donnees/{name}.json"])
        assert sorted(row["identifiant"] for row in rows) == sorted(hub.records[section])
        table = list(csv.reader(io.StringIO(files[f"donnees/{name}.csv"].decode(), newline="")))
        assert [row[0] for row in table[1:]] == [row["identifiant"] for row in rows]
    communes = json.loads(files["donnees/communes.json"])
    assert len(communes) == len(hub.communes.by_code) == 130


def test_a_new_model_field_reaches_every_export(hub) -> None:
    class WithTransparency(CasUsage):
        transparence_niveau: str | None = Field(None, title="Niveau de transparence")

    before = exports.BY_NAME["cas-usage"]
    def rows(hub):  # noqa: ANN001, ANN202 - the records as the new model would read them
        return [(slug, page, WithTransparency.model_construct(**dict(record),
                                                              transparence_niveau="élevé"))
                for slug, page, record in before.rows(hub)]

    after = exports.Export(before.name, before.title, WithTransparency, rows)
    assert "transparence_niveau" in [c.name for c in after.columns()]
    assert "transparence_niveau" in json.dumps(exports.json_schema(after))
    assert after.fingerprint() != before.fingerprint()  # so the version test below would fail
    text = exports.csv_bytes(after, hub).decode()
    assert "transparence_niveau" in text.split("\r\n")[0] and ",élevé," in text
    assert all(row["transparence_niveau"] == "élevé" for row in exports.json_rows(after, hub))


def test_published_versions_follow_the_models() -> None:
    versions = exports.versions()
    changelog = (exports.PUBLISHED / "CHANGELOG.md").read_text(encoding="utf-8")
    for export in exports.EXPORTS:
        published = versions[export.name]
        latest = list(published)[-1]
        assert published[latest] == export.fingerprint(), (
            f"les champs de l'export {export.name} ont changé : publiez une nouvelle version "
            f"dans hubia/generate/published/versions.json (empreinte {export.fingerprint()}) "
            "et décrivez-la dans CHANGELOG.md")
        for version in published:
            assert re.fullmatch(r"\d+\.\d+\.\d+", version)
            assert f"## {export.name} {version}\n" in changelog, (export.name, version)
        keys = [tuple(int(n) for n in v.split(".")) for v in published]
        assert keys == sorted(keys)


def test_csv_cells_are_neutralised_and_lists_joined(hub) -> None:
    export = exports.BY_NAME["cas-usage"]
    rows = json.loads(exports.json_bytes(export, hub))
    text = exports.csv_bytes(export, hub).decode()
    assert "\r\n" in text
    tagged = next(r for r in rows if len(r["etiquettes"]) > 1)
    assert " ; ".join(tagged["etiquettes"]) in text
    cell = exports._lexical(export.columns()[1], "=HYPERLINK(1)")  # noqa: SLF001
    assert exports.csv_rules.cell(cell) == "'=HYPERLINK(1)"


def test_dcat_describes_every_distribution(hub, files) -> None:
    catalogue = json.loads(files[open_data.DCAT])
    assert catalogue["@type"] == "dcat:Catalog"
    described = {}
    for dataset in catalogue["dcat:dataset"]:
        for d in dataset["dcat:distribution"]:
            described[d["dcat:downloadURL"]["@id"]] = d
    registry = open_data.distributions(hub)
    assert len(described) == len(registry)
    for d in registry:
        entry = described[open_data._iri(hub, d.path)]  # noqa: SLF001
        assert entry["dcat:mediaType"]["@id"].endswith(d.media_type)
        assert entry["dct:license"]["@id"] == d.licence.url
        assert int(entry["dcat:byteSize"]["@value"]) == len(files[d.path])
        assert dt.date.fromisoformat(entry["dct:modified"]["@value"]) == d.modified(hub)
        if d.schema:
            assert d.schema in files
            assert entry["dct:conformsTo"]["@id"] == open_data._iri(hub, d.schema)  # noqa: SLF001
    page = restore(files[open_data.INDEX])
    assert open_data.size(len(files["donnees/cas-usage.csv"])) in page


def test_feeds_parse_and_hold_the_records(hub, files) -> None:
    news = feedparser.parse(files[feeds.NEWS])
    assert not news.bozo, news.bozo_exception
    records = [e for entries in hub.records.values() for e in entries.values()]
    adoptions = sum(len(e.record.adoptions) for e in hub.section("cas-usage")
                    if e.record.passage_a_l_echelle and e.record.statut.value == "concluant")
    assert len(news.entries) == min(feeds.LIMIT, len(records) + adoptions)
    titles = {f"{e.record.type_label} : {e.record.titre}": e.record.mis_a_jour for e in records}
    dated = [dt.date(*entry.updated_parsed[:3]) for entry in news.entries]
    assert dated == sorted(dated, reverse=True)
    for entry in news.entries:
        if entry.title in titles:
            assert dt.date(*entry.updated_parsed[:3]) == titles[entry.title]
    for track in hub.section("parcours"):
        parsed = feedparser.parse(files[feeds.track_feed(track.slug)])
        assert not parsed.bozo
        cases = {f"Cas d'usage : {c.record.titre}" for c in hub.section("cas-usage")
                 if c.record.parcours == track.slug}
        assert cases <= {e.title for e in parsed.entries}
    pantin = feedparser.parse(files["flux/communes/pantin.xml"])
    assert not pantin.bozo
    code = next(c for c, s in hub.communes.slugs.items() if s == "pantin")
    assert {f"Cas d'usage : {c.record.titre}" for c in hub.section("cas-usage")
            if code in c.record.communes} <= {e.title for e in pantin.entries}


def test_two_runs_give_the_same_exports_and_feeds(files) -> None:
    again = {}
    hub = check(ROOT).hub
    for generator in (open_data.pages, feeds.pages):
        again.update(generator(hub))
    assert {p: c for p, c in again.items() if isinstance(c, bytes)} == {
        p: c for p, c in files.items() if isinstance(c, bytes) and p in again}


def test_dashboard_figures_match_a_recomputation(hub, files) -> None:
    cases = [e.record for e in hub.section("cas-usage")]
    figures = dashboard.figures(hub)
    assert figures.cases == len(cases)
    assert figures.by_status["concluant"] == sum(1 for r in cases if r.statut == "concluant")
    assert figures.share_experiments == sum(Decimal(r.financement.part_metropole_eur)
                                            for r in cases)
    assert figures.energy_kwh == sum(r.frugalite.energie_kwh_an for r in cases)
    engaged = {code for r in cases for code in r.communes} | {
        a.commune for r in cases for a in r.adoptions} | {
        code for t in hub.section("parcours") for code in t.record.communes_candidates}
    assert sum(figures.engagement.values()) - figures.engagement["aucun"] == len(engaged)
    with_results = sum(1 for r in cases if r.resultats)
    assert ("Résultats mesurés", with_results) in figures.completeness
    page = restore(files[dashboard.INDEX])
    assert french.euros(hub.programme.fonds.montant_eur) in page  # from data/programme.yml
    assert french.percent(hub.programme.taux_financement) in page
    assert page.count('role="img"') == page.count("<figure") == page.count("<table") - 1


def test_map_and_commune_pages(hub, files) -> None:
    page = restore(files[commune_map.PAGE])
    communes = engagement.communes(hub)
    groups = commune_map.territories(communes)
    assert page.count("<tr>") == len(groups) + 1  # a row a territory, its count at each step
    for c in communes:  # and every commune named with its step
        assert f"{escape(c.nom)}</a> ({escape(c.engagement.label.lower())})" in page
    # One path of tiles a step on the map, one a tile of the legend, one in a pattern.
    assert page.count("<path d=") == len({c.engagement for c in communes}) + len(Engagement) + 1
    for letter in commune_map.LETTERS.values():
        assert f">{letter}</text>" in page  # the legend does not rely on colour


def test_similar_cases_are_close_and_stable(hub) -> None:
    index = similar.Similar(hub)
    for case in hub.section("cas-usage"):
        found = index.of(case)
        assert len(found) <= similar.LIMIT and case not in found
        assert [e.slug for e in found] == [e.slug for e in similar.Similar(hub).of(case)]
        if found:  # the closest shares the track or the kind of AI
            best = found[0].record
            assert best.parcours == case.record.parcours or (
                best.ia.type_ia == case.record.ia.type_ia)


_ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_have_the_elements_rfc_4287_requires(files) -> None:
    from xml.etree import ElementTree

    for path, content in files.items():
        if not path.startswith("flux/") or not path.endswith(".xml"):
            continue
        feed = ElementTree.fromstring(content)
        assert feed.tag == f"{_ATOM}feed", path
        for name in ("id", "title", "updated", "author"):
            assert feed.find(f"{_ATOM}{name}") is not None, (path, name)
        assert feed.find(f"{_ATOM}link[@rel='self']") is not None
        ids = [entry.findtext(f"{_ATOM}id") for entry in feed.iter(f"{_ATOM}entry")]
        assert len(ids) == len(set(ids)) <= feeds.LIMIT, path
        for entry in feed.iter(f"{_ATOM}entry"):
            for name in ("id", "title", "updated"):
                assert entry.findtext(f"{_ATOM}{name}"), (path, name)
            assert entry.find(f"{_ATOM}link[@rel='alternate']") is not None
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.findtext(f"{_ATOM}updated"))


def test_preview_rerenders_every_page_whose_similar_cases_change(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "hub"
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy(ROOT / "hubia.yml", root / "hubia.yml")
    old = check(root).hub
    edited = root / "docs" / "cas-usage" / "tri-courrier-entrant-montreuil.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(re.sub(r"(?m)^(\s*type_ia:) .*$", r"\1 vision", text, count=1),
                      encoding="utf-8")
    new = check(root).hub
    assert new.records["cas-usage"]["tri-courrier-entrant-montreuil"].record.ia.type_ia == "vision"
    affected = similar.affected(old, new, {"tri-courrier-entrant-montreuil"})
    before, after = similar.Similar(old), similar.Similar(new)
    changed = 0
    for slug, entry in new.records["cas-usage"].items():
        old_list = [e.slug for e in before.of(old.records["cas-usage"][slug])]
        if old_list != [e.slug for e in after.of(entry)]:
            changed += 1
            assert f"cas-usage/{slug}.md" in affected, slug
    assert changed > 1  # the edited case and at least one neighbour
