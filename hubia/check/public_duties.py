"""Rules of the public-duty data files: the accessibility statement and the legal facts.

The files are validated against their models here; the rules need the reference day (an
audit older than three years no longer holds) and the set of pages (the checked pages of the
statement must exist). The valid files are attached to the hub, which the pages read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..diagnostics import Diagnostic
from ..hub import Hub
from ..models.public_duties import ACCESSIBILITY_FILE, LEGAL_FILE, Accessibilite, Etat, Mentions
from ..text.clock import months_before, reference_date
from .rules import Problem, located
from .schema_errors import read_validated

AUDIT_VALIDITY_MONTHS = 36  # RGAA: an audit older than three years no longer supports a status


def statement_rules(statement: Accessibilite, today: dt.date,
                    pages: set[str]) -> Iterator[Problem]:
    audit = statement.audit
    if audit is None and statement.etat is not Etat.NON:
        yield (("etat",), "conformite-sans-audit",
               f"état « {statement.etat.label} » sans audit : sans audit en cours de validité, "
               "l'état est « non_conforme » (ou renseignez le bloc « audit »)")
    if audit is not None and audit.date < months_before(today, AUDIT_VALIDITY_MONTHS):
        yield (("audit", "date"), "audit-accessibilite-ancien",
               f"l'audit du {audit.date.isoformat()} a plus de trois ans : faites réaliser un "
               "nouvel audit et mettez à jour la déclaration")
    for i, checked in enumerate(statement.etablissement.pages_verifiees):
        if checked.page not in pages:
            yield (("etablissement", "pages_verifiees", i, "page"), "lien-interne-casse",
                   f"la page vérifiée « {checked.page} » n'existe pas dans docs/ ni parmi les "
                   "pages générées")


def check(root: Path, hub: Hub | None, pages: set[str]) -> list[Diagnostic]:
    """Problems of data/accessibilite.yml and data/mentions.yml (both optional); the valid
    files are attached to `hub`."""
    problems: list[Diagnostic] = []
    statement, doc = read_validated(root, ACCESSIBILITY_FILE, Accessibilite, problems,
                                    optional=True)
    if statement is not None:
        today = hub.today if hub is not None else reference_date()
        problems += located(ACCESSIBILITY_FILE, doc, statement_rules(statement, today, pages))
    legal, _ = read_validated(root, LEGAL_FILE, Mentions, problems, optional=True)
    if hub is not None:
        hub.accessibilite, hub.mentions = statement, legal
    return problems
