"""Safe YAML reading with a position for every value.

PyYAML's own constructors are not used: they follow YAML 1.1 (`no` is false, `01234` is an
octal number, `2025-02-30` raises) and expand aliases (an alias bomb hangs). Instead the C
parser's event stream is turned into plain values here, with YAML 1.2 core rules, anchors and
aliases refused, and a line map from each key path to its position in the file.

Most texts take a faster way to the same result (yaml_fast.py); this module reads the others
and says what is wrong with a text it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import HubiaError
from .yaml_fast import compose
from .yaml_scalars import plain

try:  # The C parser is much faster; the pure Python one gives the same events.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is part of PyYAML's wheels
    from yaml import SafeLoader as _Loader

Path = tuple[str | int, ...]

MAX_DEPTH = 32  # records nest three or four levels


class YamlError(HubiaError):
    """A YAML problem with its diagnostic code and 1-based position."""

    def __init__(self, code: str, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


@dataclass
class Document:
    """Plain values plus where each one was written (1-based line, column)."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    _texts: list[tuple[Path, str]] | None = field(default=None, repr=False, compare=False)

    def position(self, path: Path) -> tuple[int, int]:
        """Position of `path`, or of its closest written ancestor (a missing key has none)."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def texts(self) -> list[tuple[Path, str]]:
        """`texts(self.data)`, walked once: several rules read every text of a record."""
        if self._texts is None:
            self._texts = texts(self.data)
        return self._texts


def texts(value: Any, path: Path = ()) -> list[tuple[Path, str]]:
    """Every text of a loaded YAML value with its key path, in the order written."""
    if isinstance(value, str):
        return [(path, value)]
    found: list[tuple[Path, str]] = []
    if isinstance(value, (dict, list)):
        _collect_texts(value, path, found)
    return found


def _collect_texts(value: dict | list, path: Path, found: list[tuple[Path, str]]) -> None:
    # Plain recursion into a list, texts taken on the way: nested generators, or a call for
    # every value, cost more than the rules that read the texts.
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        if isinstance(item, str):
            found.append(((*path, key), item))
        elif isinstance(item, (dict, list)):
            _collect_texts(item, (*path, key), found)


def _scalar(event: yaml.ScalarEvent) -> Any:
    if not event.implicit[0]:  # quoted, or with an explicit tag: always text
        return event.value
    return plain(event.value)


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _mark(event: yaml.Event, line_offset: int) -> tuple[int, int]:
    return (event.start_mark.line + 1 + line_offset, event.start_mark.column + 1)


def load(text: str, line_offset: int = 0) -> Document:
    """Parse one YAML document. `line_offset` shifts lines (front matter after `---`)."""
    composed = compose(text, line_offset, MAX_DEPTH)
    if composed is not None:
        return Document(*composed)
    return load_events(text, line_offset)


def load_events(text: str, line_offset: int = 0) -> Document:
    """`load` from the parser's events, for every text: the reference that yaml_fast.py
    must agree with, and the only way that names a problem."""
    doc = Document(None)
    # Each open container: [value, path, pending key (mappings only)].
    stack: list[list[Any]] = []
    root_seen = False

    def add(value: Any, event: yaml.Event) -> Path:
        nonlocal root_seen
        if not stack:
            if root_seen:
                line, column = _mark(event, line_offset)
                raise YamlError("yaml-invalide", "un seul document YAML est attendu", line, column)
            root_seen = True
            doc.data = value
            doc.positions[()] = _mark(event, line_offset)
            return ()
        container, path, key = stack[-1]
        if isinstance(container, list):
            here = path + (len(container),)
            container.append(value)
            doc.positions[here] = _mark(event, line_offset)
            return here
        if key is _NO_KEY:  # this value is a key
            line, column = _mark(event, line_offset)
            if not isinstance(value, (str, int, float, bool)) or value is None:
                raise YamlError("yaml-invalide", "une clé doit être un simple mot", line, column)
            key_text = str(value)
            if key_text in container:
                raise YamlError("cle-dupliquee", f"le champ « {key_text} » est écrit deux fois",
                                line, column)
            stack[-1][2] = key_text
            doc.positions[path + (key_text,)] = (line, column)
            return path
        container[key] = value
        stack[-1][2] = _NO_KEY
        return path + (key,)

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line, column = _mark(event, line_offset)
                raise YamlError("yaml-alias", "les ancres (&) et alias (*) YAML sont refusés : "
                                "écrivez chaque valeur en entier", line, column)
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.ScalarEvent):
                if tag and not event.implicit[0] and tag != "tag:yaml.org,2002:str":
                    line, column = _mark(event, line_offset)
                    raise YamlError("yaml-etiquette", f"étiquette YAML « {_tag(tag)} » refusée",
                                    line, column)
                add(_scalar(event), event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if tag and not event.implicit:
                    line, column = _mark(event, line_offset)
                    raise YamlError("yaml-etiquette", f"étiquette YAML « {_tag(tag)} » refusée",
                                    line, column)
                if len(stack) >= MAX_DEPTH:  # a hostile nesting would overflow later stages
                    line, column = _mark(event, line_offset)
                    raise YamlError("yaml-invalide", f"plus de {MAX_DEPTH} niveaux de blocs "
                                    "ou de listes imbriqués", line, column)
                value: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                path = add(value, event)
                stack.append([value, path, _NO_KEY])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = _translate(exc.problem or exc.context or "")
        # An unclosed bracket or quote is found at the end of the text: point at its opening.
        if exc.context_mark and exc.context in _OPENERS:
            mark = exc.context_mark
            problem = f"{_OPENERS[exc.context]} jamais fermé"
        line, column = (mark.line, mark.column + 1) if mark else (0, 1)
        last = len(text.rstrip().split("\n")) - 1
        if line > last:  # found at the end of the text: the cause is on the last written line
            line, column = last, 1
        raise YamlError("yaml-invalide", f"YAML mal formé : {problem}", line + 1 + line_offset,
                        column) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: load.files reports
        # control characters before, with their line; this is for a caller that did not.
        at = exc.position
        line = text.count("\n", 0, at) + 1 + line_offset
        raise YamlError("yaml-invalide", f"YAML illisible : caractère U+{exc.character:04X} "
                        "interdit", line, at - (text.rfind("\n", 0, at) + 1) + 1) from None
    except yaml.YAMLError:  # pragma: no cover - every other error of PyYAML has a mark
        raise YamlError("yaml-invalide", "YAML illisible", 1 + line_offset, 1) from None
    return doc


_NO_KEY = object()

_OPENERS = {
    "while parsing a flow sequence": "crochet « [ »",
    "while parsing a flow mapping": "accolade « { »",
    "while scanning a quoted scalar": "guillemet",
}

_PROBLEMS = {
    "mapping values are not allowed in this context": "deux-points inattendu (mettre la valeur entre "
    "guillemets si elle contient « : »)",
    "could not find expected ':'": "deux-points « : » attendu après le nom du champ",
    "found character '\\t' that cannot start any token": "tabulation interdite, indenter avec "
    "des espaces",
    "did not find expected key": "indentation incohérente",
    "did not find expected '-' indicator": "indentation incohérente dans la liste",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
    "did not find expected node content": "valeur attendue",
    "found unknown escape character": "barre oblique inverse « \\ » inattendue entre "
    "guillemets (l'apostrophe s'écrit sans barre : « d'abord »)",
    "found character that cannot start any token": "caractère interdit en début de valeur "
    "(mettre la valeur entre guillemets)",
    "found undefined tag handle": "étiquette YAML inconnue",
    "did not find expected ',' or ']'": "virgule ou crochet fermant « ] » attendu",
    "did not find expected ',' or '}'": "virgule ou accolade fermante « } » attendue",
}


def _translate(problem: str) -> str:
    return _PROBLEMS.get(problem, f"« {problem} »")
