"""Bar charts drawn at build time as inline SVG: no charting script, nothing from another site.

Each chart is a `<figure>`: the SVG has `role="img"` and is named by its `<title>` and the
text summary; the figure holds the summary and the data table, so a screen reader, a printer
and a reader who cannot tell colours apart get every figure. Bars are drawn with presentation
attributes (the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .tables import table

WIDTH, ROW, LABEL = 640, 28, 250
_BAR_AREA = WIDTH - LABEL - 90


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as the reader sees it: « 12 », « 3 450 kWh »


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(ident: str, title: str, summary: str, bars: list[Bar],
              head: tuple[str, str]) -> str:
    """A horizontal bar chart with its summary and its table; `head`: the table's columns."""
    top = max((bar.value for bar in bars), default=0) or 1
    height = ROW * max(len(bars), 1) + 8
    shapes = []
    for n, bar in enumerate(bars):
        y = 4 + n * ROW
        width = round(_BAR_AREA * bar.value / top, 1)
        shapes.append(
            f'<text x="{LABEL - 8}" y="{y + 18}" text-anchor="end" font-size="13" '
            f'fill="currentColor">{escape(_short(bar.label))}</text>'
            f'<rect x="{LABEL}" y="{y + 4}" width="{width}" height="{ROW - 8}" '
            f'class="hubia-graphique__barre"/>'
            f'<text x="{LABEL + width + 6}" y="{y + 18}" font-size="13" '
            f'fill="currentColor">{escape(bar.text)}</text>')
    if not bars:
        shapes.append(f'<text x="8" y="20" font-size="13" fill="currentColor">Aucune '
                      "donnée</text>")
    svg = (f'<svg class="hubia-graphique__dessin" role="img" '
           f'aria-labelledby="{ident}-titre {ident}-resume" viewBox="0 0 {WIDTH} {height}" '
           f'width="{WIDTH}" height="{height}" focusable="false">'
           f'<title id="{ident}-titre">{escape(title)}</title>{"".join(shapes)}</svg>')
    rows = [[escape(bar.label), escape(bar.text)] for bar in bars]
    return (f'<figure class="hubia-graphique" id="{ident}">'
            f'<figcaption class="hubia-graphique__titre">{escape(title)}</figcaption>'
            f'{svg}<p class="hubia-graphique__resume" id="{ident}-resume">{escape(summary)}</p>'
            f"{table(f'Données du graphique « {title} »', list(head), rows, row_headers=True)}"
            "</figure>")
