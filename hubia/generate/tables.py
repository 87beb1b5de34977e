"""Small HTML builders for generated pages. Callers pass HTML that is already escaped.

Tables have no class attribute (the theme styles every table alike), a caption and
header cells with a scope, as the accessibility rules of the hub require.
"""

from __future__ import annotations

import base64
import json
import re
from html import escape

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+.!-])")
_DEFERRED = re.compile(r"<!--hubia-html:([A-Za-z0-9+/=]*)-->")


def front_matter(title: str, description: str) -> str:
    """YAML front matter of a generated page. JSON strings are valid YAML and cannot break out
    of the block; the theme's templates escape the values when they print them."""
    return (f"---\ntitle: {json.dumps(title)}\n"
            f"description: {json.dumps(description)}\n---\n\n")


def heading_text(text: str) -> str:
    """Untrusted text made safe as a Markdown heading (so that it shows in the page's table of
    contents): HTML escaped, Markdown punctuation backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(" ".join(text.split())))


def table(caption: str, head: list[str], rows: list[list[str]], *,
          row_headers: bool = False, hidden_caption: bool = True) -> str:
    """An accessible table; with `row_headers`, the first cell of each row is a header."""
    caption_class = ' class="hubia-lecteur-ecran"' if hidden_caption else ""
    header = "".join(f'<th scope="col">{cell}</th>' for cell in head)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>' if row_headers else f"<td>{row[0]}</td>"]
        cells += [f"<td>{cell}</td>" for cell in row[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f"<table><caption{caption_class}>{escape(caption)}</caption>"
            f"<thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def definitions(pairs: list[tuple[str, str]], css_class: str = "hubia-definitions") -> str:
    """A description list of (label, HTML value) pairs."""
    rows = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in pairs)
    return f'<dl class="{css_class}">{rows}</dl>'


def bullet_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" if items else "—"


def deferred(fragment: str) -> str:
    """HTML that Markdown passes through as a single comment, put back by `restore` once the
    page is rendered: Markdown would otherwise parse every tag of a
    generated page twice, which made up a large share of the build time. Base64 has no « - »,
    so the comment cannot end early."""
    return f"<!--hubia-html:{base64.b64encode(fragment.encode()).decode('ascii')}-->"


def restore(html: str) -> str:
    """The rendered page with its deferred fragments in place (generated pages only)."""
    return _DEFERRED.sub(lambda match: base64.b64decode(match.group(1)).decode(), html)


def markdown_page(parts: list[str]) -> str:
    """A generated page from its parts: front matter and Markdown headings (which feed the
    table of contents) stay Markdown; HTML parts are deferred."""
    return "\n\n".join(deferred(part) if part.startswith("<") else part
                        for part in parts if part) + "\n"
