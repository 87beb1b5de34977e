"""HTML comments found as the HTML standard's tokenizer finds them (check/markup.py), checked
against html5ever (through nh3, the sanitiser's parser): whatever a browser shows as live
markup, the check's rules see."""

from __future__ import annotations

import random
import time

import nh3
import pytest

from hubia.check.markup import comment_spans, masked


@pytest.mark.parametrize(("text", "live"), [
    ("<!--> <b>x</b> -->", True),  # `<!-->` closes at once
    ("<!---> <b>x</b> -->", True),
    ("<!-- a --!> <b>x</b> -->", True),
    ('<i title="<!--">y</i> <b>x</b> -->', True),  # inside an attribute value
    ("<!x <!-- > <b>x</b> -->", True),  # a bogus comment ends at the first « > »
    ("<? <!-- ?> <b>x</b> -->", True),
    ("<!-- a -- b <b>x</b> -->", False),
    ("<!-- never closed <b>x</b>", False),  # the end of the text closes it
    ("<!----> <b>x</b>", True),
])
def test_comment_endings_of_the_html_standard(text: str, live: bool) -> None:
    assert ("<b>" in masked(text)) is live
    assert ("<b>" in nh3.clean(text, tags={"b", "i"}, strip_comments=True)) is live


def test_a_comment_opener_shown_as_code_opens_nothing() -> None:
    assert "<b>" in masked("`<!--` <b>x</b> `-->`")  # Markdown makes code spans of them


def test_what_a_browser_shows_the_check_sees() -> None:
    rng = random.Random(7)
    parts = ["<!--", "-->", "--!>", "<!-->", "<!--->", "<!", "<?", "</", '<i title="',
             "<i title='", '"', "'", ">", "-", "!", "x ", " ", "\n", "=", "<!-- ", "</i>", "<i>"]
    live = 0
    for _ in range(3000):
        tokens = [rng.choice(parts) for _ in range(rng.randint(1, 10))]
        tokens.insert(rng.randrange(len(tokens) + 1), "<b>")
        text = "".join(tokens)
        shown = nh3.clean(text, tags={"b", "i"}, attributes={"i": {"title"}},
                          strip_comments=True)
        if "<b>" in shown:
            live += 1
            assert "<b>" in masked(text), text
    assert live > 1000  # the generator makes both kinds


@pytest.mark.parametrize("unit", ["</", "<?", "<a ", '<a b="', "<!x", "<![CDATA[", "<!---->"])
def test_floods_of_unfinished_tags_stay_linear(unit: str) -> None:
    """Python 3.11's html.parser takes 40 s on such a 250 KB text: the check must not."""
    text = ("<!-- a -->" + (unit + "x" * 60) * 4500)[:256 * 1024]
    started = time.perf_counter()
    comment_spans(text)
    assert time.perf_counter() - started < 5.0
