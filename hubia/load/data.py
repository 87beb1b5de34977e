"""Data files (`data/*.yml`, `hubia.yml`) → Documents, or the diagnostics of why not.

Like files.py, nothing here knows the schema: check/ validates each Document against its model.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, diagnostic
from .files import RawFile, parse, read_text
from .yaml import Document


# The communes of a whole country (`hubia init --territoire france`, about 35,000 rows) make a
# file of a few MB; it is generated from a pinned package, not written by hand.
GENERATED_MAX_BYTES = {"data/communes.yml": 32 * 1024 * 1024}


def read_data(file: Path, rel: str) -> tuple[RawFile | None, Diagnostic | None]:
    """Read a YAML data file of `data/` (a mapping)."""
    text, problem = (read_text(file, rel, GENERATED_MAX_BYTES[rel])
                     if rel in GENERATED_MAX_BYTES else read_text(file, rel))
    if text is None:
        return None, problem
    doc, problem = parse(text, rel)
    if doc is None:
        return None, problem
    if not isinstance(doc.data, dict):
        return None, diagnostic(rel, 1, 1, "entete-non-dictionnaire",
                                "le fichier doit contenir des champs « nom: valeur »")
    return RawFile(rel, doc), None


def read_data_file(root: Path, rel: str, problems: list[Diagnostic],
                   optional: bool = False) -> Document | None:
    """The data file `rel` of the hub, or None with its problem added to `problems` (an
    optional file that is absent is no problem)."""
    file = root / rel
    if not file.is_file():
        if not optional:
            problems.append(diagnostic(rel, 1, 1, "fichier-manquant",
                                       f"fichier de données « {rel} » introuvable"))
        return None
    raw, problem = read_data(file, rel)
    if raw is None:
        problems.append(problem)
        return None
    return raw.doc
