"""Benchmark of hubia's own pipeline on synthetic hubs of N use cases (default 2,000 and 10,000).

    python benchmarks/benchmark.py [--cas 2000 10000] [--apercu 2000] [--garder DOSSIER]

For each size, on the same synthetic hub (`make_hub`: the repository's hubia.yml and data/,
four tracks, N use cases, N/10 feedback records), it prints:

1. the floor: in this process, every record's front matter read by hubia's loader
   (`hubia.load.files.read_record`) and its Markdown body converted by one
   `hubia.render.markdown.MarkdownRenderer` (reset per page): the irreducible work;
2. `hubia build` wall time, run as a person would (a subprocess of .venv/bin/hubia), and its
   ratio to the floor (target ≤ 2.5×: the ratio, not the seconds, compares across machines
   and across the noise of other work on them);
3. `hubia check` wall time (target ≤ 3 s at 10,000);
4. the build's peak memory: the max RSS of its largest process (getrusage(RUSAGE_CHILDREN)
   in a fresh wrapper process, so that only this build counts; target ≤ 1 GB at 10,000),
   and the peak of the summed PSS of all its processes, sampled from /proc (a forked worker
   shares its parent's pages: PSS counts them once);
5. the size of record pages (median and largest, target < 40 KB) and the CSS + JavaScript a
   record page references, each file gzip -9 (target ≤ 40 KB);
6. what a browser downloads for a first search in the header's dialog, typing the words one
   by one (search_bytes.py, Chromium; target < 150 KB);
7. at one size (`--apercu`, 2,000 by default), the preview's latency: from saving a record
   to `hubia serve` serving its new page (median of 3 edits, target ≤ 2 s); `--apercu-seul`
   measures only this, on a hub of `--apercu` use cases;
8. the size of the largest listing pages (paginated at hubia.generate.listings.PAGE_SIZE);
9. the EcoIndex of every page type (ecoindex_pages.py, Chromium: DOM elements, requests,
   bytes transferred), its heaviest page as the site's « Déclaration d'écoconception » lists
   it (target: every type at least B, record pages A).
10. the time the open-data pages add (issue « Open data, feeds and the programme's
    dashboard »): in this process, on the checked hub, each of their generators (exports and
    DCAT, feeds, dashboard, map, commune pages with their maps), the « Cas similaires » of
    every use case, and the rendering of the pages they add, in CPU seconds of one process.

Then a summary table of every target. Every command runs with SOURCE_DATE_EPOCH set to
REFERENCE_DAY, so that the synthetic records are fresh (no « à actualiser » warning) and the
figures do not drift with the calendar.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import gzip
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TRACKS = ("energie", "livraison", "simplification", "reemploi")
STATUTS = ("experimentation", "concluant", "non_concluant", "abandonne")
NATURES = ("atelier", "retour_terrain", "webinaire", "visite", "reunion_club")
COMMUNES = ("Pantin", "Bagnolet", "Sceaux", "Colombes", "Nanterre", "Montreuil", "Créteil",
            "Aubervilliers", "Vincennes", "Saint-Denis", "Ivry-sur-Seine", "Antony")
REFERENCE_DAY = dt.date(2026, 1, 1)  # every synthetic date is in 2025: all records are fresh
SEARCH_WORDS = ("suivi", "mensuel", "indicateurs")  # in every use case: the largest index chunks
EDITED = "cas-00007"  # the record edited to measure the preview
EDITS = 3

KB, MB = 1024, 1024 * 1024
GB = 1024 * MB
TARGET_RATIO = 2.5
TARGET_CHECK = 3.0  # seconds, at 10,000 use cases
TARGET_MEMORY = 1 * GB  # at 10,000 use cases
TARGET_PAGE = 40 * KB
TARGET_ASSETS = 40 * KB
TARGET_SEARCH = 150 * KB
TARGET_PREVIEW = 2.0  # seconds, at 2,000 use cases
TARGET_ECOINDEX = "B"  # the lowest grade of any page type
TARGET_ECOINDEX_RECORD = "A"  # the lowest grade of a record page
TARGET_MEMORY_TERRITORY = 2 * GB  # with --territoire (the whole country: 35,000 communes)
TERRITORY_NAMED = 200  # communes the synthetic records of a territory's hub name
PINNED_PACKAGE = ROOT / ".cache" / "npm" / "etalab-decoupage-administratif-6.0.0.tgz"


# --- the synthetic hub -----------------------------------------------------------------------

def _parcours(slug: str, order: int) -> str:
    return f"""---
titre: Parcours {slug}
resume: Parcours synthétique pour le banc d'essai.
mis_a_jour: 2025-06-01
exemple: true
statut: ouvert
ordre: {order}
modules:
  - titre: Module unique
    duree_heures: 3
    objectifs: [Comprendre le sujet]
---

