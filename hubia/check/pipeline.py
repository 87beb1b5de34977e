"""Read and validate the whole hub, reporting every problem in one run.

Stage 1 reads the data files, stage 2 validates each record against its model (communes are
normalised on the way), stage 3 checks what one record cannot know alone: references between
records, funding against the programme's rate, and links inside the hub.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import training
from .catalogue import adoption_rules
from ..communes import Communes
from .content import check_body
from ..diagnostics import Diagnostic, diagnostic
from ..funding import cents
from ..generate import generated_pages
from ..hub import Entry, Hub
from ..load.files import read_data, read_record, record_files
from ..models import BY_SECTION, CasUsage, CommunesFile, Configuration, Parcours, Programme, RetourExperience
from ..models.base import SLUG_PATTERN
from ..models.configuration import FILE as CONFIGURATION_FILE_NAME
from .privacy import FUNCTIONAL_WORDS as _FUNCTIONAL_WORDS
from .safety import SafetyChecker, load_settings
from ..models.cas_usage import StatutCas
from ..models.demonstrateur import Demonstrateur
from ..models.formation import Agenda, Glossaire
from .placeholders import body_placeholders, find_placeholders
from ..text import french
from .schema_errors import to_diagnostics
from ..load.yaml import Document

COMMUNES_FILE = "data/communes.yml"
PROGRAMME_FILE = "data/programme.yml"
CONFIGURATION_FILE = CONFIGURATION_FILE_NAME  # at the root of the hub
# A functional mailbox names a service, not a person: « prenom.nom@ » is flagged.
_PERSONAL_MAILBOX = re.compile(r"^[a-z]+[._-][a-z]{2,}@", re.IGNORECASE)


def _validate(model: type[BaseModel], raw: Document, path: str, context: dict | None = None,
              skip: tuple[tuple, ...] = ()) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The record, or the schema errors (except those under a `skip` path)."""
    try:
        return model.model_validate(raw.data, context=context), []
    except ValidationError as exc:
        return None, to_diagnostics(exc, model, path, raw, skip)


def _read_data_file(root: Path, rel: str, model: type[BaseModel], problems: list[Diagnostic],
                    optional: bool = False) -> BaseModel | None:
    """The validated data file; an optional file that is absent gives the model's defaults."""
    if optional and not (root / rel).is_file():
        return model()
    return read_data_file(root, rel, model, problems)[0]


def read_data_file(root: Path, rel: str, model: type[BaseModel], problems: list[Diagnostic],
                   optional: bool = False) -> tuple[BaseModel | None, Document | None]:
    """A data file of `data/` validated against `model`, with its positions."""
    file = root / rel
    if not file.is_file():
        if not optional:
            problems.append(diagnostic(rel, 1, 1, "fichier-manquant",
                                       f"fichier de données « {rel} » introuvable"))
        return None, None
    raw, problem = read_data(file, rel)
    if raw is None:
        problems.append(problem)
        return None, None
    value, found = _validate(model, raw.doc, rel)
    problems += found
    return value, raw.doc


def _menu_problems(configuration: Configuration, doc: Document,
                   pages: set[str]) -> list[Diagnostic]:
    """Every page of the menu must exist, written in docs/ or generated."""
    return [diagnostic(CONFIGURATION_FILE, *doc.position(path), "lien-interne-casse",
                       f"le menu mène à « {page} », qui n'existe pas dans docs/ ni parmi les "
                       "pages générées")
            for path, page in configuration.menu_pages() if page not in pages]


def _docs_pages(root: Path) -> set[str]:
    docs = root / "docs"
    files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    return files | set(generated_pages())


