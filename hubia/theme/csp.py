"""The site's Content-Security-Policy and the other HTTP security headers, from one place.

The policy allows only the site's own files: scripts (`script-src 'self'`, plus
`'wasm-unsafe-eval'` for the WebAssembly of the search index), styles, images, fetches and
workers (not even `data:` images: the theme draws none). No inline script runs: the theme's
scripts are files (hubia/theme/assets/), so the policy needs no hash.

It reaches the browser three ways: a `<meta>` tag in every page (the theme's base.html), a
`_headers` file in the site (Netlify, Cloudflare Pages and similar hosts) and the nginx snippet `deploiement/nginx-hub-ia.conf`, checked against this module by
the tests. `frame-ancestors` only works in a header, never in a `<meta>` tag.
"""

from __future__ import annotations

POLICY: tuple[tuple[str, str], ...] = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
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
# `<script type=...>` values a browser runs (others, like JSON data blocks, stay inert).
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}


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

