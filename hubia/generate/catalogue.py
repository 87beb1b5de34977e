"""Site pages of the scale-up catalogue, from the same `Catalogue` object as the exports.

- `catalogue/index.md`: the solutions with their key figures, the downloads, how it is computed;
- `catalogue/<slug>.md`: one page per solution, with the funding simulator and the
  steps to adopt it;
- `catalogue/dossier-<slug>.html`: the printable application summary, with blanks
  (a standalone page: nothing but the summary is printed);
- `catalogue/resume-candidature-<slug>.txt`: the same summary as a text file;
- the exports `catalogue/catalogue.{json,csv,schema.json}` are written by open_data.py, which
  lists them with the hub's other downloads (one computation for the page and the files).

The simulator is a plain form whose figures are computed by theme/catalogue.js
from the rate and ceiling written into its data attributes; without JavaScript it stays hidden
and the table of reference costs says everything.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from html import escape

from ..catalogue import compute as cat
from ..catalogue.compute import Catalogue, CommuneCatalogue, EntreeCatalogue, Repartition
from ..funding import plain
from ..hub import Hub
from ..text import french
from .card import EXAMPLE_BANNER
from .frugality import frugality_card
from .tables import bullet_list, definitions, front_matter, heading_text, markdown_page, table
from ..theme import csp
from .. import theme
from .links import file_href, href, relative
from .listings import pager

PATHS = ("catalogue/index.md",)
INDEX = "catalogue/index.md"


def _href(src: str, target: str) -> str:
    """Relative href, HTML-escaped, from the page `src` to the site page `target`."""
    return escape(relative(src, target))


def _a(src: str, target: str, text: str) -> str:
    return f'<a href="{_href(src, target)}">{escape(text)}</a>' if target else escape(text)


def _communes(src: str, communes: list[CommuneCatalogue]) -> str:
    return ", ".join(_a(src, c.page, c.nom) for c in communes) or "—"


def _summary_name(entry: EntreeCatalogue) -> str:
    return f"catalogue/resume-candidature-{entry.slug}.txt"


def _summary_page_name(entry: EntreeCatalogue) -> str:
    # A flat file beside the entry pages: its links are the same with or without directory
    # URLs (the offline edition has none).
    return f"catalogue/dossier-{entry.slug}.html"


def _percent(catalogue: Catalogue) -> str:
    """« 50 % », or what a new hub shows until its programme sets the rate."""
    return (french.percent(catalogue.taux_financement) if catalogue.taux_connu
            else "(taux à définir)")


def _of(catalogue: Catalogue) -> str:
    """« de la Métropole »: of whoever funds the programme (data/communes.yml)."""
    return french.of(catalogue.porteur)


def _rate(catalogue: Catalogue) -> str:
    """« 50 % », with the ceiling when the programme sets one."""
    text = _percent(catalogue)
    if catalogue.plafond_financement_eur is not None:
        text += f", plafonnée à {french.euros(catalogue.plafond_financement_eur)}"
    return text


def _share_label(catalogue: Catalogue) -> str:
    return f"Part {_of(catalogue)} ({_rate(catalogue)})"


def _costs_table(catalogue: Catalogue, entry: EntreeCatalogue, caption: str) -> str:
    def row(label: str, split: Repartition) -> list[str]:
        return [label, french.euros(split.cout_eur), french.euros(split.part_metropole_eur),
                french.euros(split.reste_a_charge_eur)]

    money = entry.financement
    return table(caption, ["Poste", "Coût pour une commune", escape(_share_label(catalogue)),
                           "Reste à charge de la commune"],
                 [row("Investissement", money.investissement),
                  row("Fonctionnement, par an (part indicative)", money.fonctionnement_annuel)],
                 row_headers=True)


def _method(catalogue: Catalogue) -> str:
    ceiling = (f"Le programme ne fixe pas de plafond à la part {_of(catalogue)}."
               if catalogue.plafond_financement_eur is None else
               f"La part {_of(catalogue)} est plafonnée à "
               f"{french.euros(catalogue.plafond_financement_eur)} pour chaque montant calculé.")
    return (f'<div class="admonition note hubia-note"><p class="admonition-title">'
            f"Comment les montants sont calculés</p>"
            f"<p>Taux de financement {escape(_of(catalogue))} : "
            f"{_percent(catalogue)}, fixé par le programme. {escape(ceiling)}</p>"
            f"<p>{escape(catalogue.regle_calcul)}</p>"
            f"<p>{escape(catalogue.hypothese_fonctionnement)}</p></div>")


# --- Listing page -----------------------------------------------------------------------

# Solutions of a track on the catalogue's index; a track with more has pages of its own,
# TRACK_PAGE rows each. A table row of the catalogue takes a dozen elements: at 50 rows a
# track, the index and the tracks' pages graded C on the EcoIndex.
INDEX_SHORT = 5
TRACK_PAGE = 25

def _listing(entries: list[EntreeCatalogue], caption: str, src: str = INDEX) -> str:
    rows = []
    for e in entries:
        money = e.financement
        badge = ' <span class="hubia-badge">Exemple fictif</span>' if e.exemple else ""
        rows.append([_a(src, e.page, e.titre) + badge, _communes(src, e.communes_pilotes),
                     str(len(e.adoptions)),
                     f"{french.euros(money.investissement.cout_eur)}, dont "
                     f"{french.euros(money.investissement.reste_a_charge_eur)} pour la commune",
                     french.euros(money.fonctionnement_annuel.cout_eur),
                     f"{e.delai_deploiement_mois} mois"])
    return table(caption, ["Solution", "Éprouvée par", "Communes qui la reprennent",
                           "Investissement", "Fonctionnement par an", "Délai de déploiement"],
                 rows)


def _index(hub: Hub, catalogue: Catalogue) -> str:
    by_track: dict[str, list[EntreeCatalogue]] = defaultdict(list)
    for entry in sorted(catalogue.entrees, key=lambda e: e.titre.casefold()):
        by_track[entry.parcours.slug].append(entry)
    order = [t.slug for t in hub.parcours()]
    sections = []
    for slug in sorted(by_track, key=lambda s: (order.index(s) if s in order else len(order), s)):
        title, found = by_track[slug][0].parcours.titre, by_track[slug]
        sections.append(f"### {heading_text(title)}")
        if len(found) > INDEX_SHORT:  # the rest on the track's pages: the index stays small
            sections.append(
                f"<p>{len(found)} solutions ; voici les {INDEX_SHORT} que le plus de communes "
                f'reprennent. <a href="{escape(href(INDEX, track_path(slug)))}">Toutes les '
                f"solutions du parcours « {escape(title)} » ({len(found)})</a></p>")
            found = sorted(found, key=lambda e: -len(e.adoptions))[:INDEX_SHORT]
        sections.append(_listing(found, f"Solutions du parcours « {title} »"))
    adopters = {a.commune.code_insee for e in catalogue.entrees for a in e.adoptions}
    listing = sections or [
        "<p>Aucune solution n'est encore au catalogue : une solution y entre dès qu'un cas "
        "d'usage est jugé concluant et décrit son passage à l'échelle.</p>"]
    # A list of names and what they hold, not a table: a third fewer elements.
    columns = '<dl class="hubia-definitions">' + "".join(
        f"<dt><code>{name}</code></dt><dd>{escape(text)}</dd>"
        for name, text, _ in cat.CSV_COLUMNS) + "</dl>"
    figures = definitions([
        ("Solutions éprouvées", str(len(catalogue.entrees))),
        ("Communes qui en reprennent une", str(len(adopters))),
        (f"Financement {escape(_of(catalogue))}", escape(_rate(catalogue))),
    ], "hubia-chiffres")
    downloads = bullet_list([
        f'<a href="catalogue.csv" download>Catalogue au format CSV</a> (tableur, UTF-8, '
        "séparateur virgule)",
        '<a href="catalogue.json" download>Catalogue au format JSON</a>',
        '<a href="catalogue.schema.json" download>Schéma JSON du catalogue</a> (description '
        "de chaque champ)"])
    return markdown_page([
        front_matter("Catalogue de passage à l'échelle",
                     "Les solutions d'IA éprouvées par une commune "
                     f"{french.of(hub.communes.territoire.avec_article)}, que les autres "
                     f"communes peuvent reprendre avec un financement "
                     f"{french.of(hub.communes.territoire.porteur)}."),
        "# Catalogue de passage à l'échelle",
        "<p>Chaque solution de ce catalogue a été expérimentée avec succès par au moins une "
        f"commune {escape(french.of(hub.communes.territoire.porteur))}. Une autre commune peut "
        f"la reprendre : {escape(hub.communes.territoire.porteur)} finance "
        "alors une part du coût. Chaque fiche indique ce que la solution a donné, ce qu'elle "
        "coûte, qui l'utilise déjà, qui contacter et comment déposer sa candidature.</p>",
        figures, "## Les solutions", *listing, "## Télécharger le catalogue",
        "<p>Le catalogue est calculé à partir des fiches du hub à chaque construction du site ; "
        "personne ne le tient à jour à la main.</p>", downloads,
        "## Comment les montants sont calculés", _method(catalogue),
        "## Colonnes du fichier CSV",
        "<p>Une ligne par solution. Les listes sont séparées par « ; », les montants sont en "
        "euros avec un point décimal (<code>12000.50</code>), les dates au format "
        "AAAA-MM-JJ. Une cellule qui commencerait par <code>=</code>, <code>+</code>, "
        "<code>-</code> ou <code>@</code> est précédée d'une apostrophe pour qu'aucun tableur "
        "ne l'exécute comme une formule.</p>", columns])


# --- Entry page ------------------------------------------------------------------------

def _data_amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _simulator(catalogue: Catalogue, entry: EntreeCatalogue) -> str:
    money = entry.financement
    invest, running = money.investissement.cout_eur, money.fonctionnement_annuel.cout_eur
    result_rows = [
        ['Investissement', '<span data-resultat="investissement-cout"></span>',
         '<span data-resultat="investissement-part"></span>',
         '<span data-resultat="investissement-reste"></span>'],
        ['Fonctionnement, par an (part indicative)',
         '<span data-resultat="fonctionnement-cout"></span>',
         '<span data-resultat="fonctionnement-part"></span>',
         '<span data-resultat="fonctionnement-reste"></span>']]
    results = table("Résultat de la simulation", [
        "Poste", "Coût total pour la commune", escape(_share_label(catalogue)),
        "Reste à charge de la commune"], result_rows, row_headers=True, hidden_caption=False)

    def field(name: str, label: str, value: str, help_text: str, **limits: str) -> str:
        attributes = " ".join(f'{key}="{val}"' for key, val in limits.items())
        return (f'<p><label for="simulateur-{name}">{label}</label>'
                f'<input id="simulateur-{name}" name="{name}" type="number" value="{value}" '
                f'{attributes} aria-describedby="simulateur-{name}-aide simulateur-{name}-erreur" '
                f'required><span id="simulateur-{name}-aide" class="hubia-aide">{help_text}</span>'
                f'<span id="simulateur-{name}-erreur" class="hubia-erreur-champ" '
                f'data-erreur="{name}"></span></p>')

    return "".join([
        f'<form class="hubia-simulateur" hidden data-taux="{plain(catalogue.taux_financement)}" '
        f'data-plafond="{_data_amount(catalogue.plafond_financement_eur)}" '
        f'data-porteur="{escape(catalogue.porteur)}" data-porteur-de="{escape(_of(catalogue))}" '
        'aria-labelledby="simulateur-titre" novalidate>',
        '<h3 id="simulateur-titre">Simuler le financement pour votre commune</h3>',
        "<fieldset><legend>Les chiffres de votre commune</legend>",
        field("sites", "Nombre de sites à équiper", "1",
              "Écoles, bâtiments, rues... chaque site au coût indiqué ci-dessous.",
              min="1", max="1000", step="1", inputmode="numeric"),
        field("investissement", "Investissement par site (€)", f"{invest:.2f}",
              f"Prérempli avec le coût de référence pour une commune ({french.euros(invest)}) : "
              "remplacez-le par votre devis ou votre estimation.",
              min="0", max="100000000", step="0.01", inputmode="decimal"),
        field("fonctionnement", "Fonctionnement annuel par site (€)", f"{running:.2f}",
              f"Coût de référence : {french.euros(running)} par an.",
              min="0", max="100000000", step="0.01", inputmode="decimal"),
        "</fieldset>",
        '<button type="submit" class="hubia-bouton">Calculer</button>',
        '<div class="hubia-simulateur-message" aria-live="polite" aria-atomic="true">'
        '<p data-resultat="message"></p></div>',
        results, "</form>",
        # Shown until the script starts (no <noscript>: the output scan treats it as active).
        "<p data-hubia-sans-js>Le simulateur a besoin de JavaScript. Le tableau ci-dessus donne "
        f"les montants pour le coût de référence : la part {escape(_of(catalogue))} est de "
        f"{_percent(catalogue)} du coût de votre commune.</p>"])


def _phase_steps(catalogue: Catalogue, entry: EntreeCatalogue) -> list[tuple[str, str]]:
    """The steps of phase 3 for this solution, as (title, HTML text)."""
    pilots = ", ".join(escape(c.nom) for c in entry.communes_pilotes)
    return [
        ("Échanger avec la commune pilote",
         f"{pilots} a déjà mis la solution en service : son équipe peut dire ce qu'elle a "
         f"demandé en temps et en données. Écrivez à "
         f'<a href="mailto:{escape(entry.contact)}">{escape(entry.contact)}</a> et vérifiez '
         "les prérequis ci-dessus."),
        ("Préparer le dossier de candidature",
         f"La commune présente un dossier {escape(french.to(catalogue.porteur))} : le besoin, "
         "les sites concernés, le "
         "coût estimé et le calendrier. Le résumé prérempli ci-dessous rassemble ce que le hub "
         "sait de la solution ; complétez les champs laissés en blanc."),
        ("Passage devant le comité d'examen",
         f"Un comité d'examen {escape(_of(catalogue))} étudie le dossier avant tout "
         "accompagnement ; il "
         "peut demander des précisions à la commune."),
        ("Financement et déploiement",
         f"Si le dossier est retenu, {escape(catalogue.porteur)} finance jusqu'à "
         f"{_percent(catalogue)} du coût. La commune achète la "
         f"solution ({escape(entry.voie_achat.libelle.lower())}) et la déploie, en "
         f"{entry.delai_deploiement_mois} mois environ d'après la commune pilote."),
        ("Partager à son tour",
         "Une fois la solution en service, la commune apparaît parmi ses utilisatrices et "
         "partage son retour d'expérience au Club IA."),
    ]


def _entry_page(catalogue: Catalogue, entry: EntreeCatalogue) -> str:
    src = f"catalogue/{entry.slug}.md"
    money = entry.financement
    period = (f"du {french.date(entry.periode.debut)} au {french.date(entry.periode.fin)}"
              if entry.periode.fin else f"depuis le {french.date(entry.periode.debut)}")
    results = table("Résultats mesurés pendant l'expérimentation",
                    ["Indicateur", "Avant", "Après", "Unité"],
                    [[escape(r.indicateur), french.number(r.avant), french.number(r.apres),
                      escape(r.unite)] for r in entry.resultats]) if entry.resultats else (
        "<p>Aucun résultat chiffré n'a été publié.</p>")
    adoptions = table("Communes qui reprennent la solution",
                      ["Commune", escape(catalogue.regroupement), "Statut", "Depuis le"],
                      [[_a(src, a.commune.page, a.commune.nom), escape(a.commune.ept),
                        escape(a.statut.libelle), french.date(a.date)]
                       for a in entry.adoptions]) if entry.adoptions else (
        "<p>Aucune autre commune ne l'a encore reprise : la vôtre peut être la première.</p>")
    retours = table("Retours d'expérience liés", ["Retour d'expérience", "Date", "Nature"],
                    [[_a(src, r.page, r.titre), french.date(r.date), escape(r.nature.libelle)]
                     for r in entry.retours_experience]) if entry.retours_experience else (
        "<p>Aucun retour d'expérience publié sur cette solution pour l'instant.</p>")
    frugal, gov = entry.frugalite, entry.gouvernance
    code = (f'<a href="{escape(entry.code_source)}" rel="noopener">{escape(entry.code_source)}</a>'
            if entry.code_source else "non publié")
    steps = "".join(f"<li><strong>{escape(title)}.</strong> {text}</li>"
                    for title, text in _phase_steps(catalogue, entry))
    return markdown_page([
        front_matter(entry.titre, entry.resume),
        (EXAMPLE_BANNER if entry.exemple else "")
        + '<p class="hubia-type">Catalogue de passage à l\'échelle</p>'
        f"<h1>{escape(entry.titre)}</h1>"
        f'<p class="hubia-resume">{escape(entry.resume)}</p>',
        definitions([
            ("Parcours", _a(src, entry.parcours.page, entry.parcours.titre)),
            ("Éprouvée par", _communes(src, entry.communes_pilotes)),
            ("Communes qui la reprennent", str(len(entry.adoptions))),
            ("Investissement pour une commune", french.euros(money.investissement.cout_eur)),
            (f"Part {escape(_of(catalogue))}",
             french.euros(money.investissement.part_metropole_eur)),
            ("Reste à charge de la commune", french.euros(money.investissement.reste_a_charge_eur)),
            ("Fonctionnement par an", french.euros(money.fonctionnement_annuel.cout_eur)),
            ("Délai de déploiement", f"{entry.delai_deploiement_mois} mois"),
        ], "hubia-chiffres"),
        "## Ce que la solution a donné",
        f"<p>Expérimentation menée par {_communes(src, entry.communes_pilotes)} {period}.</p>",
        results,
        "## Qui l'utilise ou la reprend",
        f"<p>Éprouvée par {_communes(src, entry.communes_pilotes)}.</p>", adoptions,
        "## Ce qu'elle coûte à votre commune",
        _costs_table(catalogue, entry, "Coûts et financement pour une commune, au coût de "
                                       "référence"),
        _method(catalogue), _simulator(catalogue, entry),
        "## Mise en œuvre",
        definitions([
            ("Prérequis", bullet_list([escape(p) for p in entry.prerequis])),
            ("Délai de déploiement", f"{entry.delai_deploiement_mois} mois"),
            ("Voie d'achat", escape(entry.voie_achat.libelle)),
            ("Fournisseurs", bullet_list([escape(f) for f in entry.fournisseurs])),
            ("Licence", escape(entry.licence)),
            ("Code source", code)]),
        frugality_card(frugal),
        "## Gouvernance",
        definitions([
            ("Type d'IA", escape(gov.type_ia.libelle)),
            ("Modèle", escape(gov.modele)),
            ("Fournisseur du modèle", escape(gov.fournisseur)),
            ("Modèle ouvert", "Oui" if gov.open_source else "Non"),
            ("Hébergement", escape(gov.hebergement.libelle)),
            ("Données personnelles", "Oui" if gov.donnees_personnelles else "Non"),
            ("Analyse d'impact (AIPD)", escape(gov.aipd.libelle)),
            ("Niveau de risque (AI Act)", escape(gov.niveau_risque_ai_act.libelle)),
            ("Supervision humaine", escape(gov.supervision_humaine))]),
        "## Contact",
        f'<p>Commune pilote : <a href="mailto:{escape(entry.contact)}">'
        f"{escape(entry.contact)}</a></p>",
        "## Retours d'expérience liés", retours,
        "## Comment adopter cette solution",
        f'<ol class="hubia-etapes">{steps}</ol>',
        bullet_list([
            f'<a href="{escape(file_href(src, _summary_page_name(entry)))}">Résumé de '
            "candidature prérempli, à imprimer</a> (page imprimable, avec des champs à "
            "compléter)",
            f'<a href="{escape(file_href(src, _summary_name(entry)))}" download>Télécharger le '
            "résumé au format texte</a> (à compléter dans un traitement de texte)"]),
        "<p>Ce résumé aide à préparer le dossier ; il ne remplace pas le formulaire de "
        f"candidature {escape(_of(catalogue))}.</p>",
        f'<p><a href="{_href(src, entry.fiche)}">Lire la fiche complète du cas d\'usage</a></p>',
    ])


# --- Application summary ------------------------------------------------------------------

BLANKS = ("Commune", "Service porteur du projet", "Référent (fonction et adresse de service)",
          "Besoin de la commune, en quelques lignes", "Sites concernés (nombre et liste)",
          "Investissement estimé (€)", "Part demandée {to} (€)",
          "Fonctionnement annuel estimé (€)", "Calendrier prévu", "Prérequis déjà réunis",
          "Actions prévues pour les autres prérequis",
          "Données utilisées et analyse d'impact (AIPD)", "Décision de la commune (date)")


def _blanks(catalogue: Catalogue) -> list[str]:
    """The fields of the summary left blank, with the funder's name (« à la Métropole »)."""
    return [label.format(to=french.to(catalogue.porteur)) for label in BLANKS]


