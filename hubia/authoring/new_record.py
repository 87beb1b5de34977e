"""Create a new record file from the scaffold, never overwriting anything."""

from __future__ import annotations

import difflib
from pathlib import Path

from pydantic_core import PydanticCustomError

from ..communes import Communes
from ..text.clock import reference_date
from ..load.data import read_data
from ..models import CommunesFile
from .scaffold import scaffold, suggest_slug, valid_slug
from ..errors import HubiaError


class NewRecordError(HubiaError):
    """A French message explaining why the record was not created."""


def _communes(root: Path, names: list[str]) -> list[str]:
    """Official names of the given communes (names or codes), or a French error."""
    if not names:
        return []
    raw, problem = read_data(root / "data" / "communes.yml", "data/communes.yml")
    if raw is None:
        raise NewRecordError(f"référentiel des communes illisible : {problem.message}")
    communes = Communes(CommunesFile.model_validate(raw.doc.data))
    try:
        return [communes.name(communes.resolve(name, loose=True)) for name in names]
    except PydanticCustomError as exc:
        raise NewRecordError(exc.message()) from None


def _parcours(root: Path, slug: str | None) -> str | None:
    if slug is None:
        return None
    known = sorted(p.stem for p in (root / "docs" / "parcours").glob("*.md") if p.stem != "index")
    if slug not in known:
        close = difflib.get_close_matches(slug, known, n=1)
        hint = f" : voulez-vous dire « {close[0]} » ?" if close else ""
        raise NewRecordError(f"parcours « {slug} » inconnu{hint} Parcours existants : "
                             + ", ".join(known))
    return slug


def create(root: Path, section: str, slug: str | None, titre: str | None,
           parcours: str | None, communes: list[str]) -> Path:
    if slug is None:
        if not titre:
            raise NewRecordError("indiquez le nom du fichier ou un titre (--titre) pour le "
                                 "déduire")
        slug = suggest_slug(titre)
    if not valid_slug(slug):
        suggestion = suggest_slug(titre or slug)
        hint = f" ; suggestion : « {suggestion} »" if valid_slug(suggestion) else ""
        raise NewRecordError(f"nom « {slug} » invalide : minuscules sans accents, chiffres et "
                             f"tirets{hint}")
    target = root / "docs" / section / f"{slug}.md"
    if target.exists():
        raise NewRecordError(f"la fiche {target.relative_to(root).as_posix()} existe déjà : "
                             "choisissez un autre nom")
    prefill: dict = {"mis_a_jour": reference_date()}
    if titre:
        prefill["titre"] = titre
    resolved = _communes(root, communes)
    if resolved:
        prefill["communes_candidates" if section == "parcours" else "communes"] = resolved
    track = _parcours(root, parcours)
    if track:
        prefill["parcours"] = [track] if section == "demonstrateurs" else track
    target.parent.mkdir(parents=True, exist_ok=True)
    text = scaffold(section, prefill)
    handle = target.open("x", encoding="utf-8")  # never overwrite
    try:
        with handle:
            handle.write(text)
    except BaseException:  # a full disk: no half record left behind (the file is ours)
        target.unlink(missing_ok=True)
        raise
    return target
