"""The offline edition: the hub as a folder that works opened straight from disk (file://).

`hubia build --offline` renders the same checked hub a second time into a staging folder,
with page files instead of directory URLs (`section/slug.html`). Pagefind cannot run from
file:// (browsers refuse to fetch its index there), so the edition carries its own small
search: the title, summary and text of every indexed page in a script file
(`theme/index-hors-ligne.js`), searched by theme/recherche-hors-ligne.js. The folder is
zipped deterministically: sorted entries, one fixed date, fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from html import unescape
from pathlib import Path

from ..hub import Hub
from .. import theme
from ..render.links import Layout
from ..render.theme import Edition
from ..text.clock import source_epoch

ZIP_NAME = "hub-ia-hors-ligne.zip"
FOLDER = "hub-ia-hors-ligne"  # the folder the archive unpacks to
INDEX = f"{theme.FOLDER}/index-hors-ligne.js"
_BODY = re.compile(r"<div data-pagefind-body[^>]*>(.*)</div>", re.DOTALL)
# Left out of the text, as Pagefind leaves them out online.
_IGNORED = re.compile(r"<(script|style|dialog|nav)\b.*?</\1>"
                      r"|<(div|p|span)\b[^>]*data-pagefind-ignore[^>]*>.*?</\2>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
TEXT_CHARS = 4000  # of each page: enough to find it by its words, small enough to load fast
_LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", "404.html"}  # need a web server
_ZIP_EPOCH = 315_532_800  # 1980-01-01, the earliest date a zip entry can hold


def source_date(hub: Hub) -> int:
    """SOURCE_DATE_EPOCH when set, else the date of the hub's latest record update."""
    epoch = source_epoch()
    if epoch is not None:
        return epoch
    dates = [e.record.mis_a_jour for entries in hub.records.values() for e in entries.values()]
    latest = max(dates, default=dt.date(2025, 1, 1))
    return int(dt.datetime(latest.year, latest.month, latest.day, tzinfo=dt.UTC).timestamp())


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


def _text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", _PERMALINK.sub("", html))).split())


def search_index(folder: Path, pages: list[str]) -> bytes:
    """The offline search's data: one entry per indexed page, as a script (file:// pages may
    run scripts but not fetch files)."""
    entries = []
    for rel in pages:
        html = (folder / rel).read_text(encoding="utf-8")
        body = _BODY.search(html)
        if body is None:
            continue
        title = _TITLE.search(html)
        content = _IGNORED.sub(" ", body.group(1))
        entries.append({"titre": _text(title.group(1)) if title else rel, "adresse": rel,
                        "texte": _text(content)[:TEXT_CHARS]})
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.HUBIA_INDEX_HORS_LIGNE = {data};\n".encode()


def build_offline(hub: Hub, target: Path, progress: Callable[[str], None]) -> int:
    """Build the offline edition of `hub` and write it zipped to `target`; file count."""
    from .build import render  # the same renderer as the site, in another layout

    progress("Édition hors ligne : construction")
    staging = Path(tempfile.mkdtemp(prefix=".hors-ligne-", dir=target.parent))
    folder = staging / FOLDER
    try:
        written = render(hub, folder, Edition(Layout(directory_urls=False), offline=True),
                         lambda _message: None)
        (folder / INDEX).write_bytes(search_index(folder, written.searched))
        count = write_zip(folder, target, source_date(hub))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"Édition hors ligne : {target.name} ({count} fichiers)")
    return count
