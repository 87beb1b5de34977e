"""Relative links between pages, in MkDocs' directory-URL layout (`section/slug/`)."""

from __future__ import annotations

import posixpath
from html import escape

from ..hub import Entry, Hub


def page_url(src_uri: str) -> str:
    """`cas-usage/x.md` → `cas-usage/x/`, `cas-usage/index.md` → `cas-usage/`."""
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def relative(from_src_uri: str, to_url: str) -> str:
    """Relative href from the page of `from_src_uri` to the site URL `to_url`."""
    here = page_url(from_src_uri) or "."
    return posixpath.relpath(to_url or ".", here).rstrip("/") + "/"


def record_link(hub: Hub, source: Entry | str, section: str, slug: str) -> str:
    """An <a> to a record, or the escaped slug when it does not exist."""
    target = hub.records.get(section, {}).get(slug)
    if target is None:
        return escape(slug)
    src = source if isinstance(source, str) else source.src_uri
    return f'<a href="{escape(relative(src, target.url))}">{escape(target.record.titre)}</a>'
