"""`data/communes.yml` of any territory, from the Etalab `@etalab/decoupage-administratif` package.

A territory is `KIND:CODE`: an EPCI by its SIREN, a département or a région by its INSEE code,
or the whole country (`france`). Its communes are the current communes (`commune-actuelle`) of
`data/communes.json` that belong to it, each tied to the intermediate grouping that fits: the
EPT inside the Métropole du Grand Paris (the only EPCI that `data/ept.json` divides), the
département inside any other EPCI or a région, the EPCI inside a département, the région for the
country. Everything a page says about the territory and its grouping (names, the words of the
grouping) is written into the file here, so that no generator has to know which territory it
serves. `scripts/generate_communes.py` and `hubia init` are two uses of this module.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..text.french import of

PACKAGE_NAME = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
CURRENT_COMMUNE_TYPE = "commune-actuelle"
PARIS_INSEE_CODE = "75056"
PARIS_EPT_NAME = "Ville de Paris"
KINDS = ("epci", "departement", "region", "france")
_EXAMPLES = {"epci": "epci:200046977", "departement": "departement:69", "region": "region:84"}

# Articles of INSEE's « type de nom en clair » (typeLiaison): how a name takes « le », « la »...
_ARTICLES = {2: "le ", 3: "la ", 4: "les ", 5: "l'", 6: "aux ", 7: "las ", 8: "los "}
# Who runs the programme, by kind of territory (written into programme.yml by `hubia init`).
_EPCI_BODIES = {"METRO": "la Métropole", "MET69": "la Métropole", "CU": "la Communauté urbaine",
                "CA": "la Communauté d'agglomération", "CC": "la Communauté de communes"}
_BODIES = {"departement": "le Département", "region": "la Région", "france": "l'État"}

# The words of each grouping, as the pages use them (« Territoire (EPT) » as a label, « du
# territoire X », « dans le territoire X », « regroupées par ... »).
_EPT = {"libelle": "Territoire (EPT)", "nom": "le territoire",
        "par": "par territoire (établissement public territorial)"}
_EPCI = {"libelle": "Intercommunalité (EPCI)", "nom": "l'intercommunalité",
         "par": "par intercommunalité (EPCI ; une commune qui n'est membre d'aucune forme la sienne)"}
_DEPARTEMENT = {"libelle": "Département", "nom": "le département", "par": "par département"}
_REGION = {"libelle": "Région", "nom": "la région", "par": "par région"}


class TerritoryError(Exception):
    """Error whose message (in French) is shown to the user without a traceback."""


@dataclass(frozen=True)
class Territory:
    kind: str  # one of KINDS
    code: str  # SIREN of an EPCI, INSEE code of a département or a région, "" for France

    @property
    def spec(self) -> str:
        return self.kind if self.kind == "france" else f"{self.kind}:{self.code}"


def parse_territory(text: str) -> Territory:
    """`epci:200046977`, `departement:69`, `region:84` or `france`; a French error otherwise."""
    kind, _, code = text.strip().partition(":")
    kind, code = kind.strip().lower(), code.strip().upper()
    if kind not in KINDS:
        raise TerritoryError(
            f"type de territoire inconnu « {kind} » : écrivez epci:SIREN, departement:CODE, "
            "region:CODE ou france")
    if kind == "france":
        if code:
            raise TerritoryError("« france » ne prend pas de code : écrivez simplement france")
        return Territory(kind, "")
    if not code:
        raise TerritoryError(f"code manquant : écrivez {kind}:CODE (par exemple "
                             f"{_EXAMPLES[kind]})")
    return Territory(kind, code)


# --------------------------------------------------------------------------
# Obtaining the package
# --------------------------------------------------------------------------


def _check_member(member: tarfile.TarInfo) -> None:
    """Refuse archive members that could escape the extraction directory."""
    name = member.name
    path = PurePosixPath(name)
    if name.startswith(("/", "\\")) or path.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise TerritoryError(f"Archive refusée : chemin absolu interdit ({name!r}).")
    if ".." in path.parts or ".." in PurePosixPath(name.replace("\\", "/")).parts:
        raise TerritoryError(f"Archive refusée : chemin contenant « .. » interdit ({name!r}).")
    if not (member.isfile() or member.isdir()):
        raise TerritoryError(
            f"Archive refusée : seuls les fichiers et dossiers ordinaires sont acceptés ({name!r})."
        )


def safe_extract(archive: Path, destination: Path) -> None:
    """Extract a .tgz archive after validating every member."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _check_member(member)
            tar.extractall(destination, members=members, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise TerritoryError(f"Impossible d'extraire l'archive {archive} : {exc}") from None


def npm_pack(version: str, workdir: Path) -> Path:
    """Download the package tarball with `npm pack` and return its path."""
    npm = shutil.which("npm")
    if npm is None:
        raise TerritoryError(
            "La commande « npm » est introuvable : installez Node.js/npm "
            "ou fournissez le paquet avec --source."
        )
    spec = f"{PACKAGE_NAME}@{version}"
    try:
        subprocess.run([npm, "pack", spec, "--loglevel=error"], cwd=workdir, check=True,
                       capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        lines = [line.strip() for line in (exc.stderr or "").splitlines() if line.strip()]
        useful = [
            line.removeprefix("npm error").strip()
            for line in lines
            if not line.startswith(("npm error code", "npm error A complete log", "npm warn"))
        ]
        hint = f" : {useful[0].rstrip('.')}" if useful else ""
        raise TerritoryError(f"Échec de « npm pack {spec} »{hint}.") from None
    except OSError as exc:
        raise TerritoryError(f"Impossible de lancer npm : {exc}") from None
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise TerritoryError(f"« npm pack {spec} » n'a pas produit d'archive .tgz exploitable.")
    return tarballs[0]


def locate_package_root(source: Path) -> Path:
    """Return the folder holding `package.json` and `data/` inside `source`."""
    for candidate in (source, source / "package"):
        if (candidate / "data").is_dir():
            return candidate
    raise TerritoryError(
        f"Structure du paquet inattendue : aucun dossier « data » trouvé dans {source} "
        "ni dans son sous-dossier « package »."
    )


@contextmanager
def opened_package(source: Path | None, version: str | None) -> Iterator[tuple[Path, str]]:
    """The package's `data/` folder and its version: from `source` (a folder or a .tgz, no
    network), or downloaded with `npm pack`. Temporary files go when the block ends."""
    with tempfile.TemporaryDirectory(prefix="communes-") as tmp:
        tmpdir = Path(tmp)
        if source is None:
            extracted = tmpdir / "extrait"
            safe_extract(npm_pack(version or DEFAULT_VERSION, tmpdir), extracted)
            root = locate_package_root(extracted)
        elif source.is_file():
            extracted = tmpdir / "extrait"
            safe_extract(source, extracted)
            root = locate_package_root(extracted)
        elif source.is_dir():
            root = locate_package_root(source)
        else:
            raise TerritoryError(f"Source introuvable : {source}")
        declared = read_package_version(root)
        if version and declared and version != declared:
            raise TerritoryError(
                f"Version demandée {version}, mais le paquet fourni est en version {declared}.")
        yield root / "data", declared or version or DEFAULT_VERSION


# --------------------------------------------------------------------------
# Reading and validating the data
# --------------------------------------------------------------------------


def load_json(path: Path) -> Any:
    """Load a JSON file, turning every failure into a French message."""
    if not path.is_file():
        raise TerritoryError(f"Structure du paquet inattendue : fichier manquant {path.name}.")
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TerritoryError(f"Lecture impossible de {path.name} : {exc}") from None


def load_list(path: Path) -> list[dict[str, Any]]:
    """Load a JSON file that must contain a list of objects."""
    data = load_json(path)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise TerritoryError(
            f"Structure du paquet inattendue : {path.name} devrait être une liste d'objets.")
    return data


def require_str(record: dict[str, Any], key: str, where: str) -> str:
    """Return a non-empty string field or fail with a French message."""
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise TerritoryError(
            f"Structure du paquet inattendue : champ « {key} » absent ou invalide ({where}).")
    return value


def read_package_version(root: Path) -> str | None:
    """Return the version declared in package.json, checking the package name."""
    manifest_path = root / "package.json"
    if not manifest_path.is_file():
        return None
    manifest = load_json(manifest_path)
    if not isinstance(manifest, dict):
        raise TerritoryError("Structure du paquet inattendue : package.json invalide.")
    name = manifest.get("name")
    if name != PACKAGE_NAME:
        raise TerritoryError(
            f"Paquet inattendu : package.json annonce « {name} » au lieu de « {PACKAGE_NAME} ».")
    version = manifest.get("version")
    return version if isinstance(version, str) and version else None


def _members(group: dict[str, Any], where: str) -> list[str]:
    members = group.get("membres")
    if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
        raise TerritoryError(f"Structure du paquet inattendue : membres de {where} invalides.")
    codes = [require_str(m, "code", f"membre de {where}") for m in members]
    if len(set(codes)) != len(codes):
        raise TerritoryError(f"La liste des membres de {where} contient des doublons.")
    return codes


def _with_article(record: dict[str, Any]) -> str:
    """« la Haute-Garonne », « l'Ain », « le Rhône »: a département's or région's name with
    the article INSEE gives it."""
    article = _ARTICLES.get(record.get("typeLiaison"), "")  # type: ignore[arg-type]
    return article + record["nom"]


@dataclass
class _Package:
    communes: list[dict[str, Any]]  # current communes only
    epcis: list[dict[str, Any]]
    epts: list[dict[str, Any]]
    departements: dict[str, dict[str, Any]]
    regions: dict[str, dict[str, Any]]


def _read(data_dir: Path) -> _Package:
    current: dict[str, dict[str, Any]] = {}
    for commune in load_list(data_dir / "communes.json"):
        if commune.get("type") != CURRENT_COMMUNE_TYPE:
            continue
        code = require_str(commune, "code", "communes.json")
        if code in current:
            raise TerritoryError(f"Commune {code} présente plusieurs fois dans communes.json.")
        current[code] = commune
    by_code = lambda name: {require_str(r, "code", name): r  # noqa: E731
                            for r in load_list(data_dir / name)}
    return _Package(list(current.values()), load_list(data_dir / "epci.json"),
                    load_list(data_dir / "ept.json"), by_code("departements.json"),
                    by_code("regions.json"))


def _epci_of(package: _Package) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for epci in package.epcis:
        siren = require_str(epci, "code", "epci.json")
        for code in _members(epci, f"l'EPCI {siren}"):
            found[code] = epci
    return found


def _ept_groups(package: _Package, members: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """EPT names by code and the EPT of each member commune, from ept.json."""
    names: dict[str, str] = {}
    of_commune: dict[str, str] = {}
    for ept in package.epts:
        code = require_str(ept, "code", "ept.json")
        ept_members = _members(ept, f"l'EPT {code}")
        if members.isdisjoint(ept_members):  # an EPT of another EPCI (there is only one today)
            continue
        names[code] = require_str(ept, "nom", f"EPT {code}")
        for member in ept_members:
            if member in of_commune:
                raise TerritoryError(f"La commune {member} appartient à plusieurs EPT dans ept.json.")
            if member not in members:
                raise TerritoryError(
                    f"La commune {member} de l'EPT {code} n'est pas membre de l'EPCI qui les "
                    "regroupe.")
            of_commune[member] = code
    return names, of_commune


def build_document(data_dir: Path, version: str, territory: Territory,
                   expected_count: int | None = None) -> dict[str, Any]:
    """The YAML document (plain Python data) of `territory`'s communes."""
    package = _read(data_dir)
    epci_of: dict[str, dict[str, Any]] | None = None
    scope: dict[str, Any] = {"type": territory.kind, "code": territory.code}
    if territory.kind == "epci":
        matches = [e for e in package.epcis if e.get("code") == territory.code]
        if not matches:
            raise TerritoryError(f"aucun EPCI n'a le SIREN « {territory.code} » dans epci.json "
                                 f"({PACKAGE_NAME} {version})")
        epci = matches[0]
        name = require_str(epci, "nom", f"EPCI {territory.code}")
        codes = _members(epci, f"l'EPCI {territory.code} ({name})")
        scope |= {"nom": name, "avec_article": f"la {name}",
                  "porteur": _EPCI_BODIES.get(str(epci.get("type")), "l'intercommunalité")}
    elif territory.kind in ("departement", "region"):
        table = package.departements if territory.kind == "departement" else package.regions
        record = table.get(territory.code)
        if record is None:
            word = "département" if territory.kind == "departement" else "région"
            raise TerritoryError(f"aucun{'e' if word == 'région' else ''} {word} n'a le code "
                                 f"« {territory.code} » ({PACKAGE_NAME} {version})")
        scope |= {"nom": record["nom"], "avec_article": _with_article(record),
                  "porteur": _BODIES[territory.kind]}
        codes = [c["code"] for c in package.communes if c.get(territory.kind) == territory.code]
    else:
        scope |= {"nom": "France", "avec_article": "la France", "porteur": _BODIES["france"]}
        # The communes of the 18 régions (metropolitan and overseas): regions.json also lists
        # the collectivités d'outre-mer (zone « com »), whose communes have no SIREN.
        regions = {code for code, r in package.regions.items() if r.get("zone") != "com"}
        codes = [c["code"] for c in package.communes if c.get("region") in regions]
    if not codes:
        raise TerritoryError(f"le territoire {territory.spec} ({scope['nom']}) ne compte aucune "
                             f"commune dans {PACKAGE_NAME} {version}")
    if expected_count is not None and len(codes) != expected_count:
        raise TerritoryError(f"{scope['nom']} devrait compter {expected_count} communes, mais "
                             f"le paquet en liste {len(codes)}.")
    current = {c["code"]: c for c in package.communes}
    members = set(codes)
    names: dict[str, str] = {}  # grouping code → name

    ept_names, ept_of = _ept_groups(package, members) if territory.kind == "epci" else ({}, {})
    if territory.kind == "epci" and ept_of:
        grouping, ept_of_commune = dict(_EPT), ept_of
        if PARIS_INSEE_CODE in members:
            grouping["par"] = grouping["par"][:-1] + " ; Paris forme le sien)"
        names.update(ept_names)
    elif territory.kind == "departement":
        grouping, epci_of = dict(_EPCI), _epci_of(package)
    elif territory.kind == "france":
        grouping = dict(_REGION)
    else:
        grouping = dict(_DEPARTEMENT)

    rows: list[dict[str, Any]] = []
    for code in sorted(members):
        commune = current.get(code)
        if commune is None:
            raise TerritoryError(f"Commune {code} de {scope['nom']} introuvable (type "
                                 f"« {CURRENT_COMMUNE_TYPE} ») dans communes.json.")
        nom = require_str(commune, "nom", f"commune {code}")
        siren = commune.get("siren")
        if not isinstance(siren, str) or not siren:
            raise TerritoryError(f"SIREN introuvable pour la commune {code} ({nom}).")
        # A few communes (the villages of the Meuse destroyed in 1916) have no inhabitant and
        # no population figure.
        population = commune.get("population", 0)
        if not isinstance(population, int) or isinstance(population, bool):
            raise TerritoryError(f"Population invalide pour la commune {code} ({nom}).")
        departement = require_str(commune, "departement", f"commune {code}")
        if territory.kind == "epci" and ept_of:
            group = ept_of.get(code)
            if group is None and code == PARIS_INSEE_CODE:
                # Paris is in no EPT: its own SIREN stands for the "Ville de Paris" territory.
                group = siren
                names.setdefault(group, PARIS_EPT_NAME)
            if group is None:
                raise TerritoryError(f"La commune {code} ({nom}) n'est rattachée à aucun EPT.")
        elif epci_of is not None:
            epci = epci_of.get(code)
            # The few communes in no EPCI (islands) form their own group, named after them.
            group = require_str(epci, "code", "epci.json") if epci else siren
            names.setdefault(group, epci["nom"] if epci else nom)
        elif territory.kind == "france":
            group = require_str(commune, "region", f"commune {code}")
            names.setdefault(group, package.regions.get(group, {}).get("nom", group))
        else:
            group = departement
            names.setdefault(group, package.departements.get(group, {}).get("nom", group))
        rows.append({"code_insee": code, "nom": nom, "siren": siren, "population": population,
                     "ept": group, "departement": departement})

    used = sorted({row["ept"] for row in rows})
    departements = sorted({row["departement"] for row in rows})
    source: dict[str, Any] = {"paquet": PACKAGE_NAME, "version": version}
    if territory.kind == "epci":
        source["epci_siren"] = territory.code
    return {
        "source": source,
        "territoire": scope,
        "regroupement": grouping,
        "epts": [{"code": code, "nom": names[code]} for code in used],
        "departements": [{"code": code, "nom": package.departements.get(code, {}).get("nom", code)}
                         for code in departements],
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
    """Return a copy of `node` where every string value (not key) is quoted."""
    if isinstance(node, dict):
        return {key: _quote_values(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_quote_values(item) for item in node]
    if isinstance(node, str):
        return _Quoted(node)
    return node


def render(document: dict[str, Any], command: str) -> str:
    """The file's text: a French header (`command` regenerates it), then the data."""
    version = document["source"]["version"]
    scope = document["territoire"]
    has_paris = (document["regroupement"]["libelle"] == _EPT["libelle"]
                 and any(row["code_insee"] == PARIS_INSEE_CODE for row in document["communes"]))
    header = [
        "# Fichier généré automatiquement : ne pas modifier à la main.",
        f"# Pour le régénérer : {command}",
        f"# Source : paquet npm {PACKAGE_NAME} version {version}",
        "#   (https://github.com/datagouv/decoupage-administratif), fichiers data/communes.json,",
        "#   data/epci.json, data/ept.json, data/departements.json et data/regions.json.",
        "# Licence : paquet publié sous licence MIT (code) ; données INSEE/DGCL sous Licence Ouverte Etalab.",
        f"# Périmètre : communes actuelles {of(scope['avec_article'])} ({scope['type']}"
        f"{':' + scope['code'] if scope['code'] else ''}), triées par code INSEE.",
        "# nom, siren, population, departement : data/communes.json (population municipale INSEE).",
        "# regroupement : les mots des pages pour le regroupement des communes (champ « ept »",
        "#   de chaque commune, liste « epts ») ; territoire.porteur : qui mène le programme.",
    ]
    if has_paris:
        header += [
            "# epts : data/ept.json, le code est le SIREN de l'établissement public territorial.",
            "# Paris n'appartient à aucun EPT et ne figure pas dans ept.json : l'entrée",
            f"# « {PARIS_EPT_NAME} » est dérivée de la commune de Paris elle-même (code = SIREN",
            "# de la commune de Paris), elle ne provient pas de ept.json.",
        ]
    body = yaml.dump(_quote_values(document), Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, default_flow_style=False, width=1000)
    return "\n".join(header) + "\n" + body


def write_if_changed(path: Path, content: str) -> bool:
    """Write `content` to `path` only if the bytes differ; return True if written."""
    data = content.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True
