"""The public-duty pages from their data files: the accessibility statement and its status,
the audit that ages, the legal pages without their file, the prefilled error report, and
the EcoIndex that the « Déclaration d'écoconception » publishes."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from hubia import ecoindex
from hubia.check.pipeline import check
from hubia.generate import generated_pages, public_pages
from hubia.generate.tables import restore
from hubia.models.configuration import Forge

AUDIT = """\
audit:
  date: 2025-03-10
  auteur: Cabinet d'audit (exemple de test)
  taux_conformite: 64.5
"""


def _pages(hub) -> dict[str, str]:  # noqa: ANN001 - a Hub
    """The public pages with their HTML parts put back (generate/tables.deferred)."""
    return {path: restore(text) for path, text in public_pages.pages(hub).items()}


def _with_audit(hub: Path, status: str = "partiellement_conforme") -> None:
    path = hub / "data/accessibilite.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("etat: non_conforme\n", f"etat: {status}\n{AUDIT}"),
                    encoding="utf-8")


def test_an_audited_statement_gives_its_figures_and_status(hub_dir: Path) -> None:
    _with_audit(hub_dir)
    report = check(hub_dir, generated=generated_pages())
    assert report.problems == []
    page = _pages(report.hub)[public_pages.ACCESSIBILITY]
    assert "est <strong>partiellement conforme</strong>" in page
    assert "réalisé par Cabinet d&#x27;audit (exemple de test) le 10 mars 2025" in page
    assert "<strong>64,5 %</strong>" in page
    assert "Aucun audit" not in page
    assert public_pages.footer(report.hub)[0] == ("Accessibilité : partiellement conforme",
                                                  public_pages.ACCESSIBILITY)


def test_the_audit_ages_with_the_reference_date(hub_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _with_audit(hub_dir)
    assert check(hub_dir, generated=generated_pages()).problems == []  # 2026-01-15
    later = calendar.timegm(dt.date(2028, 3, 11).timetuple())  # three years and a day
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(later))
    problems = check(hub_dir, generated=generated_pages()).problems
    assert [(d.path, d.code, d.severity.value) for d in problems
            if d.path.startswith("data/")] == [
        ("data/accessibilite.yml", "audit-accessibilite-ancien", "avertissement")]


def test_without_the_data_files_the_pages_say_so(hub_dir: Path) -> None:
    (hub_dir / "data/accessibilite.yml").unlink()
    (hub_dir / "data/mentions.yml").unlink()
    report = check(hub_dir, generated=generated_pages())
    assert report.problems == []
    pages = _pages(report.hub)
    assert "non conforme" in pages[public_pages.ACCESSIBILITY]  # the RGAA's default
    assert "data/accessibilite.yml" in pages[public_pages.ACCESSIBILITY]
    assert "data/mentions.yml" in pages[public_pages.LEGAL]
    assert public_pages.footer(report.hub)[0][0] == "Accessibilité : non conforme"
    # Without the team's address, the record page keeps the forge's form only.
    entry = next(iter(report.hub.section("cas-usage")))
    report_links = public_pages.error_report(report.hub, entry.src_uri, entry.record.titre)
    assert "Signaler une erreur" in report_links and "mailto:" not in report_links


def test_the_legal_pages_read_their_facts_from_the_data_file(hub_dir: Path) -> None:
    path = hub_dir / "data/mentions.yml"
    text = path.read_text(encoding="utf-8").replace(
        "Le président de la Métropole du Grand Paris", "La directrice générale des services")
    path.write_text(text + "hebergeur:\n  nom: Hébergeur de test\n  adresse: 1 rue du Test\n",
                    encoding="utf-8")
    report = check(hub_dir, generated=generated_pages())
    assert report.problems == []
    legal = _pages(report.hub)[public_pages.LEGAL]
    assert "La directrice générale des services" in legal
    assert "Hébergeur de test, 1 rue du Test" in legal
    assert "pas encore choisi" not in legal


def test_the_error_report_address_is_encoded() -> None:
    forge = Forge(signaler="https://forge.example/issues/new?template=signaler-erreur.yml")
    url = forge.report_url("cas-usage/x.md", "Tri & « courrier » #2")
    query = parse_qs(urlsplit(url).query)
    assert query == {"template": ["signaler-erreur.yml"],
                     "title": ["Erreur dans la fiche « Tri & « courrier » #2 »"],
                     "fiche": ["docs/cas-usage/x.md"]}
    assert Forge().report_url("cas-usage/x.md", "x") is None


def test_ecoindex_follows_the_published_formula() -> None:
    assert ecoindex.score(0, 0, 0) == 100
    # By hand: q_dom = 8 + 24/61, q_req = 1 + 8/13, q_size = 1 + 98.63/143.33.
    expected = 100 - 5 * (3 * (8 + 24 / 61) + 2 * (1 + 8 / 13) + (1 + 98.63 / 143.33)) / 6
    assert ecoindex.score(500, 10, 100) == pytest.approx(expected)
    assert ecoindex.score(10**7, 10**5, 10**7) == 100 - 5 * 20  # beyond the last quantile
    assert [ecoindex.grade(v) for v in (80.1, 80, 70.1, 55.1, 40.1, 25.1, 10.1, 10)] == [
        "A", "B", "B", "C", "D", "E", "F", "G"]
    assert ecoindex.score(600, 10, 100) < ecoindex.score(500, 10, 100)
    assert ecoindex.score(500, 11, 100) < ecoindex.score(500, 10, 100)
    assert ecoindex.score(500, 10, 101) < ecoindex.score(500, 10, 100)