class _Rules:
    """Cross-record rules; each yields (path in the record, code, message)."""

    def __init__(self, hub: Hub, slugs: dict[str, set[str]]) -> None:
        self.hub = hub
        self.slugs = slugs  # from file names: a reference to an invalid record is not unknown

    def _unknown(self, section: str, code: str, label: str, key: tuple,
                 slug: str | None) -> Iterator[tuple[tuple, str, str]]:
        if slug is not None and slug not in self.slugs.get(section, ()):
            yield key, code, f"{label} « {slug} » inconnu : aucun fichier docs/{section}/{slug}.md"

    def _each_unknown(self, section: str, code: str, label: str, field: str | tuple,
                      slugs: list[str]) -> Iterator[tuple[tuple, str, str]]:
        prefix = field if isinstance(field, tuple) else (field,)
        for index, slug in enumerate(slugs):
            yield from self._unknown(section, code, label, (*prefix, index), slug)

    def parcours(self, r: Parcours) -> Iterator[tuple[tuple, str, str]]:
        yield from self._each_unknown("demonstrateurs", "demonstrateur-inconnu", "démonstrateur",
                                      "demonstrateurs", r.demonstrateurs)
        for m, module in enumerate(r.modules):
            for a, activite in enumerate(module.activites):
                yield from self._each_unknown("cas-usage", "cas-usage-inconnu", "cas d'usage",
                                              ("modules", m, "activites", a, "cas_usage"),
                                              activite.cas_usage)
        if r.nombre_communes_candidates is not None and (
                r.nombre_communes_candidates < len(r.communes_candidates)):
            yield (("nombre_communes_candidates",), "reference-incoherente",
                   f"nombre de communes candidates ({r.nombre_communes_candidates}) inférieur "
                   f"au nombre de communes listées ({len(r.communes_candidates)})")

    def cas_usage(self, r: CasUsage) -> Iterator[tuple[tuple, str, str]]:
        yield from self._unknown("parcours", "parcours-inconnu", "parcours", ("parcours",),
                                 r.parcours)
        if r.periode.fin and r.periode.fin < r.periode.debut:
            yield (("periode", "fin"), "periode-inversee",
                   f"la période finit le {french.date(r.periode.fin)}, avant de commencer le "
                   f"{french.date(r.periode.debut)}")
        yield from self._funding(r)
        yield from adoption_rules(r, self.hub.communes.name)
        if r.statut is StatutCas.CONCLUANT and r.passage_a_l_echelle is None:
            yield (("statut",), "passage-echelle-manquant",
                   "un cas d'usage concluant doit décrire son passage à l'échelle (bloc "
                   "« passage_a_l_echelle » : coûts par commune, prérequis, délai...)")
        local, _, domain = r.contact.partition("@")
        if _PERSONAL_MAILBOX.match(r.contact) and not (
                set(re.split(r"[._-]", local.lower())) & _FUNCTIONAL_WORDS):
            yield (("contact",), "contact-personnel",
                   f"« {r.contact} » ressemble à une adresse nominative : préférez une adresse "
                   f"de service (ia@{domain}, dsi@{domain}...)")

    def _funding(self, r: CasUsage) -> Iterator[tuple[tuple, str, str]]:
        programme = self.hub.programme
        cost, share = r.financement.cout_total_eur, r.financement.part_metropole_eur
        ceiling = cents(cost * programme.taux_financement)
        if share > ceiling:
            yield (("financement", "part_metropole_eur"), "financement-excessif",
                   f"part de la Métropole de {french.euros(share)} supérieure à "
                   f"{french.percent(programme.taux_financement)} du coût total : "
                   f"{french.euros(ceiling)} au plus pour {french.euros(cost)}")
        cap = programme.plafond_financement_eur
        if cap is not None and share > cap:
            yield (("financement", "part_metropole_eur"), "financement-excessif",
                   f"part de la Métropole de {french.euros(share)} supérieure au plafond de "
                   f"{french.euros(cap)} du programme")

    def demonstrateurs(self, r: Demonstrateur) -> Iterator[tuple[tuple, str, str]]:
        yield from self._each_unknown("parcours", "parcours-inconnu", "parcours", "parcours",
                                      r.parcours)

    def retours_experience(self, r: RetourExperience) -> Iterator[tuple[tuple, str, str]]:
        if r.cas_usage is None and r.parcours is None:
            yield ((), "champ-manquant",
                   "un retour d'expérience doit citer son « cas_usage » ou son « parcours »")
        yield from self._unknown("cas-usage", "cas-usage-inconnu", "cas d'usage", ("cas_usage",),
                                 r.cas_usage)
        yield from self._unknown("parcours", "parcours-inconnu", "parcours", ("parcours",),
                                 r.parcours)
        for index, auteur in enumerate(r.auteurs):
            if auteur.nom and not auteur.accord_publication:
                yield (("auteurs", index, "nom"), "nom-sans-accord",
                       f"le nom « {auteur.nom} » ne peut être publié que si la personne l'a "
                       "accepté : ajoutez « accord_publication: true » ou retirez le nom")

    def freshness(self, record) -> Iterator[tuple[tuple, str, str]]:  # noqa: ANN001
        if self.hub.is_stale(record):
            yield (("mis_a_jour",), "a-actualiser",
                   f"fiche mise à jour le {french.date(record.mis_a_jour)}, il y a plus de "
                   f"{self.hub.configuration.fraicheur_mois} mois : relisez-la et actualisez "
                   "« mis_a_jour »")

    def run(self, entry: Entry) -> Iterator[Diagnostic]:
        rule: Callable = getattr(self, entry.section.replace("-", "_"))
        found = [*rule(entry.record), *self.freshness(entry.record)]
        for key, code, message in found:
            line, column = entry.doc.position(key)
            yield diagnostic(entry.path, line, column, code, message)


