"""The page « Données ouvertes » (`donnees/index.md`) and its DCAT-AP 2 catalogue
(`donnees/dcat.jsonld`), both drawn from one registry of distributions.

Extension point: `distributions(hub)` returns every downloadable file the page lists and the
DCAT catalogue describes. Another export joins both by adding its `Distribution`s to the list
built there (as the exports to other registers, under `donnees/registres/`, are added by
`_register_distributions`):

    found += [Distribution(path="donnees/x/x.csv", title="...", media_type=CSV,
                           dataset=Dataset("x", "...", "..."), content=x_bytes,
                           licence=LICENCE_OUVERTE, schema="donnees/x/x.schema.json",
                           modified=latest_update)]

`content` is a pure function of the hub returning the file's bytes: this module writes the
file, measures its size and dates it with `modified` (a date read in the records, never the
clock). A schema that `schema` names must be a file of the site too (its own Distribution
or written by the same generator).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from .. import registers
from ..catalogue import compute as cat
from ..hub import Hub
from ..text import french
from . import exports
from .links import href
from .tables import bullet_list, front_matter, markdown_page, table

INDEX = "donnees/index.md"
DCAT = "donnees/dcat.jsonld"
PATHS = (INDEX, exports.CHANGELOG_PAGE)
CSV, JSON = "text/csv", "application/json"
CATALOGUE_SCHEMA = "catalogue/catalogue.schema.json"  # written here with the catalogue's files
_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
_FORMATS = {CSV: "CSV", JSON: "JSON"}


@dataclass(frozen=True)
class Licence:
    title: str
    url: str


LICENCE_OUVERTE = Licence("Licence Ouverte 2.0 (Etalab)",
                          "https://www.etalab.gouv.fr/licence-ouverte-open-licence/")


@dataclass(frozen=True)
class Dataset:
    """A DCAT dataset: the distributions (formats) of one body of data."""

    identifier: str
    title: str
    description: str
    rights: str = ""  # terms beyond the licence (data of other producers)


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of the hub."""

    path: str  # site path
    title: str
    media_type: str
    dataset: Dataset
    content: Callable[[Hub], bytes]
    licence: Licence
    schema: str | None
    modified: Callable[[Hub], dt.date | None]


def latest_update(hub: Hub, sections: tuple[str, ...] | None = None) -> dt.date | None:
    """The last date the records (of `sections`) were updated, adoptions included."""
    dates = []
    for section in sections or tuple(hub.records):
        for entry in hub.section(section):
            dates.append(entry.record.mis_a_jour)
            dates += [a.date for a in getattr(entry.record, "adoptions", [])]
    return max(dates, default=None)


_SECTIONS = {"cas-usage": ("cas-usage",), "parcours": ("parcours",),
             "demonstrateurs": ("demonstrateurs",),
             "retours-experience": ("retours-experience",), "communes": None}
_COMMUNES_RIGHTS = ("Nom, SIREN, population et territoire des communes : données de l'INSEE "
                    "et de la DGCL, reprises du paquet @etalab/decoupage-administratif, sous "
                    "les conditions de leurs producteurs (Licence Ouverte Etalab). Engagement "
                    "et fiches liées : données du Hub IA, sous Licence Ouverte 2.0.")


def _export_distributions() -> list[Distribution]:
    found = []
    for export in exports.EXPORTS:
        sections = _SECTIONS[export.name]
        dataset = Dataset(export.name, f"{export.title} du Hub IA",
                          f"{export.title} publiés par le Hub IA, une ligne par "
                          "enregistrement, tous les champs des fiches.",
                          _COMMUNES_RIGHTS if export.name == "communes" else "")
        table_schema, json_schema = exports.schema_paths(export.name)

        def modified(hub: Hub, sections: tuple[str, ...] | None = sections) -> dt.date | None:
            return latest_update(hub, sections)

        found += [
            Distribution(f"{exports.FOLDER}/{export.name}.csv", f"{export.title} (CSV)", CSV,
                         dataset, lambda hub, e=export: exports.csv_bytes(e, hub),
                         LICENCE_OUVERTE, table_schema, modified),
            Distribution(f"{exports.FOLDER}/{export.name}.json", f"{export.title} (JSON)", JSON,
                         dataset, lambda hub, e=export: exports.json_bytes(e, hub),
                         LICENCE_OUVERTE, json_schema, modified)]
    return found


