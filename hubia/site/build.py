"""`hubia build` and `hubia serve`: MkDocs runs on a checked hub, output swapped atomically."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import atomic, mkdocs_plugin, output_scan, search_index
from ..hub import Hub
from .offline import ZIP_NAME, build_offline
from .pool import Workers, log_text
from ..text.french import number
from ..check.safety import load_settings


class BuildError(Exception):
    """A build that failed; the previous output is left as it was."""


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.errors: list[str] = []  # what MkDocs logged before giving up

    def emit(self, record: logging.LogRecord) -> None:
        text = log_text(record)
        (self.errors if record.levelno >= logging.ERROR else self.messages).append(text)


def _quiet_mkdocs() -> _CountWarnings:
    """MkDocs' own INFO lines are noise here; its warnings are collected and reported."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    for handler in list(logger.handlers):
        if isinstance(handler, _CountWarnings):
            logger.removeHandler(handler)
    counter = _CountWarnings()
    logger.addHandler(counter)
    return counter


def build(hub: Hub, output: Path, progress: Callable[[str], None], offline: bool = False,
          processes: int | None = None) -> tuple[int, list[str], search_index.Indexed]:
    """Build the site of `hub` into `output`, search index included.

    Returns the pages written, MkDocs' warnings and what Pagefind indexed. With `offline`,
    the site also holds the zipped offline edition (hubia/offline.py). The pages are shared
    between `processes` processes, by default one per core (page_workers.py).

    The site is built in a staging folder next to `output`, indexed, scanned
    (output_scan.py), then put in place by an atomic exchange of the two folders. A failing,
    interrupted or killed build never touches `output`; the staging folder is removed on
    failure, and what a killed build left behind is removed by the next build.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic.output_lock(output, progress):
        atomic.remove_debris(output)
        staging = atomic.staging_folder(output)
        warnings = _quiet_mkdocs()
        mkdocs_plugin.preloaded, mkdocs_plugin.progress = hub, progress
        config = None
        try:
            config = load_config(str(hub.root / "mkdocs.yml"), site_dir=str(staging))
            mkdocs_plugin.workers = Workers(processes)
            try:
                mkdocs_build.build(config)
            finally:  # a worker never goes further; a failed build stops its workers
                mkdocs_plugin.workers.stop()
                mkdocs_plugin.workers = None
            pages = sum(1 for _ in staging.rglob("*.html"))
            progress("Index de recherche (Pagefind)")
            indexing = search_index.Indexing(staging, config.plugins["hubia"].searched)
            try:  # the scan leaves pagefind/ aside: Pagefind writes it meanwhile
                _scan(hub, staging, config.site_url, progress)
            except BaseException:
                indexing.stop()
                raise
            indexed = indexing.wait()
            if offline:
                build_offline(hub, staging / ZIP_NAME, progress)
            atomic.swap(staging, output)
        except BuildError:
            atomic.remove(staging)
            raise
        except (MkDocsException, OSError, search_index.SearchIndexError) as exc:
            atomic.remove(staging)
            raise BuildError("\n".join(warnings.errors) or str(exc)) from None
        except Exception as exc:  # a bug or a pathological page: no traceback, old site kept
            atomic.remove(staging)
            raise BuildError(f"erreur inattendue ({type(exc).__name__} : {exc})") from None
        except BaseException:
            atomic.remove(staging)
            raise
        finally:
            mkdocs_plugin.preloaded = mkdocs_plugin.progress = None
            plugin = config.plugins.get("hubia") if config is not None else None
            if plugin is not None and hasattr(plugin, "guard"):
                plugin.guard.release()
    return pages, warnings.messages, indexed


def _scan(hub: Hub, site: Path, site_url: str | None, progress: Callable[[str], None]) -> None:
    """Fail the build if the output holds active content or a request to another site."""
    progress("Contrôle du site produit (contenu actif, requêtes vers des tiers)")
    settings = load_settings(hub.root)
    base_path = urlsplit(site_url or "/").path or "/"
    findings = output_scan.scan(site, tuple(settings.fichiers.dossiers_code), base_path)
    if findings:
        shown = "\n".join(f"  {finding}" for finding in findings[:30])
        more = f"\n  ... et {len(findings) - 30} autres" if len(findings) > 30 else ""
        raise BuildError(f"le site produit contient {len(findings)} élément(s) interdit(s) "
                         f"(contenu actif ou requête vers un site tiers) :\n{shown}{more}")


def _index_preview(site_dir: Path) -> None:
    try:
        indexed = search_index.index(site_dir)
    except search_index.SearchIndexError as exc:  # the preview stays usable without search
        logging.getLogger("mkdocs").warning("recherche indisponible dans l'aperçu : %s", exc)
        return
    logging.getLogger("mkdocs").info("Index de recherche : %s pages en %s s",
                                     number(indexed.pages), number(indexed.seconds, 1))


def serve(root: Path, address: str) -> None:
    """Preview with live reload; the hub is checked and the search re-indexed on every rebuild."""
    mkdocs_plugin.after_build = _index_preview
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(message)s", level=logging.INFO)
    mkdocs_serve.serve(str(root / "mkdocs.yml"), dev_addr=address, livereload=True,
                       watch=[str(root / "data")])
