"""Post-build scan of the whole site: the last line of defence before it is published.

Whatever the checks and the sanitiser let through (a bug, a new generator, a file copied
from docs/), the build fails if the output holds active content outside the theme's own
files or anything that would make a visitor's browser contact another site:

- inline scripts, scripts outside the site's script folders, event-handler attributes,
  `javascript:`/`vbscript:`/`data:` URLs, frames, objects, embeds, `<base>`, meta refresh;
- inline styles (the Content-Security-Policy would block them);
- scripts, styles, images, media, fonts and forms loaded from another site, in HTML
  (`src`, `srcset`, `href` of `<link>`, `action`...) and in CSS (`url()`, `@import`);
- SVG files and scripts that do not belong to the theme or to the code folders;
- a page without the Content-Security-Policy `<meta>` tag.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from ..theme.csp import EXECUTABLE_TYPES, policy

THEME_DIRS = ("theme/",)  # the theme's own CSS and JavaScript (hubia/theme/assets/)
GENERATED_DIRS = ("pagefind/",)  # search index written after the pages (its own scripts)
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
REQUESTING_LINKS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon",
                    "preload", "prefetch", "modulepreload", "manifest", "preconnect",
                    "dns-prefetch", "prerender"}
LOADED_BY = {
    "src": {"script", "img", "iframe", "source", "video", "audio", "track", "embed", "input"},
    "srcset": {"img", "source"},
    "poster": {"video"},
    "data": {"object"},
    "background": {"body", "table", "td", "th"},
    "action": {"form"},
    "formaction": {"button", "input"},
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background",
                  "xlink:href", "srcset", "cite", "ping", "longdesc", "manifest"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.IGNORECASE)


def _plain(value: str) -> str:
    return _INVISIBLE.sub("", unescape(value)).lower()


def is_third_party(url: str) -> bool:
    plain = _plain(url).replace("\\", "/")
    return plain.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", plain)) and not (
        plain.startswith(("data:", "mailto:", "tel:", "#")))


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the site
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# Tokens of generated HTML: comments, and start tags whose quoted values may hold ">" (a
# browser reads them the same way). End tags are not tokens: skipping them can only make the
# scan see more. Pages repeat the theme's tags: each distinct tag is judged once.
_ATTRS = r"((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)"
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<((?i:script|style))(?=[\s/>])" + _ATTRS + r">(.*?)(?:</(?i:script|style)\s*>|\Z)"
    r"|<([A-Za-z][^\s/>]*)" + _ATTRS + ">", re.DOTALL)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _ATTRIBUTE.finditer(text):
        value = m.group(2) or ""
        if value[:1] in ("\"", "'"):
            value = value[1:-1]
        found.setdefault(m.group(1).lower(), unescape(value) if "&" in value else value)
    return found


class PageScanner:
    def __init__(self, script_dirs: tuple[str, ...], site: Path, base_path: str) -> None:
        self.script_dirs, self.site, self.base_path = script_dirs, site, base_path
        self._judged: dict[tuple[str, str], list[str]] = {}
        self._tags: dict[str, list[str]] = {}  # start tags other than <script> and <style>

    def scan(self, path: str, html: str) -> tuple[list[Finding], bool]:
        """Findings of one page, and whether it carries the policy's <meta> tag."""
        findings, csp_meta = [], False
        folder = posixpath.dirname(path)
        for m in _TOKEN.finditer(html):
            if m.group(4) is not None:  # most tokens: a tag already judged, and harmless
                messages = self._tags.get(m.group())
                if messages is None:
                    messages = self._tags[m.group()] = self._tag(
                        m.group(4).lower(), _attributes(m.group(5)), folder)
                if not messages:
                    continue
                tag = m.group(4).lower()
            elif m.group(1) is None:  # a comment
                continue
            else:  # <script> or <style>, with its content
                tag, attributes = m.group(1).lower(), m.group(2)
                key = (f"<{tag} {attributes}>", folder if tag == "script" else "")
                if key not in self._judged:
                    self._judged[key] = self._tag(tag, _attributes(attributes), folder)
                messages = self._judged[key]
            if tag == "meta" and messages == ["csp"]:
                csp_meta, messages = True, []
            if tag == "style":
                messages = messages + [f"CSS chargée depuis un site tiers : {url}"
                                       for url in css_urls(m.group(3)) if is_third_party(url)]
            for message in messages:
                findings.append(Finding(path, html.count("\n", 0, m.start()) + 1, message))
        return findings, csp_meta

    def _tag(self, tag: str, values: dict[str, str], folder: str) -> list[str]:
        found = []
        if tag in FORBIDDEN_TAGS:
            found.append(f"balise <{tag}> interdite")
        if tag == "style":
            found.append("élément <style> (bloqué par la politique de sécurité)")
        if tag == "meta":
            equiv = values.get("http-equiv", "").lower()
            if equiv == "refresh":
                found.append("redirection <meta http-equiv=refresh>")
            elif equiv == "content-security-policy" and values.get("content") == policy():
                return ["csp"]
        if tag == "script":
            found += self._script(values, folder)
        if tag == "link" and set(values.get("rel", "").lower().split()) & REQUESTING_LINKS:
            if is_third_party(values.get("href", "")):
                found.append(f"<link> vers un site tiers : {values['href']}")
        for name, value in values.items():
            found += _attribute(tag, name, value)
        return found

    def _script(self, values: dict[str, str], folder: str) -> list[str]:
        src = values.get("src")
        if src is None:
            if values.get("type", "").lower() in EXECUTABLE_TYPES:
                return ["script en ligne (seuls les fichiers de script du site sont permis)"]
            return []
        if is_third_party(src):
            return []  # reported as a third-party load
        src_path = src.split("?")[0].split("#")[0]
        if src_path.startswith("/"):  # absolute path (error pages): the site lives at base_path
            src_path = src_path[len(self.base_path):] if src_path.startswith(self.base_path) else (
                "../" + src_path)
            target = posixpath.normpath(src_path)
        else:
            target = posixpath.normpath(posixpath.join(folder, src_path))
        if target.startswith("../") or not target.startswith(self.script_dirs):
            return [f"script « {src} » hors des dossiers de scripts du site"]
        if not (self.site / target).is_file():
            return [f"script « {src} » introuvable"]
        return []


