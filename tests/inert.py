"""An independent check, for tests, that built HTML holds no active content.

Written apart from hubia/output_scan.py on purpose: the tests must not trust the code they
test. It lists every script that is not a file of the site, every event handler, every
executable or data URL, frame, object, form outside the theme, style, and every resource a
browser would fetch from another site.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

def _scheme(value: str) -> str:
    plain = re.sub(r"[\x00-\x20\x7f]+", "", unescape(value)).lower().replace("\\", "/")
    if plain.startswith("//"):
        return "//"
    match = re.match(r"^([a-z][a-z0-9+.-]*):", plain)
    return match.group(1) if match else ""


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in {"iframe", "frame", "object", "embed", "applet", "base", "style",
                   "math", "portal", "noscript", "template"}:
            self.found.append(f"<{tag}>")
        if tag == "script":
            src = values.get("src", "")
            if not src and values.get("type") != "application/json":
                self.found.append("script en ligne")
            if src and _scheme(src):
                self.found.append(f"script externe {src}")
        # The theme's search forms (role="search": a GET form whose action, if any, is
        # checked below like every URL).
        # Forms the hub generates carry data-hubia-* attributes, which the sanitiser removes
        # from anything a contributor writes.
        if (tag == "form" and values.get("role") != "search"
                and not any(name.startswith("data-hubia") or name.startswith("data-taux")
                            for name in values)):
            self.found.append("<form>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.found.append("meta refresh")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{name}= sur <{tag}>")
            if name == "style":
                self.found.append(f"style= sur <{tag}>")
            scheme = _scheme(value) if name in {"href", "src", "action", "formaction",
                                                 "xlink:href", "poster", "data", "srcset"} else ""
            if scheme in {"javascript", "vbscript", "data", "file"}:
                self.found.append(f"{name}={value!r} sur <{tag}>")
            loads = (name in {"src", "srcset", "poster", "data"} or (
                tag == "link" and name == "href" and values.get("rel") not in ("canonical",
                                                                               "prev", "next")))
            if loads and scheme in {"http", "https", "//"}:
                self.found.append(f"ressource externe {value} sur <{tag}>")


def active_content(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def article(html: str) -> str:
    """The page content written by the record: what the theme's <article> holds, without
    its own « Modifier cette page » link."""
    match = re.search(r'<article class="hubia-contenu"[^>]*>(.*?)</article>', html, re.DOTALL)
    assert match, "page without the theme's <article>"
    return re.sub(r'<p class="hubia-modifier">.*?</p>', "", match.group(1), flags=re.DOTALL)
