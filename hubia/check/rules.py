"""The one shape of a check rule, and the one place its problems become `Diagnostic`s.

Every rule yields `Problem`s, `(where, code, French message)`, and knows nothing of files or
lines. `where` is one of two things, each located by its own `position` method:

- a key path in a YAML `Document` (`("financement", "part_metropole_eur")`, `("auteurs", 0,
  "nom")`), located by `Document.position`: the rules on front matter and data files;
- an offset in a Markdown text, located by `Text.position`: the rules that scan a body.

A problem of a whole file (its name, its type) has the empty key path and is located with
`WHOLE_FILE`, at line 1, column 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..diagnostics import Diagnostic, diagnostic
from ..load.yaml import Document, Path

Problem = tuple[Path | int, str, str]

WHOLE_FILE = Document(None)  # no positions: every key path falls back to (1, 1)


@dataclass(frozen=True)
class Text:
    """A Markdown text and the line of its file where it starts."""

    text: str
    first_line: int = 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line (in the file) and column of the character at `offset`."""
        line = self.text.count("\n", 0, offset)
        return self.first_line + line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


def located(path: str, positions: Document | Text,
            problems: Iterable[Problem]) -> list[Diagnostic]:
    """The diagnostics of `problems` found in the file `path`, placed by `positions`."""
    return [diagnostic(path, *positions.position(where), code, message)
            for where, code, message in problems]
