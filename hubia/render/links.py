"""Relative links between pages, in MkDocs' directory-URL layout (`section/slug/`) or, for the
offline edition (`use_directory_urls: false`), in its file layout (`section/slug.html`).

`href()` takes the docs/ paths of both pages and is exact in both layouts; `relative()` takes a
directory URL, as earlier code does, and maps it back to a page path by MkDocs' usual
convention (`x/` is `x/index.md`, `x/y/` is `x/y.md`).
"""

from __future__ import annotations

from html import escape

from ..hub import Entry, Hub

_layout = {"directory_urls": True}


def set_directory_urls(enabled: bool) -> None:
    """Called by the MkDocs plugin with the configuration being built."""
    _layout["directory_urls"] = bool(enabled)


def directory_urls() -> bool:
    return _layout["directory_urls"]


def page_url(src_uri: str) -> str:
    """Site URL of a page. Directory layout: `cas-usage/x.md` → `cas-usage/x/`,
    `cas-usage/index.md` → `cas-usage/`; file layout: `cas-usage/x.html`."""
    stem = src_uri[:-3]
    if not directory_urls():
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath on site paths, as string work only: generated pages make tens of
    thousands of links, and relpath asks the file system for the current folder each time."""
    here = [part for part in base.split("/") if part and part != "."]
    there = [part for part in target.split("/") if part and part != "."]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def href(from_src_uri: str, to_src_uri: str, fragment: str = "") -> str:
    """Relative href from the page of `from_src_uri` to the page of `to_src_uri`."""
    here, target = page_url(from_src_uri), page_url(to_src_uri)
    if directory_urls():
        link = _relpath(target, here).rstrip("/") + "/"
    else:
        link = _relpath(target, here.rpartition("/")[0])
    return link + (f"#{fragment}" if fragment else "")


def file_href(from_src_uri: str, target: str) -> str:
    """Relative href from a page to a file or folder of the site (`catalogue/catalogue.csv`)."""
    here = page_url(from_src_uri)
    link = _relpath(target, here if directory_urls() else here.rpartition("/")[0])
    return link + "/" if target.endswith("/") else link


def _src_of(url: str) -> str:
    stem = url.strip("/")
    if not stem:
        return "index.md"
    return f"{stem}/index.md" if "/" not in stem else f"{stem}.md"


def relative(from_src_uri: str, to_url: str) -> str:
    """Relative href from the page of `from_src_uri` to the directory URL `to_url`."""
    return href(from_src_uri, _src_of(to_url))


def record_link(hub: Hub, source: Entry | str, section: str, slug: str) -> str:
    """An <a> to a record, or the escaped slug when it does not exist."""
    target = hub.records.get(section, {}).get(slug)
    if target is None:
        return escape(slug)
    src = source if isinstance(source, str) else source.src_uri
    return (f'<a href="{escape(href(src, target.src_uri))}">'
            f"{escape(target.record.titre)}</a>")


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