def _facts(catalogue: Catalogue, entry: EntreeCatalogue) -> list[tuple[str, list[tuple[str, str]]]]:
    """What the hub knows of the solution, as sections of (label, plain text)."""
    money = entry.financement

    def amounts(split: Repartition) -> str:
        return (f"{french.euros(split.cout_eur)}, dont {french.euros(split.part_metropole_eur)} "
                f"pour {catalogue.porteur} et {french.euros(split.reste_a_charge_eur)} pour la "
                "commune")

    pilots = ", ".join(c.nom for c in entry.communes_pilotes)
    gov = entry.gouvernance
    return [
        ("La solution", [
            ("Solution", entry.titre), ("Parcours", entry.parcours.titre),
            ("Éprouvée par", pilots), ("Contact de la commune pilote", entry.contact),
            ("Résultats mesurés", " ; ".join(
                f"{r.indicateur} : {french.number(r.avant)} → {french.number(r.apres)} {r.unite}"
                for r in entry.resultats) or "non publiés"),
            ("Autres communes qui la reprennent", ", ".join(
                f"{a.commune.nom} ({a.statut.libelle.lower()})" for a in entry.adoptions)
             or "aucune pour l'instant")]),
        ("Coûts de référence pour une commune", [
            ("Investissement", amounts(money.investissement)),
            ("Fonctionnement par an (part indicative)", amounts(money.fonctionnement_annuel)),
            ("Taux de financement", _percent(catalogue))]),
        ("Mise en œuvre", [
            ("Prérequis", " ; ".join(entry.prerequis)),
            ("Délai de déploiement", f"{entry.delai_deploiement_mois} mois"),
            ("Voie d'achat", entry.voie_achat.libelle),
            ("Fournisseurs", " ; ".join(entry.fournisseurs) or "non précisés"),
            ("Licence", entry.licence), ("Code source", entry.code_source or "non publié")]),
        ("Frugalité et gouvernance", [
            ("Énergie et émissions", f"{french.number(entry.frugalite.energie_kwh_an)} kWh et "
                                     f"{french.number(entry.frugalite.co2e_kg_an)} kg CO2e par an"),
            ("Hébergement", gov.hebergement.libelle),
            ("Données personnelles", "oui" if gov.donnees_personnelles else "non"),
            ("Niveau de risque (AI Act)", gov.niveau_risque_ai_act.libelle),
            ("Supervision humaine", gov.supervision_humaine)]),
    ]


