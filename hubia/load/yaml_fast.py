"""The fast path of `yaml.load`: the C composer builds the node tree, Python reads it once.

yaml.py turns the parser's events into values one by one in Python, which was half of
`hubia check`. Here libyaml's composer (PyYAML's `CParser.get_single_node`, written in C) builds
the tree and one walk gives the same values and the same positions. Only the texts where both
ways surely agree take this path; `compose` returns None for any other, and for anything
yaml.py would refuse, so that yaml.py reads them and reports the problem in its own words:

- a text with `&`, `*` or `!` anywhere: it may hold an anchor, an alias or a tag, which the
  composer would follow or resolve (the events show them, the tree does not);
- a text that could nest deeper than the composer's C recursion safely goes: a collection
  starts with `[`, `{`, `-`, `?` or a key's `:`, so fewer of those than `_MAX_STARTS` is a
  bound (yaml.py refuses more than `MAX_DEPTH` levels without recursing);
- a text PyYAML cannot read (syntax, several documents, a forbidden character);
- a key that is not a scalar or is null, a key written twice, more than `max_depth` levels.

Without a tag, a scalar is « plain implicit » exactly when its style is plain (''), so the
YAML 1.2 core rules of yaml_scalars.py apply to the same scalars as in yaml.py.
"""

from __future__ import annotations

from typing import Any

import yaml

from .yaml_scalars import MAYBE_NOT_TEXT, plain

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - libyaml is part of PyYAML's wheels
    CParser = None

Path = tuple[str | int, ...]
Positions = dict[Path, tuple[int, int]]

_MAX_STARTS = 1000
_ScalarNode, _MappingNode = yaml.ScalarNode, yaml.MappingNode


class _Refused(Exception):
    """The text is left to yaml.py (see the module's docstring)."""


if CParser is not None:
    class _Composer(CParser):
        """The C composer without PyYAML's YAML 1.1 resolver: tags are never looked at."""

        def resolve(self, kind: type, value: str | None, implicit: object) -> None:
            return None

        def descend_resolver(self, parent: object, index: object) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style == "" and (not value or value[0] in MAYBE_NOT_TEXT):
        return plain(value)
    return value


class _Walk:
    """One walk of a node tree: the values, and the position of every key and list item."""

    def __init__(self, line_offset: int, max_depth: int) -> None:
        self.line = 1 + line_offset
        self.max_depth = max_depth
        self.positions: Positions = {}

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if depth >= self.max_depth:
            raise _Refused
        positions, line = self.positions, self.line
        if node.__class__ is _MappingNode:
            mapping: dict[str, Any] = {}
            for key_node, item in node.value:
                if key_node.__class__ is not _ScalarNode:
                    raise _Refused
                key = key_node.value
                if key_node.style == "" and (not key or key[0] in MAYBE_NOT_TEXT):
                    key = plain(key)
                    if key.__class__ is not str:
                        if key is None:
                            raise _Refused
                        key = str(key)  # as yaml.py: `2025: x` is the key "2025"
                if key in mapping:
                    raise _Refused
                here = (*path, key)
                mark = key_node.start_mark
                positions[here] = (mark.line + line, mark.column + 1)
                mapping[key] = (_scalar(item) if item.__class__ is _ScalarNode
                                else self.value(item, here, depth + 1))
            return mapping
        sequence: list[Any] = []
        for index, item in enumerate(node.value):
            here = (*path, index)
            mark = item.start_mark
            positions[here] = (mark.line + line, mark.column + 1)
            sequence.append(_scalar(item) if item.__class__ is _ScalarNode
                            else self.value(item, here, depth + 1))
        return sequence


def _may_nest_deep(text: str) -> bool:
    starts = 0
    for indicator in "[{-?:":
        starts += text.count(indicator)
    return starts >= _MAX_STARTS


def compose(text: str, line_offset: int, max_depth: int) -> tuple[Any, Positions] | None:
    """(values, positions) of the YAML `text`, as yaml.py gives them; None to leave the text
    to yaml.py."""
    if CParser is None or "&" in text or "*" in text or "!" in text or _may_nest_deep(text):
        return None
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        composer.dispose()
    walk = _Walk(line_offset, max_depth)
    if root is None:
        return None, walk.positions
    mark = root.start_mark
    walk.positions[()] = (mark.line + walk.line, mark.column + 1)
    if root.__class__ is _ScalarNode:
        return _scalar(root), walk.positions
    try:
        return walk.value(root, (), 0), walk.positions
    except _Refused:
        return None
