"""The pages every French public website owes its readers, from data/accessibilite.yml,
data/mentions.yml and hubia.yml: the accessibility statement (law 2005-102 art. 47, in the
order of the official RGAA model), « Mentions légales », « Données personnelles » and
« Plan du site » (a second way to find a page, RGAA 12.1). The footer links them all.

The text around the facts is the hub's own; every fact (status, dates, addresses, host)
is read from a data file, so that updating one never means editing a template.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from ..hub import Hub
from ..models.configuration import EntreeMenu
from ..models.public_duties import Accessibilite, Document, Etat, Manque, Mentions
from ..text import french
from .tables import front_matter, markdown_page

ACCESSIBILITY = "accessibilite.md"
LEGAL = "mentions-legales.md"
PRIVACY = "donnees-personnelles.md"
SITEMAP = "plan-du-site.md"
ECODESIGN = "ecoconception.md"  # written by the site stage, from the built pages (ecodesign.py)
PATHS = (ACCESSIBILITY, LEGAL, PRIVACY, SITEMAP, ECODESIGN)
# The public pages in the order the footer and the site map show them.
TITLES = {ACCESSIBILITY: "Accessibilité", LEGAL: "Mentions légales",
          PRIVACY: "Données personnelles", SITEMAP: "Plan du site",
          ECODESIGN: "Écoconception"}

_EXAMPLE = ('<div class="admonition warning hubia-exemple" role="note">'
            '<p class="admonition-title">Exemple fictif</p><p>{}</p></div>')
_NOT_PUBLISHED = "<p>{} n'est pas encore publiée : le fichier <code>{}</code> manque.</p>"


def status(hub: Hub) -> str:
    """The compliance status in force: « non conforme » without a statement (RGAA)."""
    return (hub.accessibilite.etat if hub.accessibilite else Etat.NON).label


def footer(hub: Hub) -> list[tuple[str, str]]:
    """(label, docs path) of the footer's links, the compliance status first."""
    return [(f"Accessibilité : {status(hub)}", ACCESSIBILITY),
            *((TITLES[path], path) for path in (LEGAL, PRIVACY, SITEMAP, ECODESIGN))]


