"""Links between pages, written as docs paths relative to the page that links.

Generators link pages by their docs/ paths (`../cas-usage/x.md`), as contributors do in
Markdown; the render stage turns them into the URLs of the layout being built
(render/links.py `Layout.resolve`), so nothing here depends on the layout.
"""

from __future__ import annotations

from html import escape

from ..hub import Entry, Hub


def relpath(target: str, base: str) -> str:
    """posixpath.relpath on site paths, as string work only: generated pages make tens of
    thousands of links, and relpath asks the file system for the current folder each time."""
    here = [part for part in base.split("/") if part and part != "."]
    there = [part for part in target.split("/") if part and part != "."]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def folder_of(docs_path: str) -> str:
    """`cas-usage/x.md` → `cas-usage`; `index.md` → the empty string."""
    return docs_path.rpartition("/")[0]


def href(from_docs: str, to_docs: str, fragment: str = "") -> str:
    """Relative link from the page `from_docs` to the page or file `to_docs` (docs paths)."""
    return relpath(to_docs, folder_of(from_docs)) + (f"#{fragment}" if fragment else "")


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
