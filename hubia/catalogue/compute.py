"""The scale-up catalogue: one entry per proven use case, computed from the hub.

`build(hub)` is a pure function of the hub. The pydantic models below are the single source of
the published JSON Schema (catalogue/catalogue.schema.json), of the JSON export and, through
`CSV_COLUMNS`, of the CSV export. Exports are byte-identical from one run to the next: entries
sorted by slug, keys sorted, amounts as strings with two decimals, no date of generation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, PrivateAttr, WithJsonSchema

from ..funding import Split, plain, rounding_rule, split
from ..hub import Entry, Hub
from ..models.base import Choice
from ..models.data import Programme
# The record's own blocks, reused as they are: one definition of their fields and titles.
from ..models.cas_usage import Frugalite, Periode, Resultat, StatutCas
from ..text import csv_rules
from ..text.csv_rules import amount as _amount, join as _join, number as _number, yes_no as _yes_no
from ..text.french import capital, percent

FILES = ("catalogue.json", "catalogue.csv", "catalogue.schema.json")


def running_costs_note(rate: Decimal | None, porteur: str) -> str:
    """What the hub assumes about running costs, which the programme's sources leave open."""
    said = f"à {percent(rate)}" if rate is not None else "à un taux encore à définir"
    return (f"{capital(porteur)} annonce financer {said} la reprise d'une solution déjà "
            "éprouvée par une autre commune, sans préciser si les frais de fonctionnement sont "
            "couverts. Le hub applique ce taux à l'investissement et, à titre indicatif "
            "seulement, à une année de fonctionnement : le montant réellement accordé est fixé "
            "après l'examen du dossier.")