def error_report(hub: Hub, docs_path: str, title: str) -> str:
    """« Signaler une erreur » of a record page: the forge's issue form prefilled with the
    record's path and title, and an e-mail to the hub's team for readers without an account.
    Both are plain links: nothing is requested before the reader clicks."""
    links = []
    if form := hub.configuration.forge.report_url(docs_path, title):
        links.append(f'<a href="{escape(form)}" data-hubia-signaler>Signaler une erreur</a>')
    if hub.mentions is not None:
        subject = quote(f"Erreur dans la fiche « {title} »")
        body = quote(f"Fiche : docs/{docs_path}\n\nCe qui est faux, et la correction :\n")
        address = escape(hub.mentions.courriel_equipe)
        mail = f'href="mailto:{address}?subject={subject}&amp;body={body}"'
        links.append(f"<a {mail} data-hubia-signaler-courriel>"
                     + ("ou écrire à l'équipe du hub</a>" if links
                        else "Signaler une erreur à l'équipe du hub</a>"))
    # Not indexed for search: the same words on every record page.
    return (f'<p class="hubia-signaler" data-pagefind-ignore>{" ".join(links)}</p>'
            if links else "")


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _gaps(items: list[Manque], none: str) -> str:
    if not items:
        return f"<p>{none}</p>"
    rows = []
    for item in items:
        text = f"<strong>{escape(item.contenu)}</strong> : {escape(item.raison)}"
        if item.alternative:
            text += f" <em>Alternative</em> : {escape(item.alternative)}"
        rows.append(f"<li>{text}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def _document(document: Document) -> str:
    if document.lien:
        return f'<a href="{escape(document.lien)}">{escape(document.titre)}</a>'
    return f"{escape(document.titre)} : en préparation, publié sur cette page dès son adoption"


def _accessibility_page(hub: Hub) -> str:
    site = hub.configuration.site
    head = front_matter("Accessibilité", f"Déclaration d'accessibilité du site {site.nom_court}.")
    statement = hub.accessibilite
    if statement is None:
        return head + markdown_page([
            "# Déclaration d'accessibilité",
            f"<p>État de conformité : <strong>{status(hub)}</strong>.</p>"
            + _NOT_PUBLISHED.format("La déclaration d'accessibilité", "data/accessibilite.yml")])
    return head + markdown_page(_statement_parts(hub, statement))


def _statement_parts(hub: Hub, statement: Accessibilite) -> list[str]:
    site, editor = hub.configuration.site, escape(hub.configuration.site.editeur)
    audit, made = statement.audit, statement.etablissement
    contact = statement.contact
    where = f" ({escape(site.adresse)})" if site.adresse else ""
    if audit is None:
        results = ("<p>Aucun audit de conformité n'a encore été réalisé : le taux de "
                   "conformité n'est pas connu.</p>")
    else:
        results = (f"<p>L'audit de conformité réalisé par {escape(audit.auteur)} le "
                   f"{french.date(audit.date)} relève que <strong>"
                   f"{french.number(audit.taux_conformite)} %</strong> des critères du "
                   f"{escape(statement.referentiel)} sont respectés.</p>")
    results += f"<p>{escape(statement.resultats)}</p>"
    if statement.tests_automatises:
        results += ("<p>Ce que vérifient les tests automatiques, à chaque modification du "
                    "site :</p>" + _list(statement.tests_automatises))
    pages = "".join(f'<li><a href="{escape(p.page)}">{escape(p.titre)}</a></li>'
                    for p in made.pages_verifiees)
    ways = [f'<li>par courriel : <a href="mailto:{escape(contact.courriel)}">'
            f"{escape(contact.courriel)}</a></li>"]
    if contact.formulaire:
        ways.append(f'<li>par le <a href="{escape(contact.formulaire)}">formulaire de '
                    "contact</a></li>")
    if contact.adresse_postale:
        ways.append(f"<li>par courrier : {escape(contact.adresse_postale)}</li>")
    recourse = statement.recours
    return [
        "# Déclaration d'accessibilité",
        _EXAMPLE.format("Cette déclaration est un modèle à valider par l'éditeur du site : ses "
                        "coordonnées sont à confirmer. Ce qu'elle dit des tests du site, lui, "
                        "est exact.") if statement.exemple else "",
        f"<p>{editor} s'engage à rendre ses sites internet accessibles, comme le lui impose "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005. Elle met en œuvre pour cela "
        "son schéma pluriannuel de mise en accessibilité et le plan d'action de l'année "
        "(voir plus bas).</p>"
        f"<p>Cette déclaration d'accessibilité s'applique au site {escape(site.nom)}"
        f"{where}.</p>",
        "## État de conformité",
        f"<p>Le site {escape(site.nom_court)} est <strong>{statement.etat.label}</strong> avec "
        f"le {escape(statement.referentiel)}"
        + (" : aucun audit n'ayant encore été réalisé, le site est réputé non conforme."
           if audit is None and statement.etat is Etat.NON else ".") + "</p>",
        "## Résultats des tests",
        results,
        "## Contenus non accessibles",
        "### Non-conformités",
        _gaps(statement.non_conformites, "Aucune non-conformité n'est connue."),
        "### Dérogations pour charge disproportionnée",
        _gaps(statement.derogations, "Aucune dérogation n'est demandée."),
        "### Contenus non soumis à l'obligation d'accessibilité",
        _gaps(statement.contenus_non_soumis, "Aucun."),
        "## Établissement de cette déclaration",
        f"<p>Cette déclaration a été établie le {french.date(made.date)}.</p>",
        "### Technologies utilisées pour la réalisation du site",
        _list(made.technologies),
        "### Environnement de test",
        _list(made.environnement_test),
        "### Outils pour évaluer l'accessibilité",
        _list(made.outils),
        "### Pages du site ayant fait l'objet de la vérification de conformité",
        f"<ul>{pages}</ul>",
        "## Retour d'information et contact",
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez le "
        "responsable du site : il vous orientera vers une alternative accessible ou vous "
        "enverra le contenu sous une autre forme.</p><ul>" + "".join(ways) + "</ul>",
        "## Voies de recours",
        "<p>Si vous avez signalé au responsable du site un défaut d'accessibilité qui vous "
        "empêche d'accéder à un contenu ou à un service, et que vous n'avez pas obtenu de "
        "réponse satisfaisante, vous pouvez saisir le Défenseur des droits :</p><ul>"
        f'<li>en lui écrivant par son <a href="{escape(recourse.formulaire)}">formulaire en '
        "ligne</a> ;</li>"
        f'<li>en contactant <a href="{escape(recourse.delegues)}">le délégué du Défenseur des '
        "droits dans votre région</a> ;</li>"
        f"<li>par téléphone : {escape(recourse.telephone)} ;</li>"
        f"<li>par courrier, gratuitement et sans timbre : {escape(recourse.courrier)}.</li></ul>",
        "## Schéma pluriannuel et plan d'action",
        f"<ul><li>{_document(statement.schema_pluriannuel)}</li>"
        f"<li>{_document(statement.plan_action)}</li></ul>",
    ]


def _legal_facts(hub: Hub, page_title: str) -> tuple[str, Mentions | None]:
    legal = hub.mentions
    banner = ""
    if legal is not None and legal.exemple:
        banner = _EXAMPLE.format("Les coordonnées de cette page sont à confirmer par "
                                 "l'éditeur du site avant sa mise en ligne.")
    if legal is None:
        banner = _NOT_PUBLISHED.format(f"La page « {page_title} »", "data/mentions.yml")
    return banner, legal


def _legal_page(hub: Hub) -> str:
    site = hub.configuration.site
    head = front_matter("Mentions légales", f"Éditeur, directeur de la publication et "
                                            f"hébergeur du site {site.nom_court}.")
    banner, legal = _legal_facts(hub, "Mentions légales")
    parts = ["# Mentions légales", banner]
    if legal is not None:
        host = legal.hebergeur
        if host is None:
            hosted = "<p>L'hébergeur n'est pas encore choisi : il sera indiqué ici avant la " \
                     "mise en ligne du site.</p>"
        else:
            hosted = (f"<p>{escape(host.nom)}, {escape(host.adresse)}"
                      + (f', <a href="{escape(host.site)}">{escape(host.site)}</a>'
                         if host.site else "") + ".</p>")
        parts += [
            "## Éditeur",
            f"<p>{escape(site.editeur)}, {escape(legal.adresse_editeur)}.</p>"
            f'<p>Contact : <a href="mailto:{escape(legal.courriel_equipe)}">'
            f"{escape(legal.courriel_equipe)}</a>.</p>",
            "## Directeur de la publication",
            f"<p>{escape(legal.directeur_publication)}.</p>",
            "## Hébergement",
            hosted,
            "## Contenus",
            "<p>Les fiches sont écrites par les communes et les membres du Club IA, puis "
            "relues par l'équipe du hub. Une fiche marquée « Exemple fictif » illustre le hub "
            "et ne décrit pas un projet réel. Chaque fiche a un lien « Signaler une erreur ».</p>"
            + (f"<p>Sauf mention contraire, les contenus sont publiés sous "
               f"{escape(legal.licence)}.</p>" if legal.licence else ""),
            "## Accessibilité",
            f'<p>État de conformité : {status(hub)} (voir la <a href="{ACCESSIBILITY}">'
            "déclaration d'accessibilité</a>).</p>",
        ]
    return head + markdown_page(parts)


def _privacy_page(hub: Hub) -> str:
    site = hub.configuration.site
    head = front_matter("Données personnelles", f"Ce que le site {site.nom_court} fait de vos "
                                                "données : rien n'est collecté.")
    banner, legal = _legal_facts(hub, "Données personnelles")
    parts = [
        "# Données personnelles", banner,
        "## Aucun cookie, aucun suivi",
        "<p>Ce site ne dépose aucun cookie et ne mesure pas l'audience. Il ne charge rien "
        "depuis un autre site : ni police, ni script, ni image, ni vidéo. Sa politique de "
        "sécurité interdit au navigateur toute requête vers un tiers, et les liens vers "
        "d'autres sites ne leur transmettent pas la page d'où vous venez.</p>"
        "<p>La recherche fonctionne entièrement dans votre navigateur : ce que vous tapez "
        "n'est envoyé nulle part. Le simulateur de financement du catalogue calcule lui aussi "
        "dans la page, sans rien transmettre.</p>",
        "## Ce que publient les fiches",
        "<p>Les personnes sont citées par leur fonction et leur commune ; un nom n'apparaît "
        "que si la personne l'a accepté. Les contacts sont des adresses de service. La "
        "vérification automatique du hub refuse les adresses et les numéros personnels.</p>",
    ]
    if legal is not None:
        postal = f" ou par courrier : {escape(legal.adresse_dpo)}" if legal.adresse_dpo else ""
        parts += [
            "## Vos droits",
            "<p>Pour exercer vos droits sur des données qui vous concernent (accès, "
            "rectification, effacement), par exemple si une fiche vous cite, écrivez au délégué "
            f'à la protection des données de {escape(site.editeur)} : <a href="mailto:'
            f'{escape(legal.delegue_protection_donnees)}">'
            f"{escape(legal.delegue_protection_donnees)}</a>{postal}. Vous pouvez aussi saisir "
            "la Commission nationale de l'informatique et des libertés (CNIL).</p>",
        ]
    return head + markdown_page(parts)


def _menu_items(items: list[EntreeMenu]) -> str:
    rows = []
    for item in items:
        label = escape(item.titre)
        link = f'<a href="{escape(item.page)}">{label}</a>' if item.page else label
        rows.append(f"<li>{link}{_menu_items(item.sous_menu) if item.sous_menu else ''}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def _sitemap_page(hub: Hub) -> str:
    head = front_matter("Plan du site", "Toutes les rubriques et les listes du hub.")
    tracks = "".join(f'<li><a href="{e.src_uri}">{escape(e.record.titre)}</a></li>'
                     for e in hub.parcours())
    public = "".join(f'<li><a href="{path}">{TITLES[path]}</a></li>' for path in PATHS)
    parts = ["# Plan du site",
             "<p>Toutes les rubriques du hub. Chaque fiche se trouve depuis la liste de sa "
             'rubrique, depuis sa commune, ou par la <a href="rechercher.md">recherche</a>.</p>',
             "## Rubriques", _menu_items(hub.configuration.menu)]
    if tracks:
        parts += ["## Parcours", f"<ul>{tracks}</ul>"]
    parts += ["## À propos du site", f"<ul>{public}</ul>"]
    return head + markdown_page(parts)


def pages(hub: Hub) -> dict[str, str]:
    return {ACCESSIBILITY: _accessibility_page(hub), LEGAL: _legal_page(hub),
            PRIVACY: _privacy_page(hub), SITEMAP: _sitemap_page(hub)}
