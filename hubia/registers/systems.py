"""Which systems each commune runs, with the facts the registers publish about them.

A commune runs a system when it pilots a use case (whatever the outcome: a stopped system is
still part of its record), when it adopts a catalogue solution (deployment under way or done;
a solution only under study is not run yet) or when it is a partner of a demonstrator. The
commune pages of algorithms and every export read this one list, so they cannot disagree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from ..hub import Entry, Hub
from ..models.cas_usage import StatutAdoption

_RUNNING_ADOPTIONS = {StatutAdoption.EN_COURS, StatutAdoption.DEPLOYEE}


@dataclass(frozen=True)
class System:
    """One system run by one commune."""

    entry: Entry  # the use case or demonstrator
    commune: str  # INSEE code
    role: str  # in French, for the public
    adoption: StatutAdoption | None = None  # set when the commune takes up the solution

    @property
    def key(self) -> str:
        """Stable identifier of the registration: record and commune."""
        return f"{self.entry.section}/{self.entry.slug}/{self.commune}"


def by_commune(hub: Hub) -> dict[str, list[System]]:
    """Every commune's systems, by INSEE code, each list sorted by title then slug."""
    found: dict[str, list[System]] = defaultdict(list)
    for case in hub.section("cas-usage"):
        r = case.record
        for code in r.communes:
            found[code].append(System(case, code, "Commune pilote de l'expérimentation"))
        for adoption in r.adoptions:
            if adoption.statut in _RUNNING_ADOPTIONS:
                found[adoption.commune].append(System(
                    case, adoption.commune, "Reprend la solution éprouvée par une autre commune",
                    adoption.statut))
    for demo in hub.section("demonstrateurs"):
        for code in demo.record.communes:
            found[code].append(System(demo, code, "Commune partenaire du démonstrateur"))
    for systems in found.values():
        systems.sort(key=lambda s: (s.entry.record.titre.casefold(), s.entry.slug))
    return dict(found)


def every_system(hub: Hub) -> list[System]:
    """All registrations, in a stable order (commune code, then title)."""
    systems = by_commune(hub)
    return [s for code in sorted(systems) for s in systems[code]]


def status(system: System) -> str:
    """The system's status for the public, in French."""
    if system.adoption is not None:
        return system.adoption.label
    return system.entry.record.statut.label


def contact_of(record) -> str:  # noqa: ANN001 - a use case or a demonstrator
    """The service address for questions on the system: the use case's contact, or the one of
    its transparency block; "" when there is none."""
    t = record.transparence
    return getattr(record, "contact", None) or (t.contact if t and t.contact else "")


def page_url(hub: Hub, entry: Entry) -> str:
    """Public address of a record's page, or "" while the site's address is unknown."""
    base = hub.configuration.site.adresse
    if not base:
        return ""
    return base.rstrip("/") + "/" + entry.url


def json_records(items: list[dict], head: dict | None = None, key: str = "items") -> bytes:
    """A JSON array of records, one record a line, or with `head` an object of those fields
    followed by the array as `key`. Compact separators keep the C encoder (an indented dump
    runs in pure Python, ten times slower on thousands of records); one record a line keeps
    the file readable and its changes easy to compare. Keys are sorted: stable bytes."""
    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    array = "[\n" + ",\n".join(map(dump, items)) + "\n]" if items else "[]"
    if head is None:
        return (array + "\n").encode()
    fields = "".join(f"{dump(k)}:{dump(v)},\n" for k, v in sorted(head.items()))
    return ("{\n" + fields + dump(key) + ":" + array + "\n}\n").encode()


ALGORITHMS_JSON = "communes/{slug}/algorithmes/algorithmes.json"


def algorithms_url(hub: Hub, code: str) -> str:
    """Public address of a commune's algorithms as JSON, or "" while the site's is unknown."""
    base = hub.configuration.site.adresse
    if not base:
        return ""
    return base.rstrip("/") + "/" + ALGORITHMS_JSON.format(slug=hub.communes.slugs[code])


def record_facts(hub: Hub, entry: Entry) -> dict:
    """The record's published facts as JSON data: transparency block, AI, frugality, history."""
    r = entry.record
    facts: dict = {"fiche": f"{entry.section}/{entry.slug}", "titre": r.titre, "resume": r.resume,
                   "exemple": r.exemple, "mis_a_jour": r.mis_a_jour.isoformat(),
                   "statut": r.statut.value,
                   "transparence": r.transparence.model_dump(mode="json")
                   if r.transparence else None,
                   "frugalite": r.frugalite.model_dump(mode="json")}
    ia = getattr(r, "ia", None)
    facts["ia"] = ia.model_dump(mode="json") if ia is not None else None
    facts["historique"] = [{"date": c.date.isoformat(), "resume": c.summary}
                           for c in hub.changes(entry)]
    return facts