Montant = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$",
                    "description": "Montant en euros, au centime, écrit avec un point : "
                                   "« 12000.50 »."}),
]
Taux = Annotated[
    Decimal,
    PlainSerializer(plain, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^(0(\.[0-9]+)?|1)$",
                    "description": "Taux entre 0 et 1 écrit avec un point : « 0.5 » pour 50 %."}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Libelle(_Model):
    """A coded value with its French label."""

    code: str = Field(title="Code", description="Valeur stable, telle qu'écrite dans la fiche.")
    libelle: str = Field(title="Libellé")


class Lien(_Model):
    slug: str = Field(title="Identifiant", description="Nom de fichier de la fiche, sans .md.")
    titre: str = Field(title="Titre")
    page: str = Field(title="Page", description="Adresse de la page, relative à la racine du site.")


class CommuneCatalogue(_Model):
    code_insee: str = Field(title="Code INSEE")
    nom: str = Field(title="Nom")
    ept: str = Field(title="EPT", description="Nom de l'établissement public territorial.")
    page: str = Field(title="Page de la commune", description="Relative à la racine du site.")


class AdoptionCatalogue(_Model):
    commune: CommuneCatalogue = Field(title="Commune")
    statut: Libelle = Field(title="Statut de l'adoption")
    date: dt.date = Field(title="Date")


class Repartition(_Model):
    cout_eur: Montant = Field(title="Coût pour une commune (€)")
    part_metropole_eur: Montant = Field(title="Part de la Métropole (€)")
    reste_a_charge_eur: Montant = Field(title="Reste à charge de la commune (€)")


class FinancementCatalogue(_Model):
    investissement: Repartition = Field(title="Investissement")
    fonctionnement_annuel: Repartition = Field(
        title="Fonctionnement annuel",
        description="Part indicative : voir « hypothese_fonctionnement » du catalogue.")


# The record's `ia` block as published: the same fields (extra="forbid" fails on a new one),
# choices with their label; written out, not derived, because its titles are the catalogue's
# own (and a docstring here would become the published schema's description).
class Gouvernance(_Model):
    type_ia: Libelle = Field(title="Type d'IA")
    modele: str = Field(title="Modèle")
    fournisseur: str = Field(title="Fournisseur du modèle")
    open_source: bool = Field(title="Modèle ouvert (open source)")
    hebergement: Libelle = Field(title="Hébergement")
    donnees_personnelles: bool = Field(title="Données personnelles traitées")
    aipd: Libelle = Field(title="Analyse d'impact (AIPD)")
    niveau_risque_ai_act: Libelle = Field(title="Niveau de risque (AI Act)")
    supervision_humaine: str = Field(title="Supervision humaine")


class RetourCatalogue(Lien):
    date: dt.date = Field(title="Date")
    nature: Libelle = Field(title="Nature")


class EntreeCatalogue(_Model):
    """A solution proven by one or more communes, ready to be adopted by others."""

    slug: str = Field(title="Identifiant", description="Celui du cas d'usage d'origine.")
    titre: str = Field(title="Solution")
    resume: str = Field(title="Résumé")
    exemple: bool = Field(title="Exemple fictif",
                          description="true si la fiche d'origine est inventée pour illustrer.")
    mis_a_jour: dt.date = Field(title="Fiche mise à jour le")
    page: str = Field(title="Page du catalogue", description="Relative à la racine du site.")
    fiche: str = Field(title="Fiche du cas d'usage", description="Relative à la racine du site.")
    parcours: Lien = Field(title="Parcours")
    communes_pilotes: list[CommuneCatalogue] = Field(
        title="Communes pilotes", description="Les communes qui ont éprouvé la solution.")
    periode: Periode = Field(title="Période d'expérimentation")
    resultats: list[Resultat] = Field(title="Résultats mesurés")
    adoptions: list[AdoptionCatalogue] = Field(
        title="Adoptions", description="Communes qui ont repris la solution ou la reprennent.")
    financement: FinancementCatalogue = Field(title="Coûts et financement pour une commune")
    prerequis: list[str] = Field(title="Prérequis")
    delai_deploiement_mois: int = Field(title="Délai de déploiement (mois)")
    voie_achat: Libelle = Field(title="Voie d'achat")
    fournisseurs: list[str] = Field(title="Fournisseurs")
    licence: str = Field(title="Licence")
    code_source: str | None = Field(title="Code source")
    frugalite: Frugalite = Field(title="Frugalité")
    gouvernance: Gouvernance = Field(title="Gouvernance et conformité")
    contact: str = Field(title="Contact", description="Adresse de service de la commune pilote.")
    retours_experience: list[RetourCatalogue] = Field(title="Retours d'expérience liés")


class Catalogue(_Model):
    """Catalogue de passage à l'échelle du Hub IA, calculé à partir des cas d'usage concluants."""

    model_config = ConfigDict(title="Catalogue de passage à l'échelle du Hub IA")

    programme: str = Field(title="Programme")
    taux_financement: Taux = Field(
        title="Taux de financement", description="Part du coût financée par la Métropole.")
    plafond_financement_eur: Montant | None = Field(
        title="Plafond de la part de la Métropole (€)", description="null s'il n'y en a pas.")
    regle_calcul: str = Field(title="Règle de calcul et d'arrondi")
    hypothese_fonctionnement: str = Field(title="Hypothèse sur le fonctionnement")
    entrees: list[EntreeCatalogue] = Field(title="Solutions du catalogue")
    # For the pages only, never exported: who funds (« la Métropole », from
    # data/communes.yml) and whether the programme has set its rate yet (None: taux_financement
    # then holds 0, and the pages say « à définir »).
    _porteur: str = PrivateAttr("")
    _taux_connu: bool = PrivateAttr(True)
    _regroupement: str = PrivateAttr("")  # label of the communes' grouping: « Territoire (EPT) »

    @property
    def porteur(self) -> str:
        return self._porteur

    @property
    def taux_connu(self) -> bool:
        return self._taux_connu

    @property
    def regroupement(self) -> str:
        return self._regroupement


def _label(choice: Choice) -> Libelle:
    return Libelle(code=choice.value, libelle=choice.label)


def _commune(hub: Hub, code: str) -> CommuneCatalogue:
    commune = hub.communes.by_code[code]
    ept = hub.communes.epts.get(commune.ept)
    return CommuneCatalogue(code_insee=code, nom=commune.nom, ept=ept.nom if ept else commune.ept,
                            page=f"communes/{hub.communes.slugs[code]}/")


def _link(entry: Entry) -> Lien:
    return Lien(slug=entry.slug, titre=entry.record.titre, page=entry.url)


def in_catalogue(entry: Entry) -> bool:
    """A use case enters the catalogue when it is proven and describes how to scale it up."""
    record = entry.record
    return record.statut is StatutCas.CONCLUANT and record.passage_a_l_echelle is not None


def _repartition(parts: Split) -> Repartition:
    return Repartition(cout_eur=parts.cost, part_metropole_eur=parts.share,
                       reste_a_charge_eur=parts.remainder)


def _entry(hub: Hub, entry: Entry, retours: list[Entry]) -> EntreeCatalogue:
    r, programme = entry.record, hub.programme
    scale, ia = r.passage_a_l_echelle, r.ia
    track = hub.records.get("parcours", {}).get(r.parcours)

    def funded(cost: Decimal) -> Repartition:
        return _repartition(split(cost, rate(programme),
                                  programme.plafond_financement_eur))

    return EntreeCatalogue(
        slug=entry.slug, titre=r.titre, resume=r.resume, exemple=r.exemple,
        mis_a_jour=r.mis_a_jour, page=f"catalogue/{entry.slug}/", fiche=entry.url,
        parcours=_link(track) if track else Lien(slug=r.parcours, titre=r.parcours, page=""),
        communes_pilotes=[_commune(hub, code) for code in r.communes],
        periode=r.periode, resultats=list(r.resultats),
        adoptions=[AdoptionCatalogue(commune=_commune(hub, a.commune), statut=_label(a.statut),
                                     date=a.date)
                   for a in sorted(r.adoptions, key=lambda a: (a.date, a.commune))],
        financement=FinancementCatalogue(
            investissement=funded(scale.cout_par_commune.investissement_eur),
            fonctionnement_annuel=funded(scale.cout_par_commune.fonctionnement_annuel_eur)),
        prerequis=list(scale.prerequis), delai_deploiement_mois=scale.delai_deploiement_mois,
        voie_achat=_label(scale.voie_achat), fournisseurs=list(scale.fournisseurs),
        licence=scale.licence, code_source=scale.code_source,
        frugalite=r.frugalite,
        gouvernance=Gouvernance(**{name: _label(value) if isinstance(value, Choice) else value
                                   for name, value in ia}),
        contact=r.contact,
        retours_experience=[
            RetourCatalogue(slug=e.slug, titre=e.record.titre, page=e.url, date=e.record.date,
                            nature=_label(e.record.nature))
            for e in sorted(retours, key=lambda e: (e.record.date, e.slug))])


def build(hub: Hub) -> Catalogue:
    """The catalogue of `hub`: its proven use cases with a scale-up block, sorted by slug."""
    retours: dict[str, list[Entry]] = defaultdict(list)
    for retour in hub.section("retours-experience"):
        if retour.record.cas_usage:
            retours[retour.record.cas_usage].append(retour)
    entries = sorted((e for e in hub.section("cas-usage") if in_catalogue(e)),
                     key=lambda e: e.slug)
    programme = hub.programme
    porteur = hub.communes.territoire.porteur
    catalogue = Catalogue(
        programme=programme.nom, taux_financement=rate(programme),
        plafond_financement_eur=programme.plafond_financement_eur,
        regle_calcul=rounding_rule(porteur),
        hypothese_fonctionnement=running_costs_note(programme.taux_financement, porteur),
        entrees=[_entry(hub, e, retours[e.slug]) for e in entries])
    catalogue._porteur = porteur
    catalogue._taux_connu = programme.taux_financement is not None
    catalogue._regroupement = hub.communes.regroupement.libelle
    return catalogue


def rate(programme: Programme) -> Decimal:
    """The rate amounts are computed at: 0 while the programme leaves it to fill (nothing is
    promised before it is set; `hubia check` warns)."""
    return programme.taux_financement if programme.taux_financement is not None else Decimal(0)


# --- Exports -------------------------------------------------------------------------------

def json_export(data: object) -> bytes:
    """Stable JSON bytes: sorted keys, UTF-8, a final newline (byte-identical builds)."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def json_bytes(catalogue: Catalogue) -> bytes:
    return json_export(catalogue.model_dump(mode="json"))


def schema_bytes() -> bytes:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              **Catalogue.model_json_schema(mode="serialization")}
    return json_export(schema)


def _names(communes: list[CommuneCatalogue]) -> str:
    return _join([c.nom for c in communes])


Getter = Callable[[EntreeCatalogue], str]
# (column, French description, value): the CSV header and the README's table of columns.
CSV_COLUMNS: list[tuple[str, str, Getter]] = [
    ("identifiant", "identifiant de la solution (nom de fichier du cas d'usage)", lambda e: e.slug),
    ("solution", "titre de la solution", lambda e: e.titre),
    ("exemple_fictif", "« oui » si la fiche est un exemple inventé", lambda e: _yes_no(e.exemple)),
    ("parcours", "parcours thématique", lambda e: e.parcours.titre),
    ("communes_pilotes", "communes qui ont éprouvé la solution, séparées par « ; »",
     lambda e: _names(e.communes_pilotes)),
    ("ept_pilotes", "EPT de ces communes", lambda e: _join(sorted({c.ept for c in e.communes_pilotes}))),
    ("fin_experimentation", "date de fin de l'expérimentation (AAAA-MM-JJ)",
     lambda e: e.periode.fin.isoformat() if e.periode.fin else ""),
    ("resultats", "résultats mesurés : « indicateur : avant → après unité », séparés par « ; »",
     lambda e: _join([f"{r.indicateur} : {_number(r.avant)} → {_number(r.apres)} {r.unite}"
                      for r in e.resultats])),
    ("adoptions", "communes qui reprennent la solution : « commune (statut, date) »",
     lambda e: _join([f"{a.commune.nom} ({a.statut.libelle}, {a.date.isoformat()})"
                      for a in e.adoptions])),
    ("nombre_adoptions", "nombre de communes qui reprennent la solution",
     lambda e: str(len(e.adoptions))),
    ("investissement_eur", "investissement pour une commune, en euros",
     lambda e: _amount(e.financement.investissement.cout_eur)),
    ("part_metropole_investissement_eur", "part de la Métropole sur l'investissement",
     lambda e: _amount(e.financement.investissement.part_metropole_eur)),
    ("reste_a_charge_investissement_eur", "investissement restant à la charge de la commune",
     lambda e: _amount(e.financement.investissement.reste_a_charge_eur)),
    ("fonctionnement_annuel_eur", "coût de fonctionnement annuel pour une commune",
     lambda e: _amount(e.financement.fonctionnement_annuel.cout_eur)),
    ("part_metropole_fonctionnement_eur",
     "part indicative de la Métropole sur une année de fonctionnement",
     lambda e: _amount(e.financement.fonctionnement_annuel.part_metropole_eur)),
    ("reste_a_charge_fonctionnement_eur", "fonctionnement annuel restant à la charge de la commune",
     lambda e: _amount(e.financement.fonctionnement_annuel.reste_a_charge_eur)),
    ("delai_deploiement_mois", "délai de déploiement, en mois",
     lambda e: str(e.delai_deploiement_mois)),
    ("voie_achat", "voie d'achat", lambda e: e.voie_achat.libelle),
    ("prerequis", "prérequis, séparés par « ; »", lambda e: _join(e.prerequis)),
    ("fournisseurs", "fournisseurs, séparés par « ; »", lambda e: _join(e.fournisseurs)),
    ("licence", "licence de la solution", lambda e: e.licence),
    ("code_source", "adresse du code source", lambda e: e.code_source or ""),
    ("energie_kwh_an", "énergie consommée par an (kWh)",
     lambda e: _number(e.frugalite.energie_kwh_an)),
    ("co2e_kg_an", "émissions par an (kg CO2e)", lambda e: _number(e.frugalite.co2e_kg_an)),
    ("type_ia", "type d'IA", lambda e: e.gouvernance.type_ia.libelle),
    ("modele", "modèle utilisé", lambda e: e.gouvernance.modele),
    ("hebergement", "hébergement", lambda e: e.gouvernance.hebergement.libelle),
    ("donnees_personnelles", "« oui » si des données personnelles sont traitées",
     lambda e: _yes_no(e.gouvernance.donnees_personnelles)),
    ("aipd", "analyse d'impact (AIPD)", lambda e: e.gouvernance.aipd.libelle),
    ("niveau_risque_ai_act", "niveau de risque au sens de l'AI Act",
     lambda e: e.gouvernance.niveau_risque_ai_act.libelle),
    ("contact", "adresse de service de la commune pilote", lambda e: e.contact),
    ("retours_experience", "titres des retours d'expérience liés, séparés par « ; »",
     lambda e: _join([r.titre for r in e.retours_experience])),
    ("page", "adresse de la page du catalogue, relative à la racine du site", lambda e: e.page),
]
def csv_bytes(catalogue: Catalogue) -> bytes:
    """One row per entry sorted by slug, under the hub's CSV rules (text/csv_rules.py)."""
    return csv_rules.table([name for name, _, _ in CSV_COLUMNS],
                           ([value(entry) for _, _, value in CSV_COLUMNS]
                            for entry in catalogue.entrees))


def exports(catalogue: Catalogue) -> dict[str, bytes]:
    """Every export file of the catalogue, by file name."""
    return {"catalogue.json": json_bytes(catalogue), "catalogue.csv": csv_bytes(catalogue),
            "catalogue.schema.json": schema_bytes()}


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` unless the file already holds exactly it; True when written."""
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:  # a full disk leaves the previous file whole, and no partial copy beside it
        temporary.write_bytes(content)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True
