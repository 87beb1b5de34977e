#!/usr/bin/env python3
"""Thin wrapper around `hubia catalogue`: computes the scale-up catalogue and writes its exports.

    python scripts/build_catalogue.py [--root DOSSIER] [--sortie DOSSIER]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hubia.cli import main

if __name__ == "__main__":
    sys.exit(main(["catalogue", *sys.argv[1:]]))
