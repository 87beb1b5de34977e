"""`hubia check --changed REF`: the records changed since a git ref, and those citing them.

A change to data/ or hubia.yml can affect every record: then everything is checked.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .files import record_files
from ..errors import HubiaError


class GitError(HubiaError):
    """git is missing, the folder is not a repository, or the ref is unknown."""


def _git(root: Path, *args: str) -> list[str]:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                                check=False)
    except FileNotFoundError:
        raise GitError("git est introuvable sur cette machine") from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip()
                       else f"git {' '.join(args)} a échoué")
    return [line for line in result.stdout.splitlines() if line]


def changed_files(root: Path, ref: str) -> set[str]:
    """Paths relative to `root` changed since `ref` (committed or not), plus new files."""
    top = Path(_git(root, "rev-parse", "--show-toplevel")[0])
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    names = _git(root, "diff", "--name-only", ref, "--", ".")
    names += _git(root, "ls-files", "--others", "--exclude-standard", "--full-name", ".")
    strip = "" if prefix == "." else prefix + "/"
    return {name[len(strip):] for name in names if name.startswith(strip)}


def files_to_check(root: Path, changed: set[str]) -> set[str] | None:
    """Record paths to check, or None for « everything »."""
    if any(path.startswith("data/") or path == "hubia.yml" for path in changed):
        return None
    records = {file.relative_to(root).as_posix(): file for _, file in record_files(root)}
    selected = {path for path in changed if path in records}
    # A changed, renamed or deleted record: whoever names its slug must be checked again.
    slugs = {Path(path).stem for path in changed
             if path.startswith("docs/") and path.endswith(".md")}
    if slugs:
        pattern = re.compile(r"(?<![a-z0-9-])(" + "|".join(map(re.escape, sorted(slugs)))
                             + r")(?![a-z0-9-])")
        for path, file in records.items():
            if path not in selected and pattern.search(file.read_text("utf-8", "replace")):
                selected.add(path)
    return selected
