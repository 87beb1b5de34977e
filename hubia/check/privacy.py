"""Personal data in what contributors write: e-mail addresses and phone numbers of persons.

Only the `contact` field of a use case holds an address (checked by its own rule). Anywhere
else, in any front-matter text or in the body, code blocks included (they are published too),
an address is allowed only if it names a service (`ia@`, `dsi@`, `contact@`... on a domain
that is not a personal webmail) or is listed in `data/securite.yml`; a phone number only if
it is listed there. `front_matter` yields problems at key paths, `body` at offsets (rules.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

from ..load.yaml import Document
from ..models.securite import Confidentialite
from .rules import Problem

# A functional mailbox names a service, not a person.
FUNCTIONAL_WORDS = {
    "contact", "contacts", "ia", "dsi", "numerique", "innovation", "mairie", "accueil",
    "service", "services", "energie", "urbanisme", "data", "donnees", "projet", "projets",
    "club", "hub", "info", "infos", "dpo", "rgpd", "technique", "logistique", "communication",
    "presse", "secretariat", "direction", "dgs", "cabinet", "courrier", "webmestre", "web",
    "support", "assistance", "informatique", "si", "smart", "ville", "territoire", "metropole",
    "environnement", "transition", "ecologique", "batiments", "voirie", "mobilite",
    "proprete", "dechets", "citoyennete", "etat-civil", "population", "finances", "achats",
    "marches", "juridique", "rh", "formation", "jeunesse", "education", "culture", "sport",
    "sports", "social", "ccas", "sante", "enfance", "famille", "petite-enfance", "police",
    "securite", "noreply", "no-reply", "ne-pas-repondre",
}
# Free personal mailboxes: whatever the local part, the address is a person's.
WEBMAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com",
    "outlook.fr", "outlook.com", "live.fr", "live.com", "msn.com", "orange.fr", "wanadoo.fr",
    "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "icloud.com", "me.com",
    "aol.com", "aol.fr", "gmx.fr", "gmx.com", "protonmail.com", "proton.me", "tutanota.com",
}
EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                   r"\.[A-Za-z]{2,}\b")
# French numbers: 01 23 45 67 89, 01.23.45.67.89, 0123456789, +33 1 23 45 67 89,
# +33 (0)1 23..., 0033 1 23... (separators: spaces, no-break spaces, dots, dashes).
PHONE = re.compile(r"(?<![\w+])(?<!\d[./-])(?:(?:\+|00)\s?33[\s.-]?(?:\(0\)[\s.-]?)?[1-9]|0[1-9])"
                   r"(?:[\s.-]?\d{2}){4}(?!\d)")
# Where a number may start: « +3 », « + 3 », or « 0 » and a digit. PHONE opens with
# look-behinds, so a search for it tries the whole pattern at every character; this one is
# found quickly, and PHONE is tried only where it is.
_PHONE_START = re.compile(r"\+\s?3|0\d")


def phone_numbers(text: str) -> Iterator[re.Match[str]]:
    """`PHONE.finditer(text)`, a few times faster."""
    at = 0
    while (start := _PHONE_START.search(text, at)) is not None:
        found = PHONE.match(text, start.start())  # (its look-behinds see what is before)
        if found is None:
            at = start.start() + 1
        else:
            yield found
            at = found.end()


def is_functional(address: str) -> bool:
    local, _, domain = address.lower().partition("@")
    words = [w for w in re.split(r"[._+]", local) if w]
    return domain not in WEBMAIL_DOMAINS and bool(words) and all(
        w in FUNCTIONAL_WORDS or w.replace("-", "") in FUNCTIONAL_WORDS
        or all(p in FUNCTIONAL_WORDS for p in w.split("-")) for w in words)


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    for prefix in ("0033", "33"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            return "0" + digits[len(prefix):]
    return digits


class PrivacyRules:
    def __init__(self, settings: Confidentialite) -> None:
        self.addresses = {a.lower() for a in settings.adresses_autorisees}
        self.numbers = {_digits(n) for n in settings.numeros_autorises}

    def problems(self, text: str) -> Iterator[tuple[int, str, str]]:
        """(offset, code, message) for each personal address or number in `text`."""
        for candidate in {text, unescape(text)} if "&" in text else {text}:
            for m in EMAIL.finditer(candidate) if "@" in candidate else ():
                address = m.group()
                if address.lower() in self.addresses or is_functional(address):
                    continue
                yield m.start(), "email-personnel", (
                    f"adresse « {address} » publiée : c'est une donnée personnelle ; seules les "
                    "adresses de service (ia@, dsi@, contact@...) sont permises hors du champ "
                    "« contact »")
            for m in phone_numbers(candidate):
                if _digits(m.group()) in self.numbers:
                    continue
                yield m.start(), "telephone-personnel", (
                    f"numéro de téléphone « {m.group()} » publié : retirez-le, ou ajoutez-le aux "
                    "numéros publics de data/securite.yml s'il s'agit d'un standard")

    def _any(self, text: str) -> bool:
        """Fast path: one scan of a whole text, before looking value by value."""
        return next(self.problems(text), None) is not None

    def front_matter(self, doc: Document,
                     skipped: tuple[str, ...] = ("contact",)) -> Iterator[Problem]:
        """The first problem of each text of the front matter, at its key path."""
        values = [(k, v) for k, v in doc.texts() if not (k[:1] and k[0] in skipped)]
        if not self._any("\x00".join(v for _, v in values)):
            return
        for key, value in values:
            for _, code, message in self.problems(value):
                yield key, code, message
                break

    def body(self, body: str) -> Iterator[Problem]:
        """Problems of the Markdown `body`, at offsets in it, once per line."""
        if not self._any(body):
            return
        seen, start = set(), 0
        for index, line in enumerate(body.split("\n")):
            for offset, code, message in self.problems(line):
                if (index, code, message) not in seen:
                    seen.add((index, code, message))
                    yield start + offset, code, message
            start += len(line) + 1
