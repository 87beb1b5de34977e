"""`data/programme.yml`, with the figures a new hub leaves « À REMPLIR ».

`hubia init` cannot know a territory's phases, fund or rate: it writes them as placeholders.
Each one is a warning at its line (not an error), so that the new hub checks and builds at
once for a first preview; a figure still to fill is read as unknown (None), and the pages say
« à définir » rather than a number nobody chose.
"""

from __future__ import annotations

import copy
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.data import read_data_file
from ..load.yaml import Document
from ..models import Programme
from .placeholders import find_placeholders
from .rules import located
from .schema_errors import validated

# The figures that are numbers: a placeholder there stands for « not known yet ».
NUMBERS = {("taux_financement",), ("fonds", "montant_eur"), ("plafond_financement_eur",)}


def read_programme(root: Path, rel: str, problems: list[Diagnostic]) -> Programme | None:
    """The programme of the hub, its placeholders reported as warnings at their lines."""
    doc = read_data_file(root, rel, problems)
    if doc is None:
        return None
    holes = [(path, "programme-a-remplir",
              message.replace(" est à remplir", " du programme est à remplir", 1))
             for path, _, message in find_placeholders(doc)]
    problems += located(rel, doc, holes)
    data = copy.deepcopy(doc.data)
    for path, _, _ in holes:
        if tuple(path) in NUMBERS:
            parent = data
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = None
    return validated(Programme, Document(data, doc.positions), rel, problems)