def _attribute(tag: str, name: str, value: str) -> list[str]:
    if name.startswith("on"):
        return [f"attribut {name}= sur <{tag}> (code exécutable)"]
    found = []
    if name == "style":
        found.append(f"attribut style= sur <{tag}> (bloqué par la politique de sécurité)")
    plain = _plain(value)
    if plain.startswith(("javascript:", "vbscript:")) or (
            name in ("values", "to", "from", "by") and "javascript:" in plain):
        found.append(f"adresse exécutable dans {name}= de <{tag}>")
    elif name in URL_ATTRIBUTES and plain.startswith("data:") and not (
            tag == "img" and name == "src" and plain.startswith("data:image/")
            and not plain.startswith("data:image/svg")):
        found.append(f"adresse data: dans {name}= de <{tag}>")
    if tag in LOADED_BY.get(name, ()):
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if (
            name == "srcset") else [value]
        found += [f"<{tag} {name}> chargé depuis un site tiers : {url}" for url in urls
                  if is_third_party(url)]
    return found


def css_urls(css: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in _CSS_URL.finditer(css)]


def page_scanner(site: Path, code_dirs: tuple[str, ...] = ("javascripts", "stylesheets"),
                 base_path: str = "/") -> PageScanner:
    """A scanner of the pages of the site under `site`, published at `base_path`."""
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    script_dirs = THEME_DIRS + GENERATED_DIRS + tuple(f"{d}/" for d in code_dirs)
    return PageScanner(script_dirs, site, base_path)


def page_findings(scanner: PageScanner, rel: str, html: str) -> list[Finding]:
    """Every problem of one page: the build scans each page as it writes it, in the process
    that rendered it, so that the scan is shared between processes too."""
    found, csp_meta = scanner.scan(rel, html)
    if not csp_meta:
        found.append(Finding(rel, 1, "page sans la politique de sécurité (balise "
                                     "<meta http-equiv=Content-Security-Policy>)"))
    return found


_ATOM_START = b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"'


def is_plain_feed(file: Path) -> bool:
    """An Atom feed as generate/feeds.py writes it: the Atom namespace alone, no stylesheet
    processing instruction, no DTD, so a browser opening it runs nothing."""
    if file.suffix.lower() != ".xml":
        return False
    data = file.read_bytes()
    return (data.startswith(_ATOM_START) and data.count(b"xmlns") == 1
            and b"<?xml-stylesheet" not in data and b"<!" not in data)


def scan(site: Path, code_dirs: tuple[str, ...] = ("javascripts", "stylesheets"),
         base_path: str = "/", scanned: frozenset[str] = frozenset()) -> list[Finding]:
    """Every problem found in the built site under `site`, published at `base_path`; the
    pages in `scanned` (paths in the site) were already scanned as they were written."""
    scanner = page_scanner(site, code_dirs, base_path)
    script_dirs = scanner.script_dirs
    findings: list[Finding] = []
    for file in sorted(p for p in site.rglob("*") if p.is_file() or p.is_symlink()):
        rel = file.relative_to(site).as_posix()
        if rel.startswith(GENERATED_DIRS) or rel in scanned:  # Pagefind's bundle: meanwhile
            continue
        suffix = file.suffix.lower()
        if file.is_symlink():
            findings.append(Finding(rel, 1, "lien symbolique dans le site"))
        elif suffix in (".html", ".htm", ".xhtml"):
            findings += page_findings(
                scanner, rel, file.read_text(encoding="utf-8", errors="replace"))
        elif suffix == ".css":
            text = file.read_text(encoding="utf-8", errors="replace")
            for url in css_urls(text):
                if is_third_party(url):
                    line = text[: text.find(url)].count("\n") + 1
                    findings.append(Finding(rel, line, f"CSS chargée depuis un site tiers : {url}"))
        elif suffix in (".svg", ".svgz", ".xml", ".xsl", ".swf") and not (
                rel.startswith(THEME_DIRS) or rel in ("sitemap.xml",) or is_plain_feed(file)):
            findings.append(Finding(rel, 1, f"fichier {suffix} publié hors du thème (il peut "
                                            "exécuter du code)"))
        elif suffix in (".js", ".mjs") and not rel.startswith(script_dirs):
            findings.append(Finding(rel, 1, "script hors des dossiers de scripts du site"))
    return findings
