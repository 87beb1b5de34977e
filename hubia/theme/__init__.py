"""The site's theme: Jinja2 templates, and the CSS and JavaScript files copied to `theme/`.

The names below are the docs paths of the theme's files in the built site, shared by the
templates (through render/theme.py) and by the few standalone pages that generators write.
"""

from pathlib import Path

FOLDER = "theme"  # in the built site
SOURCE = Path(__file__).parent
TEMPLATES = SOURCE / "templates"
ASSETS = SOURCE / "assets"

STYLESHEET = f"{FOLDER}/hubia.css"
SCRIPT = f"{FOLDER}/hubia.js"  # menu, glossary tooltips: every page
SEARCH_SCRIPT = f"{FOLDER}/recherche.js"  # header dialog and search page (online)
OFFLINE_SEARCH_SCRIPT = f"{FOLDER}/recherche-hors-ligne.js"
TRAINING_SCRIPT = f"{FOLDER}/formation.js"  # trainer view, print button (tracks, handouts)
CATALOGUE_SCRIPT = f"{FOLDER}/catalogue.js"  # funding simulator, print button
PREVIEW_SCRIPT = f"{FOLDER}/apercu.js"  # `hubia serve` only: reload after a rebuild
FAVICON = f"{FOLDER}/favicon.png"
