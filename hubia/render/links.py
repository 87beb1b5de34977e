"""Links between pages, written once and valid in both layouts of the site.

Generators and contributors link pages by their docs/ paths, relative to the page that links
(`../cas-usage/x.md`), as contributors already do in Markdown. `Layout.resolve()` turns every
such link into the URL of the layout being built: directory URLs online (`cas-usage/x/`), page
files in the offline edition (`cas-usage/x.html`). The layout is an argument, never a global.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from ..hub import Entry, Hub

_ATTRIBUTE = re.compile(r'(\s(?:href|src|action)=")([^"#?:]*)([^"]*)"')


def relpath(target: str, base: str) -> str:
    """posixpath.relpath on site paths, as string work only: generated pages make tens of
    thousands of links, and relpath asks the file system for the current folder each time."""
    here = [part for part in base.split("/") if part and part != "."]
    there = [part for part in target.split("/") if part and part != "."]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def _folder(docs_path: str) -> str:
    return docs_path.rpartition("/")[0]


def href(from_docs: str, to_docs: str, fragment: str = "") -> str:
    """Relative link from the page `from_docs` to the page or file `to_docs` (docs paths)."""
    return relpath(to_docs, _folder(from_docs)) + (f"#{fragment}" if fragment else "")


def page_of(url: str) -> str:
    """Docs path of a directory URL: `x/` is `x/index.md`, `x/y/` is `x/y.md`."""
    stem = url.strip("/")
    if not stem:
        return "index.md"
    return f"{stem}/index.md" if "/" not in stem else f"{stem}.md"


def relative(from_docs: str, to_url: str) -> str:
    """Relative link from the page `from_docs` to the page at directory URL `to_url`."""
    return href(from_docs, page_of(to_url))


def file_href(from_docs: str, target: str) -> str:
    """Relative link to a file of the site (`catalogue/catalogue.csv`) or a folder's index."""
    return href(from_docs, target + "index.md" if target.endswith("/") else target)


def page_url(docs_path: str, directory_urls: bool = True) -> str:
    """Site URL of a page: `cas-usage/x.md` → `cas-usage/x/` (or `cas-usage/x.html`),
    `cas-usage/index.md` → `cas-usage/` (or `cas-usage/index.html`)."""
    stem = docs_path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def output_path(docs_path: str, directory_urls: bool = True) -> str:
    """The file a page is written to, relative to the site folder."""
    url = page_url(docs_path, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


@dataclass(frozen=True)
class Layout:
    """How docs paths become site URLs: directory URLs, or page files (offline edition)."""

    directory_urls: bool = True

    def url(self, docs_path: str) -> str:
        return page_url(docs_path, self.directory_urls)

    def output(self, docs_path: str) -> str:
        """The file written for `docs_path`: a page's HTML file, or a file as it is."""
        if not docs_path.endswith(".md"):
            return docs_path
        return output_path(docs_path, self.directory_urls)

    def link(self, from_docs: str, to_docs: str) -> str:
        """URL of `to_docs` (a page or a file), relative to the page `from_docs`."""
        target = self.url(to_docs) if to_docs.endswith(".md") else to_docs
        base = _folder(self.output(from_docs))
        link = relpath(target, base)
        if target.endswith("/") or target == "":
            link = link.rstrip("/") + "/" if link != "." else "./"
        return link

    def resolve(self, html: str, from_docs: str, files: frozenset[str] | set[str]) -> str:
        """Every relative link of `html` that names a page (`.md`) or a file of the site
        (`files`, docs paths), rewritten for this layout; other links are left as written."""
        folder = _folder(from_docs)

        def replace(match: re.Match[str]) -> str:
            before, path, rest = match.groups()
            if not path or path.startswith("/"):
                return match.group(0)
            target = _normalise(f"{folder}/{path}" if folder else path)
            if target is None or not (target.endswith(".md") or target in files):
                return match.group(0)
            return f'{before}{self.link(from_docs, target)}{rest}"'

        return _ATTRIBUTE.sub(replace, html)


def _normalise(path: str) -> str | None:
    """`a/./b/../c.md` → `a/c.md`; None for a path that climbs above docs/."""
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


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
