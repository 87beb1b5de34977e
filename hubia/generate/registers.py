"""`donnees/registres/`: the exports to other registers of algorithms, and their index page.

The same files as `hubia export --format FORMAT` (registers/), published with the site so
that another register can harvest them. The files themselves are written, measured and
dated by the page « Données ouvertes » (open_data.py), which lists them with every other
download; this page explains them.
"""

from __future__ import annotations

from html import escape

from ..hub import Hub
from ..registers import FILES, FORMATS
from . import open_data
from .links import href
from .tables import front_matter, markdown_page, table

INDEX = open_data.REGISTERS_FOLDER + "index.md"
PATHS = (INDEX,)


def pages(hub: Hub) -> dict[str, str | bytes]:
    del hub  # the same page for every hub: sizes and dates are on « Données ouvertes »
    rows = [[f'<a href="{escape(FILES[name][0])}" download>{escape(FILES[name][0])}</a>',
             escape(label[0].upper() + label[1:])]
            for name, (_, label) in FORMATS.items()]
    return {INDEX: markdown_page([
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
        table("Fichiers exportés", ["Fichier", "Format"], rows),
        f'<p>Leur taille, leur licence et leur date de mise à jour sont sur la page '
        f'<a href="{escape(href(INDEX, open_data.INDEX))}">Données ouvertes</a>, qui les '
        "décrit aussi dans son catalogue DCAT.</p>",
        "<p>Chaque commune a aussi sa propre liste, lisible et imprimable, sur sa page "
        "« Algorithmes » (depuis la page de la commune).</p>",
    ])}
