"""The `hubia` command: check, build and preview the hub. Every message is in French."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .text import argparse_french as french_argparse
from .diagnostics import Severity, count, format_diagnostics
from .errors import os_error_message
from .text.french import number
from .authoring.scaffold import TYPES
from .registers import FORMATS as EXPORT_FORMATS

if TYPE_CHECKING:
    from .hub import Hub


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _summary(records: int, errors: int, warnings: int, started: float,
             pages: int | None = None, indexed=None) -> str:  # noqa: ANN001 - search_index.Indexed
    parts = [_plural(records, "fiche"), _plural(errors, "erreur"),
             _plural(warnings, "avertissement")]
    if pages is not None:
        parts.append(_plural(pages, "page"))
    if indexed is not None:
        parts.append(f"{_plural(indexed.pages, 'indexée')} pour la recherche en "
                     f"{number(indexed.seconds, 1)} s")
    return f"Hub IA : {', '.join(parts)}, {number(time.perf_counter() - started, 1)} s."


def _is_hub(root: Path) -> bool:
    if (root / "hubia.yml").is_file() and (root / "docs").is_dir():
        return True
    hint = (" ; ce dossier a un mkdocs.yml : le README explique comment passer à hubia.yml"
            if (root / "mkdocs.yml").is_file() else "")
    print(f"hubia : « {root} » n'est pas un hub (il faut un fichier hubia.yml et un dossier "
          f"docs/){hint} ; indiquez le dossier du hub avec --root.", file=sys.stderr)
    return False


def _check(root: Path, fmt: str, changed: str | None = None, records: bool = True):
    from .check.pipeline import check
    from .generate import generated_pages
    from .load.changed import GitError, changed_files, files_to_check

    if not _is_hub(root):
        return None
    only = None
    if changed is not None:
        try:
            only = files_to_check(root, changed_files(root, changed))
        except GitError as exc:
            print(f"hubia : impossible de savoir ce qui a changé depuis « {changed} » : {exc}",
                  file=sys.stderr)
            return None
    report = check(root, _progress, only, generated_pages(), records=records)
    if report.problems:
        print(format_diagnostics(report.problems, fmt))
    return report


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    report = _check(args.root, args.format, args.changed, records=False)
    if report is None:
        return 2
    problems = report.problems
    errors, warnings = count(problems, Severity.ERROR), count(problems, Severity.WARNING)
    print(_summary(report.files, errors, warnings, started), file=sys.stderr)
    return 1 if errors else 0


def _valid_hub(root: Path, refusal: str):  # noqa: ANN202 - (Report | None, exit code)
    """The checked hub, or the exit code when it cannot be used (diagnostics are printed)."""
    report = _check(root, "text")
    if report is None:
        return None, 2
    if count(report.problems, Severity.ERROR) or report.hub is None:
        print(refusal, file=sys.stderr)
        return None, 1
    return report, 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site.build import BuildError, build

    started = time.perf_counter()
    report = _check(args.root, "text")
    if report is None:
        return 2
    hub, problems = report.hub, report.problems
    errors, warnings = count(problems, Severity.ERROR), count(problems, Severity.WARNING)
    if errors or hub is None:
        print("Construction annulée : corrigez les erreurs ci-dessus ; le site précédent est "
              "laissé intact.", file=sys.stderr)
        print(_summary(report.files, errors, warnings, started), file=sys.stderr)
        return 1
    _write_catalogue(hub, args.root / "catalogue")  # the committed exports follow the records
    output = args.output or args.root / "site"
    _progress(f"Construction du site dans {output}")
    try:
        pages, build_warnings, indexed = build(hub, output, _progress, offline=args.offline)
    except (BuildError, OSError) as exc:  # (OSError: before the build could start)
        reason = os_error_message(exc) if isinstance(exc, OSError) else exc
        print(f"hubia : la construction a échoué : {reason}\nLe site précédent est laissé "
              "intact.", file=sys.stderr)
        return 1
    for message in build_warnings:
        print(f"avertissement : {message}", file=sys.stderr)
    print(_summary(report.files, 0, warnings + len(build_warnings), started, pages, indexed),
          file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .authoring.new_record import NewRecordError, create

    if not _is_hub(args.root):
        return 2
    try:
        path = create(args.root, TYPES[args.type], args.slug, args.titre, args.parcours,
                      args.commune)
    except NewRecordError as exc:
        print(f"hubia : {exc}", file=sys.stderr)
        return 1
    print(f"Fiche créée : {path.relative_to(args.root).as_posix()}\n"
          "Remplacez chaque « À REMPLIR » (les commentaires expliquent chaque champ), puis "
          "lancez « hubia check ».")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .authoring.new_hub import NewHubError, create
    from .authoring.territory import TerritoryError, parse_territory
    from .text.clock import reference_date

    try:
        hub = create(args.dossier, parse_territory(args.territoire), args.source, args.version,
                     reference_date().isoformat())
    except (NewHubError, TerritoryError) as exc:
        print(f"hubia : {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"hubia : impossible d'écrire le hub dans « {args.dossier} » : {exc}",
              file=sys.stderr)
        return 1
    print(f"Hub créé dans {hub.root} : {hub.name}, {_plural(hub.communes, 'commune')}, "
          f"{_plural(hub.groupings, 'regroupement')}, {_plural(len(hub.files), 'fichier')}.\n"
          f"Ensuite : cd {hub.root} && hubia check (ce qui reste à remplir) puis hubia build.")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .authoring.schemas import write

    if not _is_hub(args.root):
        return 2
    folder = args.sortie or args.root / "schemas"
    written = write(folder)
    print(f"Schémas JSON : {len(written)} fichier(s) mis à jour dans {folder}.")
    return 0


def cmd_handouts(args: argparse.Namespace) -> int:
    from .site.handouts import HandoutError, build_handouts
    from .site.build import BuildError

    started = time.perf_counter()
    report, refused = _valid_hub(args.root, "Supports non produits : corrigez les erreurs "
                                 "ci-dessus.")
    if refused:
        return refused
    output = args.output or args.root / "supports"
    try:
        written = build_handouts(report.hub, output, _progress)
    except (HandoutError, BuildError) as exc:
        print(f"hubia : {exc}", file=sys.stderr)
        return 1
    print(f"Hub IA : {_plural(len(written), 'support')} PDF dans {output}, "
          f"{number(time.perf_counter() - started, 1)} s.", file=sys.stderr)
    return 0


def _write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write exported files into `folder`, only those whose bytes changed, and say which."""
    from .catalogue.compute import write_if_changed

    for name, content in files.items():
        written = write_if_changed(folder / name, content)
        _progress(f"{folder / name} : {'écrit' if written else 'inchangé'}")


