"""Each member commune's engagement in the programme, computed once from the hub.

One owner for the fact shared by the communes' export, the dashboard and the map: a
commune is at the furthest step any record shows (a candidate to a track, a pilot of a use
case, a pilot of a proven one, an adopter of a catalogue solution).
"""

from __future__ import annotations

from collections import defaultdict

from ..hub import Hub
from ..models.cas_usage import StatutCas
from ..models.open_data import CommuneOuverte, Engagement

ORDER = tuple(Engagement)  # from « not yet » to « adopts »


def _furthest(steps: set[Engagement]) -> Engagement:
    return max(steps, key=ORDER.index, default=Engagement.AUCUN)


def communes(hub: Hub) -> list[CommuneOuverte]:
    """Every member commune with what the hub says of it, by INSEE code."""
    steps: dict[str, set[Engagement]] = defaultdict(set)
    tracks: dict[str, set[str]] = defaultdict(set)
    pilots: dict[str, set[str]] = defaultdict(set)
    adopted: dict[str, set[str]] = defaultdict(set)
    retours: dict[str, set[str]] = defaultdict(set)
    for track in hub.section("parcours"):
        for code in track.record.communes_candidates:
            steps[code].add(Engagement.CANDIDATE)
            tracks[code].add(track.slug)
    for case in hub.section("cas-usage"):
        r = case.record
        proven = r.statut is StatutCas.CONCLUANT
        for code in r.communes:
            steps[code].add(Engagement.EPROUVE if proven else Engagement.EXPERIMENTE)
            pilots[code].add(case.slug)
        for adoption in r.adoptions:
            steps[adoption.commune].add(Engagement.REPREND)
            adopted[adoption.commune].add(case.slug)
    for retour in hub.section("retours-experience"):
        for code in {*retour.record.communes,
                     *(a.commune for a in retour.record.auteurs if a.commune)}:
            retours[code].add(retour.slug)
    found = []
    for code in sorted(hub.communes.by_code):
        commune = hub.communes.by_code[code]
        ept = hub.communes.epts.get(commune.ept)
        found.append(CommuneOuverte(
            code_insee=code, nom=commune.nom, siren=commune.siren,
            population=commune.population, ept_code=commune.ept,
            ept=ept.nom if ept else commune.ept, engagement=_furthest(steps[code]),
            parcours_candidats=sorted(tracks[code]), cas_usage_pilotes=sorted(pilots[code]),
            solutions_reprises=sorted(adopted[code]), retours_experience=sorted(retours[code])))
    return found


def by_code(hub: Hub) -> dict[str, Engagement]:
    return {c.code_insee: c.engagement for c in communes(hub)}
