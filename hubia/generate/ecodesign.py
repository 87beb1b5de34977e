"""The « Déclaration d'écoconception » page (RGESN): what the hub does to stay light, and the
EcoIndex of each page type of this very site, measured at build time (site/ecodesign.py) from
the files the build wrote. A pure function of the hub and those figures."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .. import ecoindex
from ..text import french
from .public_pages import ECODESIGN, TITLES
from .tables import markdown_page, table

TITLE = "Déclaration d'écoconception"
META = {"title": TITLES[ECODESIGN],
        "description": "Ce que fait le hub pour rester sobre, et l'EcoIndex de ses pages."}


@dataclass(frozen=True)
class Measure:
    """The heaviest page of one page type, as the build wrote it."""

    kind: str  # French label of the page type
    pages: int  # pages of this type in the site
    path: str | None  # docs path of the page measured; None for the 404 page (no address)
    dom: int  # elements of the page
    requests: int  # the page, its stylesheet, scripts, icon and images
    compressed: int  # bytes of all of them compressed with gzip

    @property
    def kilobytes(self) -> float:
        return self.compressed / 1024

    @property
    def score(self) -> float:
        return ecoindex.score(self.dom, self.requests, self.kilobytes)


def page(measures: list[Measure]) -> str:
    """The page's Markdown (its front matter is META)."""
    rows = [[f'<a href="{escape(m.path)}">{escape(m.kind)}</a>' if m.path else escape(m.kind),
             french.number(m.pages),
             french.number(m.dom), french.number(m.requests), french.number(m.kilobytes, 1),
             french.number(round(m.score)), ecoindex.grade(m.score)] for m in measures]
    worst = min(measures, key=lambda m: m.score) if measures else None
    summary = (f"<p>La page la plus lourde du site, « {escape(worst.kind)} », obtient "
               f"{french.number(round(worst.score))} sur 100 (classe "
               f"{ecoindex.grade(worst.score)}).</p>" if worst else "")
    parts = [
        f"# {TITLE}",
        "<p>Un programme qui promeut une IA frugale se doit d'avoir un site sobre. Cette page "
        "dit ce que fait le hub pour limiter son empreinte, en suivant les thèmes du "
        "référentiel général d'écoconception de services numériques (RGESN), et publie les "
        "mesures de ses propres pages. Elle ne constitue pas une évaluation complète du "
        "RGESN.</p>",
        "## Ce que fait le site",
        "<ul><li>Des pages statiques, construites une fois pour toutes : aucun serveur "
        "d'application ni base de données ne calcule une page à chaque visite.</li>"
        "<li>Rien ne vient d'un autre site : ni police, ni bibliothèque, ni mesure d'audience, "
        "ni vidéo.</li>"
        "<li>Une feuille de style et un script communs à toutes les pages ; les autres scripts "
        "ne sont chargés que par les pages qui s'en servent.</li>"
        "<li>Des listes de 50 fiches au plus par page, et des index groupés : une page reste "
        "légère quand le hub grandit.</li>"
        "<li>Les graphiques sont des images SVG dessinées à la construction, accompagnées de "
        "leurs données en tableau.</li>"
        "<li>La recherche ne télécharge que les morceaux de l'index dont elle a besoin, au "
        "moment où l'on cherche.</li></ul>",
        "## Mesures des pages",
        "<p>Pour chaque type de page, la plus lourde du site est mesurée à la construction : "
        "nombre d'éléments de la page, nombre de fichiers à télécharger (la page, sa feuille "
        "de style, ses scripts, son icône et ses images) et leur poids une fois compressés. "
        "Ces trois mesures donnent l'EcoIndex de la page, de 0 à 100, et sa classe, de A à "
        "G.</p>" + summary,
        table("EcoIndex de la page la plus lourde de chaque type",
              ["Type de page", "Pages", "Éléments", "Requêtes", "Ko compressés", "EcoIndex",
               "Classe"], rows, row_headers=True, hidden_caption=False),
        "## Méthode",
        "<p>L'EcoIndex est la méthode publiée par le collectif GreenIT (ecoindex.fr) : "
        "chacune des trois mesures est placée sur les quantiles des pages de l'HTTP Archive, "
        "puis la note vaut 100 - 5 × (3 × q<sub>éléments</sub> + 2 × q<sub>requêtes</sub> + "
        "q<sub>poids</sub>) / 6. Classes : A au-dessus de 80, B de 70, C de 55, D de 40, E de "
        "25, F de 10, G en dessous.</p>"
        "<p>Les mesures de cette page sont calculées à partir des fichiers produits, sans "
        "navigateur : les éléments sont comptés dans le HTML écrit, et les fichiers que la "
        "recherche télécharge quand on l'utilise ne sont pas comptés. Le banc d'essai du hub "
        "mesure les mêmes types de page dans Chromium, sur un hub de 2 000 cas d'usage. Cette "
        "page elle-même n'est pas mesurée.</p>",
    ]
    return markdown_page(parts)
