"""The in-memory hub: every valid record by section and slug, plus the reverse links.

Built once per run and handed to every generator; nothing after it reads record files.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .communes import Communes
from .text.clock import months_before, reference_date
from .models import CasUsage, Configuration, Demonstrateur, Parcours, Programme, Record, RetourExperience
from .models.formation import Agenda, Glossaire
from .models.public_duties import Accessibilite, Mentions
from .load import history as git_history
from .load.yaml import Document


# Fields of a record that name other records, and the section of the records they name.
REFERENCES = {"parcours": "parcours", "demonstrateurs": "demonstrateurs",
              "cas_usage": "cas-usage"}


@dataclass(eq=False)  # entries are compared by identity: two runs' entries are distinct
class Entry:
    """A valid record with where it came from."""

    section: str
    slug: str
    path: str  # relative to the hub root, e.g. docs/cas-usage/x.md
    record: Record
    doc: Document
    body: str
    body_line: int
    # Work derived from this record alone (an export's row), by its producer's key. `hubia
    # serve` keeps the entries of unchanged files, so a save redoes it for the saved record only.
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def src_uri(self) -> str:
        """Path inside docs/: the page's docs path."""
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
    # Optional public-duty data (data/accessibilite.yml, data/mentions.yml), set once validated.
    accessibilite: Accessibilite | None = None
    mentions: Mentions | None = None
    _links: dict | None = field(default=None, repr=False)  # reverse links, built on first use
    _named: dict = field(default_factory=dict, repr=False)
    _history: dict | None = field(default=None, repr=False)  # from git, read on first use

    def is_stale(self, record: Record) -> bool:
        """Not updated for longer than the configured freshness (« à actualiser »)."""
        return record.mis_a_jour < months_before(self.today, self.configuration.fraicheur_mois)

    def changes(self, entry: Entry) -> tuple[git_history.Change, ...]:
        """The commits that changed the record's file, newest first (none without git)."""
        if self._history is None:
            self._history = git_history.read(self.root)
        return self._history.get(entry.path, ())

    def add(self, entry: Entry) -> None:
        self.records[entry.section][entry.slug] = entry
        self._links = None

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
        """Records of `section` whose `attribute` (a slug or a list of slugs) names `slug`,
        by title: read from the reverse links, computed once for the whole hub."""
        return self._reverse().get((section, attribute, slug), [])

    def referrers(self, entry: Entry) -> list[Entry]:
        """Every record that names `entry` in one of its reference fields."""
        return self._referrers().get((entry.section, entry.slug), [])

    def pages_showing(self, entry: Entry) -> set[str]:
        """Docs paths of the record pages that show something of `entry`: its own, the
        records it names and those that name it (titles in cards and related lists)."""
        shown = {entry.src_uri} | {e.src_uri for e in self.referrers(entry)}
        for section, slug in set(references(entry)):
            target = self.records.get(section, {}).get(slug)
            if target is not None:
                shown.add(target.src_uri)
        return shown

    def _reverse(self) -> dict[tuple[str, str, str], list[Entry]]:
        if self._links is None:
            found: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
            named: dict[tuple[str, str], list[Entry]] = defaultdict(list)
            for entries in self.records.values():
                for entry in entries.values():
                    for attribute in REFERENCES:
                        for slug in _slugs(getattr(entry.record, attribute, None)):
                            found[(entry.section, attribute, slug)].append(entry)
                    for target in dict.fromkeys(references(entry)):
                        named[target].append(entry)
            for listed in found.values():
                listed.sort(key=lambda e: e.record.titre.casefold())
            self._links, self._named = dict(found), dict(named)
        return self._links

    def _referrers(self) -> dict[tuple[str, str], list[Entry]]:
        self._reverse()
        return self._named


def _slugs(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def references(entry: Entry) -> Iterator[tuple[str, str]]:
    """(section, slug) of every record `entry` names, its track modules' use cases included."""
    for attribute, section in REFERENCES.items():
        for slug in _slugs(getattr(entry.record, attribute, None)):
            yield section, slug
    for module in getattr(entry.record, "modules", None) or []:
        for activity in module.activites:
            for slug in activity.cas_usage:
                yield "cas-usage", slug


__all__ = ["CasUsage", "Demonstrateur", "Entry", "Hub", "Parcours", "RetourExperience"]