Texte du parcours {slug}.
"""


def _cas(index: int, rng: random.Random, names: tuple[str, ...] = COMMUNES) -> str:
    statut = STATUTS[index % len(STATUTS)]
    communes = [f'"{name}"' for name in rng.sample(names, 2)]
    cost = rng.randrange(5_000, 200_000)
    passage = f"""passage_a_l_echelle:
  cout_par_commune:
    investissement_eur: {rng.randrange(1000, 50000)}
    fonctionnement_annuel_eur: {rng.randrange(100, 9000)}
  prerequis: [Des données ouvertes, Un référent numérique]
  delai_deploiement_mois: {rng.randrange(1, 12)}
  voie_achat: marche_public
  fournisseurs: [Fournisseur {index % 17}]
  licence: EUPL-1.2
adoptions:
  - commune: {communes[1]}
    statut: en_etude
    date: 2025-11-15
""" if statut == "concluant" else ""
    paragraphs = "\n\n".join(
        f"## Étape {n}\n\nLa commune a mesuré, comparé et ajusté le dispositif pendant la "
        f"phase {n}, avec les agents du service concerné et un suivi mensuel des indicateurs."
        for n in range(1, 5))
    return f"""---
titre: Cas d'usage synthétique numéro {index}
resume: Expérimentation synthétique {index} générée pour mesurer les performances du hub.
mis_a_jour: 2025-{2 + index % 11:02d}-{1 + index % 28:02d}
exemple: true
etiquettes: [banc, essai]
parcours: {TRACKS[index % len(TRACKS)]}
communes: [{communes[0]}]
statut: {statut}
periode:
  debut: 2025-01-01
  fin: 2025-09-30
financement:
  cout_total_eur: {cost}
  part_metropole_eur: {cost // 2}
ia:
  type_ia: predictive
  modele: Modèle {index % 9}
  fournisseur: Fournisseur {index % 17}
  open_source: true
  hebergement: cloud_souverain
  donnees_personnelles: false
  aipd: non_requise
  niveau_risque_ai_act: minimal
  supervision_humaine: Un agent valide chaque proposition.
frugalite:
  energie_kwh_an: {rng.randrange(10, 5000)}
  co2e_kg_an: {rng.randrange(1, 300)}
  methode: Estimation à partir de la puissance du serveur.
  pourquoi_ia: Les règles simples ne suffisaient pas.
resultats:
  - indicateur: Temps de traitement
    avant: {rng.randrange(20, 60)}
    apres: {rng.randrange(5, 20)}
    unite: minutes
contact: ia@commune{index % 50}.exemple.fr
transparence:
  objectif: Réduire le temps de traitement des demandes du service.
  service_responsable: Direction du numérique
  decisions_individuelles: false
  donnees:
    - donnees: Historique des demandes
      source: Logiciel métier du service
  risques:
    - risque: Proposition erronée
      mesure: Un agent valide chaque proposition.
{passage}---

{paragraphs}
"""


def _retour(index: int, rng: random.Random, cases: int,
            names: tuple[str, ...] = COMMUNES) -> str:
    """A feedback record on a use case and its track (one for every ten use cases)."""
    case = rng.randrange(cases)
    commune = f'"{names[index % len(names)]}"'
    month, day = 1 + index % 11, 1 + index % 28
    return f"""---
titre: Retour d'expérience synthétique numéro {index}
resume: Retour synthétique {index} généré pour mesurer les performances du hub.
mis_a_jour: 2025-{month + 1:02d}-{day:02d}
exemple: true
etiquettes: [banc, retour]
date: 2025-{month:02d}-{day:02d}
nature: {NATURES[index % len(NATURES)]}
communes: [{commune}]
cas_usage: cas-{case:05d}
parcours: {TRACKS[case % len(TRACKS)]}
enseignements:
  - Comparer au dispositif précédent sur la même période avant de conclure.
  - Prévoir la formation des agents dès le lancement du projet.
auteurs:
  - role: Cheffe de projet numérique
    commune: {commune}
---

## Le contexte

Ce retour synthétique revient sur le cas d'usage [numéro {case}](../cas-usage/cas-{case:05d}.md),
présenté en {NATURES[index % len(NATURES)].replace("_", " ")} aux membres du Club IA.

## Ce que l'équipe retient

Les agents ont suivi les indicateurs chaque mois et comparé les résultats à la méthode
précédente ; la formation a pris plus de temps que prévu.
"""


def _territory_communes(target: Path, territory: str, package: Path) -> tuple[str, ...]:
    """Write the territory's data/communes.yml (as `hubia init` does); return the INSEE codes
    the synthetic records name: its most populous communes, up to TERRITORY_NAMED."""
    from hubia.authoring.territory import (build_document, opened_package, parse_territory,
                                           render)

    with opened_package(package, None) as (data_dir, version):
        document = build_document(data_dir, version, parse_territory(territory))
    (target / "data" / "communes.yml").write_text(
        render(document, f"benchmarks/benchmark.py --territoire {territory}"), encoding="utf-8")
    ranked = sorted(document["communes"], key=lambda c: (-c["population"], c["code_insee"]))
    return tuple(c["code_insee"] for c in ranked[:TERRITORY_NAMED])


def make_hub(target: Path, cases: int, territory: str | None = None,
             package: Path | None = None) -> None:
    """A hub of `cases` use cases, `cases // 10` feedback records and four tracks, with the
    repository's hubia.yml and data/; the same hub on every run, so that figures compare.
    With `territory`, data/communes.yml holds that territory's communes instead (read from
    `package`, the pinned @etalab/decoupage-administratif) and the records name its own."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "hubia.yml", target / "hubia.yml")
    shutil.copytree(ROOT / "data", target / "data")
    names = COMMUNES if territory is None else _territory_communes(target, territory, package)
    # The real glossary (every page is scanned for its terms), without its links to the sample
    # records; the agenda names the sample tracks, absent here.
    glossary = (target / "data" / "glossaire.yml").read_text(encoding="utf-8")
    (target / "data" / "glossaire.yml").write_text(
        re.sub(r"\n    fiches:\n(?:      - .*\n)+", "\n", glossary), encoding="utf-8")
    (target / "data" / "agenda.yml").unlink(missing_ok=True)
    docs = target / "docs"
    for section in ("parcours", "cas-usage", "retours-experience"):
        (docs / section).mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "index.md", docs / "index.md")
    for order, slug in enumerate(TRACKS, 1):
        (docs / "parcours" / f"{slug}.md").write_text(_parcours(slug, order), encoding="utf-8")
    rng = random.Random(2025)
    for index in range(cases):
        (docs / "cas-usage" / f"cas-{index:05d}.md").write_text(_cas(index, rng, names),
                                                                encoding="utf-8")
    for index in range(cases // 10):
        (docs / "retours-experience" / f"retour-{index:05d}.md").write_text(
            _retour(index, rng, cases, names), encoding="utf-8")


# --- running hubia -----------------------------------------------------------------------------

def _hubia() -> list[str]:
    """The `hubia` command a person runs: the virtual environment's script."""
    script = Path(sys.executable).with_name("hubia")
    if not script.is_file():
        script = ROOT / ".venv" / "bin" / "hubia"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "hubia"]


