"""Every bad input of `hubia check`: its fixture, the exact code and the exact line.

Each fixture under fixtures/invalides/ is a valid record with one fault. The offending line
carries the marker ATTENDU (a YAML or HTML comment), unless the line is given in the table.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, problems_of
from hubia.check.pipeline import check
from hubia.generate import generated_pages
from hubia.site.build import BuildError, build

INVALID = FIXTURES / "invalides"

# (fixture, code, line): line None means « the line with the ATTENDU marker ».
CASES = [
    ("cas-usage/yaml-invalide.md", "yaml-invalide", None),
    ("cas-usage/fichier-vide.md", "fichier-vide", 1),
    ("cas-usage/encodage-invalide.md", "encodage-invalide", 3),
    ("cas-usage/entete-non-dictionnaire.md", "entete-non-dictionnaire", None),
    ("cas-usage/entete-absente.md", "entete-absente", 1),
    ("cas-usage/entete-non-fermee.md", "entete-absente", 1),
    ("cas-usage/champ-manquant.md", "champ-manquant", 2),
    ("cas-usage/champ-manquant-bloc.md", "champ-manquant", None),
    ("cas-usage/champ-inconnu.md", "champ-inconnu", None),
    ("cas-usage/type-invalide.md", "type-invalide", None),
    ("cas-usage/valeur-non-autorisee.md", "valeur-non-autorisee", None),
    ("cas-usage/booleen-invalide.md", "booleen-invalide", None),
    ("cas-usage/booleen-yaml11.md", "booleen-invalide", None),
    ("cas-usage/date-invalide.md", "date-invalide", None),
    ("cas-usage/periode-inversee.md", "periode-inversee", None),
    ("cas-usage/parcours-inconnu.md", "parcours-inconnu", None),
    ("cas-usage/commune-inconnue.md", "commune-inconnue", None),
    ("cas-usage/commune-code-zero.md", "commune-inconnue", None),
    ("cas-usage/montant-negatif.md", "montant-negatif", None),
    ("cas-usage/financement-excessif.md", "financement-excessif", None),
    ("cas-usage/passage-echelle-manquant.md", "passage-echelle-manquant", None),
    ("cas-usage/periode-non-terminee.md", "periode-non-terminee", None),
    ("cas-usage/couts-manquants.md", "couts-manquants", None),
    ("cas-usage/adoption-par-pilote.md", "adoption-par-pilote", None),
    ("cas-usage/adoption-en-double.md", "adoption-en-double", None),
    ("cas-usage/adoption-anterieure.md", "adoption-anterieure", None),
    ("cas-usage/image-sans-alt.md", "image-sans-alt", None),
    ("cas-usage/image-html-sans-alt.md", "image-sans-alt", None),
    ("cas-usage/lien-interne-casse.md", "lien-interne-casse", None),
    ("cas-usage/cle-dupliquee.md", "cle-dupliquee", None),
    ("cas-usage/yaml-etiquette.md", "yaml-etiquette", None),
    ("cas-usage/yaml-alias.md", "yaml-alias", None),
    ("cas-usage/yaml-alias-bombe.md", "yaml-alias", None),
    ("cas-usage/texte-trop-long.md", "texte-trop-long", None),
    ("cas-usage/liste-vide.md", "liste-vide", None),
    ("cas-usage/contact-personnel.md", "contact-personnel", None),
    ("cas-usage/Mauvais Nom.md", "slug-invalide", 1),
    ("cas-usage/html-dangereux.md", "html-dangereux", None),
    ("cas-usage/html-retire.md", "html-retire", None),
    ("cas-usage/lien-dangereux.md", "lien-dangereux", None),
    ("cas-usage/ressource-externe.md", "ressource-externe", None),
    ("cas-usage/markdown-trop-complexe.md", "markdown-trop-complexe", None),
    ("cas-usage/email-personnel.md", "email-personnel", None),
    ("cas-usage/telephone-personnel.md", "telephone-personnel", None),
    ("parcours/demonstrateur-inconnu.md", "demonstrateur-inconnu", None),
    ("parcours/reference-incoherente.md", "reference-incoherente", None),
    ("parcours/activite-cas-usage-inconnu.md", "cas-usage-inconnu", None),
    ("parcours/activite-nature-inconnue.md", "valeur-non-autorisee", None),
    ("demonstrateurs/parcours-inconnu-liste.md", "parcours-inconnu", None),
    ("retours-experience/cas-usage-inconnu.md", "cas-usage-inconnu", None),
    ("retours-experience/nom-sans-accord.md", "nom-sans-accord", None),
    ("retours-experience/sans-lien.md", "champ-manquant", 2),
    # Hostile and broken input, second round.
    ("cas-usage/texte-vide.md", "texte-vide", None),
    ("cas-usage/caractere-invisible.md", "caractere-invisible", None),
    ("cas-usage/caractere-controle-echappe.md", "caractere-invisible", None),
    ("cas-usage/caractere-bidi.md", "caractere-invisible", None),
    ("cas-usage/caractere-controle-brut.md", "caractere-invisible", None),
    ("cas-usage/balise-dans-texte.md", "balise-dans-texte", None),
    ("cas-usage/balise-commentaire.md", "balise-dans-texte", None),
    ("cas-usage/commune-minuscules.md", "commune-mal-ecrite", None),
    ("cas-usage/commune-sans-accent.md", "commune-mal-ecrite", None),
    ("cas-usage/commune-sans-tiret.md", "commune-mal-ecrite", None),
    ("cas-usage/nom-fichier-piege-deux-points.md", "nom-fichier-piege", 1),
    ("cas-usage/nom-fichier-piege-saut-de-ligne.md", "nom-fichier-piege", 1),
    ("catalogue/index.md", "page-reservee", 1),
    ("cas-usage/commentaire-ferme-bang.md", "html-dangereux", None),
    ("cas-usage/commentaire-abrupt.md", "html-dangereux", None),
    ("cas-usage/commentaire-apres-code.md", "html-dangereux", None),
    ("cas-usage/reference-citation.md", "lien-dangereux", None),
    ("cas-usage/reference-liste.md", "lien-dangereux", None),
    ("cas-usage/reference-admonition.md", "lien-dangereux", None),
    ("cas-usage/reference-deux-lignes.md", "lien-dangereux", None),
    ("cas-usage/reference-lien-casse.md", "lien-interne-casse", None),
    ("page-titre-invisible.md", "caractere-invisible", None),
    ("page-titre-balise.md", "balise-dans-texte", None),
    # Transparency and AI Act duties (check/transparency.py).
    ("cas-usage/pratique-interdite.md", "pratique-interdite", None),
    ("cas-usage/analyse-droits-manquante.md", "analyse-droits-manquante", None),
    ("cas-usage/enregistrement-ue-manquant.md", "enregistrement-ue-manquant", None),
    ("cas-usage/registre-traitements-manquant.md", "registre-traitements-manquant", None),
    ("cas-usage/aipd-non-justifiee.md", "aipd-non-justifiee", None),
    ("cas-usage/information-manquante.md", "information-manquante", None),
    ("cas-usage/contestation-manquante.md", "contestation-manquante", None),
    ("cas-usage/mention-ia-manquante.md", "mention-ia-manquante", None),
    ("cas-usage/service-nominatif.md", "service-nominatif", None),
    ("cas-usage/transparence-manquante.md", "transparence-manquante", 2),
    ("cas-usage/frugalite-sans-methode.md", "frugalite-sans-methode", None),
    ("demonstrateurs/frugalite-sans-methode.md", "frugalite-sans-methode", None),
]
# Fixtures copied under another name: names that a repository cloned on Windows could not
# hold (« : », line breaks), made by the test instead.
RENAMED = {
    "cas-usage/nom-fichier-piege-deux-points.md":
        "cas-usage/x.md,line=1::error file=autre.md,line=9::faux.md",
    "cas-usage/nom-fichier-piege-saut-de-ligne.md":
        "cas-usage/x.md\n::error file=autre.md::faux.md",
}


# Training data of data/ (fixture, file it replaces in data/, code, line).
DATA_CASES = [
    ("data/glossaire-terme-duplique.yml", "glossaire.yml", "terme-duplique", None),
    ("data/glossaire-forme-dupliquee.yml", "glossaire.yml", "terme-duplique", None),
    ("data/glossaire-fiche-inconnue.yml", "glossaire.yml", "fiche-inconnue", None),
    ("data/glossaire-fiche-mal-ecrite.yml", "glossaire.yml", "valeur-invalide", None),
    ("data/agenda-module-inconnu.yml", "agenda.yml", "module-inconnu", None),
    ("data/agenda-module-titre-inconnu.yml", "agenda.yml", "module-inconnu", None),
    ("data/agenda-parcours-inconnu.yml", "agenda.yml", "parcours-inconnu", None),
    ("data/agenda-horaires-inverses.yml", "agenda.yml", "horaires-incoherents", None),
    ("data/agenda-chevauchement.yml", "agenda.yml", "horaires-incoherents", None),
    ("data/agenda-jour-duplique.yml", "agenda.yml", "horaires-incoherents", None),
    ("data/agenda-heure-invalide.yml", "agenda.yml", "valeur-invalide", None),
    ("data/agenda-creneau-vide.yml", "agenda.yml", "champ-manquant", None),
    # Accessibility statement (data/accessibilite.yml).
    ("data/accessibilite-audit-ancien.yml", "accessibilite.yml", "audit-accessibilite-ancien",
     None),
    ("data/accessibilite-sans-audit.yml", "accessibilite.yml", "conformite-sans-audit", None),
    # The programme of a new hub (`hubia init`): a figure left to fill is a warning.
    ("data/programme-a-remplir.yml", "programme.yml", "programme-a-remplir", None),
]


def _marked_line(fixture: Path) -> int:
    lines = fixture.read_bytes().decode("utf-8", "replace").split("\n")
    marked = [number for number, line in enumerate(lines, 1) if "ATTENDU" in line]
    assert len(marked) == 1, f"{fixture} needs exactly one ATTENDU marker"
    return marked[0]


@pytest.mark.parametrize(("fixture", "code", "line"), CASES, ids=[c[0] for c in CASES])
def test_bad_record_is_reported_with_code_and_line(hub_dir: Path, fixture: str, code: str,
                                                   line: int | None) -> None:
    source = INVALID / fixture
    target = hub_dir / "docs" / RENAMED.get(fixture, fixture)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    expected_line = line if line is not None else _marked_line(source)

    problems = problems_of(hub_dir)

    rel = f"docs/{RENAMED.get(fixture, fixture)}"
    mine = [(d.code, d.line) for d in problems if d.path == rel]
    assert (code, expected_line) in mine, mine
    # The rest of the hub is still valid: the fault is reported where it is, nowhere else.
    assert all(d.path == rel for d in problems), problems


@pytest.mark.parametrize(("fixture", "target", "code", "line"), DATA_CASES,
                         ids=[c[0] for c in DATA_CASES])
def test_bad_training_data_is_reported_with_code_and_line(hub_dir: Path, fixture: str,
                                                          target: str, code: str,
                                                          line: int | None) -> None:
    source = INVALID / fixture
    shutil.copy(source, hub_dir / "data" / target)
    expected_line = line if line is not None else _marked_line(source)

    problems = problems_of(hub_dir)

    rel = f"data/{target}"
    assert [(d.path, d.code, d.line) for d in problems] == [(rel, code, expected_line)], problems


def test_every_fixture_is_in_the_table() -> None:
    on_disk = {p.relative_to(INVALID).as_posix() for p in INVALID.rglob("*.md")}
    assert on_disk == {case[0] for case in CASES}
    data = {p.relative_to(INVALID).as_posix() for p in INVALID.rglob("*.yml")}
    assert data == {case[0] for case in DATA_CASES}


@pytest.mark.parametrize("path", generated_pages())
def test_every_generated_path_is_reserved(hub_dir: Path, path: str) -> None:
    page = hub_dir / "docs" / path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Page écrite à la main\n", encoding="utf-8")
    problems = problems_of(hub_dir)
    assert [(d.path, d.code, d.line) for d in problems] == [(f"docs/{path}", "page-reservee", 1)]


def test_build_refuses_to_replace_a_generated_page(hub_dir: Path) -> None:
    report = check(hub_dir, generated=generated_pages())
    (hub_dir / "docs/communes").mkdir()
    (hub_dir / "docs/communes/pantin.md").write_text("# Pantin\n", encoding="utf-8")
    with pytest.raises(BuildError, match="docs/communes/pantin.md"):
        build(report.hub, hub_dir / "site", lambda _: None)
    assert not (hub_dir / "site").exists()


def test_alias_bomb_fails_fast(hub_dir: Path) -> None:
    shutil.copy(INVALID / "cas-usage/yaml-alias-bombe.md", hub_dir / "docs/cas-usage/bombe.md")
    started = time.perf_counter()
    problems_of(hub_dir)
    assert time.perf_counter() - started < 1.0


def test_huge_file_is_refused_before_parsing(hub_dir: Path) -> None:
    huge = hub_dir / "docs/cas-usage/enorme.md"
    huge.write_text("---\ntitre: x\n---\n" + "a" * 400_000, encoding="utf-8")
    problems = problems_of(hub_dir)
    assert [(d.code, d.line) for d in problems] == [("fichier-trop-gros", 1)]


def test_suggestions_name_the_close_match(hub_dir: Path) -> None:
    shutil.copy(INVALID / "cas-usage/commune-inconnue.md", hub_dir / "docs/cas-usage/x.md")
    shutil.copy(INVALID / "cas-usage/champ-inconnu.md", hub_dir / "docs/cas-usage/y.md")
    messages = {d.path: d.message for d in problems_of(hub_dir)}
    assert "voulez-vous dire Pantin (93055) ?" in messages["docs/cas-usage/x.md"]
    assert "voulez-vous dire « etiquettes » ?" in messages["docs/cas-usage/y.md"]


def test_loose_commune_spelling_names_the_official_one(hub_dir: Path) -> None:
    for name in ("commune-minuscules", "commune-sans-accent", "commune-sans-tiret"):
        shutil.copy(INVALID / f"cas-usage/{name}.md", hub_dir / f"docs/cas-usage/{name}.md")
    messages = {d.path.split("/")[-1]: d.message for d in problems_of(hub_dir)}
    assert messages == {
        "commune-minuscules.md": "commune « pantin » mal écrite : écrivez son nom officiel "
                                 "« Pantin » ou son code INSEE 93055",
        "commune-sans-accent.md": "commune « Epinay-sur-Seine » mal écrite : écrivez son nom "
                                  "officiel « Épinay-sur-Seine » ou son code INSEE 93031",
        "commune-sans-tiret.md": "commune « Le Pre Saint Gervais » mal écrite : écrivez son nom "
                                 "officiel « Le Pré-Saint-Gervais » ou son code INSEE 93061"}


def test_leading_zero_code_is_kept_as_text(hub_dir: Path) -> None:
    shutil.copy(INVALID / "cas-usage/commune-code-zero.md", hub_dir / "docs/cas-usage/x.md")
    [problem] = problems_of(hub_dir)
    assert "093055" in problem.message  # never read as the number 93055 or an octal


def test_missing_programme_file(hub_dir: Path) -> None:
    (hub_dir / "data/programme.yml").unlink()
    problems = problems_of(hub_dir)
    assert [(d.path, d.code, d.line) for d in problems] == [
        ("data/programme.yml", "fichier-manquant", 1)]


def test_bad_programme_rate_points_at_its_line(hub_dir: Path) -> None:
    path = hub_dir / "data/programme.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("taux_financement: 0.5", "taux_financement: 1.5"),
                    encoding="utf-8")
    line = text.split("\n").index("taux_financement: 0.5") + 1
    problems = problems_of(hub_dir)
    assert [(d.path, d.code, d.line) for d in problems] == [
        ("data/programme.yml", "valeur-invalide", line)]
