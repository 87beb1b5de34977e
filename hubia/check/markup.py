"""Rules on the Markdown source of a page that protect visitors and the build.

`hubia check` reports here, with their line, what the sanitiser (`sanitize.py`) would remove
at publication, so that a contributor learns it before the build: script-capable HTML,
dangerous URLs, images loaded from other sites, tags that are not published. It also refuses
text built to make the Markdown renderer hang or crash (deep nesting, bracket floods).

The source is scanned as a whole (tags and attribute lists may span lines), with fenced code,
inline code and HTML comments blanked out first: code is shown as text, never interpreted.
What is a comment is what a browser reads as one: `comment_spans` follows the HTML standard's
tokenizer (tags and quoted attribute values, raw text, bogus comments, and the comment
endings `-->`, `--!>`, `<!-->`, `<!--->`, end of text), which a pattern on `-->` alone got
wrong, hiding live markup from the rules.
Link definitions come from Markdown's own parse (references.py).
`check_markup` yields problems at offsets in the body (see rules.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape

from .content import FENCE
from .rules import Problem
from ..html_policy import DROPPED_WITH_CONTENT, TAGS, URL_SCHEMES

_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?=[\s/>])([^<>]*)>?")
_ATTR_LIST = re.compile(r"\{:?([^{}\n=]*=[^{}\n]*)\}")
_HANDLER = re.compile(r"(?:^|[\s/\"'])(on[a-z]+|style|formaction|srcdoc)\s*=", re.IGNORECASE)
_URL_ATTR = re.compile(
    r"(?:^|[\s/\"'])(href|src|action|xlink:href|poster|background|data|cite|srcset|ping)\s*=\s*"
    r"(\"[^\"]*\"?|'[^']*'?|[^\s>]+)", re.IGNORECASE)
# Any link target, whatever the link text holds (an image inside a link...).
_MD_TARGET = re.compile(r"\]\(\s*<?([^)\s>]{0,2000})")
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\(\s*<?([^)\s>]{0,2000})")
_ABRUPT_CLOSE = re.compile(r"-?>")  # `<!-->` and `<!--->`: the comment ends at once
_COMMENT_CLOSE = re.compile(r"--!?>")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_ACTIVE_SCHEMES = ("javascript:", "vbscript:")
_ALLOWED_SCHEMES = tuple(f"{scheme}:" for scheme in URL_SCHEMES)

# Tags refused outright (script, frames, forms...); other unknown tags are only dropped.
FORBIDDEN_TAGS = DROPPED_WITH_CONTENT | {
    "form", "input", "button", "link", "meta", "base", "portal", "frame", "iframe", "object",
    "embed", "applet", "body", "html", "head",
}

# Budgets beyond which Python-Markdown becomes quadratic or recursive (measured: 1,000
# nested list levels or definitions overflow the stack, 20,000 unclosed brackets take minutes).
MAX_INDENT = 48  # columns: twelve levels of nested lists or blocks
MAX_QUOTE_DEPTH = 15
MAX_PER_BLOCK = {"[": 300, "<": 300}
MAX_PER_PAGE = {"[": 2000, "<": 4000, "heading": 300, "definition": 300, "tab": 200,
                "markup": 10_000}
MARKUP = "`\\<&*_~[]!=#>|"  # characters that start inline syntax (the sample pages use < 50)
_QUOTES = re.compile(r"^(?:[ ]{0,3}>)+")
_HEADING = re.compile(r"^(?:[ ]{0,3}#{1,6}(?:\s|$)|[ ]{0,3}=+[ \t]*$)")  # ATX or setext
_DEFINITION = re.compile(r"^[ ]{0,3}:[ \t]")
_TAB = re.compile(r"^[ \t]*={3}[!+]{0,2}[ \t]+[\"']")
_COUNTED = {"heading": _HEADING, "definition": _DEFINITION, "tab": _TAB}
_ANYWHERE = {key: re.compile(pattern.pattern, re.MULTILINE) for key, pattern in _COUNTED.items()}
_MARKUP = re.compile("[" + re.escape(MARKUP) + "]")


# Elements whose content the HTML tokenizer reads as text up to their end tag: a « <!-- »
# inside is not a comment. (All of them are refused anyway, see FORBIDDEN_TAGS.)
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
             "noscript"}
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")
_UNQUOTED = re.compile(r"[^\s>]*")
_SPACES = " \t\n\f\r"


def _tag_end(text: str, at: int) -> int:
    """Where a tag whose name ends at `at` ends: after its « > », quoted attribute values
    (after « = ») hiding any « > » or « <!-- » (HTML standard § 13.2.5.32-40); the end of
    the text for a tag never closed (§ « eof-in-tag »: the rest is the unfinished tag)."""
    n = len(text)
    while at < n:
        char = text[at]
        if char == ">":
            return at + 1
        at += 1
        if char != "=":
            continue
        while at < n and text[at] in _SPACES:
            at += 1
        if at < n and text[at] in "\"'":
            close = text.find(text[at], at + 1)
            if close < 0:
                return n
            at = close + 1
        else:
            at = _UNQUOTED.match(text, at).end()
    return n


def comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every HTML comment of `text`, as the HTML standard's tokenizer reads
    them, in one pass (linear: Python 3.11's html.parser took 40 s on a 250 KB flood of
    unclosed tags, and ends comments at `-->` only). The states that decide what is a
    comment are followed: tags and their quoted attribute values, the text of raw-text
    elements, bogus comments and declarations (`<!x>`, `<?x>`, `</ x>`, up to « > »), and
    the comment states (§ 13.2.5.43-52: `<!-->`, `<!--->`, `-->`, `--!>`, end of text)."""
    spans: list[tuple[int, int]] = []
    if "<!--" not in text:
        return spans
    n, at = len(text), 0
    while (at := text.find("<", at)) >= 0:
        if text.startswith("<!--", at):
            close = _ABRUPT_CLOSE.match(text, at + 4) or _COMMENT_CLOSE.search(text, at + 4)
            end = close.end() if close else n
            spans.append((at, end))
            at = end
            continue
        tag = _TAG_OPEN.match(text, at)
        if tag is None:
            if text.startswith(("<!", "<?", "</"), at) and not text.startswith("</>", at):
                close = text.find(">", at + 2)  # a bogus comment or a declaration
                at = n if close < 0 else close + 1
            else:
                at += 1  # a « < » of the text
            continue
        at = _tag_end(text, tag.end())
        name = tag.group(2).lower()
        if not tag.group(1) and name in _RAW_TEXT:
            end_tag = re.compile(r"</" + re.escape(name) + r"[\s/>]", re.IGNORECASE)
            close = end_tag.search(text, at)
            at = n if close is None else close.start()
        elif not tag.group(1) and name == "plaintext":
            break
    return spans