def _catalogue_distributions() -> list[Distribution]:
    dataset = Dataset("catalogue", "Catalogue de passage à l'échelle",
                      "Les solutions éprouvées par une commune, avec leurs coûts et leur "
                      "financement pour une autre commune.")

    def modified(hub: Hub) -> dt.date | None:
        return latest_update(hub, ("cas-usage",))

    computed: dict[int, dict[str, bytes]] = {}  # both files from one computation; the list
    # lives for one call of distributions(hub), so the hub it holds is that call's

    def files(hub: Hub) -> dict[str, bytes]:
        if id(hub) not in computed:
            computed[id(hub)] = cat.exports(cat.build(hub))
        return computed[id(hub)]

    return [Distribution("catalogue/catalogue.csv", "Catalogue (CSV)", CSV, dataset,
                         lambda hub: files(hub)["catalogue.csv"], LICENCE_OUVERTE, None,
                         modified),
            Distribution("catalogue/catalogue.json", "Catalogue (JSON)", JSON, dataset,
                         lambda hub: files(hub)["catalogue.json"], LICENCE_OUVERTE,
                         CATALOGUE_SCHEMA, modified)]


REGISTERS_FOLDER = "donnees/registres/"


def _register_distributions() -> list[Distribution]:
    """The exports to other registers of algorithms (registers/), one file per format."""
    dataset = Dataset("registres", "Algorithmes publics des communes, aux formats d'autres "
                      "registres", "Les systèmes d'algorithmes et d'IA que les communes "
                      "publient sur le hub, aux formats des registres néerlandais, britannique "
                      "et européen.")

    def modified(hub: Hub) -> dt.date | None:
        return latest_update(hub, ("cas-usage", "demonstrateurs"))

    found = []
    for name, (export, label) in registers.FORMATS.items():
        file, media_type = registers.FILES[name]
        found.append(Distribution(
            REGISTERS_FOLDER + file, label[0].upper() + label[1:], media_type, dataset,
            lambda hub, export=export, file=file: export(hub)[file], LICENCE_OUVERTE, None,
            modified))
    return found


def distributions(hub: Hub) -> list[Distribution]:
    """Every downloadable file of the hub, in the order of the page. Append here (see the
    module's docstring) to publish another export."""
    del hub  # today's list is the same for every hub; an appended entry may depend on it
    found = _export_distributions()
    found += _catalogue_distributions()
    found += _register_distributions()
    return found


# --- The page ----------------------------------------------------------------------------------

def size(count: int) -> str:
    """A file size in French: « 850 octets », « 12,3 Ko », « 1,2 Mo »."""
    if count < 1000:
        return f"{count} octets"
    if count < 1_000_000:
        return f"{french.number(count / 1000, 1)} Ko"
    return f"{french.number(count / 1_000_000, 1)} Mo"


Found = list[tuple[Distribution, bytes, dt.date | None]]  # with its bytes and its date


def _row(d: Distribution, content: bytes, modified: dt.date | None) -> list[str]:
    schema = (f'<a href="{escape(href(INDEX, d.schema))}">{"Table Schema" if d.media_type == CSV else "JSON Schema"}</a>'
              if d.schema else "—")
    licence = f'<a href="{escape(d.licence.url)}">{escape(d.licence.title)}</a>'
    if d.dataset.rights:
        licence += f" ; {escape(d.dataset.rights)}"
    return [f'<a href="{escape(href(INDEX, d.path))}" download>{escape(d.title)}</a>',
            _FORMATS.get(d.media_type, escape(d.media_type)), size(len(content)), schema,
            licence, french.date(modified) if modified else "—"]


def _page(hub: Hub, found: Found) -> str:
    rows = [_row(d, content, modified) for d, content, modified in found]
    versions = [f"<code>{escape(e.name)}</code> : version {escape(exports.current_version(e.name))}"
                for e in exports.EXPORTS]
    examples = [f'<a href="{escape(href(INDEX, f"{exports.FOLDER}/schemas/exemples/{e.name}.exemple.{ext}"))}">'
                f"{escape(e.title)} ({ext.upper()})</a>"
                for e in exports.EXPORTS for ext in ("csv", "json")]
    return markdown_page([
        front_matter("Données ouvertes",
                     "Toutes les données du Hub IA à télécharger en CSV et JSON, avec leurs "
                     "schémas, leur licence et le catalogue DCAT."),
        "# Données ouvertes",
        "<p>Le hub publie toutes ses fiches, y compris les expérimentations en cours et celles "
        f"qui n'ont pas abouti, ainsi que les {len(hub.communes.by_code)} communes "
        f"{escape(french.of(hub.communes.territoire.avec_article))}, pour que chacun "
        "puisse les réutiliser. Chaque fichier existe en CSV (tableur, UTF-8, séparateur "
        "virgule, listes séparées par « ; ») et en JSON, avec un schéma qui décrit chaque "
        "champ. Les fichiers sont recalculés à chaque publication du site.</p>",
        "## Fichiers à télécharger",
        table("Fichiers de données du Hub IA", ["Fichier", "Format", "Taille", "Schéma",
                                                "Licence", "Dernière mise à jour"], rows),
        "## Schémas et versions",
        "<p>Les schémas suivent le versionnage sémantique : une nouvelle version majeure "
        "signale un champ retiré ou changé, une version mineure un champ ajouté. Le "
        f'<a href="{escape(href(INDEX, exports.CHANGELOG_PAGE))}">journal '
        "des versions</a> décrit chaque changement.</p>",
        bullet_list(versions),
        "<p>Exemples de fichiers valides :</p>",
        bullet_list(examples),
        "## Catalogue DCAT",
        f'<p>Le <a href="{escape(href(INDEX, DCAT))}">catalogue DCAT</a> (format JSON-LD, '
        "profil DCAT-AP 2) décrit chaque fichier (adresse, format, schéma, licence, date de "
        "mise à jour) pour que data.gouv.fr et les autres portails le moissonnent.</p>",
    ])


