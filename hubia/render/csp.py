"""The site's Content-Security-Policy and the other HTTP security headers, from one place.

The policy allows only the site's own files: scripts (`script-src 'self'`, plus
`'wasm-unsafe-eval'` for the WebAssembly of the search index), styles, images (and the
theme's `data:` icons in its CSS), fetches and workers. No inline script runs: the theme's
few inline scripts are moved into files at build time (`externalize_inline_scripts`), so the
policy needs no hash and does not change when Material is upgraded.

It reaches the browser three ways: a `<meta>` tag in every page (overrides/main.html, value
given by the plugin), a `_headers` file in the site (Netlify, Cloudflare Pages and similar
hosts) and the nginx snippet `deploiement/nginx-hub-ia.conf`, checked against this module by
the tests. `frame-ancestors` only works in a header, never in a `<meta>` tag.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from pathlib import Path

POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("media-src", "'self'"),
    ("form-action", "'self'"),
    ("base-uri", "'self'"),
    ("object-src", "'none'"),
)
HEADER_ONLY: tuple[tuple[str, str], ...] = (("frame-ancestors", "'none'"),)
REFERRER = "same-origin"  # other sites never learn which page a visitor came from


def policy(header: bool = False) -> str:
    """The policy as written in a `<meta>` tag, or with the header-only directives."""
    return "; ".join(f"{name} {value}" for name, value in POLICY + (HEADER_ONLY if header else ()))


def headers() -> dict[str, str]:
    """Every security header the host should send with each response."""
    return {
        "Content-Security-Policy": policy(header=True),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": REFERRER,
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                              "browsing-topics=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def headers_file() -> str:
    """`_headers` for static hosts: the same headers on every path."""
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers().items())


# --- Inline scripts of the theme, moved into files ------------------------------------------

SCRIPT_DIR = "assets/hubia"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_TYPE = re.compile(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_CONTENT = re.compile(r"<article\b.*?</article\s*>", re.IGNORECASE | re.DOTALL)
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


def script_type(attributes: str) -> str:
    match = _TYPE.search(attributes)
    return match.group(1).lower() if match else ""


def externalize_inline_scripts(html: str, base_url: str, site_dir: Path,
                               written: set[str]) -> str:
    """Move each inline script of the theme into `assets/hubia/<hash>.js`.

    External scripts without `async` or `defer` run at the same point of parsing as inline
    ones, so behaviour is unchanged. Scripts inside the page content (`<article>`) are left
    as they are: none should exist, the policy blocks them and the output scan reports them.
    """
    content = _CONTENT.search(html)
    start, end = (content.start(), content.end()) if content else (len(html), len(html))

    def move(match: re.Match) -> str:
        attributes, code = match.group(1), match.group(2)
        if (_SRC.search(attributes) or script_type(attributes) not in EXECUTABLE_TYPES
                or start <= match.start() < end):
            return match.group()
        name = f"{SCRIPT_DIR}/{hashlib.sha256(code.encode()).hexdigest()[:20]}.js"
        if name not in written:
            target = site_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            # Build processes may write the same script at once: each writes whole, then renames.
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            partial.write_text(code, encoding="utf-8")
            os.replace(partial, target)
            written.add(name)
        src = name if base_url in ("", ".") else posixpath.join(base_url, name)
        return f'<script{attributes} src="{src}"></script>'

    return _SCRIPT.sub(move, html)
