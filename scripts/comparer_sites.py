"""Compare the visible text of the main content of every page of two built sites.

    python scripts/comparer_sites.py ANCIEN_SITE NOUVEAU_SITE [--exemples N]

Used to prove the move from MkDocs + Material to hubia's own renderer kept every page: the
old site's main content is Material's `<article class="md-content__inner">`, the new one's
`<article class="hubia-contenu">`; standalone pages (the catalogue's printable summaries) are
compared whole. Permalinks « ¶ », scripts, styles, hidden elements and Material's edit button
are left out of the text. Prints each page that differs, with its first differences.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
Start = Callable[[str, dict], bool]


class _Text(HTMLParser):
    """The text inside the first element `start` accepts, without the hidden parts."""

    def __init__(self, start: Start) -> None:
        super().__init__(convert_charrefs=True)
        self.start, self.depth, self.skip, self.out = start, 0, 0, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag in VOID:
            return
        if self.depth == 0:
            self.depth = 1 if self.start(tag, values) else 0
            return
        self.depth += 1
        classes = values.get("class") or ""
        if self.skip or tag in ("script", "style", "template") or "hidden" in values or any(
                name in classes for name in ("headerlink", "md-content__button")):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0 or tag in VOID:
            return
        self.depth -= 1
        if self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.out.append(data)


def text(path: Path, start: Start) -> str:
    parser = _Text(start)
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.out).split())


def _article(css_class: str) -> Start:
    return lambda tag, values: tag == "article" and css_class in (values.get("class") or "")


def _body(tag: str, _values: dict) -> bool:
    return tag == "body"


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if "pagefind" not in p.parts}


def main() -> None:
    parser = argparse.ArgumentParser(description="Compare le texte visible de deux sites.")
    parser.add_argument("ancien", type=Path, help="site construit avec MkDocs")
    parser.add_argument("nouveau", type=Path, help="site construit par hubia")
    parser.add_argument("--exemples", type=int, default=4, help="différences montrées par page")
    args = parser.parse_args()
    old, new = pages(args.ancien), pages(args.nouveau)
    print(f"Pages seulement dans l'ancien site : {sorted(old - new) or 'aucune'}")
    print(f"Pages seulement dans le nouveau site : {sorted(new - old) or 'aucune'}")
    same = 0
    for rel in sorted(old & new):
        standalone = "/dossier-" in rel  # printable summaries: whole pages, no theme
        before = text(args.ancien / rel, _body if standalone else _article("md-content__inner"))
        after = text(args.nouveau / rel, _body if standalone else _article("hubia-contenu"))
        if before == after:
            same += 1
            continue
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        changes = [(op, before[i1:i2], after[j1:j2])
                   for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
        print(f"== {rel} : {len(changes)} différence(s)")
        for op, was, now in changes[:args.exemples]:
            print(f"   {op} : {was[:160]!r} -> {now[:160]!r}")
    print(f"Pages au texte identique : {same} sur {len(old & new)}")


if __name__ == "__main__":
    main()
