"""Reproducible builds: two builds of the same commit give byte-identical trees, whatever
the day, the process or the output folder. Dates come from SOURCE_DATE_EPOCH or the records.

On a difference, the failure message lists every differing file (and the first bytes that
differ), so that a new source of difference (a search index...) is found at once.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, copy_hub
from hubia.cli import main
from hubia.text import clock
from test_atomic_build import tree


# Pagefind 1.5 writes its filter and metadata indexes in an order that changes from run to
# run (upstream, Pagefind issue #638: « other files will still change, such as the
# filter/metadata indexes »). The search index is compared by what it holds instead.
UNSTABLE = "pagefind/"


def differences(first: Path, second: Path) -> list[str]:
    """Files that differ between two site trees (search index aside), described for a human."""
    a, b = tree(first), tree(second)
    for files in (a, b):
        for name in [n for n in files if n.startswith(UNSTABLE)]:
            del files[name]
    found = [f"{name} : seulement dans {'le premier' if name in a else 'le second'}"
             for name in sorted(set(a) ^ set(b))]
    for name in sorted(set(a) & set(b)):
        if a[name] != b[name]:
            at = next((i for i, (x, y) in enumerate(zip(a[name], b[name])) if x != y),
                      min(len(a[name]), len(b[name])))
            found.append(f"{name} : diffère à l'octet {at} : {a[name][at:at + 60]!r} ≠ "
                         f"{b[name][at:at + 60]!r}")
    return found


def _on_day(monkeypatch, day: dt.date) -> None:
    """Make hubia believe the build runs on `day`: it reads the clock in text/clock.py only
    (the freshness of records), never for the dates of pages."""
    class Day(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return day

    monkeypatch.setattr(clock, "dt", SimpleNamespace(date=Day, datetime=dt.datetime,
                                                     timezone=dt.timezone))
    assert clock.reference_date() == day


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    """The small hub with the site's address, so that the sitemap lists dated pages."""
    hub = copy_hub(tmp_path / "hub")
    config = hub / "hubia.yml"
    text = config.read_text(encoding="utf-8")
    assert '  adresse: ""\n' in text
    config.write_text(text.replace('  adresse: ""\n', "  adresse: https://hub-ia.exemple.fr/\n"),
                      encoding="utf-8")
    return hub


def test_builds_on_different_days_are_identical(hub: Path, tmp_path: Path,
                                                monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _on_day(monkeypatch, dt.date(2030, 1, 1))
    assert main(["build", "--root", str(hub), "--output", str(tmp_path / "un")]) == 0
    _on_day(monkeypatch, dt.date(2031, 6, 15))
    assert main(["build", "--root", str(hub), "--output", str(tmp_path / "deux")]) == 0
    found = differences(tmp_path / "un", tmp_path / "deux")
    assert found == [], "fichiers différents :\n" + "\n".join(found)
    sitemap = (tmp_path / "un/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://hub-ia.exemple.fr/cas-usage/chauffage-ecoles/</loc>" in sitemap
    assert "<lastmod>2025-09-15</lastmod>" in sitemap  # the record's mis_a_jour
    assert "2030" not in sitemap and "2031" not in sitemap
    with gzip.open(tmp_path / "un/sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == sitemap


def test_source_date_epoch_dates_the_pages_that_are_not_records(hub: Path, tmp_path: Path,
                                                                monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert main(["build", "--root", str(hub), "--output", str(tmp_path / "site")]) == 0
    sitemap = (tmp_path / "site/sitemap.xml").read_text(encoding="utf-8")
    dates = dict(re.findall(r"<loc>https://hub-ia.exemple.fr/(.*?)</loc>\s*"
                            r"<lastmod>(.*?)</lastmod>", sitemap))
    assert dates[""] == "2026-01-01" and dates["cas-usage/"] == "2026-01-01"
    assert dates["cas-usage/chauffage-ecoles/"] == "2025-09-15"
    packed = (tmp_path / "site/sitemap.xml.gz").read_bytes()
    # The gzip header holds no date and no file name (as `gzip -n`): nothing of the clock.
    assert int.from_bytes(packed[4:8], "little") == 0  # gzip header time
    assert not packed[3] & 0x08  # FNAME flag
    assert gzip.decompress(packed).decode("utf-8") == sitemap


def test_two_processes_build_the_repository_hub_identically(sample_site: Path,
                                                            tmp_path: Path) -> None:
    """The real command, in another process (another hash seed), another folder, another time."""
    output = tmp_path / "autre-dossier" / "site"
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--root", str(ROOT),
                             "--output", str(output)], capture_output=True, text=True,
                            timeout=300, env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    found = differences(sample_site, output)
    assert found == [], "fichiers différents :\n" + "\n".join(found)


def test_search_index_holds_the_same_pages(sample_site: Path, tmp_path: Path) -> None:
    """The one part not byte-identical (see UNSTABLE): same pages, same fragments."""
    import json

    other = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "hubia", "build", "--root", str(ROOT),
                             "--output", str(other)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    entries = [json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
               for site in (sample_site, other)]
    assert [e["languages"]["fr"]["page_count"] for e in entries] == [
        entries[0]["languages"]["fr"]["page_count"]] * 2
    fragments = [sorted(p.name for p in (site / "pagefind/fragment").iterdir())
                 for site in (sample_site, other)]
    assert fragments[0] == fragments[1]  # fragment names are hashes of each page's content
