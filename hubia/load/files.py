"""Files on disk → raw records (plain values with positions) or diagnostics.

Nothing here knows the schema: it only turns bytes into a `Document` safely, with the line
of every value, so that later stages can point at the exact place of a problem.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from pathlib import Path


from ..diagnostics import Diagnostic, diagnostic
from .yaml import Document, YamlError, load

MAX_BYTES = 256 * 1024  # a record is a few KB; the cap keeps a hostile file from stalling a build
RECORD_SECTIONS = ("parcours", "cas-usage", "demonstrateurs", "retours-experience")
# A line of three dashes or more opens and closes the front matter (Jekyll's convention).
BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)


@dataclass
class RawFile:
    """One Markdown record or YAML data file, read but not validated."""

    path: str  # relative to the hub's root, with forward slashes
    doc: Document
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts


def _read_text(file: Path, rel: str) -> tuple[str | None, Diagnostic | None]:
    size = file.stat().st_size
    if size > MAX_BYTES:
        return None, diagnostic(rel, 1, 1, "fichier-trop-gros",
                                f"fichier de {size // 1024} Ko : au plus {MAX_BYTES // 1024} Ko")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, diagnostic(rel, line, column, "encodage-invalide",
                                f"octet {raw[exc.start]:#04x} invalide en UTF-8 : enregistrez le "
                                "fichier en UTF-8")
    if not text.strip():
        return None, diagnostic(rel, 1, 1, "fichier-vide", "le fichier est vide")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, diagnostic(rel, line, 1, "encodage-invalide",
                                "caractère nul : ce fichier n'est pas un texte")
    return text, None


def _parse(text: str, rel: str, line_offset: int) -> tuple[Document | None, Diagnostic | None]:
    try:
        return load(text, line_offset), None
    except YamlError as exc:
        return None, diagnostic(rel, exc.line, exc.column, exc.code, exc.message)


def read_record(file: Path, rel: str) -> tuple[RawFile | None, Diagnostic | None]:
    """Read a Markdown record: YAML front matter between two `---` lines, then the body."""
    text, problem = _read_text(file, rel)
    if text is None:
        return None, problem
    boundaries = list(BOUNDARY.finditer(text))
    if not boundaries or boundaries[0].start() != 0:
        return None, diagnostic(rel, 1, 1, "entete-absente",
                                "la fiche doit commencer par une ligne « --- » suivie de ses champs")
    if len(boundaries) < 2:
        return None, diagnostic(rel, 1, 1, "entete-absente",
                                "l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé "
                                "par une seconde ligne « --- »")
    start, end = boundaries[0].end(), boundaries[1]
    front = text[start : end.start()]
    doc, problem = _parse(front, rel, text[:start].count("\n"))
    if doc is None:
        return None, problem
    if not isinstance(doc.data, dict):
        line = doc.positions.get((), (2, 1))[0] if doc.data is not None else 1
        kind = "vide" if doc.data is None else "une liste ou une valeur seule"
        return None, diagnostic(rel, line, 1, "entete-non-dictionnaire",
                                f"l'en-tête est {kind} : il doit contenir des champs "
                                "« nom: valeur »")
    body_line = text[: end.end()].count("\n") + 1
    return RawFile(rel, doc, text[end.end() :], body_line), None


def read_data(file: Path, rel: str) -> tuple[RawFile | None, Diagnostic | None]:
    """Read a YAML data file of `data/` (a mapping)."""
    text, problem = _read_text(file, rel)
    if text is None:
        return None, problem
    doc, problem = _parse(text, rel, 0)
    if doc is None:
        return None, problem
    if not isinstance(doc.data, dict):
        return None, diagnostic(rel, 1, 1, "entete-non-dictionnaire",
                                "le fichier doit contenir des champs « nom: valeur »")
    return RawFile(rel, doc), None


def record_files(root: Path) -> list[tuple[str, Path]]:
    """Every record file of the hub, as (section, path), sorted for stable output."""
    found = []
    for section in RECORD_SECTIONS:
        folder = root / "docs" / section
        if folder.is_dir():
            found += [(section, p) for p in sorted(folder.glob("*.md")) if p.name != "index.md"]
    return found
