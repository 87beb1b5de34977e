#!/usr/bin/env python3
"""Write the valid examples shipped with the open-data schemas, from the sample hub.

Each example holds the first record (by identifier) of its export, as CSV and JSON:
``hubia/generate/published/exemples/<export>.exemple.{csv,json}``. Run it after a new version
of a schema (tests/test_open_data.py says when the examples are out of date)::

    python scripts/generate_open_data_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hubia.check.pipeline import check  # noqa: E402
from hubia.generate import exports  # noqa: E402


def examples(hub) -> dict[str, bytes]:  # noqa: ANN001 - a Hub
    """{file name: bytes} of every example: the first record of each export."""
    found = {}
    for export in exports.EXPORTS:
        found[f"{export.name}.exemple.csv"] = exports.csv_bytes(export, hub, limit=1)
        found[f"{export.name}.exemple.json"] = exports.json_bytes(export, hub, limit=1)
    return found


def main() -> int:
    hub = check(ROOT).hub
    folder = exports.PUBLISHED / "exemples"
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in examples(hub).items():
        (folder / name).write_bytes(content)
        print(f"écrit : {folder / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