# --- DCAT-AP 2 -------------------------------------------------------------------------------

_CONTEXT = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/", "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _iri(hub: Hub, path: str) -> str:
    """Absolute when the site's address is known; else relative to dcat.jsonld's folder."""
    address = hub.configuration.site.adresse
    if address:
        return (address if address.endswith("/") else address + "/") + path
    return href(DCAT, path)


def _date(value: dt.date | None) -> dict[str, str] | None:
    return {"@value": value.isoformat(), "@type": "xsd:date"} if value else None


def dcat(hub: Hub, found: Found) -> bytes:
    """The catalogue in JSON-LD, DCAT-AP 2: datasets and their distributions."""
    site = hub.configuration.site
    publisher = {"@type": "foaf:Agent", "foaf:name": site.editeur}
    datasets: dict[str, dict] = {}
    for d, content, modified in found:
        dataset = datasets.setdefault(d.dataset.identifier, {
            "@id": _iri(hub, f"{INDEX[:-len('index.md')]}#{d.dataset.identifier}"),
            "@type": "dcat:Dataset", "dct:identifier": d.dataset.identifier,
            "dct:title": d.dataset.title, "dct:description": d.dataset.description,
            "dct:publisher": publisher, "dcat:distribution": []})
        distribution = {
            "@id": _iri(hub, d.path), "@type": "dcat:Distribution", "dct:title": d.title,
            "dcat:accessURL": {"@id": _iri(hub, INDEX[:-len("index.md")])},
            "dcat:downloadURL": {"@id": _iri(hub, d.path)},
            "dcat:mediaType": {"@id": _MEDIA_TYPES + d.media_type},
            "dct:format": _FORMATS.get(d.media_type, d.media_type),
            "dcat:byteSize": {"@value": str(len(content)), "@type": "xsd:decimal"},
            "dct:license": {"@id": d.licence.url, "@type": "dct:LicenseDocument"}}
        if d.schema:
            distribution["dct:conformsTo"] = {"@id": _iri(hub, d.schema)}
        if d.dataset.rights:
            distribution["dct:rights"] = {"@type": "dct:RightsStatement",
                                          "dct:description": d.dataset.rights}
        if modified:
            distribution["dct:modified"] = _date(modified)
            previous = dataset.get("dct:modified")
            if previous is None or previous["@value"] < modified.isoformat():
                dataset["dct:modified"] = _date(modified)
        dataset["dcat:distribution"].append(distribution)
    catalogue = {"@context": _CONTEXT, "@id": _iri(hub, DCAT), "@type": "dcat:Catalog",
                 "dct:title": f"Données ouvertes du {site.nom_court}",
                 "dct:description": site.description.strip(), "dct:publisher": publisher,
                 "dct:language": {"@id": "http://publications.europa.eu/resource/authority/"
                                         "language/FRA"},
                 "dcat:dataset": list(datasets.values())}
    dates = [modified for _, _, modified in found if modified]
    if dates:
        catalogue["dct:modified"] = _date(max(dates))
    return (json.dumps(catalogue, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def pages(hub: Hub) -> dict[str, str | bytes]:
    """The downloads, their page and the DCAT catalogue: they read every record."""
    found = [(d, d.content(hub), d.modified(hub)) for d in distributions(hub)]
    result: dict[str, str | bytes] = {d.path: content for d, content, _ in found}
    result[DCAT] = dcat(hub, found)
    result[INDEX] = _page(hub, found)
    return result


def schemas(hub: Hub) -> dict[str, str | bytes]:
    """The schemas, their examples and their changelog: drawn from the models alone, so a
    separate generator that the preview never runs again after an edit of a record."""
    del hub
    result: dict[str, str | bytes] = dict(exports.schema_files())
    result[CATALOGUE_SCHEMA] = cat.schema_bytes()
    result[exports.CHANGELOG_PAGE] = exports.changelog_page()
    return result
