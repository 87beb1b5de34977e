"""`donnees/registres/`: the exports to other registers of algorithms, and their index page.

The same files as `hubia export --format FORMAT` (registers/), published with the site so
that another register can harvest them.
"""

from __future__ import annotations

from html import escape

from ..hub import Hub
from ..registers import FORMATS
from .tables import front_matter, markdown_page, table

FOLDER = "donnees/registres/"
INDEX = FOLDER + "index.md"
PATHS = (INDEX,)


def _size(content: bytes) -> str:
    kilo = len(content) / 1000
    return f"{len(content)} octets" if kilo < 1 else f"{kilo:.0f} ko".replace(".", ",")


def pages(hub: Hub) -> dict[str, str | bytes]:
    found: dict[str, str | bytes] = {}
    rows = []
    for name, (export, label) in FORMATS.items():
        for file, content in export(hub).items():
            found[FOLDER + file] = content
            rows.append([f'<a href="{escape(file)}" download>{escape(file)}</a>',
                         escape(label[0].upper() + label[1:]), _size(content)])
    found[INDEX] = markdown_page([
        front_matter("Exports vers d'autres registres d'algorithmes",
                     "Les systèmes d'IA publiés par le Hub IA, aux formats des registres "
                     "néerlandais, britannique et européen."),
        "# Exports vers d'autres registres d'algorithmes",
        "<p>Les systèmes d'algorithmes et d'IA que les communes publient sur le hub, aux formats "
        "de trois registres publics : le registre néerlandais des algorithmes (un "
        "enregistrement par commune et par système), la norme britannique ATRS et le jeu de "
        "données européen Public Sector Tech Watch (une ligne par cas d'usage). Les textes "
        "restent en français ; les correspondances entre nos champs et les leurs, et ce qui "
        "reste vide, sont décrites dans le README du dépôt. Les mêmes fichiers s'obtiennent "
        "avec <code>hubia export --format FORMAT</code>.</p>",
        table("Fichiers exportés", ["Fichier", "Format", "Taille"], rows),
        "<p>Chaque commune a aussi sa propre liste, lisible et imprimable, sur sa page "
        "« Algorithmes » (depuis la page de la commune).</p>",
    ])
    return found
