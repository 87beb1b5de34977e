"""`hubia check` on every core: the record files shared between processes (site/pool.py).

Each process checks its share of the files with the same code as a single process, the rules
on each valid record included (they read the hub's data files, never another record), and
the file rules on its share of all the files of docs/, and sends back its problems. What a
record is made of does not travel back (unpickling thousands of models would cost more than
checking them): only the slugs of the valid records, which the glossary may name, and the
tracks, whose modules the agenda names. So this serves a caller
that needs the problems and not the hub (`hubia check` itself); the problems are sorted
afterwards, so they are the same whichever process found them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..hub import Entry
from ..site import pool
from .records import RecordRules

# Below this many files, starting processes costs more than it saves.
MIN_FILES = 500
PROGRESS_EVERY = 500

RecordFile = tuple[str, Path, str]  # section, file, path relative to the hub's root
FileCheck = Callable[[str, Path, str], tuple[list[Diagnostic], Entry | None]]


@dataclass
class Shared:
    problems: list[Diagnostic] = field(default_factory=list)
    valid: dict[str, set[str]] = field(default_factory=dict)  # slugs of valid records
    tracks: list[Entry] = field(default_factory=list)  # the valid tracks' entries

    def add(self, other: Shared) -> None:
        self.problems += other.problems
        for section, slugs in other.valid.items():
            self.valid.setdefault(section, set()).update(slugs)
        self.tracks += other.tracks


def worth_sharing(files: Sequence[RecordFile]) -> bool:
    return len(files) >= MIN_FILES and pool.available_cores() > 1


def check_shared(files: Sequence[RecordFile], check_file: FileCheck, rules: RecordRules | None,
                 progress: Callable[[str], None], docs_files: Sequence[Path],
                 check_docs_file: Callable[[Path], list[Diagnostic]]) -> Shared:
    """What `check_file` and `rules` find in `files`, and `check_docs_file` in `docs_files`
    (the file rules on every file of docs/), several processes sharing them."""

    def work(share: Sequence[RecordFile | Path], counter: pool.Counter) -> Shared:
        found = Shared()
        for item in share:
            if not isinstance(item, tuple):
                found.problems += check_docs_file(item)
                continue
            section, file, rel = item
            done = counter.add()  # (counted by all processes: each step is shown once)
            if done % PROGRESS_EVERY == 0:
                progress(f"Fiches lues : {done}/{len(files)}")
            problems, entry = check_file(section, file, rel)
            found.problems += problems
            if entry is None:
                continue
            found.valid.setdefault(section, set()).add(entry.slug)
            if rules is not None:
                found.problems += rules.run(entry)
            if section == "parcours":
                found.tracks.append(entry)
        return found

    items = [*files, *docs_files]
    try:
        results = pool.run(items, work)
    except pool.WorkerError:  # a process killed before its report (out of memory...)
        results = [work(items, pool.Counter(False))]  # this one does it all
    every = Shared()
    for found in results:
        every.add(found)
    return every
