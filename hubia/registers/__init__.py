"""Exports to other public registers of algorithms, and the per-commune lists they share.

`systems` says which systems each commune runs (the one source for the commune pages of
algorithms and for every export); each other module writes one register's format:

- `algoritmeregister`: the Dutch algorithm register's publication standard 1.0.0;
- `atrs`: the UK Algorithmic Transparency Recording Standard, tiers 1 and 2;
- `pstw`: the columns of the EU Public Sector Tech Watch dataset.

Each format is a pure function Hub → {file name: bytes}, byte-stable from build to build.
"""

from __future__ import annotations

from collections.abc import Callable

from ..hub import Hub
from . import algoritmeregister, atrs, pstw

Export = Callable[[Hub], dict[str, bytes]]
# Each format: its export, its label, and the one file it writes (its name and media type,
# for the page « Données ouvertes » and the DCAT catalogue).
FORMATS: dict[str, tuple[Export, str]] = {
    "algoritmeregister": (algoritmeregister.files, "registre néerlandais des algorithmes, "
                          "standard de publication 1.0.0"),
    "atrs": (atrs.files, "norme britannique ATRS, niveaux 1 et 2"),
    "pstw": (pstw.files, "jeu de données européen Public Sector Tech Watch"),
}
FILES: dict[str, tuple[str, str]] = {
    "algoritmeregister": (algoritmeregister.FILE, "application/json"),
    "atrs": (atrs.FILE, "application/json"),
    "pstw": (pstw.FILE, "text/csv"),
}


def files(hub: Hub, name: str) -> dict[str, bytes]:
    """The files of the format `name` (a key of FORMATS)."""
    return FORMATS[name][0](hub)