_SUMMARY_INTRO = ("Résumé préparé à partir de la fiche du catalogue du Hub IA (mise à jour le "
                  "{date}). Il aide à rédiger le dossier et ne remplace pas le formulaire de "
                  "candidature {of}.")


def _summary_text(catalogue: Catalogue, entry: EntreeCatalogue) -> bytes:
    lines = [f"# Résumé de candidature : reprise de « {entry.titre} »", "",
             _SUMMARY_INTRO.format(date=french.date(entry.mis_a_jour), of=_of(catalogue)), ""]
    if entry.exemple:
        lines += ["ATTENTION : cette solution est un exemple fictif du hub.", ""]
    for title, facts in _facts(catalogue, entry):
        lines += [f"## {title}", ""] + [f"- {label} : {value}" for label, value in facts] + [""]
    lines += ["## À compléter par la commune", ""]
    lines += [f"- {label} : ______________________________" for label in _blanks(catalogue)]
    lines += ["", "## Prérequis à vérifier", ""] + [f"- [ ] {p}" for p in entry.prerequis]
    text = "\n".join(lines) + "\n"
    return ("\ufeff" + text).encode()  # the BOM lets Windows editors read the accents


def _summary_page(catalogue: Catalogue, entry: EntreeCatalogue) -> bytes:
    """The printable summary: a standalone HTML page (no menus to print), with the site's
    stylesheet and script."""
    here = _summary_page_name(entry)
    back = escape(href(here, f"catalogue/{entry.slug}.md"))
    parts = [(EXAMPLE_BANNER if entry.exemple else ""),
             '<p class="hubia-type">Résumé de candidature</p>'
             f"<h1>Reprise de « {escape(entry.titre)} »</h1>"
             f"<p>{escape(_SUMMARY_INTRO.format(date=french.date(entry.mis_a_jour), of=_of(catalogue)))}</p>"
             '<p class="hubia-ecran"><button type="button" class="hubia-bouton" '
             "data-hubia-imprimer hidden>Imprimer ou enregistrer en PDF</button> "
             f'<a href="{back}">Retour à la fiche du catalogue</a></p>']
    for title, facts in _facts(catalogue, entry):
        parts.append(f"<h2>{escape(title)}</h2>"
                     + definitions([(label, escape(value)) for label, value in facts]))
    blanks = "".join(f'<dt>{escape(label)}</dt><dd class="hubia-a-remplir"></dd>'
                     for label in _blanks(catalogue))
    checks = "".join(f'<li><span class="hubia-case" aria-hidden="true"></span> {escape(p)}</li>'
                     for p in entry.prerequis)
    parts.append(f'<h2>À compléter par la commune</h2><dl class="hubia-definitions">{blanks}</dl>'
                 f'<h2>Prérequis à vérifier</h2><ul class="hubia-cases">{checks}</ul>')
    title = escape(f"Résumé de candidature : {entry.titre} — Hub IA")
    return (
        '<!doctype html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp.policy()}">\n'
        f'<meta name="referrer" content="{csp.REFERRER}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<link rel="icon" href="{href(here, theme.FAVICON)}">\n'
        f'<link rel="stylesheet" href="{href(here, theme.STYLESHEET)}">\n</head>\n'
        '<body class="hubia-autonome">\n<main class="hubia-contenu hubia-dossier">\n'
        + "\n".join(parts)
        + f'\n</main>\n<script src="{href(here, theme.CATALOGUE_SCRIPT)}"></script>\n'
        "</body>\n</html>\n").encode()


