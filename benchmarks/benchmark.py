"""Benchmark: generate a synthetic hub of N use cases, time `hubia check` and `hubia build`.

    python benchmarks/benchmark.py [--cas 2000] [--garder DOSSIER]

Prints the wall time of each command (run as a person would, in a subprocess), the
median and largest size of a record page, and the time of the post-build output scan. Targets for 2,000 use cases on 2 cores: check
under 2 s, build under 20 s, record pages under 40 KB whatever the size of the hub.
"""

from __future__ import annotations

import argparse
import random
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
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "data", target / "data")
    docs = target / "docs"
    (docs / "parcours").mkdir(parents=True)
    (docs / "cas-usage").mkdir()
    shutil.copy(ROOT / "docs" / "index.md", docs / "index.md")
    shutil.copytree(ROOT / "docs" / "stylesheets", docs / "stylesheets")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    for order, slug in enumerate(TRACKS, 1):
        (docs / "parcours" / f"{slug}.md").write_text(_parcours(slug, order), encoding="utf-8")
    rng = random.Random(2025)  # same hub on every run, so figures compare
    for index in range(cases):
        (docs / "cas-usage" / f"cas-{index:05d}.md").write_text(_cas(index, rng),
                                                                encoding="utf-8")


def _timed(*args: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "hubia", *args], capture_output=True,
                            text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"échec de « hubia {' '.join(args)} » :\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description="Banc d'essai du Hub IA.")
    parser.add_argument("--cas", type=int, default=2000, help="nombre de cas d'usage (2000)")
    parser.add_argument("--garder", type=Path, metavar="DOSSIER",
                        help="construire le hub synthétique dans ce dossier et le garder")
    args = parser.parse_args()
    work = args.garder or Path(tempfile.mkdtemp(prefix="hubia-banc-"))
    hub = work / "hub"
    if hub.exists():
        shutil.rmtree(hub)
    make_hub(hub, args.cas)
    try:
        check = _timed("check", "--root", str(hub))
        build = _timed("build", "--root", str(hub))
        pages = [p.stat().st_size for p in (hub / "site" / "cas-usage").glob("*/index.html")]
        total = sum(p.stat().st_size for p in (hub / "site").rglob("*") if p.is_file())
        print(f"Hub synthétique : {args.cas} cas d'usage ({hub})")
        print(f"hubia check : {check:.2f} s (objectif < 2 s)")
        print(f"hubia build : {build:.2f} s (objectif < 20 s)")
        print(f"page de fiche : médiane {statistics.median(pages) / 1024:.1f} Ko, "
              f"maximum {max(pages) / 1024:.1f} Ko (objectif < 40 Ko)")
        print(f"site complet : {total / 1024 / 1024:.1f} Mo")
        sys.path.insert(0, str(ROOT))
        from hubia.output_scan import scan  # part of every build, timed here on its own

        started = time.perf_counter()
        findings = scan(hub / "site")
        print(f"contrôle du site produit (compris dans la construction) : "
              f"{time.perf_counter() - started:.2f} s, {len(findings)} problème(s)")
    finally:
        if args.garder is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
