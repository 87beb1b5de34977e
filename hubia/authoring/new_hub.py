"""`hubia init`: a new, working hub for any territory, written into an empty folder.

The hub has the territory's communes (`data/communes.yml`, from hubia.authoring.territory),
a programme whose phases, fund and rate are left « À REMPLIR » (warnings of `hubia check`, see
check/programme.py), the configuration with the territory's name, a home page, one example
record of each type (`exemple: true`) and a README. It checks with no error and builds at once.
Nothing is ever overwritten: the folder must be absent or empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text.french import capital, of
from .territory import (PACKAGE_NAME, Territory, TerritoryError, build_document,
                        opened_package, render)


class NewHubError(Exception):
    """A hub that cannot be created; the French message is shown as is."""


@dataclass(frozen=True)
class NewHub:
    root: Path
    name: str  # the territory's name
    communes: int
    groupings: int
    files: list[str]  # written, relative to root


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _configuration(scope: dict[str, Any]) -> str:
    name, article = scope["nom"], scope["avec_article"]
    return f"""\
# Configuration du Hub IA, pour les mainteneurs : nom et adresse du site, forge, menu.
# Vérifiée par « hubia check » comme les fiches (message en français, fichier et ligne).

site:
  nom: {_q(f"Hub IA — {name}")}
  nom_court: Hub IA
  description: {_q(f"Le hub de connaissances du programme d'intelligence artificielle {of(article)} "
                   "pour ses communes : parcours, cas d'usage, démonstrateurs et retours "
                   "d'expérience.")}
  editeur: {_q(name)}
  mention: {_q(f"Contenu publié par l'équipe du programme {of(article)} et ses communes.")}
  # Adresse publique complète du site (https://.../). Vide : le plan du site (sitemap.xml)
  # n'est pas produit et la page 404 utilise des liens relatifs à la racine du domaine.
  adresse: ""

# Forge du dépôt : liens « Modifier cette page » et « Historique » de chaque fiche, par exemple
#   modifier: https://github.com/organisation/hub-ia/edit/main/docs/
#   historique: https://github.com/organisation/hub-ia/commits/main/docs/
# Vide : pas de liens. Aucune requête n'est faite vers la forge : ce ne sont que des liens.
forge:
  modifier: ""
  historique: ""

# Une fiche dont la date « mis_a_jour » est plus ancienne que ce nombre de mois est signalée
# par un avertissement de « hubia check » et par la mention « à actualiser » sur sa page.
fraicheur_mois: 12

# Menu principal : chaque entrée mène à une page de docs/ (ou générée), ou regroupe un
# sous-menu. Les fiches n'y figurent jamais : on les atteint par les pages de liste.
menu:
  - titre: Accueil
    page: index.md
  - titre: Rechercher
    page: rechercher.md
  - titre: Parcours
    page: parcours/index.md
  - titre: Cas d'usage
    page: cas-usage/index.md
  - titre: Catalogue
    page: catalogue/index.md
  - titre: Communes
    page: communes/index.md
  - titre: Démonstrateurs
    page: demonstrateurs/index.md
  - titre: Retours d'expérience
    page: retours-experience/index.md
  - titre: Contribuer
    sous_menu:
      - titre: Format des fiches
        page: reference/format-des-fiches.md
      - titre: Codes d'erreur
        page: reference/codes-erreur.md
"""


def _programme(scope: dict[str, Any]) -> str:
    return f"""\
# Chiffres du programme : source unique pour tout le hub (page d'accueil, vérification des
# financements, catalogue). « hubia check » signale chaque « À REMPLIR » par un avertissement
# avec sa ligne ; d'ici là, le site se construit et affiche « à définir ».
nom: {_q(f"Programme IA {of(scope['avec_article'])}")}
# Les phases du programme, dans l'ordre (numero, titre, description, durée facultative).
phases:
  - numero: 1
    titre: "À REMPLIR (titre de la première phase, par exemple « Comprendre et se former »)"
    description: "À REMPLIR (ce que les communes font pendant cette phase, en une ou deux phrases)"
  - numero: 2
    titre: "À REMPLIR (titre de la deuxième phase, par exemple « Expérimenter »)"
    description: "À REMPLIR (ce que les communes font pendant cette phase, en une ou deux phrases)"
fonds:
  nom: "À REMPLIR (nom du fonds qui finance les projets)"
  # Montant du fonds en euros, sans espace ni symbole : 200000
  montant_eur: "À REMPLIR (montant du fonds en euros)"
