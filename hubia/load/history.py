"""The history of each record, from git: the date and summary of every commit that changed it.

One `git log` over the whole docs/ tree gives every file's history in one pass (one call per
file would cost a process per record). Dates are the commits' author dates, never the clock,
so that two builds of the same commit show the same history. Without git, or outside a
repository, there is no history: the pages simply do not show it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Record and field separators that no commit summary or file name holds.
_RECORD, _FIELD = "\x1e", "\x1f"
LIMIT = 20  # changes kept per file: the page stays light, the forge keeps the rest


@dataclass(frozen=True)
class Change:
    date: dt.date
    summary: str


def read(root: Path) -> dict[str, tuple[Change, ...]]:
    """{path relative to `root` (docs/...): its changes, newest first}, or {} without git."""
    try:
        result = subprocess.run(
            ["git", "log", "--no-renames", "--no-merges", "--relative", "--name-only",
             f"--format={_RECORD}%as{_FIELD}%s", "--", "docs"],
            cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace",
            check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    found: dict[str, list[Change]] = {}
    for block in result.stdout.split(_RECORD)[1:]:
        header, _, names = block.partition("\n")
        date, _, summary = header.partition(_FIELD)
        try:
            change = Change(dt.date.fromisoformat(date), summary.strip())
        except ValueError:
            continue
        for name in names.splitlines():
            if name.endswith(".md"):
                changes = found.setdefault(name, [])
                if len(changes) < LIMIT:
                    changes.append(change)
    return {name: tuple(changes) for name, changes in found.items()}
