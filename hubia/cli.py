"""The `hubia` command: check, build and preview the hub. Every message is in French."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from . import french_argparse  # noqa: F401 - translates argparse's own messages
from .diagnostics import Severity, count, format_diagnostics
from .render.french import number


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _summary(records: int, errors: int, warnings: int, started: float,
             pages: int | None = None) -> str:
    parts = [_plural(records, "fiche"), _plural(errors, "erreur"),
             _plural(warnings, "avertissement")]
    if pages is not None:
        parts.append(_plural(pages, "page"))
    return f"Hub IA : {', '.join(parts)}, {number(time.perf_counter() - started, 1)} s."


def _check(root: Path, fmt: str):
    from .validate import check

    if not (root / "mkdocs.yml").is_file() or not (root / "docs").is_dir():
        print(f"hubia : « {root} » n'est pas un hub (il faut un fichier mkdocs.yml et un "
              "dossier docs/) ; indiquez le dossier du hub avec --root.", file=sys.stderr)
        return None
    report = check(root, _progress)
    if report.problems:
        print(format_diagnostics(report.problems, fmt))
    return report


def cmd_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    report = _check(args.root, args.format)
    if report is None:
        return 2
    problems = report.problems
    errors, warnings = count(problems, Severity.ERROR), count(problems, Severity.WARNING)
    print(_summary(report.files, errors, warnings, started), file=sys.stderr)
    return 1 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .site import BuildError, build

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
    output = args.output or args.root / "site"
    _progress(f"Construction du site dans {output}")
    try:
        pages, mkdocs_warnings = build(hub, output, _progress)
    except BuildError as exc:
        print(f"hubia : la construction a échoué : {exc}\nLe site précédent est laissé intact.",
              file=sys.stderr)
        return 1
    for message in mkdocs_warnings:
        print(f"avertissement MkDocs : {message}", file=sys.stderr)
    print(_summary(report.files, 0, warnings + len(mkdocs_warnings), started, pages),
          file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .site import serve

    print(f"Aperçu sur http://{args.adresse}/ (Ctrl+C pour arrêter) ; le hub est revérifié à "
          "chaque modification.", file=sys.stderr)
    try:
        serve(args.root, args.adresse)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from .link_checker import main as check_links

    if not (args.root / "mkdocs.yml").is_file():
        print(f"hubia : « {args.root} » n'est pas un hub ; indiquez son dossier avec --root.",
              file=sys.stderr)
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
    build = add("build", "vérifie puis construit le site statique", cmd_build)
    build.add_argument("--output", type=Path, metavar="DOSSIER",
                       help="dossier du site (par défaut : site/ dans le hub)")
    serve = add("serve", "aperçu du site avec rechargement automatique", cmd_serve)
    serve.add_argument("--adresse", default="127.0.0.1:8000", metavar="HÔTE:PORT",
                       help="adresse de l'aperçu (par défaut : 127.0.0.1:8000)")
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
