"""The « Rechercher » page: a full-text search with facets over the Pagefind index.

The page holds the form and the empty containers; `theme/recherche.js` fills the
facets and the results in the browser. The facets (keys, French labels, order of values) come
from `hubia.generate.search.FACETS`, the same list that tags the records when they are built.
"""

from __future__ import annotations

import json
from html import escape

from ..hub import Entry, Hub
from ..text import french
from .links import href
from .search import commune_facet, facets_config

# The most recent records, written into the page: without words, the page shows them at once.
# Pagefind would load its whole index to list every page by date (« search(null) »: 95
# requests and 630 KB at 2,000 use cases, EcoIndex C); it is loaded when the reader asks for
# more, types a word or ticks a filter.
RECENT = 10

PATH = "rechercher.md"
PATHS = (PATH,)

_SORTS = (("", "Pertinence"), ("recent", "Date : plus récentes d'abord"),
          ("ancien", "Date : plus anciennes d'abord"))


def _recent(hub: Hub) -> str:
    """The RECENT most recently updated records, marked up as theme/recherche.js marks up a
    result (its resultItem without words: type, date, summary)."""
    entries = sorted((e for section in hub.records.values() for e in section.values()),
                     key=lambda e: (e.record.mis_a_jour, e.record.titre), reverse=True)
    items = []
    for e in entries[:RECENT]:
        r = e.record
        badge = ' <span class="hubia-badge">Exemple fictif</span>' if r.exemple else ""
        items.append(
            f'<li class="hubia-resultat"><h3 class="hubia-resultat__titre">'
            f'<a href="{escape(href(PATH, e.src_uri))}">{escape(r.titre)}</a></h3>'
            f'<p class="hubia-resultat__info">{escape(r.type_label)} · mis à jour le '
            f"{escape(french.date(r.mis_a_jour))}{badge}</p>"
            f'<p class="hubia-resultat__extrait">{escape(r.resume)}</p></li>')
    return "".join(items)


def _page(hub: Hub) -> str:
    config = escape(json.dumps(facets_config(hub), ensure_ascii=False), quote=True)
    sorts = "".join(f'<option value="{value}">{escape(label)}</option>' for value, label in _SORTS)
    # One HTML block without blank lines: Python-Markdown passes it through untouched.
    return "\n".join([
        "---", "hide:", "  - toc", "---", "",
        "# Rechercher", "",
        "<p>Cherchez dans les fiches et les pages du hub : un mot suffit, avec ou sans accents. "
        "Sans mot-clé, la page liste toutes les fiches, des plus récentes aux plus anciennes : "
        "les filtres permettent alors de parcourir le catalogue et les cas d'usage par "
        f"{'commune, ' if commune_facet(hub) else ''}territoire, statut ou type d'IA.</p>", "",
        f'<div class="hubia-recherche" data-hubia-recherche data-facettes="{config}">',
        '<form class="hubia-recherche__formulaire" role="search" '
        'aria-label="Rechercher dans le hub">',
        '<label for="hubia-q">Mots recherchés</label>',
        '<div class="hubia-recherche__ligne">',
        '<input type="search" id="hubia-q" name="q" autocomplete="off" spellcheck="false" '
        'enterkeyhint="search">',
        '<button type="submit" class="hubia-bouton hubia-bouton--principal">Rechercher</button>',
        "</div>",
        '<div class="hubia-recherche__tri"><label for="hubia-tri">Trier par</label>',
        f'<select id="hubia-tri" name="tri">{sorts}</select></div>',
        "</form>",
        '<div class="hubia-recherche__corps">',
        '<section class="hubia-facettes" aria-labelledby="hubia-facettes-titre">',
        '<h2 id="hubia-facettes-titre">Filtrer</h2>',
        # On a narrow screen the facets are folded away, so the results stay in view.
        '<button type="button" class="hubia-bouton hubia-facettes__bascule" aria-expanded="false" '
        'aria-controls="hubia-facettes-liste" data-hubia-bascule>Afficher les filtres</button>',
        '<div class="hubia-facettes__liste" id="hubia-facettes-liste">',
        '<div data-hubia-facettes></div>',
        '<button type="button" class="hubia-bouton" data-hubia-effacer hidden>'
        "Retirer tous les filtres</button>",
        "</div>",
        "</section>",
        '<section class="hubia-resultats-zone" aria-labelledby="hubia-resultats-titre">',
        '<h2 id="hubia-resultats-titre">Résultats</h2>',
        '<p class="hubia-recherche__etat" role="status" data-hubia-etat>'
        "Les fiches les plus récentes :</p>",
        f'<ol class="hubia-resultats" data-hubia-resultats data-hubia-recentes>{_recent(hub)}</ol>',
        '<button type="button" class="hubia-bouton" data-hubia-plus hidden>'
        "Afficher plus de résultats</button>",
        "</section>",
        "</div>",
        # Shown until the script starts (no <noscript>: the output scan treats it as active).
        "<p data-hubia-sans-js>La recherche fonctionne dans le navigateur : activez "
        "JavaScript, ou parcourez les pages de liste du menu.</p>",
        "</div>", ""])


def pages(hub: Hub) -> dict[str, str]:
    return {PATH: _page(hub)}
