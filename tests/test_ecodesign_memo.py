"""The preview keeps the eco-design measures between rebuilds (site/ecodesign.Memo): with
the memo, the measures are those of the pages as they now stand, never of earlier bytes."""

from __future__ import annotations

from hubia.render.page import Source
from hubia.site.ecodesign import Memo, measures

SOURCES = [Source("glossaire.md", ""), Source("cas-usage/index.md", "")]
OUTPUTS = {"glossaire.md": "glossaire/index.html", "cas-usage/index.md": "cas-usage/index.html"}


def _site(list_items: int) -> dict[str, bytes]:
    return {"glossaire/index.html": b'<html><link rel="stylesheet" href="../theme/s.css">'
                                    b"<p>x</p></html>",
            "cas-usage/index.html": b'<html><link rel="stylesheet" href="../theme/s.css">'
                                    + b"<li>fiche</li>" * list_items + b"</html>",
            "theme/s.css": b"p { color: black }" * 50}


def _measures(site: dict[str, bytes], memo: Memo | None) -> list:
    return measures(SOURCES, lambda source: OUTPUTS[source.path], site.get, memo)


def test_memo_measures_the_pages_as_they_stand() -> None:
    memo = Memo()
    first = _measures(_site(3), memo)
    assert first == _measures(_site(3), None)
    changed = _site(40)
    again = _measures(changed, memo)
    assert again == _measures(changed, None) != first
    listing = next(m for m in again if m.kind == "Liste de fiches")
    assert listing.dom == 2 + 40 and listing.requests == 2
    # Bytes no longer on the site are forgotten: the memo does not grow with each save.
    assert set(memo.elements) == {changed["glossaire/index.html"], changed["cas-usage/index.html"]}
