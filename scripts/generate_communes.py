#!/usr/bin/env python3
"""Generate `data/communes.yml` of the sample hub (the Métropole du Grand Paris, EPCI SIREN
200054781, its 130 communes grouped by EPT) from `@etalab/decoupage-administratif`.

    python scripts/generate_communes.py [--source DIR_OR_TGZ] [--version X.Y.Z]
                                        [--output data/communes.yml] [--territoire KIND:CODE]

The work is done by `hubia.authoring.territory`, which `hubia init` uses too; this script only
adds the sample hub's defaults and its check of the number of communes. Without `--source` the
package is downloaded with `npm pack` into a temporary directory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from hubia.authoring.territory import (  # noqa: E402
    DEFAULT_VERSION, PACKAGE_NAME, TerritoryError, build_document, opened_package,
    parse_territory, render, write_if_changed)
from hubia.text import argparse_french  # noqa: E402,F401 - argparse's own messages in French

MGP_EPCI_SIREN = "200054781"
EXPECTED_COMMUNE_COUNT = 130
DEFAULT_OUTPUT = REPO_ROOT / "data" / "communes.yml"
GenerationError = TerritoryError  # the name the tests and older callers know


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=("Génère data/communes.yml (communes de la Métropole du Grand Paris et leurs "
                     f"EPT) à partir du paquet npm {PACKAGE_NAME}."))
    parser.add_argument(
        "--source", type=Path,
        help="dossier du paquet déjà extrait ou archive .tgz (sinon téléchargement via npm pack)")
    parser.add_argument("--version",
                        help=f"version du paquet à utiliser (par défaut {DEFAULT_VERSION})")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT,
        help="fichier YAML à écrire (par défaut data/communes.yml à la racine du dépôt)")
    parser.add_argument(
        "--territoire", default=f"epci:{MGP_EPCI_SIREN}", metavar="TYPE:CODE",
        help=f"territoire (par défaut epci:{MGP_EPCI_SIREN}, la Métropole du Grand Paris)")
    return parser.parse_args(argv)


def _display(path: Path) -> str:
    """Show `path` relative to the current directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace, expected_count: int | None) -> str:
    """Do the work and return the French summary line."""
    territory = parse_territory(args.territoire)
    if territory.spec != f"epci:{MGP_EPCI_SIREN}":
        expected_count = None  # the count is the sample hub's check only
    with opened_package(args.source, args.version) as (data_dir, version):
        document = build_document(data_dir, version, territory, expected_count)
    command = f"python scripts/generate_communes.py --version {version}"
    written = write_if_changed(args.output, render(document, command))
    return (f"{_display(args.output)} {'écrit' if written else 'inchangé'} : "
            f"{len(document['communes'])} communes, {len(document['epts'])} regroupements, "
            f"{PACKAGE_NAME} {version}.")


def main(argv: Sequence[str] | None = None, *,
         _expected_count: int = EXPECTED_COMMUNE_COUNT) -> int:
    """Command-line entry point; returns the process exit code."""
    args = parse_args(argv)
    try:
        summary = run(args, _expected_count)
    except TerritoryError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Erreur d'entrée/sortie : {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
