"""Reproducible builds: two builds of the same commit give byte-identical trees, whatever
the day, the process or the output folder. Dates come from SOURCE_DATE_EPOCH or the records.

On a difference, the failure message lists every differing file (and the first bytes that
differ), so that a new source of difference (a search index...) is found at once.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, copy_hub
from hubia.cli import main
from hubia.site import search_order
from hubia.text import clock
from test_atomic_build import tree


def differences(first: Path, second: Path) -> list[str]:
    """Files that differ between two site trees, search index included (Pagefind's filter
    index is put in order by hubia/site/search_order.py), described for a human."""
    a, b = tree(first), tree(second)
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


def _shuffled(bundle: Path, seed: int) -> None:
    """The filter index of `bundle` written in another order, as another Pagefind run may."""
    import random

    rng = random.Random(seed)
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = entry["languages"]["fr"]
    meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
    meta = search_order._read(meta_path)
    for name, short in meta[3]:
        path = bundle / "filter" / f"{short}.pf_filter"
        filter_name, values = search_order._read(path)
        rng.shuffle(values)
        search_order._write(path.parent, path.name, [filter_name, values])
    rng.shuffle(meta[3])
    meta_path.unlink()
    language["hash"] = "fr_0123456789"
    search_order._write(bundle, "pagefind.fr_0123456789.pf_meta", meta)
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")


def test_search_index_order_is_fixed_whatever_pagefind_wrote(sample_site: Path,
                                                            tmp_path: Path) -> None:
    bundles = []
    for seed in (1, 2):
        copy = tmp_path / f"copie-{seed}"
        shutil.copytree(sample_site / "pagefind", copy)
        _shuffled(copy, seed)
        bundles.append(copy)
    assert tree(bundles[0]) != tree(bundles[1])  # the shuffle really moved something
    assert all(search_order.stabilise(bundle) for bundle in bundles)
    assert tree(bundles[0]) == tree(bundles[1]) == tree(sample_site / "pagefind")


def test_a_bundle_of_another_shape_is_left_alone(sample_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "pagefind"
    shutil.copytree(sample_site / "pagefind", copy)
    filter_file = next((copy / "filter").iterdir())
    filter_file.write_bytes(gzip.compress(b"pagefind_dcd\xa1\x01\x02"))  # a CBOR map: unknown
    before = tree(copy)
    assert search_order.stabilise(copy) is False
    assert tree(copy) == before