def masked(body: str) -> str:
    """The body with code and comments blanked out, same length and same line breaks. Inline
    code is blanked before comments: a « `<!--` » shown as code opens no comment."""
    if "```" not in body and "~~~" not in body:  # no fence: no line to blank
        return _without_comments(_INLINE_CODE.sub(_blank, body) if "`" in body else body)
    lines, fence = [], None
    for line in body.split("\n"):
        opener = FENCE.match(line)
        if fence:
            if opener and opener.group(1) == fence:
                fence = None
            lines.append(" " * len(line))
            continue
        if opener:
            fence = opener.group(1)
            lines.append(" " * len(line))
            continue
        lines.append(line)
    return _without_comments(_INLINE_CODE.sub(_blank, "\n".join(lines)))


_NOT_A_LINE_BREAK = re.compile(r"[^\n]")


def _blanked(text: str) -> str:
    """`text` as spaces, its line breaks kept (positions and line numbers stay)."""
    return _NOT_A_LINE_BREAK.sub(" ", text)


def _blank(match: re.Match[str]) -> str:
    return _blanked(match.group())


def _without_comments(text: str) -> str:
    pieces, done = [], 0
    for start, end in comment_spans(text):
        pieces += [text[done:start], _blanked(text[start:end])]
        done = end
    return "".join(pieces) + text[done:]