@dataclass
class Report:
    hub: Hub | None  # the valid records; None when the data files themselves are broken
    problems: list[Diagnostic]
    files: int  # record files checked


def check(root: Path, progress: Callable[[str], None] = lambda _: None,
          only: set[str] | None = None) -> Report:
    """Validate the hub under `root`: the hub of valid records, and every problem found.

    `only` restricts the work to these record paths (relative to `root`), for `--changed`.
    """
    problems: list[Diagnostic] = []
    communes_data = _read_data_file(root, COMMUNES_FILE, CommunesFile, problems)
    programme = _read_data_file(root, PROGRAMME_FILE, Programme, problems)
    configuration, configuration_doc = read_data_file(root, CONFIGURATION_FILE, Configuration,
                                                      problems)
    communes = Communes(communes_data) if communes_data else None
    context = {"communes": communes.resolve} if communes else None
    hub = (Hub(root, communes, programme, configuration)
           if communes and programme and configuration else None)
    safety = SafetyChecker(root, load_settings(root, problems))

    every_file = record_files(root)
    slugs: dict[str, set[str]] = {section: set() for section in BY_SECTION}
    for section, file in every_file:
        slugs[section].add(file.stem)
    files = [(section, file) for section, file in every_file
             if only is None or file.relative_to(root).as_posix() in only]
    progress(f"Vérification de {len(files)} fiches")
    pages = _docs_pages(root)
    if configuration is not None:
        problems += _menu_problems(configuration, configuration_doc, pages)
    slug_re = re.compile(SLUG_PATTERN)
    for done, (section, file) in enumerate(files, 1):
        if done % 500 == 0:
            progress(f"Fiches lues : {done}/{len(files)}")
        rel = file.relative_to(root).as_posix()
        if not slug_re.match(file.stem):
            problems.append(diagnostic(
                rel, 1, 1, "slug-invalide",
                f"nom de fichier « {file.name} » invalide : minuscules sans accents, chiffres et "
                "tirets, par exemple « mon-cas-usage.md »"))
            continue
        raw, problem = read_record(file, rel)
        if raw is None:
            problems.append(problem)
            continue
        holes = find_placeholders(raw.doc)
        problems += [diagnostic(rel, *raw.doc.position(path), "a-remplir", message)
                     for path, message in holes]
        record, found = _validate(BY_SECTION[section], raw.doc, rel, context,
                                  tuple(path for path, _ in holes))
        problems += found
        safety_problems = safety.record(raw)
        problems += safety_problems
        if not any(d.code == "markdown-trop-complexe" for d in safety_problems):
            # (a text over the rendering budget could also stall the link patterns below)
            problems += check_body(rel, f"{section}/{file.name}", raw.body, raw.body_line, pages)
        problems += [diagnostic(rel, raw.body_line + index, 1, "a-remplir",
                                "texte encore à remplir")
                     for index in body_placeholders(raw.body)]
        if record is not None and hub is not None:
            hub.add(Entry(section, file.stem, rel, record, raw.doc, raw.body, raw.body_line))

    problems += safety.files({file.relative_to(root).as_posix() for _, file in files})
    if hub is not None:
        rules = _Rules(hub, slugs)
        for entries in list(hub.records.values()):
            for entry in entries.values():
                problems += rules.run(entry)
    if only is None:  # the training data name any record: only a full run can judge them
        problems += training.check(
            hub, read_data_file(root, training.GLOSSAIRE_FILE, Glossaire, problems, optional=True),
            read_data_file(root, training.AGENDA_FILE, Agenda, problems, optional=True))
    problems.sort()
    return Report(hub, problems, len(files))
