"""Listings stay small at any hub size: past PAGE_SIZE rows, a list moves to numbered pages
linked from the listing, and every record stays reachable (shown here with a page size of 2
on the sample hub, whose tracks have up to three use cases)."""

from __future__ import annotations

import re
from pathlib import Path

from hubia.check.pipeline import check
from hubia.generate import listings

ROOT = Path(__file__).resolve().parent.parent
_LINK = re.compile(r'href="([^"#]+)"')


def _targets(page: str, text: str) -> set[str]:
    folder = page.rpartition("/")[0]
    found = set()
    for link in _LINK.findall(text):
        parts = (folder.split("/") if folder else []) + link.split("/")
        path: list[str] = []
        for part in parts:
            if part == "..":
                path.pop()
            elif part not in ("", "."):
                path.append(part)
        found.add("/".join(path))
    return found


def test_long_lists_are_split_and_every_use_case_stays_reachable(monkeypatch) -> None:
    monkeypatch.setattr(listings, "PAGE_SIZE", 2)
    hub = check(ROOT).hub
    pages = listings.pages(hub)
    rows = {path: text.count("<tr>") - 1 for path, text in pages.items()}  # minus the head
    split = [path for path in pages if path.startswith("cas-usage/parcours/")]
    assert split, "no track has more use cases than a page holds"
    assert all(rows[path] <= 2 for path in split), rows
    # From the listing, in at most two clicks: the listing or a track's numbered pages.
    reachable = _targets("cas-usage/index.md", pages["cas-usage/index.md"])
    for path in split:
        reachable |= _targets(path, pages[path])
    cases = {entry.src_uri for entry in hub.section("cas-usage")}
    assert cases <= reachable, cases - reachable
    first = listings.track_cases_path("aires-de-livraison")
    assert first in reachable and f"{first[:-3]}/pages/2.md" in _targets(first, pages[first])
    assert 'rel="next"' in pages[first] and 'aria-current="page"' in pages[first]


def test_feedback_listing_is_paged_newest_first(monkeypatch) -> None:
    monkeypatch.setattr(listings, "PAGE_SIZE", 3)
    hub = check(ROOT).hub
    pages = {p: t for p, t in listings.pages(hub).items() if p.startswith("retours-experience/")}
    total = len(hub.section("retours-experience"))
    assert len(pages) == -(-total // 3)  # ceil
    assert "retours-experience/pages/2.md" in _targets("retours-experience/index.md",
                                                        pages["retours-experience/index.md"])
    linked = set()
    for path, text in pages.items():
        linked |= _targets(path, text)
    assert {e.src_uri for e in hub.section("retours-experience")} <= linked