def _plain(url: str) -> str:
    """A URL as a browser reads it: entities decoded, blanks and control characters dropped."""
    return _INVISIBLE.sub("", unescape(url)).lower()


def url_problem(url: str) -> str | None:
    """Why a link target is refused, or None."""
    plain = _plain(url)
    if plain.startswith(_ACTIVE_SCHEMES):
        return f"le lien « {_short(url)} » exécute du code (adresse {plain.split(':')[0]}:)"
    if plain.startswith("data:"):
        return (f"l'adresse « {_short(url)} » embarque des données (data:) : enregistrez le "
                "fichier dans docs/ et faites-y un lien")
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", plain)
    if scheme and not plain.startswith(_ALLOWED_SCHEMES):
        return (f"adresse « {_short(url)} » au schéma « {scheme.group(1)}: » non autorisé : "
                "seuls https:, http:, mailto: et tel: sont publiés")
    return None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _attribute_problems(chunk: str, what: str) -> Iterator[tuple[int, str, str]]:
    """(offset in chunk, code, message) for handlers, styles and URLs inside a tag or {: }."""
    for m in _HANDLER.finditer(chunk):
        name = m.group(1).lower()
        reason = ("attribut de style interdit : la mise en forme vient du thème"
                  if name == "style" else f"attribut « {m.group(1)} » interdit (code exécutable)")
        yield m.start(1), "html-dangereux", f"{what} : {reason}"
    for m in _URL_ATTR.finditer(chunk):
        value = m.group(2).strip("\"'")
        for part in (value.split(",") if m.group(1).lower() in ("srcset", "ping") else [value]):
            problem = url_problem(part.strip().split(" ")[0])
            if problem:
                yield m.start(2), "lien-dangereux", problem
                break
        else:
            if m.group(1).lower() in ("src", "srcset", "poster", "background", "data") and (
                    _plain(value).startswith(("http:", "https:", "//", "\\\\"))):
                yield m.start(2), "ressource-externe", (
                    f"« {_short(value)} » serait chargé depuis un autre site à chaque visite : "
                    "enregistrez le fichier dans docs/")
    plain = _plain(chunk)
    if not any(s in plain for s in _ACTIVE_SCHEMES):
        return
    if not any(url_problem(m.group(2).strip("\"'")) for m in _URL_ATTR.finditer(chunk)):
        yield 0, "lien-dangereux", f"{what} : adresse javascript: ou vbscript: interdite"


def _tags(text: str) -> Iterator[tuple[int, str, str]]:
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        shown = f"<{m.group(2)}>"
        if name in FORBIDDEN_TAGS:
            yield m.start(), "html-dangereux", (
                f"balise {shown} interdite : elle pourrait exécuter du code ou charger un autre "
                "site ; elle sera retirée à la publication")
            continue
        if name not in TAGS and not m.group(1):
            yield m.start(), "html-retire", (
                f"balise {shown} non publiée : elle sera retirée (son texte est gardé)")
        for offset, code, message in _attribute_problems(m.group(3), f"balise {shown}"):
            yield m.start(3) + offset, code, message


def _attr_lists(text: str) -> Iterator[tuple[int, str, str]]:
    for m in _ATTR_LIST.finditer(text):
        for offset, code, message in _attribute_problems(m.group(1), "attributs { }"):
            yield m.start(1) + offset, code, message


def _links(text: str, references: list[tuple[int, str]]) -> Iterator[tuple[int, str, str]]:
    targets = [(m.start(1), m.group(1)) for m in _MD_TARGET.finditer(text)]
    for offset, url in [*targets, *references]:
        problem = url_problem(url)
        if problem:
            yield offset, "lien-dangereux", problem
    for m in _MD_IMAGE.finditer(text):
        url = m.group(1)
        if _plain(url).startswith(("http:", "https:", "//", "\\\\")):
            yield m.start(1), "ressource-externe", (
                f"image « {_short(url)} » chargée depuis un autre site à chaque visite (suivi "
                "des visiteurs) : enregistrez-la dans docs/ à côté de la fiche")