def _write_catalogue(hub: Hub, folder: Path) -> int:
    """Write the catalogue's exports into `folder`; returns the number of entries."""
    from .catalogue import compute as catalogue

    data = catalogue.build(hub)
    _write_files(folder, catalogue.exports(data))
    return len(data.entrees)


def cmd_catalogue(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    report, refused = _valid_hub(args.root, "Catalogue non calculé : corrigez les erreurs "
                                 "ci-dessus ; les exports précédents sont laissés intacts.")
    if refused:
        return refused
    entries = _write_catalogue(report.hub, args.sortie or args.root / "catalogue")
    print(f"Catalogue : {_plural(entries, 'solution')}, "
          f"{number(time.perf_counter() - started, 1)} s.", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .registers import files

    started = time.perf_counter()
    report, refused = _valid_hub(args.root, "Export annulé : corrigez les erreurs ci-dessus ; "
                                 "les fichiers précédents sont laissés intacts.")
    if refused:
        return refused
    folder = args.sortie or args.root / "registres"
    _write_files(folder, files(report.hub, args.format))
    print(f"Export {args.format} dans {folder}, {number(time.perf_counter() - started, 1)} s.",
          file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .site.serve import ServeError, serve

    if not _is_hub(args.root):
        return 2
    try:
        serve(args.root, args.adresse, lambda message: print(message, file=sys.stderr, flush=True))
    except ServeError as exc:
        print(f"hubia : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from .check.external_links import main as check_links

    if not _is_hub(args.root):
        return 2
    return check_links(args.root, args.format, args.cache, not args.sans_cache)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="hubia", description="Hub IA : vérifie les fiches et construit le site du hub.")
    commands = main.add_subparsers(dest="commande", metavar="COMMANDE", required=True)

    def add(name: str, help_text: str, handler) -> argparse.ArgumentParser:  # noqa: ANN001
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--root", type=Path, default=Path("."), metavar="DOSSIER",
                         help="dossier du hub (par défaut : le dossier courant)")
        sub.set_defaults(handler=handler)
        return sub

    check = add("check", "vérifie toutes les fiches et signale tous les problèmes", cmd_check)
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="format des diagnostics : text (défaut), json ou github "
                            "(annotations GitHub Actions)")
    check.add_argument("--changed", nargs="?", const="HEAD", metavar="RÉF",
                       help="ne vérifier que les fiches modifiées depuis la référence git RÉF "
                            "(par défaut HEAD : les modifications en cours) et celles qui les "
                            "citent")
    build = add("build", "vérifie puis construit le site statique", cmd_build)
    build.add_argument("--output", type=Path, metavar="DOSSIER",
                       help="dossier du site (par défaut : site/ dans le hub)")
    build.add_argument("--offline", action="store_true",
                       help="écrit aussi l'édition hors ligne, hub-ia-hors-ligne.zip, dans le "
                            "dossier du site (site consultable sans réseau ni serveur)")
    handouts = add("handouts", "imprime en PDF le support de formation de chaque parcours "
                   "(Chromium requis)", cmd_handouts)
    handouts.add_argument("--output", type=Path, metavar="DOSSIER",
                          help="dossier des PDF (par défaut : supports/ dans le hub)")
    catalogue = add("catalogue", "calcule le catalogue de passage à l'échelle et écrit ses "
                    "exports (JSON, CSV, schéma)", cmd_catalogue)
    catalogue.add_argument("--sortie", type=Path, metavar="DOSSIER",
                           help="dossier des exports (par défaut : catalogue/ dans le hub)")
    export = add("export", "exporte les systèmes d'IA publiés au format d'un autre registre "
                 "d'algorithmes", cmd_export)
    export.add_argument("--format", required=True, choices=list(EXPORT_FORMATS),
                        metavar="FORMAT", help="format du registre : " + " ; ".join(
                            f"{name} ({label})" for name, (_, label) in EXPORT_FORMATS.items()))
    export.add_argument("--sortie", type=Path, metavar="DOSSIER",
                        help="dossier des fichiers exportés (par défaut : registres/ dans le hub)")
    serve = add("serve", "aperçu du site avec rechargement automatique", cmd_serve)
    serve.add_argument("--adresse", default="127.0.0.1:8000", metavar="HÔTE:PORT",
                       help="adresse de l'aperçu (par défaut : 127.0.0.1:8000)")
    new = add("new", "crée une nouvelle fiche à remplir, avec tous ses champs commentés",
              cmd_new)
    new.add_argument("type", choices=list(TYPES), metavar="TYPE",
                     help="type de fiche : " + ", ".join(TYPES))
    new.add_argument("slug", nargs="?", metavar="NOM",
                     help="nom du fichier sans .md (minuscules, chiffres, tirets) ; déduit du "
                          "titre s'il est absent")
    new.add_argument("--titre", help="titre de la fiche")
    new.add_argument("--parcours", metavar="PARCOURS", help="nom de fichier du parcours lié")
    new.add_argument("--commune", action="append", default=[], metavar="COMMUNE",
                     help="commune concernée (nom officiel ou code INSEE) ; répétable")
    init = commands.add_parser(
        "init", help="crée un nouveau hub pour un territoire (EPCI, département, région ou "
        "France entière)", description="crée un nouveau hub, prêt à vérifier et construire, "
        "pour un territoire : ses communes (paquet @etalab/decoupage-administratif), un "
        "programme à remplir, une page d'accueil et une fiche d'exemple de chaque type")
    init.add_argument("dossier", type=Path, metavar="DOSSIER",
                      help="dossier du nouveau hub (absent ou vide : rien n'est écrasé)")
    init.add_argument("--territoire", required=True, metavar="TYPE:CODE",
                      help="epci:SIREN, departement:CODE, region:CODE ou france (par exemple "
                           "epci:200046977 pour la Métropole de Lyon)")
    init.add_argument("--source", type=Path, metavar="PAQUET",
                      help="archive .tgz ou dossier du paquet @etalab/decoupage-administratif "
                           "(sans réseau) ; sinon téléchargé avec npm pack")
    init.add_argument("--version", metavar="X.Y.Z",
                      help="version du paquet (par défaut celle figée par hubia)")
    init.set_defaults(handler=cmd_init)
    schema = add("schema", "exporte les schémas JSON des fiches pour les éditeurs", cmd_schema)
    schema.add_argument("--sortie", type=Path, metavar="DOSSIER",
                        help="dossier des schémas (par défaut : schemas/ dans le hub)")
    links = add("links", "vérifie les liens externes des fiches (accès à internet)", cmd_links)
    links.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="format du rapport : text (défaut, par fiche), json ou github")
    links.add_argument("--cache", type=Path, metavar="FICHIER",
                       help="fichier du cache des liens valides (par défaut : "
                            ".cache/liens.json dans le hub)")
    links.add_argument("--sans-cache", action="store_true",
                       help="tout vérifier, sans lire ni écrire le cache")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except OSError as exc:  # a file-system fault (full disk, read-only folder...), not a bug
        print(f"hubia : {os_error_message(exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