# Run in a fresh process: its RUSAGE_CHILDREN then holds this one command and its children
# (the build's workers and Pagefind), whatever this benchmark ran before.
_WRAPPER = """\
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"code": code, "seconds": seconds, "maxrss_kb": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime}, out)
"""


@dataclass
class Run:
    seconds: float
    max_rss: int  # bytes: the largest process of the command
    peak_pss: int  # bytes: the peak of the summed PSS of all its processes (0 if unknown)
    cpu: float  # seconds of CPU (user + system) of the command and all its processes
    stdout: str
    stderr: str

    @property
    def summary(self) -> str:
        lines = self.stderr.strip().splitlines()
        return lines[-1] if lines else ""


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, from /proc (no /proc/PID/task/*/children on every kernel)."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += tree.get(current, [])
    return found


def _pss(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, ValueError):
            continue
    return total


def _cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


class _Sampler(threading.Thread):
    """The peak summed PSS of a process tree, sampled every `every` seconds."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.done = threading.Event()
        self.supported = Path("/proc/self/smaps_rollup").exists()

    def run(self) -> None:
        while self.supported and not self.done.wait(self.every):
            self.peak = max(self.peak, _pss(_tree(self.pid)[1:]))  # not the wrapper


def run(*args: str) -> Run:
    """`hubia ARGS` in a subprocess: wall time, memory, output; exits on failure."""
    with tempfile.TemporaryDirectory(prefix="hubia-banc-run-") as scratch:
        report = Path(scratch) / "mesure.json"
        with open(Path(scratch) / "out", "w+") as out, open(Path(scratch) / "err", "w+") as err:
            process = subprocess.Popen(
                [sys.executable, "-c", _WRAPPER, str(report), *_hubia(), *args],
                stdout=out, stderr=err)
            sampler = _Sampler(process.pid)
            sampler.start()
            process.wait()
            sampler.done.set()
            sampler.join()
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        measured = json.loads(report.read_text())
    if measured["code"] != 0:
        sys.exit(f"échec de « hubia {' '.join(args)} » (code {measured['code']}) :\n"
                 f"{stdout[-5000:]}{stderr[-5000:]}")
    return Run(measured["seconds"], measured["maxrss_kb"] * 1024, sampler.peak,
               measured["cpu"], stdout, stderr)


# --- the measures ------------------------------------------------------------------------------

def floor(hub: Path) -> tuple[float, float, int]:
    """The irreducible work, in this process: read every record's front matter and convert its
    Markdown body with one renderer. Returns (wall seconds, CPU seconds, records)."""
    from hubia.load.files import read_record, record_files
    from hubia.render.markdown import MarkdownRenderer

    started, cpu = time.perf_counter(), time.process_time()
    renderer = MarkdownRenderer()
    records = 0
    for _section, path in record_files(hub):
        raw, problem = read_record(path, path.relative_to(hub).as_posix())
        if raw is None:
            sys.exit(f"fiche illisible : {problem}")
        renderer.convert(raw.body)
        records += 1
    return time.perf_counter() - started, time.process_time() - cpu, records


_RECORD_PAGE = re.compile(r"cas-\d{5}")
_ANY_RECORD_PAGE = re.compile(
    r"(?:cas-usage|retours-experience|parcours|demonstrateurs)/[^/]+/index\.html")
_ASSET = re.compile(r'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"')


def record_pages(site: Path) -> list[Path]:
    return sorted(p / "index.html" for p in (site / "cas-usage").iterdir()
                  if _RECORD_PAGE.fullmatch(p.name))


def page_assets(site: Path, pages: list[Path]) -> tuple[int, dict[str, int]]:
    """The largest gzip -9 total of the stylesheets and scripts one record page references,
    and that page's files (site path → gzip -9 bytes)."""
    compressed: dict[Path, int] = {}
    worst: tuple[int, dict[str, int]] = (0, {})
    seen: set[tuple[str, ...]] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        refs = tuple(sorted(href or src for href, src in _ASSET.findall(head)))
        if refs in seen:
            continue
        seen.add(refs)
        files: dict[str, int] = {}
        for ref in refs:
            path = (page.parent / ref.split("?")[0].split("#")[0]).resolve()
            if path not in compressed:
                compressed[path] = len(gzip.compress(path.read_bytes(), 9))
            files[path.relative_to(site.resolve()).as_posix()] = compressed[path]
        total = sum(files.values())
        if total >= worst[0]:
            worst = (total, files)
    return worst


def listing_sizes(site: Path) -> list[tuple[str, str, int]]:
    """(label, site path, bytes) of the largest listing pages, then of the largest page that
    is not a record's."""
    named = [("liste des cas d'usage", "cas-usage/index.html"),
             ("liste des retours d'expérience", "retours-experience/index.html"),
             ("page d'un parcours", f"parcours/{TRACKS[0]}/index.html"),
             ("cas d'usage d'un parcours, page 1", f"cas-usage/parcours/{TRACKS[0]}/index.html")]
    found = [(label, path, (site / path).stat().st_size)
             for label, path in named if (site / path).is_file()]
    communes = sorted((site / "communes").glob("*/index.html"), key=lambda p: p.stat().st_size)
    if communes:
        found.append(("la plus grande page de commune",
                      communes[-1].relative_to(site).as_posix(), communes[-1].stat().st_size))
    largest = max((p for p in site.rglob("*.html")
                   if not _ANY_RECORD_PAGE.fullmatch(p.relative_to(site).as_posix())),
                  key=lambda p: p.stat().st_size)
    found.append(("la plus grande page hors fiches", largest.relative_to(site).as_posix(),
                  largest.stat().st_size))
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _settle(pid: int, limit: float = 120.0) -> None:
    """Wait until the process tree of `pid` is idle (the background Pagefind done)."""
    tick = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = _cpu_ticks(_tree(pid))
        time.sleep(0.5)
        if (_cpu_ticks(_tree(pid)) - before) / tick < 0.05:  # < 10 % of a core
            return


@dataclass
class Preview:
    startup: float  # seconds until the first page is served
    latencies: list[float] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)  # the preview's own « Aperçu à jour » lines


