"""Read and validate the whole hub, reporting every problem in one run.

Stage 1 reads the data files, stage 2 validates each record against its model (communes are
normalised on the way), stage 3 checks what one record cannot know alone: references between
records, funding against the programme's rate, and links inside the hub.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..communes import Communes
from ..diagnostics import Diagnostic, diagnostic
from ..hub import Entry, Hub
from ..load.files import read_record, record_files
from ..models import BY_SECTION, CommunesFile, Configuration
from ..models.base import SLUG_PATTERN
from ..models.configuration import FILE as CONFIGURATION_FILE_NAME
from ..models.formation import Agenda, Glossaire
from . import public_duties, shared, training
from .content import check_body
from .placeholders import body_placeholders, find_placeholders
from .programme import read_programme
from .records import RecordRules
from .rules import Problem, Text, located
from .safety import SafetyChecker, load_settings
from .schema_errors import read_validated, validated

COMMUNES_FILE = "data/communes.yml"
PROGRAMME_FILE = "data/programme.yml"
CONFIGURATION_FILE = CONFIGURATION_FILE_NAME  # at the root of the hub


def _menu_problems(configuration: Configuration, pages: set[str]) -> Iterable[Problem]:
    """Every page of the menu must exist, written in docs/ or generated."""
    return [(path, "lien-interne-casse",
             f"le menu mène à « {page} », qui n'existe pas dans docs/ ni parmi les pages "
             "générées")
            for path, page in configuration.menu_pages() if page not in pages]


def _reserved(root: Path, generated: Iterable[str]) -> list[Diagnostic]:
    """A file of docs/ at the path of a generated page would replace what hubia computes
    (the catalogue, the listings...) with any text: those paths are reserved."""
    return [diagnostic(f"docs/{path}", 1, 1, "page-reservee",
                       f"« docs/{path} » prendrait la place d'une page que hubia calcule à "
                       "partir des fiches : retirez ce fichier (pour changer la page, modifiez "
                       "les fiches)")
            for path in sorted(set(generated)) if (root / "docs" / path).is_file()]


def _docs_pages(root: Path, generated: Iterable[str]) -> set[str]:
    return _files_under(root / "docs") | set(generated)


def _files_under(folder: Path) -> set[str]:
    """The paths inside `folder` (with « / ») of its files, as `folder.rglob("*")` filtered
    by `is_file()` gives them (links to files included, linked folders not entered), but
    from the folders' listings: a Path and a `stat` for each of thousands of records took a
    tenth of a large hub's check."""
    found: set[str] = set()
    if not folder.is_dir():
        return found
    pending = [(os.fspath(folder), "")]
    while pending:
        path, prefix = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except PermissionError:  # (as rglob: an unreadable folder gives nothing)
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                pending.append((entry.path, f"{prefix}{entry.name}/"))
                continue
            try:
                is_file = entry.is_file()
            except OSError:  # (a link loop...): as Path.is_file decides
                is_file = Path(entry.path).is_file()
            if is_file:
                found.add(prefix + entry.name)
    return found


@dataclass
class Report:
    # The valid records; None when the data files themselves are broken, or when only the
    # problems were asked for.
    hub: Hub | None
    problems: list[Diagnostic]
    files: int  # record files checked


def _check_file(section: str, file: Path, rel: str, slug_re: re.Pattern[str],
                context: dict | None, safety: SafetyChecker,
                pages: set[str]) -> tuple[list[Diagnostic], Entry | None]:
    """What one record file says alone: its problems, and its entry when it is valid."""
    if not slug_re.match(file.stem):
        return [diagnostic(
            rel, 1, 1, "slug-invalide",
            f"nom de fichier « {file.name} » invalide : minuscules sans accents, chiffres et "
            "tirets, par exemple « mon-cas-usage.md »")], None
    raw, problem = read_record(file, rel)
    if raw is None:
        return [problem], None
    problems: list[Diagnostic] = []
    holes = list(find_placeholders(raw.doc))
    problems += located(rel, raw.doc, holes)
    record = validated(BY_SECTION[section], raw.doc, rel, problems, context,
                       tuple(path for path, _, _ in holes))
    safety_problems = safety.record(raw)
    problems += safety_problems
    body = Text(raw.body, raw.body_line)
    if not any(d.code == "markdown-trop-complexe" for d in safety_problems):
        # (a text over the rendering budget could also stall the link patterns below)
        problems += located(rel, body, check_body(f"{section}/{file.name}", raw.body, pages,
                                                  safety.references(raw.body)))
    problems += located(rel, body, body_placeholders(raw.body))
    entry = (Entry(section, file.stem, rel, record, raw.doc, raw.body, raw.body_line)
             if record is not None else None)
    return problems, entry


