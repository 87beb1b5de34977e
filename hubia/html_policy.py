"""The HTML a contributor's page may publish: tags, attributes, URL schemes, classes.

One owner for a fact two stages need: the sanitiser (render/sanitize.py) keeps only this,
and the check (check/markup.py) tells contributors, with their line, what it would drop.
"""

from __future__ import annotations

from pygments.token import STANDARD_TYPES

TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li",
    "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
}
# Removed with everything inside them (the others lose their tag but keep their text).
DROPPED_WITH_CONTENT = {
    "script", "style", "template", "iframe", "object", "embed", "noscript", "noembed",
    "noframes", "xmp", "svg", "math", "textarea", "select", "frameset", "frame", "applet",
    "title", "plaintext",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "reversed"},
    "details": {"open"},
    "input": {"id", "name", "checked"},  # tabs of pymdownx.tabbed (alternate style)
    "label": {"for"},
    "div": {"data-tabs"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "del": {"datetime", "cite"},
    "ins": {"datetime", "cite"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
VALUES = {
    "input": {"type": {"radio"}},
    "img": {"loading": {"lazy", "eager"}, "align": {"left", "right"}},
    "td": {"align": {"left", "center", "right"}},
    "th": {"align": {"left", "center", "right"}},
}
FORCED = {"input": {"type": "radio"}}  # an input without type would be a text field
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_ADMONITION_TYPES = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
}
CLASSES = _ADMONITION_TYPES | {
    "admonition", "admonition-title", "inline", "end", "tabbed-set", "tabbed-alternate",
    "tabbed-labels", "tabbed-content", "tabbed-block", "highlight", "highlighttable",
    "linenos", "linenodiv", "filename", "headerlink", "footnote", "footnote-ref",
    "footnote-backref", "toclink", "hubia-bouton", "hubia-bouton--principal",
} | {token for token in STANDARD_TYPES.values() if token}
