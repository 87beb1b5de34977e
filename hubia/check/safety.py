"""Security and privacy checks of `hubia check`, on records, hand-written pages and files.

Called by `validate.check`; each rule lives in its own module (markup_rules, privacy,
file_rules); this module reads `data/securite.yml` and applies them to every page.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, diagnostic
from .files import SAFE_NAME, check_files, walk
from ..load.files import RawFile, BOUNDARY, _parse, _read_text
from .markup import check_markup
from ..models.securite import Securite
from .privacy import PrivacyRules
from .schema_errors import to_diagnostics
from ..load.yaml import Document

SETTINGS_FILE = "data/securite.yml"


def load_settings(root: Path, problems: list[Diagnostic] | None = None) -> Securite:
    """The settings of `data/securite.yml`; defaults when the file is absent or invalid
    (its problems are then added to `problems`)."""
    from pydantic import ValidationError

    from ..load.files import read_data

    file = root / SETTINGS_FILE
    if not file.is_file():
        return Securite()
    raw, problem = read_data(file, SETTINGS_FILE)
    if raw is None:
        if problems is not None:
            problems.append(problem)
        return Securite()
    try:
        return Securite.model_validate(raw.doc.data)
    except ValidationError as exc:
        if problems is not None:
            problems += to_diagnostics(exc, Securite, SETTINGS_FILE, raw.doc)
        return Securite()


class SafetyChecker:
    def __init__(self, root: Path, settings: Securite) -> None:
        self.root, self.settings = root, settings
        self.privacy = PrivacyRules(settings.confidentialite)

    def record(self, raw: RawFile) -> list[Diagnostic]:
        """Markup and privacy problems of a record already read by `load.read_record`."""
        return (check_markup(raw.path, raw.body, raw.body_line)
                + self.privacy.front_matter(raw.path, raw.doc)
                + self.privacy.body(raw.path, raw.body, raw.body_line))

    def page(self, file: Path) -> list[Diagnostic]:
        """A hand-written page of docs/ (home page, section pages...): same rules, plus the
        macros, which run code during the build and are allowed only on listed pages."""
        rel = file.relative_to(self.root).as_posix()
        text, problem = _read_text(file, rel)
        if text is None:
            return [problem] if problem.code != "fichier-vide" else []
        doc, body, body_line = Document({}), text, 1
        bounds = list(BOUNDARY.finditer(text))
        if len(bounds) >= 2 and bounds[0].start() == 0:
            start, end = bounds[0].end(), bounds[1]
            parsed, problem = _parse(text[start:end.start()], rel, text[:start].count("\n"))
            if parsed is None:
                return [problem]
            doc = parsed if isinstance(parsed.data, dict) else Document({})
            body, body_line = text[end.end():], text[: end.end()].count("\n") + 1
        found = []
        docs_rel = file.relative_to(self.root / "docs").as_posix()
        if doc.data.get("render_macros") is True and (
                docs_rel not in self.settings.fichiers.pages_macros):
            line, column = doc.position(("render_macros",))
            found.append(diagnostic(rel, line, column, "macros-non-autorisees",
                                    f"« render_macros: true » n'est pas permis dans {docs_rel} "
                                    "(voir fichiers.pages_macros de data/securite.yml)"))
        bad = [part for part in Path(docs_rel).parts if not SAFE_NAME.match(part)]
        if bad:
            found.append(diagnostic(rel, 1, 1, "nom-fichier-invalide",
                                    f"nom « {bad[0]} » : minuscules sans accents ni espaces, "
                                    "chiffres et tirets"))
        return (found + check_markup(rel, body, body_line)
                + self.privacy.front_matter(rel, doc, ()) + self.privacy.body(rel, body, body_line))

    def files(self, record_paths: set[str]) -> list[Diagnostic]:
        """Every non-record file of docs/: pages with the page rules, others with file rules."""
        found = check_files(self.root, self.settings.fichiers)
        for file in walk(self.root / "docs"):
            rel = file.relative_to(self.root).as_posix()
            if file.suffix.lower() == ".md" and rel not in record_paths and not file.is_symlink():
                found += self.page(file)
        return found