# Part maximale d'un projet financée par {scope['porteur']} : 0.5 pour 50 %.
taux_financement: "À REMPLIR (part du coût financée, entre 0 et 1 : 0.5 pour 50 %)"
"""


def _home(scope: dict[str, Any], communes: int) -> str:
    porteur = scope["porteur"]
    return f"""\
---
render_macros: true
---

# Hub IA {of(scope['avec_article'])}

Le Hub IA rassemble ce que les communes {of(scope['avec_article'])} apprennent en adoptant
l'intelligence artificielle dans leurs services : les **parcours** thématiques, les **cas
d'usage** expérimentés avec leurs résultats et leurs coûts, les **démonstrateurs d'IA frugale**
et les **retours d'expérience**. Il sert le programme « {{{{ programme.nom }}}} », ouvert aux
{communes} communes du territoire.

## Les phases du programme

{{% for phase in programme.phases %}}
### {{{{ phase.numero }}}}. {{{{ phase.titre }}}}{{% if phase.duree %}} ({{{{ phase.duree }}}}){{% endif %}}

{{{{ phase.description }}}}
{{% endfor %}}

## Le financement

Les projets sont soutenus par le fonds « {{{{ programme.fonds.nom }}}} »{{% if programme.fonds.montant_eur is not none %}}, doté de
{{{{ programme.fonds.montant_eur | euros }}}}{{% endif %}}. {capital(porteur)} peut financer
{{% if programme.taux_financement is not none %}}jusqu'à {{{{ programme.taux_financement | pourcent }}}}{{% else %}}une part (taux à définir){{% endif %}}
d'un projet.

## Explorer le hub

- [Parcours thématiques](parcours/index.md) : les sujets sur lesquels les communes avancent
  ensemble.
