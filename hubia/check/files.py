"""Rules on the files of docs/ that are not records: type, content, size and name.

The build copies every file of docs/ into the site as it is. A contributed `.html` page or SVG
image would run its scripts under the site's address, a symbolic link could publish a file
of the build machine, and a name with spaces or accents breaks its address. So docs/ only
takes Markdown pages, raster images and documents whose first bytes match their extension;
the code folders (`dossiers_code` of data/securite.yml) are reviewed as code and exempt.
A problem here is of a whole file: its key path is empty (see rules.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from ..models.securite import Fichiers
from .rules import Problem

# Extension → accepted signatures of the first bytes (checked at these offsets).
IMAGES = {
    ".png": [(0, b"\x89PNG\r\n\x1a\n")],
    ".jpg": [(0, b"\xff\xd8\xff")],
    ".jpeg": [(0, b"\xff\xd8\xff")],
    ".gif": [(0, b"GIF87a"), (0, b"GIF89a")],
    ".webp": [(8, b"WEBP")],
    ".avif": [(4, b"ftypavi"), (4, b"ftypmif1")],
}
DOCUMENTS = {
    ".pdf": [(0, b"%PDF-")],
    ".odt": [(0, b"PK\x03\x04")],
    ".ods": [(0, b"PK\x03\x04")],
    ".odp": [(0, b"PK\x03\x04")],
    ".csv": [],  # text: checked as UTF-8 without markup below
}
SAFE_NAME = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*(?:\.[a-z0-9]+)*$")
# What no name may hold, code folders and records included: a line break or `::` would let
# the name write its own annotation in a CI report (`--format github`), another control
# character would hide in a terminal.
_TRAP = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]|::")


def _matches(head: bytes, signatures: list[tuple[int, bytes]]) -> bool:
    return any(head[offset:offset + len(sig)] == sig for offset, sig in signatures)


def walk(docs: Path) -> Iterator[Path]:
    """Every entry under docs/ the build would publish (dot files are ignored), links unfollowed."""
    for folder, dirs, files in os.walk(docs, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        for name in sorted(files) + [d for d in dirs if (base / d).is_symlink()]:
            if not name.startswith("."):
                yield base / name


def check_file(file: Path, rel_docs: Path, settings: Fichiers) -> Iterator[Problem]:
    """The problem of a file of docs/ (`rel_docs` inside docs/), if any: its type, content,
    size or name; files of the code folders are exempt, but not from the trap names."""
    trap = trap_name(rel_docs.as_posix())
    if trap:
        yield trap
        return
    if rel_docs.parts[0] in settings.dossiers_code and len(rel_docs.parts) > 1:
        return
    problem = _problem(file, rel_docs, settings)
    if problem:
        yield problem


def trap_name(rel: str) -> Problem | None:
    """The problem of a path that holds a control character or `::`, if it does."""
    found = _TRAP.search(rel)
    if found is None:
        return None
    what = ("« :: »" if found.group() == "::"
            else f"le caractère de contrôle U+{ord(found.group()):04X}")
    return (), "nom-fichier-piege", (
        f"nom de fichier qui contient {what} : renommez-le (minuscules, chiffres et tirets), "
        "il pourrait fabriquer de faux messages dans les rapports de l'intégration continue")


def _problem(file: Path, rel_docs: Path, settings: Fichiers) -> Problem | None:
    if file.is_symlink():
        return (), "fichier-interdit", ("lien symbolique refusé : il pourrait publier un "
                                        "fichier extérieur au hub ; copiez le fichier à la place")
    suffix = file.suffix.lower()
    if suffix == ".md":
        return None  # records and pages have their own rules (and names: slug-invalide)
    bad = [part for part in rel_docs.parts if not SAFE_NAME.match(part)]
    if bad:
        return (), "nom-fichier-invalide", (
            f"nom « {bad[0]} » : minuscules sans accents ni espaces, chiffres, tirets, par "
            "exemple « photo-ecole-1.jpg »")
    if suffix == ".svg":
        return (), "image-svg", ("image SVG refusée : elle peut contenir du code ; "
                                 "exportez-la en PNG ou WebP")
    if suffix in IMAGES:
        kind, signatures, limit = "image", IMAGES[suffix], settings.taille_max_image_ko
    elif suffix in DOCUMENTS:
        kind, signatures, limit = "document", DOCUMENTS[suffix], settings.taille_max_document_ko
    else:
        return (), "fichier-interdit", (
            f"type de fichier « {suffix or file.name} » non publié dans docs/ : seules les "
            "fiches Markdown, les images (PNG, JPEG, GIF, WebP, AVIF) et les documents (PDF, "
            "CSV, OpenDocument) le sont")
    size = file.stat().st_size
    if size > limit * 1024:
        return (), "image-trop-lourde", (f"{kind} de {size // 1024} Ko : au plus {limit} "
                                         "Ko (réglage « fichiers » de data/securite.yml)")
    with file.open("rb") as handle:
        head = handle.read(4096)
    if signatures and not _matches(head, signatures):
        return (), "fichier-interdit", (f"le contenu de « {file.name} » ne correspond pas à "
                                        f"son extension {suffix} : fichier déguisé refusé")
    if suffix == ".csv" and (b"\x00" in head or b"<" in head.lower().replace(b"<=", b"")):
        return (), "fichier-interdit", "fichier CSV qui contient du binaire ou du HTML : refusé"
    return None
