"""Diagnostics: the typed catalogue of problem kinds and the formatters of `hubia check`.

Every problem found anywhere (loading, schema, cross-references, content) becomes a
`Diagnostic` with a stable code from `CODES`; the site's « Codes d'erreur » page is generated
from the same catalogue, so a code cannot exist without its documentation.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True)
class Kind:
    """One kind of problem: stable code, French title, a bad example and how to fix it, and
    the text of law or standard it enforces, if any (shown on « Codes d'erreur »)."""

    code: str
    title: str
    example: str
    fix: str
    severity: Severity = Severity.ERROR
    reference: str = ""


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def as_text(self) -> str:
        return (f"{_visible(self.path)}:{self.line}:{self.column}: {self.severity} {self.code}: "
                f"{_visible(self.message)}")

    def as_github(self) -> str:
        level = "error" if self.severity is Severity.ERROR else "warning"
        properties = {"file": self.path, "line": self.line, "col": self.column,
                      "title": self.code}
        written = ",".join(f"{key}={_github_property(str(value))}"
                           for key, value in properties.items())
        return f"::{level} {written}::{_github_data(self.message)}"


# GitHub's workflow commands (toolkit's command.ts): the message escapes %, CR and LF; each
# property also escapes « : » and « , », or a file name could end the command or add a
# property, and print an annotation for another file.
def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _visible(path: str) -> str:
    """A path as one line of text: control characters written as escapes (\\x0a)."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", path)


_KINDS = [
    Kind("fichier-manquant", "Fichier de données manquant", "data/programme.yml supprimé",
         "Restaurer le fichier depuis le dépôt (data/communes.yml se régénère avec "
         "`python scripts/generate_communes.py`)."),
    Kind("fichier-vide", "Fichier vide", "(un fichier de 0 octet)",
         "Remplir la fiche à partir d'un modèle, ou supprimer le fichier."),
    Kind("fichier-trop-gros", "Fichier trop volumineux", "une fiche de plusieurs mégaoctets",
         "Raccourcir le texte ; les fiches sont limitées en taille pour protéger la construction."),
    Kind("encodage-invalide", "Fichier non encodé en UTF-8", "un fichier enregistré en Windows-1252",
         "Enregistrer le fichier en UTF-8 (option « Encodage » de l'éditeur)."),
    Kind("entete-absente", "En-tête YAML absent",
         "un fichier Markdown qui ne commence pas par une ligne `---`",
         "Commencer le fichier par `---`, les champs de la fiche, puis une autre ligne `---`."),
    Kind("entete-non-dictionnaire", "En-tête qui n'est pas une liste de champs",
         "---\n- titre\n- resume\n---",
         "Écrire un champ par ligne sous la forme `nom: valeur`."),
    Kind("yaml-invalide", "YAML mal formé", "titre: Mon cas: avec deux-points\n  resume: décalé",
         "Corriger l'indentation ; mettre entre guillemets une valeur qui contient `: ` ou `#`."),
    Kind("yaml-alias", "Ancre ou alias YAML refusé", "base: &a {x: 1}\ncopie: *a",
         "Écrire chaque valeur en entier : les ancres (`&`) et alias (`*`) sont refusés."),
    Kind("yaml-etiquette", "Étiquette YAML refusée", "cout: !!python/object ...",
         "Retirer l'étiquette commençant par `!` et écrire la valeur simplement."),
    Kind("cle-dupliquee", "Champ écrit deux fois", "titre: A\ntitre: B",
         "Garder une seule ligne pour chaque champ."),
    Kind("champ-manquant", "Champ obligatoire manquant", "une fiche cas d'usage sans `parcours`",
         "Ajouter le champ ; `hubia new` écrit un modèle avec tous les champs."),
    Kind("champ-inconnu", "Champ inconnu", "titr: Mon cas",
         "Corriger le nom du champ (la suggestion indique le nom proche) ou le retirer."),
    Kind("type-invalide", "Valeur du mauvais type", "communes: Pantin   (une liste est attendue)",
         "Écrire la valeur sous la forme attendue : texte, nombre, liste (`- élément`)..."),
    Kind("valeur-non-autorisee", "Valeur hors de la liste autorisée", "statut: termine",
         "Choisir une des valeurs proposées dans le message."),
    Kind("booleen-invalide", "Oui/non mal écrit", "exemple: oui",
         "Écrire `true` (vrai) ou `false` (faux), sans guillemets."),
    Kind("date-invalide", "Date impossible ou mal écrite", "mis_a_jour: 2025-02-30",
         "Écrire une date réelle au format AAAA-MM-JJ, par exemple 2025-04-08."),
    Kind("periode-inversee", "Période qui finit avant de commencer",
         "periode: {debut: 2025-06-01, fin: 2025-01-31}",
         "Vérifier les dates `debut` et `fin` de la période."),
    Kind("texte-trop-long", "Texte trop long", "resume: (plus de 350 caractères)",
         "Raccourcir le texte ; le détail va dans le corps de la fiche."),
    Kind("liste-vide", "Liste vide", "communes: []", "Indiquer au moins un élément."),
    Kind("valeur-invalide", "Valeur invalide", "contact: pas-une-adresse",
         "Corriger la valeur comme l'indique le message."),
    Kind("slug-invalide", "Nom de fichier invalide", "docs/cas-usage/Mon Cas.md",
         "Nommer le fichier en minuscules sans accents ni espaces, mots séparés par des tirets : "
         "`mon-cas.md`."),
    Kind("parcours-inconnu", "Parcours inconnu", "parcours: energie-batiment",
         "Utiliser le nom de fichier (sans `.md`) d'un parcours de `docs/parcours/`."),
    Kind("commune-inconnue", "Commune inconnue", "communes: [Pantinn]",
         "Écrire le nom officiel ou le code INSEE d'une des communes de `data/communes.yml`."),
    Kind("demonstrateur-inconnu", "Démonstrateur inconnu", "demonstrateurs: [eco-pilote]",
         "Utiliser le nom de fichier d'un démonstrateur de `docs/demonstrateurs/`."),
    Kind("cas-usage-inconnu", "Cas d'usage inconnu", "cas_usage: chatbot-mairie",
         "Utiliser le nom de fichier d'un cas d'usage de `docs/cas-usage/`."),
    Kind("module-inconnu", "Module de parcours inconnu",
         "parcours: aires-de-livraison\nmodule: 7   (le parcours n'a que 3 modules)",
         "Donner le numéro d'un module du parcours (1 pour le premier) ou son titre exact."),
    Kind("horaires-incoherents", "Horaires incohérents dans l'agenda",
         "debut: \"14:00\"\nfin: \"13:30\"",
         "Vérifier que chaque créneau finit après avoir commencé et ne chevauche pas le créneau "
         "précédent du même groupe (ou une séance plénière)."),
    Kind("terme-duplique", "Terme du glossaire défini deux fois",
         "- terme: RGPD\n  ...\n- terme: rgpd", "Garder une seule définition par terme ; "
         "fusionner les formes et les fiches des deux entrées."),
    Kind("fiche-inconnue", "Fiche inconnue", "fiches: [cas-usage/chatbot-mairie]",
         "Écrire la rubrique et le nom de fichier (sans `.md`) d'une fiche existante de `docs/`."),
    Kind("montant-negatif", "Montant négatif", "cout_total_eur: -100",
         "Écrire un montant positif ou nul, en euros."),
    Kind("financement-excessif", "Part financée au-delà du taux du fonds",
         "cout_total_eur: 10000\npart_metropole_eur: 8000",
         "La part financée par le programme (`part_metropole_eur`) ne peut dépasser le taux "
         "de `data/programme.yml` du coût total : "
         "corriger l'un des deux montants."),
    Kind("passage-echelle-manquant", "Passage à l'échelle manquant",
         "statut: concluant   (sans bloc passage_a_l_echelle)",
         "Ajouter le bloc `passage_a_l_echelle` : un cas concluant alimente le catalogue."),
    Kind("periode-non-terminee", "Cas concluant sans date de fin",
         "statut: concluant\nperiode: {debut: 2025-01-06, fin: null}",
         "Indiquer dans `periode.fin` la date de fin de l'expérimentation : un cas n'est "
         "concluant qu'une fois l'expérimentation terminée."),
    Kind("couts-manquants", "Coûts de reprise non renseignés",
         "cout_par_commune: {investissement_eur: 0, fonctionnement_annuel_eur: 0}",
         "Indiquer l'investissement et le coût de fonctionnement annuel pour une commune qui "
         "reprend la solution ; l'un des deux peut valoir 0, pas les deux."),
    Kind("adoption-par-pilote", "Adoption par une commune pilote",
         "communes: [Pantin]\nadoptions: [{commune: Pantin, statut: deployee, date: 2026-10-01}]",
         "Retirer la ligne : une commune qui a éprouvé la solution figure dans `communes`, les "
         "`adoptions` sont celles des autres communes."),
    Kind("adoption-en-double", "Commune adoptante citée deux fois",
         "adoptions: [{commune: Bondy, statut: en_etude, ...}, {commune: Bondy, ...}]",
         "Garder une seule ligne par commune et mettre à jour son statut et sa date."),
    Kind("adoption-anterieure", "Adoption datée d'avant la fin de l'expérimentation",
         "periode: {fin: 2026-03-31}\nadoptions: [{commune: Bondy, date: 2026-01-15, ...}]",
         "Corriger la date de l'adoption ou celle de la fin de l'expérimentation : une commune "
         "reprend une solution une fois qu'elle a été éprouvée."),
    Kind("reference-incoherente", "Chiffres ou références incohérents",
         "nombre_communes_candidates: 2 avec 5 communes listées",
         "Mettre le nombre en accord avec la liste, ou compléter la liste."),
    Kind("image-sans-alt", "Image sans texte alternatif", "![](photo.jpg)",
         "Décrire l'image entre les crochets : `![Capteur de température posé au mur](photo.jpg)`."),
    Kind("lien-interne-casse", "Lien vers une page du hub qui n'existe pas",
         "[voir](../cas-usage/inexistant.md)",
         "Corriger le chemin : le lien doit viser un fichier existant de `docs/`."),
    Kind("nom-sans-accord", "Nom de personne publié sans accord",
         "auteurs: [{role: Chargée de mission, nom: Jeanne Martin}]",
         "Ajouter `accord_publication: true` si la personne a accepté d'être nommée, sinon retirer "
         "son nom."),
    Kind("a-remplir", "Champ encore à remplir", 'titre: "À REMPLIR : titre court de la fiche"',
         "Remplacer le texte « À REMPLIR » par la vraie valeur (le commentaire au-dessus du "
         "champ explique quoi écrire)."),
    Kind("a-actualiser", "Fiche à actualiser", "mis_a_jour: 2023-01-10",
         "Relire la fiche, corriger ce qui a changé, puis mettre « mis_a_jour » à la date du "
         "jour. Le délai se règle dans hubia.yml (fraicheur_mois).",
         Severity.WARNING),
    Kind("contact-personnel", "Adresse de contact nominative",
         "contact: jeanne.martin@ville.fr",
         "Utiliser une adresse fonctionnelle du service (`ia@ville.fr`, `dsi@ville.fr`).",
         Severity.WARNING),
    # Security and privacy (markup_rules.py, privacy.py, file_rules.py, link_checker.py).
    Kind("html-dangereux", "HTML qui pourrait exécuter du code",
         '<img src="photo.png" onerror="alert(1)">   ou   <script>...</script>',
         "Retirer la balise ou l'attribut : les scripts, cadres (iframe), formulaires, styles et "
         "attributs `on...=` sont retirés à la publication. Pour montrer du code, mettez-le "
         "entre accents graves (`` `<script>` ``) ou dans un bloc ```."),
    Kind("html-retire", "Balise HTML non publiée", "<video src=\"film.mp4\"></video>",
         "Écrire le contenu en Markdown : cette balise sera retirée à la publication (son texte "
         "reste).", Severity.WARNING),
    Kind("lien-dangereux", "Adresse de lien interdite",
         "[cliquez ici](javascript:alert(1))   ou   ![](data:image/png;base64,...)",
         "Utiliser une adresse https:// ou un chemin vers une page ou un fichier du hub ; les "
         "adresses javascript:, data:, file:... sont refusées."),
    Kind("ressource-externe", "Image ou média chargé depuis un autre site",
         "![Logo](https://exemple.com/logo.png)",
         "Enregistrer l'image dans docs/ (à côté de la fiche) et y faire référence par son "
         "chemin : le site ne fait jamais appel à un site tiers (RGPD)."),
    Kind("markdown-trop-complexe", "Texte trop complexe à publier",
         "> > > > > ... (des dizaines de niveaux de citation)   ou   des milliers de « [ »",
         "Simplifier la mise en forme (moins de niveaux d'imbrication, moins de crochets) ou "
         "découper la page : un tel texte pourrait bloquer la construction du site."),
    Kind("macros-non-autorisees", "Macros dans une page non autorisée",
         "render_macros: true   (dans une page autre que l'accueil)",
         "Retirer `render_macros: true`, ou ajouter la page à `fichiers.pages_macros` de "
         "`data/securite.yml` après relecture par l'équipe du hub (les macros exécutent du code "
         "pendant la construction)."),
    Kind("email-personnel", "Adresse électronique personnelle publiée",
         "Pour en savoir plus : jeanne.martin@ville.fr",
         "Retirer l'adresse ou la remplacer par une adresse de service (`ia@ville.fr`) ; seul "
         "le champ `contact` porte une adresse, et une adresse publique peut être ajoutée à "
         "`confidentialite.adresses_autorisees` de `data/securite.yml`."),
    Kind("telephone-personnel", "Numéro de téléphone publié",
         "Joignable au 06 12 34 56 78",
         "Retirer le numéro ; un numéro public (standard de la mairie) peut être ajouté à "
         "`confidentialite.numeros_autorises` de `data/securite.yml`."),
    Kind("image-svg", "Image SVG refusée", "docs/images/schema.svg",
         "Exporter l'image en PNG ou WebP : un fichier SVG peut contenir du code exécutable."),
    Kind("image-trop-lourde", "Fichier trop lourd", "une photo de 8 Mo",
         "Réduire l'image (1 600 pixels de large suffisent, format WebP ou JPEG) ou le document ; "
         "la limite est réglée dans `data/securite.yml` (`fichiers`)."),
    Kind("nom-fichier-invalide", "Nom de fichier qui casse les adresses",
         "docs/images/Photo École 1.JPG",
         "Renommer en minuscules sans accents ni espaces, mots séparés par des tirets : "
         "`photo-ecole-1.jpg`."),
    Kind("fichier-interdit", "Fichier qui ne peut pas être publié",
         "docs/cas-usage/page.html   ou   un lien symbolique",
         "Retirer le fichier : docs/ ne reçoit que des fiches Markdown, des images (PNG, JPEG, "
         "GIF, WebP, AVIF) et des documents (PDF, CSV, formats OpenDocument) dont le contenu "
         "correspond à l'extension."),
    # Hostile and broken input, second round (models/plain_text.py, communes.py, files.py,
    # pipeline.py).
    Kind("texte-vide", "Texte vide", 'titre: "   "',
         "Écrire le texte : un champ fait seulement d'espaces serait publié vide."),
    Kind("caractere-invisible", "Caractère invisible, de contrôle ou de direction",
         'titre: "Chatbot\\u200b mairie"   ou   un caractère U+202E (forçage droite-à-gauche)',
         "Retirer le caractère (retaper le mot au besoin) : il ne se voit pas, ou change l'ordre "
         "d'affichage, et passerait dans les pages, les exports et les flux."),
    Kind("balise-dans-texte", "Balise HTML dans un champ de texte simple",
         "titre: Chatbot <b>mairie</b>",
         "Écrire le champ sans balise : les champs de l'en-tête sont du texte simple, repris "
         "tels quels par les exports (CSV, JSON) et les flux ; la mise en forme va dans le "
         "corps de la fiche."),
    Kind("commune-mal-ecrite", "Commune mal orthographiée", "communes: [le pre saint gervais]",
         "Écrire le nom officiel proposé par le message (majuscules, accents, tirets) ou le "
         "code INSEE de la commune."),
    Kind("page-reservee", "Page qui prendrait la place d'une page générée",
         "docs/catalogue/index.md écrit à la main",
         "Retirer le fichier : cette adresse est calculée par hubia à partir des fiches ; pour "
         "changer son contenu, modifiez les fiches ou le générateur."),
    Kind("nom-fichier-piege", "Nom de fichier avec caractère de contrôle ou « :: »",
         "docs/images/photo::error file=autre.md.png",
         "Renommer le fichier : un saut de ligne, un caractère de contrôle ou « :: » dans un "
         "nom pourraient fabriquer de faux messages dans les rapports de l'intégration "
         "continue."),
    Kind("lien-mort", "Lien externe mort", "https://exemple.fr/page-supprimee (erreur 404)",
         "Corriger l'adresse ou retirer le lien ; si le site refuse les robots, ajouter "
         "l'adresse à `liens.exclus` de `data/securite.yml`."),
    Kind("lien-redirige", "Lien externe redirigé définitivement",
         "http://exemple.fr/ancien → https://exemple.fr/nouveau (301)",
         "Remplacer l'adresse par la nouvelle, indiquée dans le message.", Severity.WARNING),
    Kind("lien-a-verifier", "Lien externe à vérifier à la main",
         "https://exemple.fr/espace-membres (erreur 403)",
         "Ouvrir le lien dans un navigateur : le site refuse peut-être les robots. S'il "
         "fonctionne, l'ajouter à `liens.exclus` de `data/securite.yml`.", Severity.WARNING),
    # Duties of a public website (data/accessibilite.yml).
    Kind("audit-accessibilite-ancien", "Audit d'accessibilité de plus de trois ans",
         "audit:\n  date: 2021-03-01", "Faire réaliser un nouvel audit du RGAA, puis mettre à "
         "jour le bloc `audit` et l'état de conformité de `data/accessibilite.yml`.",
         Severity.WARNING),
    Kind("conformite-sans-audit", "État de conformité sans audit",
         "etat: partiellement_conforme   (sans bloc audit)",
         "Sans audit en cours de validité, le RGAA impose `etat: non_conforme` ; après "
         "l'audit, renseigner le bloc `audit` (date, auteur, taux de conformité)."),
    # Transparency and AI Act duties (check/transparency.py).
    Kind("pratique-interdite", "Pratique d'IA interdite",
         "niveau_risque_ai_act: inacceptable",
         "Retirer la fiche : une pratique interdite (notation sociale, reconnaissance des "
         "émotions au travail...) ne peut pas être publiée comme cas d'usage. Si le niveau a "
         "été mal évalué, le corriger.", reference="AI Act, art. 5"),
    Kind("analyse-droits-manquante", "Analyse d'impact sur les droits fondamentaux manquante",
         "niveau_risque_ai_act: eleve   (sans transparence.analyse_droits_fondamentaux)",
         "Ajouter `analyse_droits_fondamentaux` (statut `realisee`, `en_cours` ou `a_faire`, et "
         "son lien une fois publiée) au bloc `transparence`.", reference="AI Act, art. 27"),
    Kind("enregistrement-ue-manquant", "Système à haut risque non enregistré",
         "niveau_risque_ai_act: eleve   (sans transparence.enregistrement_ue)",
         "Ajouter `enregistrement_ue` avec le statut `fait` (et sa référence) ou `prevu`.",
         reference="AI Act, art. 49"),
    Kind("registre-traitements-manquant", "Lien vers le registre des traitements manquant",
         "donnees_personnelles: true   (sans transparence.registre_traitements)",
         "Indiquer dans `transparence.registre_traitements` l'adresse de la fiche du registre "
         "des activités de traitement (le délégué à la protection des données la connaît).",
         reference="RGPD, art. 30"),
    Kind("aipd-non-justifiee", "AIPD « non requise » sans justification",
         "donnees_personnelles: true\naipd: non_requise   (sans transparence.aipd_motif)",
         "Expliquer dans `transparence.aipd_motif` pourquoi l'analyse d'impact n'est pas "
         "requise, ou la mener et changer `aipd`.", reference="RGPD, art. 35"),
    Kind("information-manquante", "Information des personnes manquante",
         "decisions_individuelles: true   (sans information_personnes)",
         "Décrire dans `transparence.information_personnes` comment les personnes sont "
         "informées (mention sur la décision, courrier, page du site).",
         reference="CRPA, art. L311-3-1"),
    Kind("contestation-manquante", "Voie de contestation manquante",
         "decisions_individuelles: true   (sans contestation)",
         "Décrire dans `transparence.contestation` à qui s'adresser pour contester une décision "
         "et comment.", reference="CRPA, art. L311-3-1 et L411-2"),
    Kind("mention-ia-manquante", "Mention « système d'IA » manquante",
         "face_au_public: true\nagent_conversationnel: true   (sans mention_ia)",
         "Écrire dans `transparence.mention_ia` ce qui dit aux personnes qu'elles échangent "
         "avec une IA ou lisent un texte produit par une IA.", reference="AI Act, art. 50"),
    Kind("service-nominatif", "Service responsable désigné par un nom de personne",
         "service_responsable: Jeanne Martin",
         "Écrire l'intitulé du service ou de la fonction (« Direction des systèmes "
         "d'information ») : le nom d'une personne est une donnée personnelle.",
         reference="RGPD, art. 5 (minimisation)"),
    Kind("transparence-manquante", "Bloc de transparence absent",
         "un cas d'usage sans bloc `transparence`",
         "Ajouter le bloc `transparence` (`hubia new cas-usage` en écrit le modèle) : la liste "
         "des algorithmes de la commune le publie.", Severity.WARNING,
         reference="CRPA, art. L312-1-3"),
    Kind("frugalite-sans-methode", "Chiffres de frugalité sans méthode",
         "mesure_apres: {energie_kwh_an: 120}   (sans outil_mesure)",
         "Indiquer comment les chiffres ont été obtenus : `outil_mesure` pour une valeur "
         "mesurée, `methode` pour une estimation.", Severity.WARNING,
         reference="AFNOR Spec 2314"),
    # A new hub (`hubia init`, check/programme.py).
    Kind("programme-a-remplir", "Chiffre du programme encore à remplir",
         'taux_financement: "À REMPLIR (part du coût financée : 0.5 pour 50 %)"',
         "Écrire dans `data/programme.yml` la vraie valeur (phases, fonds, taux de "
         "financement) : le commentaire au-dessus du champ explique quoi écrire. D'ici là, le "
         "site se construit et affiche « à définir ».", Severity.WARNING),
]
CODES: dict[str, Kind] = {kind.code: kind for kind in _KINDS}


def diagnostic(path: str, line: int, column: int, code: str, message: str) -> Diagnostic:
    """Build a diagnostic whose severity comes from the catalogue."""
    return Diagnostic(path, line, column, code, message, CODES[code].severity)


def format_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.as_github() for d in diagnostics)
    return "\n".join(d.as_text() for d in diagnostics)


def count(diagnostics: list[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)
