"""`hubia build` and `hubia serve`: MkDocs runs on a checked hub, output swapped atomically."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from . import mkdocs_plugin, search_index
from .hub import Hub
from .offline import ZIP_NAME, build_offline
from .render.french import number


class BuildError(Exception):
    """A build that failed; the previous output is left as it was."""


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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


def build(hub: Hub, output: Path, progress: Callable[[str], None],
          offline: bool = False) -> tuple[int, list[str], search_index.Indexed]:
    """Build the site of `hub` into `output`, search index included.

    Returns the pages written, MkDocs' warnings and what Pagefind indexed. With `offline`,
    the site also holds the zipped offline edition (hubia/offline.py).
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-construction-", dir=output.parent))
    warnings = _quiet_mkdocs()
    mkdocs_plugin.preloaded, mkdocs_plugin.progress = hub, progress
    try:
        config = load_config(str(hub.root / "mkdocs.yml"), site_dir=str(staging))
        mkdocs_build.build(config)
        pages = sum(1 for _ in staging.rglob("*.html"))
        progress("Index de recherche (Pagefind)")
        indexed = search_index.index(staging)
        if offline:
            build_offline(hub, staging / ZIP_NAME, progress)
        _swap(staging, output)
    except (MkDocsException, OSError, search_index.SearchIndexError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        mkdocs_plugin.preloaded = mkdocs_plugin.progress = None
    return pages, warnings.messages, indexed


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` with two renames, so no half site is ever visible."""
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}-ancien-", dir=output.parent))
        os.replace(output, old / output.name)
        os.replace(staging, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, output)


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
