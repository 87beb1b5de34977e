"""« Cas similaires »: up to five other use cases close to each one, computed at build time.

Closeness is a score: same track 3, same kind of AI 2, one per shared tag, a shared pilot
commune 2 or a pilot in the same territory (EPT, the hub's notion of neighbouring
communes: data/communes.yml has no boundaries) 1. Ties go to the most recently updated,
then by slug: the list is the same from build to build.

Candidates come from inverted indexes (track, kind, tag, commune, EPT), each read at most
`_BUCKET` entries deep, so the work stays linear in the number of use cases at any size.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from ..hub import Entry, Hub
from .links import href

LIMIT = 5
_BUCKET = 200


class Similar:
    """The index of one hub's use cases, built once; `of(entry)` gives its neighbours."""

    def __init__(self, hub: Hub) -> None:
        self.cases = sorted(hub.section("cas-usage"),
                            key=lambda e: (-e.record.mis_a_jour.toordinal(), e.slug))
        self.rank = {e.slug: n for n, e in enumerate(self.cases)}
        self.buckets: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        ept = {code: c.ept for code, c in hub.communes.by_code.items()}
        for entry in self.cases:  # already in tie order: a bucket's head is its best
            for key in self._keys(entry, ept):
                self.buckets[key].append(entry)
        self.ept = ept

    @staticmethod
    def _keys(entry: Entry, ept: dict[str, str]) -> set[tuple[str, str]]:
        r = entry.record
        keys = {("parcours", r.parcours), ("ia", r.ia.type_ia.value)}
        keys |= {("etiquette", tag.casefold()) for tag in r.etiquettes}
        keys |= {("commune", code) for code in r.communes}
        keys |= {("ept", ept[code]) for code in r.communes if code in ept}
        return keys

    _WEIGHTS = {"parcours": 3, "ia": 2, "etiquette": 1, "commune": 2, "ept": 1}

    def of(self, entry: Entry) -> list[Entry]:
        scores: Counter = Counter()
        by_slug: dict[str, Entry] = {}
        for key in self._keys(entry, self.ept):
            weight = self._WEIGHTS[key[0]]
            for other in self.buckets.get(key, [])[:_BUCKET + 1]:
                if other.slug != entry.slug:
                    scores[other.slug] += weight
                    by_slug[other.slug] = other
        best = sorted(scores, key=lambda slug: (-scores[slug], self.rank[slug]))[:LIMIT]
        return [by_slug[slug] for slug in best]


def section(hub: Hub, index: Similar, entry: Entry) -> str:
    """The « Cas similaires » block of a use case's page (HTML), empty if it has none."""
    found = index.of(entry)
    if not found:
        return ""
    items = "".join(f'<li><a href="{escape(href(entry.src_uri, other.src_uri))}">'
                    f"{escape(other.record.titre)}</a> — {escape(other.record.statut.label)}"
                    "</li>" for other in found)
    return (f'<section class="hubia-similaires" aria-labelledby="cas-similaires">'
            f'<h2 id="cas-similaires">Cas similaires</h2><ul>{items}</ul></section>')