_FEWEST_LINES = min(MAX_PER_PAGE[key] for key in _ANYWHERE)
_DEEP = re.compile(r"^(?:[ \t]{13,}\S|(?:[ ]{0,3}>){%d})" % (MAX_QUOTE_DEPTH + 1), re.MULTILINE)


def _within_budget(text: str, raw: str) -> bool:
    """Fast path: whole-text counts that prove no budget can be exceeded. The patterns are
    searched only when simpler counts do not settle it: each matches at most once a line,
    a text has fewer markup characters than characters, and `_DEEP` needs a run of 13
    blanks or 16 « > »."""
    return (all(text.count(char) <= limit for char, limit in MAX_PER_BLOCK.items())
            and (text.count("\n") < _FEWEST_LINES or all(
                len(p.findall(text)) <= MAX_PER_PAGE[key] for key, p in _ANYWHERE.items()))
            and (len(raw) <= MAX_PER_PAGE["markup"]
                 or sum(map(raw.count, MARKUP)) <= MAX_PER_PAGE["markup"])
            and not (("\t" in text or " " * 13 in text or text.count(">") > MAX_QUOTE_DEPTH)
                     and _DEEP.search(text)))


def _complexity(text: str, raw: str) -> Iterator[tuple[int, str, str]]:
    """The first place where the page goes over a rendering budget, if any. `text` is the
    masked body; the markup characters are counted in `raw`, code included (thousands of
    code spans or fenced blocks are slow to render too)."""
    if _within_budget(text, raw):
        return
    page = dict.fromkeys(MAX_PER_PAGE, 0)
    block = dict.fromkeys(MAX_PER_BLOCK, 0)
    offset = 0
    for line, raw_line in zip(text.split("\n"), raw.split("\n")):
        stripped = line.lstrip(" \t")
        indent = len(line[: len(line) - len(stripped)].expandtabs(4))
        quotes = _QUOTES.match(line)
        depth = quotes.group().count(">") if quotes else 0
        if not stripped:
            block = dict.fromkeys(MAX_PER_BLOCK, 0)
        reason = None
        if stripped and indent > MAX_INDENT:
            reason = f"indentation de {indent} colonnes (au plus {MAX_INDENT})"
        elif depth > MAX_QUOTE_DEPTH:
            reason = f"{depth} niveaux de citation (au plus {MAX_QUOTE_DEPTH})"
        for key, pattern in _COUNTED.items():
            page[key] += bool(pattern.match(line))
        page["markup"] += len(_MARKUP.findall(raw_line))
        for char in MAX_PER_BLOCK:
            n = line.count(char)
            block[char] += n
            page[char] += n
            if block[char] > MAX_PER_BLOCK[char]:
                reason = (f"plus de {MAX_PER_BLOCK[char]} « {char} » dans un même paragraphe")
        for key, limit in MAX_PER_PAGE.items():
            if page[key] > limit and reason is None:
                label = {"heading": "intertitres", "definition": "définitions",
                         "tab": "onglets", "markup": "caractères de mise en forme"}.get(
                             key, f"« {key} »")
                reason = f"plus de {limit} {label} dans la page"
        if reason:
            yield offset, "markdown-trop-complexe", (
                f"texte trop complexe pour être publié sans risque : {reason} ; simplifiez "
                "la mise en forme ou découpez la page")
            return
        offset += len(line) + 1


def check_markup(body: str,
                 references: Callable[[str], list[tuple[int, str]]]) -> Iterator[Problem]:
    """Problems of the Markdown `body`, at offsets in it; `references` gives its link
    definitions (references.py), asked only of a body within the rendering budget (Markdown
    itself would stall on the others)."""
    text = masked(body)
    seen = set()
    too_complex = list(_complexity(text, body))
    rules = (lambda _: too_complex, _tags, _attr_lists,
             lambda t: _links(t, [] if too_complex else references(body)))
    for rule in rules:
        for index, code, message in rule(text):
            line = text.count("\n", 0, index)
            if (line, code) in seen:  # one report per line and kind is enough to fix it
                continue
            seen.add((line, code))
            yield index, code, message
