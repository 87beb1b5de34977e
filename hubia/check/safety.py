"""Security and privacy checks of `hubia check`, on records, hand-written pages and files.

Called by `pipeline.check`; each rule lives in its own module (markup, privacy, files); this
module reads `data/securite.yml` and applies them to every page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load.files import RawFile, parse, read_text, split_front_matter
from ..load.yaml import Document
from ..models.plain_text import refusal
from ..models.securite import Securite
from .files import SAFE_NAME, check_file, walk
from .markup import check_markup
from .privacy import PrivacyRules
from .references import References
from .rules import WHOLE_FILE, Problem, Text, located
from .schema_errors import PLAIN_TEXT, read_validated

SETTINGS_FILE = "data/securite.yml"


def load_settings(root: Path, problems: list[Diagnostic] | None = None) -> Securite:
    """The settings of `data/securite.yml`; defaults when the file is absent or invalid
    (its problems are then added to `problems`)."""
    settings, _ = read_validated(root, SETTINGS_FILE, Securite,
                                 [] if problems is None else problems, optional=True)
    return Securite() if settings is None else settings


class SafetyChecker:
    def __init__(self, root: Path, settings: Securite) -> None:
        self.root, self.settings = root, settings
        self.docs = root / "docs"
        self.privacy = PrivacyRules(settings.confidentialite)
        self.references = References()

    def _text(self, path: str, doc: Document, body: str, body_line: int,
              skipped: tuple[str, ...]) -> list[Diagnostic]:
        """Markup and privacy problems of a front matter and its Markdown body."""
        text = Text(body, body_line)
        return (located(path, text, check_markup(body, self.references))
                + located(path, doc, self.privacy.front_matter(doc, skipped))
                + located(path, text, self.privacy.body(body)))

    def record(self, raw: RawFile) -> list[Diagnostic]:
        """Markup and privacy problems of a record already read by `load.read_record`."""
        return self._text(raw.path, raw.doc, raw.body, raw.body_line, ("contact",))

    def _macros(self, doc: Document, docs_rel: str) -> Iterator[Problem]:
        if doc.data.get("render_macros") is True and (
                docs_rel not in self.settings.fichiers.pages_macros):
            yield (("render_macros",), "macros-non-autorisees",
                   f"« render_macros: true » n'est pas permis dans {docs_rel} (voir "
                   "fichiers.pages_macros de data/securite.yml)")

    @staticmethod
    def _plain_texts(doc: Document) -> Iterator[Problem]:
        """The front matter of a page is plain text too (models/plain_text.py), though no
        model validates it: its title reaches the menu, the search index and the feeds."""
        for path, text in doc.texts():
            problem = refusal(text)
            if problem is not None:
                name = ".".join(str(part) for part in path)
                yield path, PLAIN_TEXT[problem.type], f"« {name} » : {problem.message()}"

    @staticmethod
    def _page_name(docs_rel: str) -> Iterator[Problem]:
        bad = [part for part in Path(docs_rel).parts if not SAFE_NAME.match(part)]
        if bad:
            yield ((), "nom-fichier-invalide",
                   f"nom « {bad[0]} » : minuscules sans accents ni espaces, chiffres et tirets")

    def page(self, file: Path) -> list[Diagnostic]:
        """A hand-written page of docs/ (home page, section pages...): same rules, plus the
        macros, which run code during the build and are allowed only on listed pages."""
        rel = file.relative_to(self.root).as_posix()
        text, problem = read_text(file, rel)
        if text is None:
            return [problem] if problem.code != "fichier-vide" else []
        doc, body, body_line = Document({}), text, 1
        split = split_front_matter(text)
        if split is not None:
            parsed, problem = parse(split.text, rel, split.line_offset)
            if parsed is None:
                return [problem]
            doc = parsed if isinstance(parsed.data, dict) else Document({})
            body, body_line = split.body, split.body_line
        docs_rel = file.relative_to(self.root / "docs").as_posix()
        return (located(rel, doc, self._macros(doc, docs_rel))
                + located(rel, doc, self._plain_texts(doc))
                + located(rel, WHOLE_FILE, self._page_name(docs_rel))
                + self._text(rel, doc, body, body_line, ()))

    def files(self, record_paths: set[str]) -> list[Diagnostic]:
        """Every file of docs/ with the file rules, and the pages (non-record Markdown files)
        with the page rules."""
        return [problem for file in self.docs_files() for problem in self.file(file, record_paths)]

    def docs_files(self) -> list[Path]:
        return list(walk(self.root / "docs"))

    def file(self, file: Path, record_paths: set[str]) -> list[Diagnostic]:
        """`files` for one file of `docs_files` (check/shared.py shares them out)."""
        rel_docs = file.relative_to(self.docs)
        rel = f"docs/{rel_docs.as_posix()}"
        found = located(rel, WHOLE_FILE, check_file(file, rel_docs, self.settings.fichiers))
        if file.suffix.lower() == ".md" and rel not in record_paths and not file.is_symlink():
            found += self.page(file)
        return found
