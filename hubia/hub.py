"""The in-memory hub: every valid record by section and slug, plus the reverse links.

Built once per run and handed to every generator; nothing after it reads record files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .communes import Communes
from .text.clock import months_before, reference_date
from .models import CasUsage, Configuration, Demonstrateur, Parcours, Programme, Record, RetourExperience
from .models.formation import Agenda, Glossaire
from .load.yaml import Document


@dataclass
class Entry:
    """A valid record with where it came from."""

    section: str
    slug: str
    path: str  # relative to the hub root, e.g. docs/cas-usage/x.md
    record: Record
    doc: Document
    body: str
    body_line: int

    @property
    def src_uri(self) -> str:
        """Path inside docs/, as MkDocs names it."""
        return f"{self.section}/{self.slug}.md"

    @property
    def url(self) -> str:
        return f"{self.section}/{self.slug}/"


@dataclass
class Hub:
    root: Path
    communes: Communes
    programme: Programme
    configuration: Configuration
    today: dt.date = field(default_factory=reference_date)
    records: dict[str, dict[str, Entry]] = field(default_factory=lambda: defaultdict(dict))
    # Optional training data (data/glossaire.yml, data/agenda.yml), set once validated.
    glossaire: Glossaire | None = None
    agenda: Agenda | None = None

    def is_stale(self, record: Record) -> bool:
        """Not updated for longer than the configured freshness (« à actualiser »)."""
        return record.mis_a_jour < months_before(self.today, self.configuration.fraicheur_mois)

    def add(self, entry: Entry) -> None:
        self.records[entry.section][entry.slug] = entry

    def section(self, name: str) -> list[Entry]:
        return list(self.records.get(name, {}).values())

    @property
    def count(self) -> int:
        return sum(len(entries) for entries in self.records.values())

    def by_src_uri(self) -> dict[str, Entry]:
        return {e.src_uri: e for entries in self.records.values() for e in entries.values()}

    def parcours(self) -> list[Entry]:
        return sorted(self.section("parcours"), key=lambda e: (e.record.ordre, e.record.titre))

    def linked(self, section: str, attribute: str, slug: str) -> list[Entry]:
        """Records of `section` whose `attribute` (a slug or a list of slugs) names `slug`."""
        found = []
        for entry in self.section(section):
            value = getattr(entry.record, attribute)
            if value == slug or (isinstance(value, list) and slug in value):
                found.append(entry)
        return sorted(found, key=lambda e: e.record.titre.casefold())


__all__ = ["CasUsage", "Demonstrateur", "Entry", "Hub", "Parcours", "RetourExperience"]
