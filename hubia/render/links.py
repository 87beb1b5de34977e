"""Site URLs of the layout being built: directory URLs online (`cas-usage/x/`), page files
in the offline edition (`cas-usage/x.html`).

Pages link each other by docs paths (generate/links.py); `Layout.resolve()` turns every such
link of a rendered page into a URL of this layout. The layout is an argument, never a global.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..generate.links import folder_of, relpath

_ATTRIBUTE = re.compile(r'(\s(?:href|src|action)=")([^"#?:]*)([^"]*)"')


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
        base = folder_of(self.output(from_docs))
        link = relpath(target, base)
        if target.endswith("/") or target == "":
            link = link.rstrip("/") + "/" if link != "." else "./"
        return link

    def resolve(self, html: str, from_docs: str, files: frozenset[str] | set[str]) -> str:
        """Every relative link of `html` that names a page (`.md`) or a file of the site
        (`files`, docs paths), rewritten for this layout; other links are left as written."""
        folder = folder_of(from_docs)

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
