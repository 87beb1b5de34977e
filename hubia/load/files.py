"""Files on disk → raw records (plain values with positions) or diagnostics.

Nothing here knows the schema: it only turns bytes into a `Document` safely, with the line
of every value, so that later stages can point at the exact place of a problem.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, diagnostic
from .yaml import Document, YamlError, load

MAX_BYTES = 256 * 1024  # a record is a few KB; the cap keeps a hostile file from stalling a build
RECORD_SECTIONS = ("parcours", "cas-usage", "demonstrateurs", "retours-experience")
# A line of three dashes or more opens and closes the front matter (Jekyll's convention).
BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)
# Control characters (tab and line break aside), lone carriage returns and Unicode line
# separators: PyYAML would refuse the first with an English message and no line, and counts
# the others as line breaks, which would shift the line of every later value.
_CONTROL_CHARACTERS = "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]"
_CONTROL = re.compile(_CONTROL_CHARACTERS + "|\r(?!\n)")
# The same for a text without any carriage return (most of them): a bare character class is
# searched several times faster than the alternation.
_CONTROL_CHARACTER = re.compile(_CONTROL_CHARACTERS)


@dataclass
class RawFile:
    """One Markdown record or YAML data file, read but not validated."""

    path: str  # relative to the hub's root, with forward slashes
    doc: Document
    body: str = ""
    body_line: int = 1  # line of the file where the Markdown body starts


def read_text(file: Path, rel: str,
              max_bytes: int = MAX_BYTES) -> tuple[str | None, Diagnostic | None]:
    size = file.stat().st_size
    if size > max_bytes:
        return None, diagnostic(rel, 1, 1, "fichier-trop-gros",
                                f"fichier de {size // 1024} Ko : au plus {max_bytes // 1024} Ko")
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
    control = (_CONTROL if "\r" in text else _CONTROL_CHARACTER).search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return None, diagnostic(rel, line, column, "caractere-invisible",
                                f"caractère de contrôle U+{ord(control.group()):04X} : il ne se "
                                "voit pas dans un éditeur ; retirez-le (retapez la ligne au "
                                "besoin)")
    return text, None


def parse(text: str, rel: str, line_offset: int = 0) -> tuple[Document | None, Diagnostic | None]:
    """The YAML `text` of `rel` (starting after `line_offset` lines of its file) as a Document,
    or the diagnostic of why not."""
    try:
        return load(text, line_offset), None
    except YamlError as exc:
        return None, diagnostic(rel, exc.line, exc.column, exc.code, exc.message)


@dataclass
class FrontMatter:
    """A Markdown text cut at the two `---` lines that open it."""

    text: str  # the YAML between them
    line_offset: int  # lines of the file before the YAML
    body: str
    body_line: int  # line of the file where the body starts


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter and body of `text`, or None when it does not open with a closed
    front matter."""
    boundaries = BOUNDARY.finditer(text)
    first, second = next(boundaries, None), next(boundaries, None)
    if first is None or first.start() != 0 or second is None:
        return None
    return FrontMatter(text[first.end():second.start()], text[:first.end()].count("\n"),
                       text[second.end():], text[:second.end()].count("\n") + 1)


def read_record(file: Path, rel: str) -> tuple[RawFile | None, Diagnostic | None]:
    """Read a Markdown record: YAML front matter between two `---` lines, then the body."""
    text, problem = read_text(file, rel)
    if text is None:
        return None, problem
    split = split_front_matter(text)
    if split is None and not BOUNDARY.match(text):
        return None, diagnostic(rel, 1, 1, "entete-absente",
                                "la fiche doit commencer par une ligne « --- » suivie de ses champs")
    if split is None:
        return None, diagnostic(rel, 1, 1, "entete-absente",
                                "l'en-tête ouvert par « --- » à la ligne 1 n'est jamais fermé "
                                "par une seconde ligne « --- »")
    doc, problem = parse(split.text, rel, split.line_offset)
    if doc is None:
        return None, problem
    if not isinstance(doc.data, dict):
        line = doc.positions.get((), (2, 1))[0] if doc.data is not None else 1
        kind = "vide" if doc.data is None else "une liste ou une valeur seule"
        return None, diagnostic(rel, line, 1, "entete-non-dictionnaire",
                                f"l'en-tête est {kind} : il doit contenir des champs "
                                "« nom: valeur »")
    return RawFile(rel, doc, split.body, split.body_line), None


def _name_order(path: Path) -> str:
    return os.path.normcase(path.name)


def record_files(root: Path) -> list[tuple[str, Path]]:
    """Every record file of the hub, as (section, path), sorted for stable output."""
    found = []
    for section in RECORD_SECTIONS:
        folder = root / "docs" / section
        if folder.is_dir():
            # Sorted as the paths themselves sort (one folder: by name, compared as the
            # system compares names), without comparing thousands of Path objects.
            found += [(section, p) for p in sorted(folder.glob("*.md"), key=_name_order)
                      if p.name != "index.md"]
    return found
