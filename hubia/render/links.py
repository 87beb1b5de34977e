"""Relative links between pages, in MkDocs' directory-URL layout (`section/slug/`)."""

from __future__ import annotations

from html import escape

from ..hub import Entry, Hub


def page_url(src_uri: str) -> str:
    """`cas-usage/x.md` → `cas-usage/x/`, `cas-usage/index.md` → `cas-usage/`."""
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def _segments(url: str) -> list[str]:
    return [part for part in url.split("/") if part and part != "."]


def relative(from_src_uri: str, to_url: str) -> str:
    """Relative href from the page of `from_src_uri` to the site URL `to_url`.

    Plain string work on the two site paths (what posixpath.relpath gives, without its
    calls to the file system: generated pages make tens of thousands of links)."""
    here, there = _segments(page_url(from_src_uri)), _segments(to_url)
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    return "/".join(parts) + "/" if parts else "./"


def record_link(hub: Hub, source: Entry | str, section: str, slug: str) -> str:
    """An <a> to a record, or the escaped slug when it does not exist."""
    target = hub.records.get(section, {}).get(slug)
    if target is None:
        return escape(slug)
    src = source if isinstance(source, str) else source.src_uri
    return f'<a href="{escape(relative(src, target.url))}">{escape(target.record.titre)}</a>'


def commune_url(hub: Hub, code: str) -> str:
    """Site URL of a member commune's page: `communes/l-hay-les-roses/`."""
    return f"communes/{hub.communes.slugs[code]}/"


def commune_link(hub: Hub, source: Entry | str, code: str) -> str:
    """An <a> to a commune's page, or its escaped name when it is not a member."""
    name = escape(hub.communes.name(code))
    if code not in hub.communes.slugs:
        return name
    src = source if isinstance(source, str) else source.src_uri
    return f'<a href="{escape(relative(src, commune_url(hub, code)))}">{name}</a>'
