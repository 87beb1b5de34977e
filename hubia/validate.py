"""Read and validate the whole hub, reporting every problem in one run.

Stage 1 reads the data files, stage 2 validates each record against its model (communes are
normalised on the way), stage 3 checks what one record cannot know alone: references between
records, funding against the programme's rate, and links inside the hub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .communes import Communes
from .content_rules import check_body
from .diagnostics import Diagnostic, diagnostic
from .render import french
from .generate import generated_pages
from .hub import Entry, Hub
from .load import read_data, read_record, record_files
from .models import BY_SECTION, CasUsage, CommunesFile, Parcours, Programme, RetourExperience
from .models.base import SLUG_PATTERN
from .privacy import FUNCTIONAL_WORDS as _FUNCTIONAL_WORDS
from .safety import SafetyChecker, load_settings
from .models.demonstrateur import Demonstrateur
from .models.cas_usage import StatutCas
from .schema_errors import to_diagnostics
from .yaml_loader import Document

COMMUNES_FILE = "data/communes.yml"
PROGRAMME_FILE = "data/programme.yml"
# A functional mailbox names a service, not a person: « prenom.nom@ » is flagged.
_PERSONAL_MAILBOX = re.compile(r"^[a-z]+[._-][a-z]{2,}@", re.IGNORECASE)


def _validate(model: type[BaseModel], raw: Document, path: str,
              context: dict | None = None) -> tuple[BaseModel | None, list[Diagnostic]]:
    try:
        return model.model_validate(raw.data, context=context), []
    except ValidationError as exc:
        return None, to_diagnostics(exc, model, path, raw)


def _read_data_file(root: Path, rel: str, model: type[BaseModel],
                    problems: list[Diagnostic]) -> BaseModel | None:
    file = root / rel
    if not file.is_file():
        problems.append(diagnostic(rel, 1, 1, "fichier-manquant",
                                   f"fichier de données « {rel} » introuvable"))
        return None
    raw, problem = read_data(file, rel)
    if raw is None:
        problems.append(problem)
        return None
    value, found = _validate(model, raw.doc, rel)
    problems += found
    return value


def _docs_pages(root: Path) -> set[str]:
    docs = root / "docs"
    files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    return files | set(generated_pages())


class _Rules:
    """Cross-record rules; each yields (path in the record, code, message)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.slugs = {section: set(entries) for section, entries in hub.records.items()}

    def _unknown(self, section: str, code: str, label: str, key: tuple,
                 slug: str | None) -> Iterator[tuple[tuple, str, str]]:
        if slug is not None and slug not in self.slugs.get(section, ()):
            yield key, code, f"{label} « {slug} » inconnu : aucun fichier docs/{section}/{slug}.md"

    def _each_unknown(self, section: str, code: str, label: str, field: str,
                      slugs: list[str]) -> Iterator[tuple[tuple, str, str]]:
        for index, slug in enumerate(slugs):
            yield from self._unknown(section, code, label, (field, index), slug)

    def parcours(self, r: Parcours) -> Iterator[tuple[tuple, str, str]]:
        yield from self._each_unknown("demonstrateurs", "demonstrateur-inconnu", "démonstrateur",
                                      "demonstrateurs", r.demonstrateurs)
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
        ceiling = (cost * programme.taux_financement).quantize(Decimal("0.01"))
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

    def run(self, entry: Entry) -> Iterator[Diagnostic]:
        rule: Callable = getattr(self, entry.section.replace("-", "_"))
        for key, code, message in rule(entry.record):
            line, column = entry.doc.position(key)
            yield diagnostic(entry.path, line, column, code, message)


@dataclass
class Report:
    hub: Hub | None  # the valid records; None when the data files themselves are broken
    problems: list[Diagnostic]
    files: int  # record files read


def check(root: Path, progress: Callable[[str], None] = lambda _: None) -> Report:
    """Validate the hub under `root`: the hub of valid records, and every problem found."""
    problems: list[Diagnostic] = []
    communes_data = _read_data_file(root, COMMUNES_FILE, CommunesFile, problems)
    programme = _read_data_file(root, PROGRAMME_FILE, Programme, problems)
    communes = Communes(communes_data) if communes_data else None
    context = {"communes": communes.resolve} if communes else None
    hub = Hub(root, communes, programme) if communes and programme else None
    safety = SafetyChecker(root, load_settings(root, problems))

    files = record_files(root)
    progress(f"Vérification de {len(files)} fiches")
    pages = _docs_pages(root)
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
        model = BY_SECTION[section]
        record, found = _validate(model, raw.doc, rel, context)
        problems += found
        safety_problems = safety.record(raw)
        problems += safety_problems
        if not any(d.code == "markdown-trop-complexe" for d in safety_problems):
            # (a text over the rendering budget could also stall the link patterns below)
            problems += check_body(rel, f"{section}/{file.name}", raw.body, raw.body_line, pages)
        if record is not None and hub is not None:
            hub.add(Entry(section, file.stem, rel, record, raw.doc, raw.body, raw.body_line))

    problems += safety.files({file.relative_to(root).as_posix() for _, file in files})
    if hub is not None:
        rules = _Rules(hub)
        for entries in list(hub.records.values()):
            for entry in entries.values():
                problems += rules.run(entry)
    problems.sort()
    return Report(hub, problems, len(files))
