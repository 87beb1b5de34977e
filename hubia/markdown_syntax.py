"""The Markdown dialect the records are written in: Python-Markdown's extensions and options.

One owner for a fact two stages need: the renderer (render/markdown.py) converts with it, and
the check (check/references.py) reads the same parse tree, so that what the check judges is
what the site will publish.
"""

from __future__ import annotations

PERMALINK_TITLE = "Lien vers cette section"
EXTENSIONS = ["toc", "tables", "fenced_code", "abbr", "admonition", "attr_list", "def_list",
              "footnotes", "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed"]
CONFIGS = {
    "tables": {"use_align_attribute": True},  # align= rather than style= (the CSP blocks it)
    "toc": {"permalink": True, "permalink_title": PERMALINK_TITLE},
    "pymdownx.tabbed": {"alternate_style": True},
}
