#!/usr/bin/env python3
"""Generate ``data/communes.yml`` from the Etalab ``@etalab/decoupage-administratif`` package.

The member communes of the Métropole du Grand Paris (EPCI SIREN 200054781) are
read from ``data/epci.json``, enriched with ``data/communes.json`` (name, SIREN,
population) and linked to their territorial establishment (EPT) through
``data/ept.json``.  Paris belongs to no EPT and is absent from ``ept.json``: its
pseudo-EPT entry "Ville de Paris" is derived from the commune record itself
(code = SIREN of the commune of Paris).

Usage::

    python scripts/generate_communes.py [--source DIR_OR_TGZ] [--version X.Y.Z]
                                        [--output data/communes.yml]

Without ``--source`` the package is downloaded with ``npm pack`` into a
temporary directory.  Only the standard library and PyYAML are used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

import yaml

PACKAGE_NAME = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
MGP_EPCI_SIREN = "200054781"
EXPECTED_COMMUNE_COUNT = 130
PARIS_INSEE_CODE = "75056"
PARIS_EPT_NAME = "Ville de Paris"
CURRENT_COMMUNE_TYPE = "commune-actuelle"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "data" / "communes.yml"


class GenerationError(Exception):
    """Error whose message (in French) is shown to the user without a traceback."""


# --------------------------------------------------------------------------
# Obtaining the package
# --------------------------------------------------------------------------


def _check_member(member: tarfile.TarInfo) -> None:
    """Refuse archive members that could escape the extraction directory."""
    name = member.name
    path = PurePosixPath(name)
    if name.startswith(("/", "\\")) or path.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise GenerationError(f"Archive refusée : chemin absolu interdit ({name!r}).")
    if ".." in path.parts or ".." in PurePosixPath(name.replace("\\", "/")).parts:
        raise GenerationError(f"Archive refusée : chemin contenant « .. » interdit ({name!r}).")
    if not (member.isfile() or member.isdir()):
        raise GenerationError(
            f"Archive refusée : seuls les fichiers et dossiers ordinaires sont acceptés ({name!r})."
        )


def safe_extract(archive: Path, destination: Path) -> None:
    """Extract a .tgz archive after validating every member."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(member)
            if hasattr(tarfile, "data_filter"):
                tar.extractall(destination, members=members, filter="data")
            else:  # pragma: no cover - Python < 3.11.4
                tar.extractall(destination, members=members)
    except (tarfile.TarError, OSError) as exc:
        raise GenerationError(f"Impossible d'extraire l'archive {archive} : {exc}") from None