- [Cas d'usage](cas-usage/index.md) : les expérimentations des communes, leurs résultats, leurs
  coûts et leur empreinte.
- [Communes](communes/index.md) : ce que le hub publie sur chaque commune.
- [Démonstrateurs d'IA frugale](demonstrateurs/index.md).
- [Retours d'expérience](retours-experience/index.md).

!!! info "Exemples fictifs"
    Les fiches publiées à la création du hub sont des **exemples fictifs**, signalés comme tels
    sur chaque page : remplacez-les par les vraies fiches du programme.
"""


def _track(code: str) -> str:
    return f"""\
---
# Exemple fictif écrit par « hubia init » : remplacez-le par un vrai parcours.
titre: Énergie des bâtiments publics
resume: Réduire la consommation des bâtiments communaux grâce à l'IA.
mis_a_jour: {{today}}
exemple: true
statut: ouvert
ordre: 1
modules:
  - titre: Comprendre la gestion technique du bâtiment
    duree_heures: 3
    objectifs:
      - Lire une courbe de charge
    activites:
      - nature: etude_de_cas
        titre: Le chauffage des écoles
        consigne: Lire la fiche du cas d'usage d'exemple.
        cas_usage: [exemple-chauffage-ecoles]
demonstrateurs:
  - exemple-demonstrateur
communes_candidates:
  - "{code}"
---

## Le parcours

Exemple de parcours : voir le [cas d'usage d'exemple](../cas-usage/exemple-chauffage-ecoles.md).
"""


def _case(code: str) -> str:
    return f"""\
---
# Exemple fictif écrit par « hubia init » : remplacez-le par un vrai cas d'usage.
titre: Pilotage du chauffage des écoles
resume: Un modèle prédit l'occupation des écoles pour ajuster le chauffage.
mis_a_jour: {{today}}
exemple: true
etiquettes: [chauffage, écoles]
parcours: exemple-energie
communes:
  - "{code}"
statut: experimentation
periode:
  debut: {{today}}
financement:
  cout_total_eur: 40000
  part_metropole_eur: 0
ia:
  type_ia: predictive
  modele: Gradient boosting
  fournisseur: Régie municipale
  open_source: true
  hebergement: sur_site
  donnees_personnelles: false
  aipd: non_requise
  niveau_risque_ai_act: minimal
  supervision_humaine: Le technicien valide chaque semaine le planning proposé.
frugalite:
  energie_kwh_an: 120
  co2e_kg_an: 6.5
  methode: Mesure au wattmètre du serveur pendant un mois, extrapolée sur un an.
  pourquoi_ia: Les horaires d'occupation varient trop pour une simple programmation horaire.
contact: energie@commune.exemple.fr
transparence:
  objectif: Relancer le chauffage de chaque école juste assez tôt pour l'ouverture.
  service_responsable: Direction des bâtiments
  decisions_individuelles: false
  donnees:
    - donnees: Températures intérieures et consommations
      source: Gestion technique des bâtiments
  risques:
    - risque: École trop froide à l'ouverture
      mesure: Le gardien peut forcer la relance du chauffage.
  alternatives: Programmation horaire fixe, qui ignore l'inertie de chaque école.
---

## Contexte

Exemple de cas d'usage : décrivez ici le besoin de la commune, la solution et ses résultats.
"""


def _demonstrator(scope: dict[str, Any]) -> str:
    return f"""\
---
# Exemple fictif écrit par « hubia init » : remplacez-le par un vrai démonstrateur.
titre: Démonstrateur d'IA frugale
resume: Exemple de démonstrateur d'IA frugale pour l'énergie des bâtiments publics.
mis_a_jour: {{today}}
exemple: true
porteur: {_q(scope['nom'])}
parcours: [exemple-energie]
statut: non_communique
frugalite:
  pourquoi_ia: Ajuster finement le chauffage à l'usage réel des bâtiments.
---

Exemple de démonstrateur.
"""


def _feedback(code: str) -> str:
    return f"""\
---
# Exemple fictif écrit par « hubia init » : remplacez-le par un vrai retour d'expérience.
titre: Atelier énergie
resume: Ce que les communes ont retenu d'un atelier sur le chauffage.
mis_a_jour: {{today}}
exemple: true
date: {{today}}
nature: atelier
communes: ["{code}"]
cas_usage: exemple-chauffage-ecoles
enseignements:
  - Commencer par mesurer avant de modéliser.
auteurs:
  - role: Responsable énergie
    commune: "{code}"
---

Exemple de compte rendu d'atelier.
"""


def _readme(scope: dict[str, Any], spec: str, communes: int, groupings: int,
            grouping: str) -> str:
    return f"""\
# Hub IA {of(scope['avec_article'])}

Ce hub a été créé par `hubia init --territoire {spec}` : {communes} communes
{of(scope['avec_article'])}, regroupées {grouping} ({groupings} regroupements), d'après le
paquet `{PACKAGE_NAME}`.

## Premiers pas

```sh
hubia check     # liste ce qui reste à remplir (avertissements avec leur ligne)
hubia build     # construit le site dans site/
hubia serve     # aperçu sur http://127.0.0.1:8000, rechargé à chaque modification
```

1. Remplir `data/programme.yml` : les phases, le fonds et le taux de financement du programme
   (chaque « À REMPLIR » est signalé par `hubia check`).
2. Relire `hubia.yml` : nom du site, éditeur, liens vers la forge du dépôt.
3. Remplacer les fiches d'exemple (`exemple: true`) de `docs/` par les vraies fiches :
   `hubia new cas-usage --titre "…"` crée une fiche à remplir, avec tous ses champs commentés.
4. Adapter la page d'accueil, `docs/index.md`.

`data/communes.yml` est généré : ne le modifiez pas à la main.
"""


def create(root: Path, territory: Territory, source: Path | None = None,
           version: str | None = None, today: str = "") -> NewHub:
    """Write a new hub for `territory` into `root` (absent or empty); `today` (ISO date) is
    the date of the example records."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise NewHubError(f"le dossier « {root} » existe déjà et n'est pas vide : hubia init "
                          "n'écrase jamais rien ; choisissez un dossier nouveau ou vide")
    try:
        with opened_package(source, version) as (data_dir, found_version):
            document = build_document(data_dir, found_version, territory)
    except TerritoryError as exc:
        raise NewHubError(str(exc)) from None
    scope, communes = document["territoire"], document["communes"]
    # The examples name the most populous commune (by INSEE code: names repeat in France).
    code = max(communes, key=lambda c: (c["population"], c["code_insee"]))["code_insee"]
    command = (f"hubia init --territoire {territory.spec} (ou, dans le dépôt de Hub IA, "
               f"python scripts/generate_communes.py --territoire {territory.spec} "
               "--output data/communes.yml)")
    files = {
        "README.md": _readme(scope, territory.spec, len(communes), len(document["epts"]),
                             document["regroupement"]["par"]),
        "hubia.yml": _configuration(scope),
        "data/communes.yml": render(document, command),
        "data/programme.yml": _programme(scope),
        "docs/index.md": _home(scope, len(communes)),
        "docs/parcours/exemple-energie.md": _track(code),
        "docs/cas-usage/exemple-chauffage-ecoles.md": _case(code),
        "docs/demonstrateurs/exemple-demonstrateur.md": _demonstrator(scope),
        "docs/retours-experience/exemple-atelier-energie.md": _feedback(code),
        ".gitignore": "site/\n.site-*/\n.cache/\nsupports/\n",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text.replace("{today}", today) if rel.startswith("docs/") else text)
    return NewHub(root, scope["nom"], len(communes), len(document["epts"]), list(files))
