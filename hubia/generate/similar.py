"""« Cas similaires »: up to five other use cases close to each one, computed at build time.

Closeness is a score: same track 3, same kind of AI 2, one per shared tag, a shared pilot
commune 2 or a pilot in the same territory (EPT, the hub's notion of neighbouring
communes: data/communes.yml has no boundaries) 1. Ties go to the most recently updated,
then by slug: the list is the same from build to build.

Candidates come from inverted indexes (track, kind, tag, commune, EPT), each read at most
`_BUCKET` entries deep (the most recently updated first), so the work stays linear in the
number of use cases at any size; a composite bucket (same track and same kind of AI) keeps
the strongest candidates in reach when the single buckets are long.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from ..hub import Entry, Hub
from .links import href

LIMIT = 5
_BUCKET = 25


class Similar:
    """The index of one hub's use cases, built once; `of(entry)` gives its neighbours."""

    def __init__(self, hub: Hub) -> None:
        self.cases = sorted(hub.section("cas-usage"),
                            key=lambda e: (-e.record.mis_a_jour.toordinal(), e.slug))
        self.rank = {e.slug: n for n, e in enumerate(self.cases)}
        self.buckets: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        ept = {code: c.ept for code, c in hub.communes.by_code.items()}
        self.keys: dict[str, frozenset[tuple[str, str]]] = {}
        for entry in self.cases:  # already in tie order: a bucket's head is its best
            self.keys[entry.slug] = keys = frozenset(self._keys(entry, ept))
            for key in keys:
                self.buckets[key].append(entry)

    @staticmethod
    def _keys(entry: Entry, ept: dict[str, str]) -> set[tuple[str, str]]:
        r = entry.record
        keys = {("parcours", r.parcours), ("ia", r.ia.type_ia.value),
                ("parcours+ia", f"{r.parcours} {r.ia.type_ia.value}")}
        keys |= {("etiquette", tag.casefold()) for tag in r.etiquettes}
        keys |= {("commune", code) for code in r.communes}
        keys |= {("ept", ept[code]) for code in r.communes if code in ept}
        return keys

    _WEIGHTS = {"parcours+ia": 0, "parcours": 3, "ia": 2, "etiquette": 1, "commune": 2, "ept": 1}

    def score(self, a: str, b: str) -> int:
        return sum(self._WEIGHTS[kind] for kind, _ in self.keys[a] & self.keys[b])

    def of(self, entry: Entry) -> list[Entry]:
        candidates = {other.slug: other for key in self.keys[entry.slug]
                      for other in self.buckets[key][:_BUCKET + 1] if other.slug != entry.slug}
        scored = [(-self.score(entry.slug, slug), self.rank[slug], slug) for slug in candidates]
        return [candidates[slug] for score, _, slug in sorted(scored)[:LIMIT] if score < 0]


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


def _shown(index: Similar, entry: Entry) -> list[tuple[str, str, str]]:
    return [(e.slug, e.record.titre, e.record.statut.value) for e in index.of(entry)]


def affected(old_hub: Hub, new_hub: Hub, changed: set[str]) -> set[str]:
    """Docs paths of the use cases whose « Cas similaires » differ between two hubs, after the
    use cases of slugs `changed` were edited (the preview re-renders them).

    A case sees an edited one only through a bucket where the edited case is among the first
    `_BUCKET + 1` (before or after the edit): only the members of those buckets can change
    (the case pushed out of, or let into, such a bucket's head is in it too)."""
    old, new = Similar(old_hub), Similar(new_hub)
    candidates: set[str] = set(changed)
    for slug in changed:
        keys = old.keys.get(slug, frozenset()) | new.keys.get(slug, frozenset())
        for key in keys:
            heads = [index.buckets.get(key, []) for index in (old, new)]
            if any(slug in {e.slug for e in bucket[:_BUCKET + 1]} for bucket in heads):
                candidates.update(e.slug for bucket in heads for e in bucket)
    found = set()
    for slug in candidates:
        before = old_hub.records.get("cas-usage", {}).get(slug)
        after = new_hub.records.get("cas-usage", {}).get(slug)
        if before is None or after is None or _shown(old, before) != _shown(new, after):
            found.add(f"cas-usage/{slug}.md")
    return found
