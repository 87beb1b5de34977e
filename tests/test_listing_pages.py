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



def test_catalogue_index_shows_a_few_solutions_a_track_and_pages_hold_the_rest(
        monkeypatch, tmp_path: Path) -> None:
    from conftest import FIXTURES, copy_hub
    from hubia.catalogue import compute
    from hubia.generate import catalogue
    from hubia.generate.tables import restore

    monkeypatch.setattr(catalogue, "INDEX_SHORT", 1)
    monkeypatch.setattr(catalogue, "TRACK_PAGE", 1)
    root = copy_hub(tmp_path / "hub")  # its proven case, and two more in the same track
    case = (FIXTURES / "hub/docs/cas-usage/chauffage-ecoles.md").read_text(encoding="utf-8")
    for slug, title in (("eclairage-gymnases", "Éclairage des gymnases"),
                        ("arrosage-parcs", "Arrosage des parcs")):
        (root / f"docs/cas-usage/{slug}.md").write_text(case.replace(
            "titre: Pilotage du chauffage des écoles", f"titre: {title}"), encoding="utf-8")
    hub = check(root).hub
    pages = {path: restore(text) for path, text in catalogue.pages(hub).items()
             if isinstance(text, str)}
    entries = compute.build(hub).entrees
    tracks = {e.parcours.slug for e in entries}
    index = pages[catalogue.INDEX]
    assert index.count("<tr>") - index.count("<thead>") == len(tracks)  # one row a track
    reachable = _targets(catalogue.INDEX, index)
    assert any(path.startswith("catalogue/parcours/") for path in pages)
    for path, text in pages.items():
        if path.startswith("catalogue/parcours/"):
            assert text.count("<tr>") == 2, path  # its head and one solution
            reachable |= _targets(path, text)
    assert {f"catalogue/{e.slug}.md" for e in entries} <= reachable


def test_a_pager_stays_small_and_reaches_every_page_in_a_few_clicks() -> None:
    """From any page of a list of up to 1,000 pages, every page is at most one click per
    power of ten away, through pagers of a few dozen links (every number made 300 elements)."""
    for total in (2, 9, 10, 11, 89, 100, 101, 1000):
        paths = [f"liste/{n}.md" for n in range(1, total + 1)]
        links = {}
        for here in paths:
            html = listings.pager(here, paths)
            links[here] = _targets(here, html)  # Markdown sources: links end in .md
            assert links[here] <= set(paths), (total, here)
            assert html.count("<a ") <= 4 + 10 * len(str(total)), (total, here)
        levels = len(str(total - 1))  # 2 clicks up to 100 pages, 3 up to 1,000
        for start in (paths[0], paths[total // 2], paths[-1]):
            seen, edge = {start}, {start}
            for _ in range(levels):
                edge = {t for page in edge for t in links[page]} - seen
                seen |= edge
            assert seen == set(paths), (total, start, len(seen))