@dataclass
class CheckCache:
    """What each record file said at the last run, for `hubia serve`: a file whose size and
    modification time did not change is not read again, as long as what every file is
    checked against (data files, hubia.yml, the set of pages links may name) is unchanged.
    The rules between records always run on the whole hub."""

    context: tuple = ()
    files: dict[str, tuple[tuple[int, int], tuple[list[Diagnostic], Entry | None]]] = field(
        default_factory=dict)

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int]:
        stat = path.stat()
        return stat.st_mtime_ns, stat.st_size

    def start(self, root: Path, pages: set[str]) -> None:
        shared = [root / CONFIGURATION_FILE, *sorted((root / "data").glob("*.yml"))]
        context = (frozenset(pages),
                   tuple((p.name, self._stamp(p)) for p in shared if p.is_file()))
        if context != self.context:
            self.context, self.files = context, {}

    def get(self, rel: str, file: Path) -> tuple[list[Diagnostic], Entry | None] | None:
        known = self.files.get(rel)
        return known[1] if known and known[0] == self._stamp(file) else None

    def put(self, rel: str, file: Path, found: tuple[list[Diagnostic], Entry | None]) -> None:
        self.files[rel] = (self._stamp(file), found)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading the records makes millions of objects that live as long as the hub, and
    almost no reference cycles: the cycle collector's passes over that growing heap took a
    fifth of `hubia check` at 10,000 records, for nothing to free. (Its first pass after the
    pause goes over what the run kept, once: the whole hub when the records are asked for,
    little when only the problems are.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(root: Path, progress: Callable[[str], None] = lambda _: None,
          only: set[str] | None = None, generated: Iterable[str] = (),
          cache: CheckCache | None = None, records: bool = True) -> Report:
    """Validate the hub under `root`: the hub of valid records, and every problem found.

    `only` restricts the work to these record paths (relative to `root`), for `--changed`;
    `generated` holds the docs paths of the generated pages, which links may point at;
    `cache` keeps the per-file results between runs (`hubia serve`); `records=False` says
    that only the problems are needed (`hubia check`): a large hub's files are then shared
    between processes (shared.py) and the report has no hub.
    """
    with _collector_paused():
        return _check(root, progress, only, generated, cache, records)


def _check(root: Path, progress: Callable[[str], None], only: set[str] | None,
           generated: Iterable[str], cache: CheckCache | None, records: bool) -> Report:
    problems: list[Diagnostic] = []
    communes_data, _ = read_validated(root, COMMUNES_FILE, CommunesFile, problems)
    programme = read_programme(root, PROGRAMME_FILE, problems)
    configuration, configuration_doc = read_validated(root, CONFIGURATION_FILE, Configuration,
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
    # (the path relative to the root, written out: Path.relative_to is slow at this scale)
    files = [(section, file, f"docs/{section}/{file.name}") for section, file in every_file]
    if only is not None:
        files = [(section, file, rel) for section, file, rel in files if rel in only]
    progress(f"Vérification de {len(files)} fiches")
    generated = list(generated)
    pages = _docs_pages(root, generated)
    problems += _reserved(root, generated)
    if configuration is not None:
        problems += located(CONFIGURATION_FILE, configuration_doc,
                            _menu_problems(configuration, pages))
    if cache is not None:
        cache.start(root, pages)
    slug_re = re.compile(SLUG_PATTERN)

    def check_file(section: str, file: Path, rel: str) -> tuple[list[Diagnostic], Entry | None]:
        return _check_file(section, file, rel, slug_re, context, safety, pages)

    valid = None  # the slugs of the valid records, when the hub does not hold them all
    sharing = not records and cache is None and shared.worth_sharing(files)
    if sharing:
        record_paths = {rel for _, _, rel in files}
        found = shared.check_shared(files, check_file,
                                    RecordRules(hub, slugs) if hub is not None else None,
                                    progress, safety.docs_files(),
                                    lambda file: safety.file(file, record_paths))
        problems += found.problems
        if hub is not None:
            valid = found.valid
            for entry in found.tracks:
                hub.add(entry)  # (the agenda's rules read them)
    else:
        _check_files(files, check_file, cache, hub, problems, progress)
        if hub is not None:
            rules = RecordRules(hub, slugs)
            for entries in list(hub.records.values()):
                for entry in entries.values():
                    problems += rules.run(entry)
        problems += safety.files({rel for _, _, rel in files})
    if only is None:  # the training data name any record: only a full run can judge them
        problems += training.check(
            hub, read_validated(root, training.GLOSSAIRE_FILE, Glossaire, problems, optional=True),
            read_validated(root, training.AGENDA_FILE, Agenda, problems, optional=True), valid)
    problems += public_duties.check(root, hub, pages)
    problems.sort()
    return Report(None if sharing else hub, problems, len(files))


def _check_files(files: list[tuple[str, Path, str]], check_file: shared.FileCheck,
                 cache: CheckCache | None, hub: Hub | None, problems: list[Diagnostic],
                 progress: Callable[[str], None]) -> None:
    """Every record file in this process: its problems added to `problems`, its entry to
    `hub` when it is valid."""
    for done, (section, file, rel) in enumerate(files, 1):
        if done % shared.PROGRESS_EVERY == 0:
            progress(f"Fiches lues : {done}/{len(files)}")
        found = cache.get(rel, file) if cache is not None else None
        if found is None:
            found = check_file(section, file, rel)
            if cache is not None:
                cache.put(rel, file, found)
        file_problems, entry = found
        problems += file_problems
        if entry is not None and hub is not None:
            hub.add(entry)