def npm_pack(version: str, workdir: Path) -> Path:
    """Download the package tarball with ``npm pack`` and return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise GenerationError(
            "La commande « npm » est introuvable : installez Node.js/npm "
            "ou fournissez le paquet avec --source."
        )
    spec = f"{PACKAGE_NAME}@{version}"
    try:
        subprocess.run(
            [npm, "pack", spec, "--loglevel=error"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as exc:
        lines = [line.strip() for line in (exc.stderr or "").splitlines() if line.strip()]
        useful = [
            line.removeprefix("npm error").strip()
            for line in lines
            if not line.startswith(("npm error code", "npm error A complete log", "npm warn"))
        ]
        hint = f" : {useful[0].rstrip('.')}" if useful else ""
        raise GenerationError(f"Échec de « npm pack {spec} »{hint}.") from None
    except OSError as exc:
        raise GenerationError(f"Impossible de lancer npm : {exc}") from None
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise GenerationError(f"« npm pack {spec} » n'a pas produit d'archive .tgz exploitable.")
    return tarballs[0]


def locate_package_root(source: Path) -> Path:
    """Return the folder holding ``package.json`` and ``data/`` inside ``source``."""
    for candidate in (source, source / "package"):
        if (candidate / "data").is_dir():
            return candidate
    raise GenerationError(
        f"Structure du paquet inattendue : aucun dossier « data » trouvé dans {source} "
        "ni dans son sous-dossier « package »."
    )


# --------------------------------------------------------------------------
# Reading and validating the data
# --------------------------------------------------------------------------


def load_json(path: Path) -> Any:
    """Load a JSON file, turning every failure into a French message."""
    if not path.is_file():
        raise GenerationError(f"Structure du paquet inattendue : fichier manquant {path.name}.")
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GenerationError(f"Lecture impossible de {path.name} : {exc}") from None


def load_list(path: Path) -> list[dict[str, Any]]:
    """Load a JSON file that must contain a list of objects."""
    data = load_json(path)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise GenerationError(
            f"Structure du paquet inattendue : {path.name} devrait être une liste d'objets."
        )
    return data


def require_str(record: dict[str, Any], key: str, where: str) -> str:
    """Return a non-empty string field or fail with a French message."""
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise GenerationError(
            f"Structure du paquet inattendue : champ « {key} » absent ou invalide ({where})."
        )
    return value


def read_package_version(root: Path) -> str | None:
    """Return the version declared in package.json, checking the package name."""
    manifest_path = root / "package.json"
    if not manifest_path.is_file():
        return None
    manifest = load_json(manifest_path)
    if not isinstance(manifest, dict):
        raise GenerationError("Structure du paquet inattendue : package.json invalide.")
    name = manifest.get("name")
    if name != PACKAGE_NAME:
        raise GenerationError(
            f"Paquet inattendu : package.json annonce « {name} » au lieu de « {PACKAGE_NAME} »."
        )
    version = manifest.get("version")
    return version if isinstance(version, str) and version else None


def build_document(
    data_dir: Path, version: str, expected_count: int = EXPECTED_COMMUNE_COUNT
) -> dict[str, Any]:
    """Build the YAML document (as plain Python data) from the package data folder."""
    communes = load_list(data_dir / "communes.json")
    epcis = load_list(data_dir / "epci.json")
    epts = load_list(data_dir / "ept.json")

    matches = [epci for epci in epcis if epci.get("code") == MGP_EPCI_SIREN]
    if len(matches) != 1:
        raise GenerationError(
            f"EPCI {MGP_EPCI_SIREN} (Métropole du Grand Paris) trouvé {len(matches)} fois "
            "dans epci.json au lieu d'une."
        )
    members = matches[0].get("membres")
    if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
        raise GenerationError(
            "Structure du paquet inattendue : « membres » de la Métropole du Grand Paris invalide."
        )
    member_codes = [require_str(m, "code", f"membre de l'EPCI {MGP_EPCI_SIREN}") for m in members]
    if len(set(member_codes)) != len(member_codes):
        raise GenerationError("La liste des membres de la Métropole du Grand Paris contient des doublons.")
    if len(member_codes) != expected_count:
        raise GenerationError(
            f"La Métropole du Grand Paris devrait compter {expected_count} communes, "
            f"mais epci.json en liste {len(member_codes)}."
        )
    member_by_code = dict(zip(member_codes, members))

    current: dict[str, dict[str, Any]] = {}
    for commune in communes:
        if commune.get("type") == CURRENT_COMMUNE_TYPE and commune.get("code") in member_by_code:
            code = commune["code"]
            if code in current:
                raise GenerationError(f"Commune {code} présente plusieurs fois dans communes.json.")
            current[code] = commune

    # EPT membership, from ept.json.
    ept_names: dict[str, str] = {}
    ept_of_commune: dict[str, str] = {}
    for ept in epts:
        ept_code = require_str(ept, "code", "ept.json")
        ept_names[ept_code] = require_str(ept, "nom", f"EPT {ept_code}")
        ept_members = ept.get("membres")
        if not isinstance(ept_members, list) or not all(isinstance(m, dict) for m in ept_members):
            raise GenerationError(f"Structure du paquet inattendue : membres de l'EPT {ept_code} invalides.")
        for member in ept_members:
            code = require_str(member, "code", f"membre de l'EPT {ept_code}")
            if code in ept_of_commune:
                raise GenerationError(f"La commune {code} appartient à plusieurs EPT dans ept.json.")
            if code not in member_by_code:
                raise GenerationError(
                    f"La commune {code} de l'EPT {ept_code} n'est pas membre de la Métropole du Grand Paris."
                )
            ept_of_commune[code] = ept_code

    rows: list[dict[str, Any]] = []
    for code in sorted(member_codes):
        commune = current.get(code)
        if commune is None:
            raise GenerationError(
                f"Commune {code} membre de la Métropole du Grand Paris introuvable "
                f"(type « {CURRENT_COMMUNE_TYPE} ») dans communes.json."
            )
        where = f"commune {code}"
        nom = require_str(commune, "nom", where)
        siren = commune.get("siren") or member_by_code[code].get("siren")
        if not isinstance(siren, str) or not siren:
            raise GenerationError(f"SIREN introuvable pour la commune {code} ({nom}).")
        population = commune.get("population")
        if not isinstance(population, int) or isinstance(population, bool):
            raise GenerationError(f"Population absente ou invalide pour la commune {code} ({nom}).")

        ept_code = ept_of_commune.get(code)
        if ept_code is None and code == PARIS_INSEE_CODE:
            # Paris is in no EPT: its own SIREN stands for the "Ville de Paris" territory.
            ept_code = siren
            ept_names.setdefault(ept_code, PARIS_EPT_NAME)
        if ept_code is None:
            raise GenerationError(f"La commune {code} ({nom}) n'est rattachée à aucun EPT.")

        rows.append(
            {
                "code_insee": code,
                "nom": nom,
                "siren": siren,
                "population": population,
                "ept": ept_code,
            }
        )

    used = {row["ept"] for row in rows}
    return {
        "source": {"paquet": PACKAGE_NAME, "version": version, "epci_siren": MGP_EPCI_SIREN},
        "epts": [{"code": code, "nom": ept_names[code]} for code in sorted(used)],
        "communes": rows,
    }


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


class _Quoted(str):
    """String value to be emitted double-quoted (codes must never look like numbers)."""


class _Dumper(yaml.SafeDumper):
    """Safe dumper that indents sequences and double-quotes string values."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(_Quoted, _represent_quoted)


