"""`privacy.phone_numbers` finds exactly what `PHONE.finditer` finds, only faster."""

from __future__ import annotations

import itertools

import pytest

from conftest import FIXTURES, ROOT
from hubia.check.privacy import PHONE, phone_numbers

NUMBERS = ["01 23 45 67 89", "01.23.45.67.89", "0123456789", "+33 1 23 45 67 89",
           "+33 (0)1 23 45 67 89", "0033 1 23 45 67 89", "+331 23 45 67 89", "00 33 1 23 45 67 89",
           "+ 33 1 23 45 67 89", "06-12-34-56-78", "01 23 45 67 8", "012345678901"]
AROUND = ["", " ", "a", "1", "+", "1.", "2-", "x@", "\n", "0", "(", "é"]


def _spans(matches) -> list[tuple[int, int, str]]:  # noqa: ANN001
    return [(m.start(), m.end(), m.group()) for m in matches]


def test_same_matches_on_numbers_in_every_surrounding() -> None:
    for number, before, after in itertools.product(NUMBERS, AROUND, AROUND):
        text = f"{before}{number}{after} et {before}{number}"
        assert _spans(phone_numbers(text)) == _spans(PHONE.finditer(text)), text


@pytest.mark.parametrize("folder", [FIXTURES, ROOT / "docs", ROOT / "data"],
                         ids=["fixtures", "docs", "data"])
def test_same_matches_on_every_text_file(folder) -> None:  # noqa: ANN001
    for file in sorted(folder.rglob("*")):
        if file.suffix in (".md", ".yml") and file.is_file():
            text = file.read_bytes().decode("utf-8", "replace")
            assert _spans(phone_numbers(text)) == _spans(PHONE.finditer(text)), file