def track_path(slug: str) -> str:
    return f"catalogue/parcours/{slug}.md"


def _track_pages(catalogue: Catalogue) -> dict[str, str]:
    """Every solution of a track with more than one page of them, in numbered pages."""
    by_track: dict[str, list[EntreeCatalogue]] = defaultdict(list)
    for entry in sorted(catalogue.entrees, key=lambda e: e.titre.casefold()):
        by_track[entry.parcours.slug].append(entry)
    found = {}
    for slug, entries in by_track.items():
        if len(entries) <= INDEX_SHORT:
            continue
        chunks = [entries[i:i + TRACK_PAGE] for i in range(0, len(entries), TRACK_PAGE)]
        paths = [track_path(slug) if n == 1 else f"catalogue/parcours/{slug}/pages/{n}.md"
                 for n in range(1, len(chunks) + 1)]
        title = f"Solutions du parcours « {entries[0].parcours.titre} »"
        for number, (path, chunk) in enumerate(zip(paths, chunks), 1):
            heading = f"{title} (page {number} sur {len(chunks)})"
            found[path] = markdown_page([
                front_matter(heading, f"{len(entries)} solutions du catalogue, par titre."),
                f"# {heading_text(heading)}", pager(path, paths),
                _listing(chunk, title, path), pager(path, paths)])
    return found


def pages(hub: Hub) -> dict[str, str | bytes]:
    catalogue = cat.build(hub)
    found: dict[str, str | bytes] = {INDEX: _index(hub, catalogue), **_track_pages(catalogue)}
    for entry in catalogue.entrees:
        found[f"catalogue/{entry.slug}.md"] = _entry_page(catalogue, entry)
        found[_summary_page_name(entry)] = _summary_page(catalogue, entry)
        found[_summary_name(entry)] = _summary_text(catalogue, entry)
    return found