def _quote_values(node: Any) -> Any:
    """Return a copy of ``node`` where every string value (not key) is quoted."""
    if isinstance(node, dict):
        return {key: _quote_values(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_quote_values(item) for item in node]
    if isinstance(node, str):
        return _Quoted(node)
    return node


def render(document: dict[str, Any]) -> str:
    """Render the document with its French header comment."""
    version = document["source"]["version"]
    has_paris = any(row["code_insee"] == PARIS_INSEE_CODE for row in document["communes"])
    header = [
        "# Fichier généré automatiquement par scripts/generate_communes.py : ne pas modifier à la main.",
        f"# Pour le régénérer : python scripts/generate_communes.py --version {version}",
        f"# Source : paquet npm {PACKAGE_NAME} version {version}",
        "#   (https://github.com/datagouv/decoupage-administratif), fichiers data/epci.json,",
        "#   data/communes.json et data/ept.json.",
        "# Licence : paquet publié sous licence MIT (code) ; données INSEE/DGCL sous Licence Ouverte Etalab.",
        f"# Périmètre : communes membres de l'EPCI {MGP_EPCI_SIREN} (Métropole du Grand Paris), triées par code INSEE.",
        "# nom, siren, population : data/communes.json (population municipale INSEE).",
        "# epts : data/ept.json, le code est le SIREN de l'établissement public territorial.",
    ]
    if has_paris:
        header += [
            "# Paris n'appartient à aucun EPT et ne figure pas dans ept.json : l'entrée",
            f"# « {PARIS_EPT_NAME} » est dérivée de la commune de Paris elle-même (code = SIREN",
            "# de la commune de Paris), elle ne provient pas de ept.json.",
        ]
    body = yaml.dump(
        _quote_values(document),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    return "\n".join(header) + "\n" + body


def write_if_changed(path: Path, content: str) -> bool:
    """Write ``content`` to ``path`` only if the bytes differ; return True if written."""
    data = content.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


class _FrenchHelpFormatter(argparse.HelpFormatter):
    """Help formatter with a French usage prefix."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "utilisation : ")


class _FrenchArgumentParser(argparse.ArgumentParser):
    """Argument parser whose error messages are prefixed in French."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : arguments invalides ({message}).\n")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = _FrenchArgumentParser(
        description=(
            "Génère data/communes.yml (communes de la Métropole du Grand Paris et leurs EPT) "
            f"à partir du paquet npm {PACKAGE_NAME}."
        ),
        formatter_class=_FrenchHelpFormatter,
        add_help=False,
    )
    parser._optionals.title = "options"
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument(
        "--source",
        type=Path,
        help="dossier du paquet déjà extrait ou archive .tgz (sinon téléchargement via npm pack)",
    )
    parser.add_argument(
        "--version",
        help=f"version du paquet à utiliser (par défaut {DEFAULT_VERSION})",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="fichier YAML à écrire (par défaut data/communes.yml à la racine du dépôt)",
    )
    return parser.parse_args(argv)


def _display(path: Path) -> str:
    """Show ``path`` relative to the current directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run(args: argparse.Namespace, expected_count: int) -> str:
    """Do the work and return the French summary line."""
    with tempfile.TemporaryDirectory(prefix="communes-") as tmp:
        tmpdir = Path(tmp)
        if args.source is None:
            tarball = npm_pack(args.version or DEFAULT_VERSION, tmpdir)
            extracted = tmpdir / "extrait"
            safe_extract(tarball, extracted)
            root = locate_package_root(extracted)
        elif args.source.is_file():
            extracted = tmpdir / "extrait"
            safe_extract(args.source, extracted)
            root = locate_package_root(extracted)
        elif args.source.is_dir():
            root = locate_package_root(args.source)
        else:
            raise GenerationError(f"Source introuvable : {args.source}")

        declared = read_package_version(root)
        if args.version and declared and args.version != declared:
            raise GenerationError(
                f"Version demandée {args.version}, mais le paquet fourni est en version {declared}."
            )
        version = declared or args.version or DEFAULT_VERSION
        document = build_document(root / "data", version, expected_count)

    written = write_if_changed(args.output, render(document))
    state = "écrit" if written else "inchangé"
    return (
        f"{_display(args.output)} {state} : {len(document['communes'])} communes, "
        f"{len(document['epts'])} EPT, {PACKAGE_NAME} {version}."
    )


def main(argv: Sequence[str] | None = None, *, _expected_count: int = EXPECTED_COMMUNE_COUNT) -> int:
    """Command-line entry point; returns the process exit code."""
    args = parse_args(argv)
    try:
        summary = run(args, _expected_count)
    except GenerationError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Erreur d'entrée/sortie : {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
