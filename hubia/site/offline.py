"""The offline edition: the hub as a folder that works opened straight from disk (file://).

`hubia build --offline` runs a second MkDocs build of the same checked hub into a staging
folder, with page files instead of directory URLs (`section/slug.html`) and Material's search
plugin plus its offline plugin, which inlines the search index into a script. Material's
search runs in a Web Worker, which browsers refuse to start from file://: the iframe-worker
shim (vendored in hubia/assets/, never fetched from a CDN) stands in for it. The folder is
zipped deterministically: sorted entries, one fixed date, fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..hub import Hub
from ..render import links

ZIP_NAME = "hub-ia-hors-ligne.zip"
FOLDER = "hub-ia-hors-ligne"  # the folder the archive unpacks to
SHIM = Path(__file__).parent.parent / "assets" / "iframe-worker-1.0.4.js"
SHIM_URL = "javascripts/hors-ligne/iframe-worker.js"  # "iframe-worker" stops Material's CDN URL
_LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", "404.html"}  # need a web server
_ZIP_EPOCH = 315_532_800  # 1980-01-01, the earliest date a zip entry can hold


def source_date(hub: Hub) -> int:
    """SOURCE_DATE_EPOCH when set, else the date of the hub's latest record update."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        return int(value)
    dates = [e.record.mis_a_jour for entries in hub.records.values() for e in entries.values()]
    latest = max(dates, default=dt.date(2025, 1, 1))
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())


def _add_plugin(config: MkDocsConfig, name: str, plugin: BasePlugin, options: dict) -> None:
    if name in config.plugins:
        return
    errors, _ = plugin.load_config(options, config.config_file_path)
    if errors:
        raise PluginError(f"extension « {name} » : {errors}")
    config.plugins[name] = plugin


def offline_config(config_file: Path, site_dir: Path) -> MkDocsConfig:
    """The hub's configuration, turned into the offline edition's."""
    from material.plugins.offline.plugin import OfflinePlugin
    from material.plugins.search.plugin import SearchPlugin

    config = load_config(str(config_file), site_dir=str(site_dir), use_directory_urls=False)
    _add_plugin(config, "material/search", SearchPlugin(), {})
    _add_plugin(config, "material/offline", OfflinePlugin(), {})
    config.extra["polyfills"] = [SHIM_URL]
    config.extra["hors_ligne"] = True  # for templates that must change offline (no Pagefind)
    # Pagefind needs a server: its page, script and style stay out of the offline edition.
    config.nav = [item for item in config.nav or [] if item != {"Rechercher": "rechercher.md"}]
    config.extra_javascript = [js for js in config.extra_javascript
                               if not str(js).startswith("javascripts/recherche")]
    config.extra_css = [css for css in config.extra_css if "recherche" not in css]
    return config


def write_zip(folder: Path, target: Path, epoch: int) -> int:
    """Zip `folder` under FOLDER/ so that the same files always give the same bytes."""
    stamp = dt.datetime.fromtimestamp(max(epoch, _ZIP_EPOCH), dt.UTC).timetuple()[:6]
    files = sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob("*")
                   if p.is_file() and p.name not in _LEFT_OUT)
    partial = target.with_name(target.name + ".partiel")
    with zipfile.ZipFile(partial, "w") as archive:
        for rel, path in files:
            info = zipfile.ZipInfo(f"{FOLDER}/{rel}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the machine
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(partial, target)
    return len(files)


def build_offline(hub: Hub, target: Path, progress: Callable[[str], None]) -> int:
    """Build the offline edition of `hub` and write it zipped to `target`; file count."""
    progress("Édition hors ligne : construction")
    staging = Path(tempfile.mkdtemp(prefix=".hors-ligne-", dir=target.parent))
    folder = staging / FOLDER
    previous = links.directory_urls()
    try:
        mkdocs_build.build(offline_config(hub.root / "mkdocs.yml", folder))
        shim = folder / SHIM_URL
        shim.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIM, shim)
        count = write_zip(folder, target, source_date(hub))
    finally:
        links.set_directory_urls(previous)
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"Édition hors ligne : {target.name} ({count} fichiers)")
    return count
