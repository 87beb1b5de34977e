"""Shared test helpers: a small valid hub copied into a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from hubia.diagnostics import Diagnostic
from hubia.check.pipeline import check
from hubia.generate import generated_pages

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_hub(target: Path, records: Path = FIXTURES / "hub") -> Path:
    """A hub with the repository's configuration and data, and the given records."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "hubia.yml", target / "hubia.yml")
    shutil.copytree(ROOT / "data", target / "data")
    shutil.copytree(records / "docs", target / "docs")
    shutil.copy(ROOT / "docs" / "index.md", target / "docs" / "index.md")
    if (records / "data").is_dir():  # the records' own glossary and agenda
        shutil.copytree(records / "data", target / "data", dirs_exist_ok=True)
    return target


# Freshness and build dates depend on the reference date: the whole session, module-scoped
# fixtures and subprocesses included, is pinned to 2026-01-15.
FIXED_EPOCH = "1768435200"
os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH


@pytest.fixture
def hub_dir(tmp_path: Path) -> Path:
    return copy_hub(tmp_path / "hub")


def problems_of(root: Path) -> list[Diagnostic]:
    return check(root, generated=generated_pages()).problems


_MENU = re.compile(r'<nav\b[^>]*\bid="hubia-menu"[^>]*>(.*?)</nav>', re.DOTALL)


def menu_links(html: str) -> list[str]:
    """The hrefs of the theme's main menu (`nav#hubia-menu`), as written in the page."""
    menus = _MENU.findall(html)
    assert len(menus) == 1, "page without exactly one main menu"
    return re.findall(r'<a\b[^>]*\bhref="([^"#]+)"', menus[0])


# Browser fixtures (browser, watched_page, sample_site, sample_server) live in browser.py.
from browser import browser, sample_server, sample_site, watched_page  # noqa: E402,F401