ERRORS = "Le hub a des erreurs"  # what the preview says when it keeps the last valid site


def _serve(hub: Path, port: int, log_path: Path) -> subprocess.Popen:
    with open(log_path, "w") as log:
        return subprocess.Popen([*_hubia(), "serve", "--root", str(hub), "--adresse",
                                 f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)  # the preview removes its folder on SIGTERM
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def preview_latency(hub: Path, work: Path) -> Preview:
    """Save `EDITED` with a new title `EDITS` times; each time, the seconds until
    `hubia serve` serves the page with the new title (polled every 20 ms)."""
    port = _free_port()
    page = f"http://127.0.0.1:{port}/cas-usage/{EDITED}/"
    record = hub / "docs" / "cas-usage" / f"{EDITED}.md"
    original = record.read_text(encoding="utf-8")
    title = re.search(r"^titre: (.*)$", original, re.MULTILINE).group(0)
    log_path = work / "apercu.log"
    log = lambda: log_path.read_text(encoding="utf-8")  # noqa: E731
    process = _serve(hub, port, log_path)
    try:
        started = time.perf_counter()
        # The server answers once the first full build is written: wait for the edited page.
        while _get(page) is None:
            if ERRORS in log():
                sys.exit(f"« hubia serve » refuse le hub que « hubia build » accepte :\n"
                         f"{log()[-5000:]}")
            if process.poll() is not None:
                sys.exit(f"« hubia serve » s'est arrêté :\n{log()[-5000:]}")
            if time.perf_counter() - started > 1800:
                sys.exit("« hubia serve » ne sert pas le site après 30 minutes")
            time.sleep(0.2)
        result = Preview(time.perf_counter() - started)
        for edit in range(1, EDITS + 1):
            _settle(process.pid)
            marker = f"(édition banc {edit})"
            lines = log().count("\n")
            saved = time.perf_counter()
            record.write_text(original.replace(title, f"{title} {marker}", 1), encoding="utf-8")
            expected = marker.encode()
            while True:
                body = _get(page)
                if body is not None and expected in body:
                    break
                if (time.perf_counter() - saved > 300 or process.poll() is not None
                        or ERRORS in "\n".join(log().splitlines()[lines:])):
                    sys.exit(f"l'aperçu n'a pas servi la page modifiée :\n{log()[-5000:]}")
                time.sleep(0.02)
            result.latencies.append(time.perf_counter() - saved)
            # The page is served first; the preview says so once every other page is written.
            while not any(line.startswith("Aperçu à jour")
                          for line in log().splitlines()[lines:]):
                if time.perf_counter() - saved > 300 or process.poll() is not None:
                    sys.exit(f"l'aperçu ne termine pas sa mise à jour :\n{log()[-5000:]}")
                time.sleep(0.05)
            new = log().splitlines()[lines:]
            result.reports += [line for line in new if line.startswith("Aperçu à jour")][-1:]
        return result
    finally:
        _stop(process)
        record.write_text(original, encoding="utf-8")


# --- the report --------------------------------------------------------------------------------

def n(value: float, digits: int = 1) -> str:
    """A number written the French way: 12 345,6."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def ko(size: float) -> str:
    return f"{n(size / KB)} Ko"


def mo(size: float) -> str:
    return f"{n(size / MB, 0)} Mo"


@dataclass
class Result:
    cases: int
    records: int = 0
    floor: float = 0.0
    floor_cpu: float = 0.0
    build: Run | None = None
    check: Run | None = None
    pages: int = 0
    page_median: int = 0
    page_max: int = 0
    assets: int = 0
    search: object = None  # search_bytes.Downloads of the dialog, None without Chromium
    preview: Preview | None = None
    ecoindex: list | None = None  # ecoindex_pages.Measured of each page type, None without Chromium
    open_data: float = 0.0  # CPU seconds the open-data pages add (open_data_cost)
    territory: str | None = None
    site_bytes: int = 0
    communes: int = 0  # commune pages
    communes_index: int = 0  # bytes of communes/index.html
    communes_list: int = 0  # bytes of the largest page that lists communes

    @property
    def ratio(self) -> float:
        return self.build.seconds / self.floor

    @property
    def cpu_ratio(self) -> float:
        return self.build.cpu / self.floor_cpu


def communes_pages(site: Path) -> tuple[int, int, tuple[str, int]]:
    """(commune pages, bytes of the communes index, (path, bytes) of the largest page that
    lists communes: the index itself or a list of the large layout)."""
    pages = sum(1 for _ in (site / "communes").glob("*/index.html"))
    index = site / "communes" / "index.html"
    lists = [index, *(site / "communes" / "liste").rglob("index.html")]
    largest = max(lists, key=lambda p: p.stat().st_size)
    return pages, index.stat().st_size, (largest.relative_to(site).as_posix(),
                                         largest.stat().st_size)


def measure_size(cases: int, work: Path, preview_at: int, territory: str | None = None,
                 package: Path | None = None) -> Result:
    from hubia.generate.listings import PAGE_SIZE
    import ecoindex_pages
    from search_bytes import chromium, measure

    hub, site = work / f"hub-{cases}", work / f"site-{cases}"
    for folder in (hub, site):
        if folder.exists():
            shutil.rmtree(folder)
    where = f", communes du territoire {territory}" if territory else ""
    print(f"\n=== Hub synthétique : {n(cases, 0)} cas d'usage{where} ({hub}) ===", flush=True)
    started = time.perf_counter()
    make_hub(hub, cases, territory, package)
    result = Result(cases, territory=territory)
    print(f"hub généré en {n(time.perf_counter() - started)} s", flush=True)

    result.floor, result.floor_cpu, result.records = floor(hub)
    print(f"plancher (lecture des en-têtes et Markdown de {n(result.records, 0)} fiches, un "
          f"processus) : {n(result.floor, 2)} s (CPU {n(result.floor_cpu, 2)} s)", flush=True)

    load = _load()
    result.build = run("build", "--root", str(hub), "--output", str(site))
    pages = re.search(r"(\d+) pages", result.build.summary)
    result.pages = int(pages.group(1)) if pages else 0
    print(f"hubia build : {n(result.build.seconds, 2)} s, soit {n(result.ratio, 2)} × le "
          f"plancher (objectif ≤ {n(TARGET_RATIO)} ×)")
    print(f"  CPU de tous ses processus : {n(result.build.cpu)} s, soit "
          f"{n(result.cpu_ratio, 2)} × le CPU du plancher ; charge moyenne avant / après : "
          f"{load} / {_load()}")
    print(f"  résumé de hubia : {result.build.summary}")
    peak = f", pic de PSS cumulée de ses processus {mo(result.build.peak_pss)}" \
        if result.build.peak_pss else ""
    target = (f"{mo(TARGET_MEMORY_TERRITORY)} avec --territoire" if territory
              else f"{mo(TARGET_MEMORY)} à 10 000")
    print(f"  mémoire : max RSS du plus gros processus {mo(result.build.max_rss)} "
          f"(objectif ≤ {target}){peak}", flush=True)

    result.check = run("check", "--root", str(hub))
    print(f"hubia check : {n(result.check.seconds, 2)} s (objectif ≤ {n(TARGET_CHECK)} s à "
          f"10 000), CPU {n(result.check.cpu, 2)} s, max RSS {mo(result.check.max_rss)}",
          flush=True)

    records = record_pages(site)
    sizes = sorted(p.stat().st_size for p in records)
    result.page_median, result.page_max = int(statistics.median(sizes)), sizes[-1]
    print(f"page de cas d'usage ({n(len(sizes), 0)} pages) : médiane {ko(result.page_median)}, "
          f"maximum {ko(result.page_max)} (objectif < {ko(TARGET_PAGE)})")
    result.assets, files = page_assets(site, records)
    listed = ", ".join(f"{path} {ko(size)}" for path, size in files.items())
    print(f"CSS + JS d'une page de fiche, gzip -9 : {ko(result.assets)} (objectif ≤ "
          f"{ko(TARGET_ASSETS)}) : {listed}")
    print(f"pages de liste (paginées par {PAGE_SIZE} lignes) :")
    for label, path, size in listing_sizes(site):
        print(f"  {label} : {path} {ko(size)}")
    result.communes, result.communes_index, (path, size) = communes_pages(site)
    result.communes_list = size
    print(f"communes : {n(result.communes, 0)} pages ; index {ko(result.communes_index)} ; plus "
          f"grande page qui liste des communes : {path} {ko(size)}")
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    result.site_bytes = total
    print(f"site complet : {mo(total)}", flush=True)

    if chromium() is None:
        print("première recherche : non mesurée (Chromium introuvable)")
    else:
        dialog, search_page = measure(site, SEARCH_WORDS)
        result.search = dialog
        print(f"première recherche dans la fenêtre de l'en-tête (Ctrl+K, « "
              f"{' '.join(SEARCH_WORDS)} » tapé mot par mot, {n(dialog.results, 0)} résultats) "
              f": {dialog} (objectif < {ko(TARGET_SEARCH)})")
        print("  fichiers les plus lourds : " + ", ".join(
            f"{path} {ko(size)}" for path, size in dialog.largest[:5]))
        print(f"première recherche sur la page « Rechercher » avec ses filtres : {search_page}",
              flush=True)

    if chromium() is not None:
        result.ecoindex = ecoindex_pages.measure(site)
        print("EcoIndex de chaque type de page (la plus lourde, mesurée dans Chromium) :")
        for row in result.ecoindex:
            print(f"  {row.kind} : {n(row.score, 0)} ({row.grade}) — {n(row.dom, 0)} éléments, "
                  f"{row.requests} requêtes, {ko(row.transferred)} transférés ({row.path})")
        sys.stdout.flush()

    cost = open_data_cost(hub)
    result.open_data = sum(seconds for _, seconds in cost)
    print(f"pages des données ouvertes (flux, tableau de bord, carte, cas similaires) : "
          f"{n(result.open_data, 2)} s de CPU en un processus, soit "
          f"{n(100 * result.open_data / result.build.cpu, 0)} % du CPU de la construction")
    for label, seconds in cost:
        print(f"  {label} : {n(seconds, 2)} s")
    sys.stdout.flush()

    if cases == preview_at:
        result.preview = report_preview(hub, work)
    return result


def report_preview(hub: Path, work: Path) -> Preview:
    load = _load()
    preview = preview_latency(hub, work)
    print(f"aperçu (hubia serve) : premier affichage après {n(preview.startup)} s ; "
          f"latence d'une modification : médiane "
          f"{n(statistics.median(preview.latencies), 2)} s sur {len(preview.latencies)} "
          f"({', '.join(n(t, 2) + ' s' for t in preview.latencies)} ; objectif ≤ "
          f"{n(TARGET_PREVIEW)} s) ; charge moyenne avant / après : {load} / {_load()}")
    for line in preview.reports:
        print(f"  {line}")
    sys.stdout.flush()
    return preview


def preview_only(cases: int, work: Path) -> None:
    """`--apercu-seul`: the synthetic hub of `cases` use cases and the preview's latency."""
    hub = work / f"hub-{cases}"
    if hub.exists():
        shutil.rmtree(hub)
    print(f"\n=== Aperçu seul : hub synthétique de {n(cases, 0)} cas d'usage ({hub}) ===",
          flush=True)
    make_hub(hub, cases)
    report_preview(hub, work)


def open_data_cost(hub: Path) -> list[tuple[str, float]]:
    """(what, seconds) of the work the open-data pages add to a build, in this process."""
    from hubia.check.pipeline import check
    from hubia.generate import commune_map, communes, dashboard, feeds, open_data, similar
    from hubia.render.page import PageRenderer, Source
    from hubia.site.build import _front_matter

    checked = check(hub).hub
    found, pages = [], {}
    for label, generator in (("exports et DCAT", open_data.pages),
                             ("schémas des exports", open_data.schemas),
                             ("flux Atom", feeds.pages), ("tableau de bord", dashboard.pages),
                             ("carte", commune_map.pages),
                             ("pages des communes (avec leur carte)", communes.pages)):
        started = time.process_time()
        pages.update(generator(checked))
        found.append((label, time.process_time() - started))
    started = time.process_time()
    index = similar.Similar(checked)
    for case in checked.section("cas-usage"):
        similar.section(checked, index, case)
    found.append(("cas similaires (toutes les fiches)", time.process_time() - started))
    renderer = PageRenderer(checked, REFERENCE_DAY.isoformat())
    started = time.process_time()
    for path in (*open_data.PATHS, *feeds.PATHS, *dashboard.PATHS, *commune_map.PATHS):
        meta, text = _front_matter(pages[path])
        renderer.render(Source(path, text, meta, generated=True, searchable=False))
    found.append(("rendu des 4 pages ajoutées", time.process_time() - started))
    return found


def _load() -> str:
    """The 1-minute load average: other work on the machine makes every wall time noisy."""
    return n(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else "?"


def _machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        memory = 0
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    load = " ; charge moyenne " + " ".join(n(x, 2) for x in os.getloadavg()) \
        if hasattr(os, "getloadavg") else ""
    return (f"Machine : {cores} cœurs{' (' + model + ')' if model else ''}, "
            f"{n(memory / GB)} Go de mémoire, Python {platform.python_version()}{load}")


def _summary(results: list[Result]) -> None:
    sizes = [r.cases for r in results]
    rows: list[tuple[str, str, list[str], str]] = []

    def row(name: str, target: str, values: list[str], met: list[bool | None]) -> None:
        known = [m for m in met if m is not None]
        verdict = "—" if not known else ("oui" if all(known) else "NON")
        rows.append((name, target, values, verdict))

    row("build / plancher", f"≤ {n(TARGET_RATIO)} ×",
        [f"{n(r.ratio, 2)} × ({n(r.build.seconds)} s / {n(r.floor)} s)" for r in results],
        [r.ratio <= TARGET_RATIO for r in results])
    row("CPU build / CPU plancher", "(indicatif)",
        [f"{n(r.cpu_ratio, 2)} × ({n(r.build.cpu)} s / {n(r.floor_cpu)} s)" for r in results],
        [None])
    row("hubia check", f"≤ {n(TARGET_CHECK)} s à 10 000",
        [f"{n(r.check.seconds, 2)} s" for r in results],
        # (the national hub of issue « hubia init » has no check target: only reported)
        [r.check.seconds <= TARGET_CHECK if r.cases >= 10_000 and not r.territory else None
         for r in results])
    if any(r.territory for r in results):
        row("mémoire du build (max RSS)", f"≤ {mo(TARGET_MEMORY_TERRITORY)}",
            [mo(r.build.max_rss) for r in results],
            [r.build.max_rss <= TARGET_MEMORY_TERRITORY for r in results])
    else:
        row("mémoire du build (max RSS)", f"≤ {mo(TARGET_MEMORY)} à 10 000",
            [mo(r.build.max_rss) for r in results],
            [r.build.max_rss <= TARGET_MEMORY if r.cases >= 10_000 else None for r in results])
    if any(r.build.peak_pss for r in results):
        row("mémoire du build (PSS cumulée)", "(indicatif)",
            [mo(r.build.peak_pss) for r in results], [None])
    row("page de fiche (médiane / max)", f"< {ko(TARGET_PAGE)}",
        [f"{ko(r.page_median)} / {ko(r.page_max)}" for r in results],
        [r.page_max < TARGET_PAGE for r in results])
    row("CSS + JS d'une fiche, gzip -9", f"≤ {ko(TARGET_ASSETS)}",
        [ko(r.assets) for r in results], [r.assets <= TARGET_ASSETS for r in results])
    row("première recherche (en-tête)", f"< {ko(TARGET_SEARCH)}",
        [ko(r.search.transferred) if r.search else "non mesurée" for r in results],
        [r.search.transferred < TARGET_SEARCH if r.search else None for r in results])
    def worst(rows: list, records: bool) -> object:
        chosen = [row for row in rows if row.kind.startswith("Fiche") == records or not records]
        return min(chosen, key=lambda row: row.score)

    if any(r.ecoindex for r in results):
        for label, records, target in (("EcoIndex, pire type de page", False, TARGET_ECOINDEX),
                                       ("EcoIndex, pire page de fiche", True,
                                        TARGET_ECOINDEX_RECORD)):
            worsts = [worst(r.ecoindex, records) if r.ecoindex else None for r in results]
            row(label, f"≥ {target}",
                [f"{w.grade} ({n(w.score, 0)}, {w.kind})" if w else "non mesuré" for w in worsts],
                [w.grade <= target if w else None for w in worsts])
    row("pages de commune", "(indicatif)", [n(r.communes, 0) for r in results], [None])
    row("plus grande page de liste de communes", f"< {ko(TARGET_PAGE)}",
        [ko(r.communes_list) for r in results], [r.communes_list < TARGET_PAGE for r in results])
    row("site complet", "(indicatif)", [mo(r.site_bytes) for r in results], [None])
    previews = [r.preview for r in results]
    if any(previews):
        row("latence de l'aperçu (médiane)", f"≤ {n(TARGET_PREVIEW)} s",
            [f"{n(statistics.median(p.latencies), 2)} s" if p else "—" for p in previews],
            [statistics.median(p.latencies) <= TARGET_PREVIEW if p else None
             for p in previews])

    headers = ["Mesure", "Objectif", *[f"{n(s, 0)} cas" for s in sizes], "Atteint"]
    table = [headers, *[[name, target, *values, verdict] for name, target, values, verdict
                        in rows]]
    widths = [max(len(line[i]) for line in table) for i in range(len(headers))]
    print("\n=== Synthèse ===")
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai du Hub IA.")
    parser.add_argument("--cas", type=int, nargs="+", default=[2000, 10000], metavar="N",
                        help="nombre(s) de cas d'usage des hubs mesurés (par défaut 2000 10000)")
    parser.add_argument("--apercu", type=int, default=2000, metavar="N",
                        help="taille à laquelle mesurer la latence de l'aperçu (hubia serve) ; "
                             "0 : ne pas la mesurer (par défaut 2000)")
    parser.add_argument("--apercu-seul", action="store_true",
                        help="ne mesurer que la latence de l'aperçu, sur le hub de la taille "
                             "--apercu (sans construction, contrôle ni mesures dans Chromium)")
    parser.add_argument("--territoire", metavar="TYPE:CODE",
                        help="communes d'un territoire au lieu de celles de data/communes.yml, "
                             "comme hubia init : epci:SIREN, departement:CODE, region:CODE ou "
                             "france (par défaut, avec france : --cas 20000 et --apercu 0)")
    parser.add_argument("--paquet", type=Path, default=PINNED_PACKAGE, metavar="PAQUET",
                        help="archive du paquet @etalab/decoupage-administratif (par défaut "
                             "celle que « make test » télécharge dans .cache/npm/)")
    parser.add_argument("--garder", type=Path, metavar="DOSSIER",
                        help="construire les hubs synthétiques et leurs sites dans ce dossier et "
                             "les garder")
    args = parser.parse_args()
    if args.territoire == "france" and "--cas" not in sys.argv:
        args.cas = [20000]
    if args.territoire and "--apercu" not in sys.argv:
        args.apercu = 0
    if args.territoire and not args.paquet.is_file():
        sys.exit(f"paquet introuvable : {args.paquet} (make .cache/npm/... ou --paquet)")
    # The reference day of every command (and of this process): synthetic records stay fresh.
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(REFERENCE_DAY.timetuple()))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    work = (args.garder or Path(tempfile.mkdtemp(prefix="hubia-banc-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(_machine())
    print(f"Date de référence (SOURCE_DATE_EPOCH) : {REFERENCE_DAY.isoformat()} ; "
          f"commande : {' '.join(_hubia())}")
    if args.apercu_seul:
        try:
            preview_only(args.apercu, work)
        finally:
            if args.garder is None:
                shutil.rmtree(work, ignore_errors=True)
        return
    results = []
    try:
        for cases in args.cas:
            results.append(measure_size(cases, work, args.apercu, args.territoire,
                                        args.paquet))
            if args.garder is None:
                shutil.rmtree(work / f"hub-{cases}", ignore_errors=True)
                shutil.rmtree(work / f"site-{cases}", ignore_errors=True)
    finally:
        if results:
            _summary(results)
        if args.garder is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
