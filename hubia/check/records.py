"""Rules on each valid record that need the whole hub: references between records, funding
against the programme's rate, adoptions, freshness, contact addresses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..diagnostics import Diagnostic
from ..funding import cents
from ..hub import Entry, Hub
from ..models import CasUsage, Parcours, RetourExperience
from ..models.cas_usage import StatutCas
from ..models.demonstrateur import Demonstrateur
from ..text import french
from .catalogue import adoption_rules
from .privacy import FUNCTIONAL_WORDS
from .rules import Problem, located
from .transparency import demonstrator_rules, use_case_rules

# A functional mailbox names a service, not a person: « prenom.nom@ » is flagged.
_PERSONAL_MAILBOX = re.compile(r"^[a-z]+[._-][a-z]{2,}@", re.IGNORECASE)


class RecordRules:
    """Rules on one valid record that need the hub: each yields problems at key paths."""

    def __init__(self, hub: Hub, slugs: dict[str, set[str]]) -> None:
        self.hub = hub
        self.slugs = slugs  # from file names: a reference to an invalid record is not unknown

    def _unknown(self, section: str, code: str, label: str, key: tuple,
                 slug: str | None) -> Iterator[Problem]:
        if slug is not None and slug not in self.slugs.get(section, ()):
            yield key, code, f"{label} « {slug} » inconnu : aucun fichier docs/{section}/{slug}.md"

    def _each_unknown(self, section: str, code: str, label: str, field: str | tuple,
                      slugs: list[str]) -> Iterator[Problem]:
        prefix = field if isinstance(field, tuple) else (field,)
        for index, slug in enumerate(slugs):
            yield from self._unknown(section, code, label, (*prefix, index), slug)

    def parcours(self, r: Parcours) -> Iterator[Problem]:
        yield from self._each_unknown("demonstrateurs", "demonstrateur-inconnu", "démonstrateur",
                                      "demonstrateurs", r.demonstrateurs)
        for m, module in enumerate(r.modules):
            for a, activite in enumerate(module.activites):
                yield from self._each_unknown("cas-usage", "cas-usage-inconnu", "cas d'usage",
                                              ("modules", m, "activites", a, "cas_usage"),
                                              activite.cas_usage)
        if r.nombre_communes_candidates is not None and (
                r.nombre_communes_candidates < len(r.communes_candidates)):
            yield (("nombre_communes_candidates",), "reference-incoherente",
                   f"nombre de communes candidates ({r.nombre_communes_candidates}) inférieur "
                   f"au nombre de communes listées ({len(r.communes_candidates)})")

    def cas_usage(self, r: CasUsage) -> Iterator[Problem]:
        yield from self._unknown("parcours", "parcours-inconnu", "parcours", ("parcours",),
                                 r.parcours)
        if r.periode.fin and r.periode.fin < r.periode.debut:
            yield (("periode", "fin"), "periode-inversee",
                   f"la période finit le {french.date(r.periode.fin)}, avant de commencer le "
                   f"{french.date(r.periode.debut)}")
        yield from self._funding(r)
        yield from adoption_rules(r, self.hub.communes.name)
        yield from use_case_rules(r)
        if r.statut is StatutCas.CONCLUANT and r.passage_a_l_echelle is None:
            yield (("statut",), "passage-echelle-manquant",
                   "un cas d'usage concluant doit décrire son passage à l'échelle (bloc "
                   "« passage_a_l_echelle » : coûts par commune, prérequis, délai...)")
        local, _, domain = r.contact.partition("@")
        if _PERSONAL_MAILBOX.match(r.contact) and not (
                set(re.split(r"[._-]", local.lower())) & FUNCTIONAL_WORDS):
            yield (("contact",), "contact-personnel",
                   f"« {r.contact} » ressemble à une adresse nominative : préférez une adresse "
                   f"de service (ia@{domain}, dsi@{domain}...)")

    def _funding(self, r: CasUsage) -> Iterator[Problem]:
        programme = self.hub.programme
        cost, share = r.financement.cout_total_eur, r.financement.part_metropole_eur
        rate = programme.taux_financement  # None: still to fill, check/programme.py warns
        porteur = self.hub.communes.territoire.porteur
        ceiling = cents(cost * rate) if rate is not None else share
        if share > ceiling:
            yield (("financement", "part_metropole_eur"), "financement-excessif",
                   f"part {french.of(porteur)} de {french.euros(share)} supérieure à "
                   f"{french.percent(programme.taux_financement)} du coût total : "
                   f"{french.euros(ceiling)} au plus pour {french.euros(cost)}")
        cap = programme.plafond_financement_eur
        if cap is not None and share > cap:
            yield (("financement", "part_metropole_eur"), "financement-excessif",
                   f"part {french.of(porteur)} de {french.euros(share)} supérieure au plafond de "
                   f"{french.euros(cap)} du programme")

    def demonstrateurs(self, r: Demonstrateur) -> Iterator[Problem]:
        yield from self._each_unknown("parcours", "parcours-inconnu", "parcours", "parcours",
                                      r.parcours)
        yield from demonstrator_rules(r)

    def retours_experience(self, r: RetourExperience) -> Iterator[Problem]:
        if r.cas_usage is None and r.parcours is None:
            yield ((), "champ-manquant",
                   "un retour d'expérience doit citer son « cas_usage » ou son « parcours »")
        yield from self._unknown("cas-usage", "cas-usage-inconnu", "cas d'usage", ("cas_usage",),
                                 r.cas_usage)
        yield from self._unknown("parcours", "parcours-inconnu", "parcours", ("parcours",),
                                 r.parcours)
        for index, auteur in enumerate(r.auteurs):
            if auteur.nom and not auteur.accord_publication:
                yield (("auteurs", index, "nom"), "nom-sans-accord",
                       f"le nom « {auteur.nom} » ne peut être publié que si la personne l'a "
                       "accepté : ajoutez « accord_publication: true » ou retirez le nom")

    def freshness(self, record) -> Iterator[Problem]:  # noqa: ANN001
        if self.hub.is_stale(record):
            yield (("mis_a_jour",), "a-actualiser",
                   f"fiche mise à jour le {french.date(record.mis_a_jour)}, il y a plus de "
                   f"{self.hub.configuration.fraicheur_mois} mois : relisez-la et actualisez "
                   "« mis_a_jour »")

    def run(self, entry: Entry) -> list[Diagnostic]:
        rule: Callable = getattr(self, entry.section.replace("-", "_"))
        return located(entry.path, entry.doc,
                       [*rule(entry.record), *self.freshness(entry.record)])
