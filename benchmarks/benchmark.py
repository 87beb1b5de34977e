"""Benchmark: generate a synthetic hub of N use cases, time `hubia check`, `hubia catalogue`
and `hubia build`.

    python benchmarks/benchmark.py [--cas 2000] [--garder DOSSIER]

Prints the wall time of each command (run as a person would, in a subprocess), the number of
catalogue and commune pages built, the median and largest size of a record page, the time of the post-build output scan, the time
Pagefind took to index the site and what a browser downloads for a first search
(benchmarks/search_bytes.py, in Chromium). Targets for 2,000 use cases on 2 cores: check under
2 s, build under 20 s (with the catalogue's pages and the 130 commune pages), record pages under
40 KB whatever the size of the hub, a first search under 150 KB transferred.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRACKS = ("energie", "livraison", "simplification", "reemploi")
STATUTS = ("experimentation", "concluant", "non_concluant", "abandonne")
COMMUNES = ("Pantin", "Bagnolet", "Sceaux", "Colombes", "Nanterre", "Montreuil", "Créteil",
            "Aubervilliers", "Vincennes", "Saint-Denis", "Ivry-sur-Seine", "Antony")


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


def _cas(index: int, rng: random.Random) -> str:
    statut = STATUTS[index % len(STATUTS)]
    communes = rng.sample(COMMUNES, 2)
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
    date: 2026-01-15
""" if statut == "concluant" else ""
    paragraphs = "\n\n".join(
        f"## Étape {n}\n\nLa commune a mesuré, comparé et ajusté le dispositif pendant la "
        f"phase {n}, avec les agents du service concerné et un suivi mensuel des indicateurs."
        for n in range(1, 5))
    return f"""---
titre: Cas d'usage synthétique numéro {index}
resume: Expérimentation synthétique {index} générée pour mesurer les performances du hub.
mis_a_jour: 2025-{1 + index % 12:02d}-{1 + index % 28:02d}
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
{passage}---

{paragraphs}
"""


def make_hub(target: Path, cases: int) -> None:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "hubia.yml", target / "hubia.yml")
    shutil.copytree(ROOT / "data", target / "data")
    # The real glossary (every page is scanned for its terms), without its links to the sample
    # records; the agenda names the sample tracks, absent here.
    glossary = (target / "data" / "glossaire.yml").read_text(encoding="utf-8")
    (target / "data" / "glossaire.yml").write_text(
        re.sub(r"\n    fiches:\n(?:      - .*\n)+", "\n", glossary), encoding="utf-8")
    (target / "data" / "agenda.yml").unlink()
    docs = target / "docs"
    (docs / "parcours").mkdir(parents=True)
    (docs / "cas-usage").mkdir()
    shutil.copy(ROOT / "docs" / "index.md", docs / "index.md")
    for order, slug in enumerate(TRACKS, 1):
        (docs / "parcours" / f"{slug}.md").write_text(_parcours(slug, order), encoding="utf-8")
    rng = random.Random(2025)  # same hub on every run, so figures compare
    for index in range(cases):
        (docs / "cas-usage" / f"cas-{index:05d}.md").write_text(_cas(index, rng),
                                                                encoding="utf-8")


def _timed(*args: str) -> tuple[float, str]:
    """Wall time of a `hubia` command and its summary line."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "hubia", *args], capture_output=True,
                            text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"échec de « hubia {' '.join(args)} » :\n{result.stdout}{result.stderr}")
    return elapsed, result.stderr.strip().splitlines()[-1]


def _search(site: Path, summary: str) -> None:
    from search_bytes import measure

    indexed = re.search(r"(\d+) indexées pour la recherche en ([\d,]+) s", summary)
    print(f"index de recherche (Pagefind) : {indexed.group(1)} pages en "
          f"{indexed.group(2).replace(',', '.')} s")
    measured = measure(site, "indicateurs")
    if measured is None:
        print("première recherche : non mesurée (Chromium introuvable)")
        return
    dialog, page = measured
    print(f"première recherche, fenêtre de l'en-tête : {dialog} (objectif < 150 Ko)")
    print(f"première recherche, page « Rechercher » avec ses filtres : {page}")


def _timed_changed(hub: Path) -> float:
    """`check --changed` after editing one use case in a git repository of the hub."""
    git = ["git", "-c", "user.name=banc", "-c", "user.email=banc@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "banc"]):
        subprocess.run([*git, *args], cwd=hub, check=True, capture_output=True)
    case = hub / "docs" / "cas-usage" / "cas-00007.md"
    case.write_text(case.read_text(encoding="utf-8").replace("Modèle", "Modèle révisé", 1),
                    encoding="utf-8")
    return _timed("check", "--root", str(hub), "--changed")[0]


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai du Hub IA.")
    parser.add_argument("--cas", type=int, default=2000, help="nombre de cas d'usage (2000)")
    parser.add_argument("--garder", type=Path, metavar="DOSSIER",
                        help="construire le hub synthétique dans ce dossier et le garder")
    parser.add_argument("--hors-ligne", action="store_true",
                        help="mesurer aussi la construction avec l'édition hors ligne (--offline)")
    args = parser.parse_args()
    work = args.garder or Path(tempfile.mkdtemp(prefix="hubia-banc-"))
    hub = work / "hub"
    if hub.exists():
        shutil.rmtree(hub)
    make_hub(hub, args.cas)
    try:
        check, _ = _timed("check", "--root", str(hub))
        changed = _timed_changed(hub)
        catalogue, _ = _timed("catalogue", "--root", str(hub))
        entries = json.loads((hub / "catalogue" / "catalogue.json").read_bytes())["entrees"]
        build, summary = _timed("build", "--root", str(hub))
        site = hub / "site"
        communes = len(list((site / "communes").glob("*/index.html")))
        solutions = len(list((site / "catalogue").glob("*/index.html")))
        pages = [p.stat().st_size for p in (hub / "site" / "cas-usage").glob("*/index.html")]
        total = sum(p.stat().st_size for p in (hub / "site").rglob("*") if p.is_file())
        print(f"Hub synthétique : {args.cas} cas d'usage ({hub})")
        print(f"hubia check : {check:.2f} s (objectif < 2 s)")
        print(f"hubia check --changed (une fiche modifiée) : {changed:.2f} s")
        print(f"hubia catalogue : {catalogue:.2f} s ({len(entries)} solutions)")
        print(f"hubia build : {build:.2f} s (objectif < 20 s), dont {solutions} fiches du "
              f"catalogue et {communes} pages de commune")
        print(f"page de fiche : médiane {statistics.median(pages) / 1024:.1f} Ko, "
              f"maximum {max(pages) / 1024:.1f} Ko (objectif < 40 Ko)")
        print(f"site complet : {total / 1024 / 1024:.1f} Mo")
        sys.path.insert(0, str(ROOT))
        from hubia.site.output_scan import scan

        started = time.perf_counter()
        findings = scan(hub / "site")
        print(f"contrôle du site produit (compris dans la construction) : "
              f"{time.perf_counter() - started:.2f} s, {len(findings)} problème(s)")
        _search(hub / "site", summary)
        if args.hors_ligne:
            offline = _timed("build", "--offline", "--root", str(hub))
            archive = (hub / "site" / "hub-ia-hors-ligne.zip").stat().st_size
            print(f"hubia build --offline : {offline:.2f} s (site et édition hors ligne), "
                  f"zip {archive / 1024 / 1024:.1f} Mo")
    finally:
        if args.garder is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
