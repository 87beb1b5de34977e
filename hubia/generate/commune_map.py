"""A schematic map of the member communes, coloured by engagement (engagement.py).

No package of the registries ships official commune boundaries (searched on npm in December
2026: @etalab/decoupage-administratif has codes and names, not geometry), so the map is a
tile map: one square per commune, grouped by territory (EPT), the territories placed roughly
where they lie around Paris. Each engagement step has its own pattern and a letter in the
tile, so the legend does not rely on colour; the same data is in a table beside it.

`map_page` is the whole map (`tableau-de-bord/carte.md`); `commune_map` is the commune's territory
alone, the commune outlined, for its page (a few tiles: the page stays light).

A tile a commune suits a territory of a few hundred communes. Beyond MAX_TILES (a région of
4,000, the whole country's 34,900), the map page gives each grouping's counts by step instead,
and a commune page draws its grouping only when it has at most MAX_TILES communes: a page of
thousands of tiles would weigh megabytes and tell nobody anything.
"""

from __future__ import annotations

import math
from collections import defaultdict
from html import escape

from ..hub import Hub
from ..models.open_data import CommuneOuverte, Engagement
from ..text import french
from ..text.fold import sort_key
from . import engagement
from .links import href
from .tables import front_matter, markdown_page, table

PAGE = "tableau-de-bord/carte.md"
PATHS = (PAGE,)
MAX_TILES = 150  # as the communes index (communes.FULL_INDEX_LIMIT): pages under 40 KB
TILE, GAP, COLUMNS = 34, 4, 5
# Territories by SIREN, row by row from north-west to south-east (data/communes.yml): a
# territory missing here goes to a last row.
LAYOUT = (("200057990", "200057867", "200058097"),
          ("200057982", "217500016", "200057875", "200058790"),
          ("200057974", "200057966", "200058014", "200057941", "200058006"))
LETTERS = {Engagement.AUCUN: "·", Engagement.CANDIDATE: "C", Engagement.EXPERIMENTE: "X",
           Engagement.EPROUVE: "É", Engagement.REPREND: "R"}
_FILL = {Engagement.AUCUN: "#ffffff", Engagement.CANDIDATE: "url(#motif-candidate)",
         Engagement.EXPERIMENTE: "url(#motif-experimente)",
         Engagement.EPROUVE: "url(#motif-eprouve)", Engagement.REPREND: "#000091"}
_INK = {Engagement.REPREND: "#ffffff"}


def _patterns(prefix: str) -> str:
    """Dots, stripes and a cross-hatch: told apart without colour."""
    return (f'<defs><pattern id="{prefix}motif-candidate" width="6" height="6" '
            'patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#e3e3fd"/>'
            '<circle cx="3" cy="3" r="1.2" fill="#000091"/></pattern>'
            f'<pattern id="{prefix}motif-experimente" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="#cacafb"/>'
            '<rect width="2" height="6" fill="#6a6af4"/></pattern>'
            f'<pattern id="{prefix}motif-eprouve" width="6" height="6" '
            'patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#8585f6"/>'
            '<path d="M0 0L6 6M6 0L0 6" stroke="#000091" stroke-width="1.2"/></pattern></defs>')


def _fill(step: Engagement, prefix: str) -> str:
    return _FILL[step].replace("url(#", f"url(#{prefix}")


Tile = tuple[Engagement, float, float]  # a commune's step and the tile's top-left corner


def _tiles(tiles: list[Tile], prefix: str, outlined: tuple[float, float] | None = None) -> str:
    """All the tiles of a map: one path and one text a step, not two elements a commune (the
    map was the heaviest part of the dashboard's and the commune pages, EcoIndex); each letter
    has its own position in the text's x and y lists."""
    parts = []
    for step in Engagement:
        mine = [(x, y) for s, x, y in tiles if s is step]
        if not mine:
            continue
        squares = "".join(f"M{x:g} {y:g}h{TILE}v{TILE}h-{TILE}z" for x, y in mine)
        parts.append(f'<path d="{squares}" fill="{_fill(step, prefix)}" stroke="#3a3a3a"/>')
        parts.append(
            f'<text x="{" ".join(f"{x + TILE / 2:g}" for x, _ in mine)}" '
            f'y="{" ".join(f"{y + TILE / 2 + 5:g}" for _, y in mine)}" text-anchor="middle" '
            f'font-size="14" font-weight="bold" fill="{_INK.get(step, "#000000")}" '
            f'stroke="{"#000091" if step is Engagement.REPREND else "#ffffff"}" '
            f'stroke-width="3" paint-order="stroke">{LETTERS[step] * len(mine)}</text>')
    if outlined is not None:
        parts.append(f'<rect x="{outlined[0]:g}" y="{outlined[1]:g}" width="{TILE}" '
                     f'height="{TILE}" fill="none" stroke="#000000" stroke-width="4"/>')
    return "".join(parts)


def _block(name: str, communes: list[CommuneOuverte], x: float, y: float,
           tiles: list[Tile], outlined: str = "") -> tuple[str, float, float,
                                                           tuple[float, float] | None]:
    """The territory's name at (x, y), its tiles added to `tiles`: (SVG of the name, width,
    height, corner of the `outlined` commune's tile)."""
    columns = min(COLUMNS, len(communes)) or 1
    rows = math.ceil(len(communes) / columns)
    corner = None
    for n, c in enumerate(communes):
        at = (x + (n % columns) * (TILE + GAP), y + 18 + (n // columns) * (TILE + GAP))
        tiles.append((c.engagement, *at))
        if c.code_insee == outlined:
            corner = at
    width = max(columns * (TILE + GAP), len(name) * 6.5)
    return (f'<text x="{x}" y="{y + 12}" font-size="12" fill="currentColor">{escape(name)}'
            "</text>", width, 18 + rows * (TILE + GAP), corner)


def territories(communes: list[CommuneOuverte]) -> dict[str, list[CommuneOuverte]]:
    """The communes by territory (EPT code), each territory's by name: computed once for the
    130 commune pages."""
    found: dict[str, list[CommuneOuverte]] = defaultdict(list)
    for c in sorted(communes, key=lambda c: sort_key(c.nom)):
        found[c.ept_code].append(c)
    return found


def _legend(prefix: str, y: float) -> str:
    parts = []
    for n, step in enumerate(Engagement):
        x = 4 + (n % 3) * 230
        row = y + (n // 3) * (TILE + 6)
        parts.append(_tiles([(step, x, row)], prefix) +
                     f'<text x="{x + TILE + 6}" y="{row + TILE / 2 + 5}" font-size="13" '
                     f'fill="currentColor">{escape(step.label)}</text>')
    return "".join(parts)


def _svg(ident: str, title: str, body: str, width: float, height: float, prefix: str) -> str:
    return (f'<svg class="hubia-carte__dessin" role="img" aria-labelledby="{ident}-titre '
            f'{ident}-resume" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" focusable="false"><title id="{ident}-titre">'
            f"{escape(title)}</title>{_patterns(prefix)}{body}</svg>")


def whole_map(communes: list[CommuneOuverte]) -> str:
    groups = territories(communes)
    placed = [code for row in LAYOUT for code in row]
    rows = [list(row) for row in LAYOUT] + [[c for c in sorted(groups) if c not in placed]]
    parts, y, width, tiles = [], 4.0, 0.0, []
    for row in rows:
        x, tallest = 4.0, 0.0
        for code in row:
            if code not in groups:
                continue
            svg, w, h, _ = _block(groups[code][0].ept, groups[code], x, y, tiles)
            parts.append(svg)
            x += w + 24
            tallest = max(tallest, h)
        width, y = max(width, x), y + tallest + (16 if tallest else 0)
    legend_y = y + 8
    parts += [_tiles(tiles, ""), _legend("", legend_y)]
    height = legend_y + 2 * (TILE + 6) + 4
    counts = {step: sum(1 for c in communes if c.engagement is step) for step in Engagement}
    summary = "Carte schématique : " + " ; ".join(
        f"{step.label} : {counts[step]} communes (lettre {LETTERS[step]})"
        for step in Engagement) + "."
    return (f'<figure class="hubia-carte" id="carte"><figcaption class="hubia-graphique__titre">'
            "Engagement des communes, par territoire</figcaption>"
            f'{_svg("carte", f"Carte schématique de l’engagement des {len(communes)} communes", "".join(parts), max(width, 700), height, "")}'
            f'<p class="hubia-graphique__resume" id="carte-resume">{escape(summary)}</p></figure>')


def _counts_table(hub: Hub, groups: dict[str, list[CommuneOuverte]], *,
                  hidden_caption: bool = True) -> str:
    """The map's data: communes of each grouping at each step."""
    rows = [[escape(members[0].ept)]
            + [str(sum(1 for c in members if c.engagement is step)) for step in Engagement]
            + [str(len(members))]
            for members in sorted(groups.values(), key=lambda m: sort_key(m[0].ept))]
    return table("Nombre de communes à chaque étape d'engagement, par regroupement",
                 [escape(hub.communes.regroupement.libelle),
                  *(f"{escape(step.label)} ({LETTERS[step]})" for step in Engagement),
                  "Total"], rows, row_headers=True, hidden_caption=hidden_caption)


def _communes_list(hub: Hub, groups: dict[str, list[CommuneOuverte]]) -> str:
    """Every commune and its step, a line a grouping: a table row a commune made the map's
    page the heaviest of the dashboard (EcoIndex C)."""
    items = []
    for members in sorted(groups.values(), key=lambda m: sort_key(m[0].ept)):
        names = ", ".join(
            f'<a href="{escape(href(PAGE, f"communes/{hub.communes.slugs[c.code_insee]}.md"))}">'
            f"{escape(c.nom)}</a> ({escape(c.engagement.label.lower())})" for c in members)
        items.append(f"<li><strong>{escape(members[0].ept)}</strong> : {names}</li>")
    return f'<ul class="hubia-communes">{"".join(items)}</ul>'


def map_page(hub: Hub) -> str:
    communes = engagement.communes(hub)
    groups = territories(communes)
    words = hub.communes.regroupement  # « le territoire », « Territoire (EPT) »: from data
    territory = hub.communes.territoire.avec_article
    head = [front_matter("Carte de l'engagement des communes",
                         f"Les {len(communes)} communes {french.of(territory)} selon leur "
                         "engagement dans le programme : candidates, en expérimentation, ayant "
                         "éprouvé ou repris une solution."),
            "# Carte de l'engagement des communes"]
    if len(communes) > MAX_TILES:  # a large territory: the counts, each commune's page says more
        return markdown_page(head + [
            f"<p>Le territoire compte {french.number(len(communes))} communes : trop pour une "
            f"carte d'un carré par commune. Le tableau donne, pour chaque regroupement "
            f"({escape(words.libelle)}), ses communes à chaque étape ; la page de chaque "
            "commune dit où elle en est.</p>",
            _counts_table(hub, groups, hidden_caption=False)])
    return markdown_page(head + [
        "<p>Chaque carré est une commune, regroupée avec les autres communes "
        f"{escape(french.of(words.nom))} ; les regroupements sont placés à peu près comme sur "
        "le terrain, sans en reproduire les contours. Le motif et la lettre de chaque carré indiquent l'étape "
        "la plus avancée que le hub connaît pour la commune. Le tableau qui suit donne les "
        "mêmes informations, et la liste des communes l'étape de chacune.</p>",
        whole_map(communes),
        "## Tableau par regroupement",
        _counts_table(hub, groups),
        "## Liste des communes",
        _communes_list(hub, groups),
    ])


def commune_map(groups: dict[str, list[CommuneOuverte]], ept: str, code: str,
                of_group: str = "du territoire") -> str:
    """The commune's territory (`groups[ept]`), the commune outlined: for the commune's page;
    `of_group` names the grouping (« du territoire », « de l'intercommunalité »)."""
    group = groups[ept]
    mine = next(c for c in group if c.code_insee == code)
    tiles: list[Tile] = []
    name, width, height, corner = _block(mine.ept, group, 4, 4, tiles, outlined=code)
    body = name + _tiles(tiles, "c-", corner)
    legend = _legend("c-", height + 12)
    total_height = height + 12 + 2 * (TILE + 6) + 4
    summary = (f"{mine.nom} (carré au contour épais) : {mine.engagement.label.lower()}. "
               f"Autres communes {of_group} {mine.ept} : " + ", ".join(
                   f"{c.nom} ({c.engagement.label.lower()})" for c in group if c is not mine)
               + "." if len(group) > 1 else "")
    return (f'<figure class="hubia-carte"><figcaption class="hubia-graphique__titre">'
            f"{escape(mine.nom)} parmi les communes {escape(of_group)} {escape(mine.ept)}"
            "</figcaption>"
            + _svg("carte-commune", f"Carte schématique {of_group} {mine.ept}",
                   body + legend, max(width + 8, 700), total_height, "c-")
            + f'<p class="hubia-graphique__resume" id="carte-commune-resume">{escape(summary)}'
            "</p>" + table(f"Engagement des communes {of_group} {mine.ept}",
                           ["Commune", "Engagement", "Lettre sur la carte"],
                           [[escape(c.nom), escape(c.engagement.label), LETTERS[c.engagement]]
                            for c in group], row_headers=True) + "</figure>")


def pages(hub: Hub) -> dict[str, str]:
    return {PAGE: map_page(hub)}


def commune_section(hub: Hub, groups: dict[str, list[CommuneOuverte]], code: str) -> str:
    """Markdown appended to a commune's page: its map and the link to its feed."""
    from .feeds import commune_feed
    from .tables import deferred

    slug = hub.communes.slugs[code]
    src = f"communes/{slug}.md"
    group = groups[hub.communes.by_code[code].ept]
    follow = (f'<p><a href="{escape(href(src, commune_feed(slug)))}">Suivre cette commune</a> '
              f'(flux Atom, voir <a href="{escape(href(src, "flux/index.md"))}">comment '
              f'suivre un flux</a>) · <a href="{escape(href(src, PAGE))}">Carte de toutes les '
              "communes</a></p>")
    if len(group) > MAX_TILES:  # too many tiles to draw: the feed only
        return f"\n## Suivre cette commune\n\n{follow}\n"
    drawn = commune_map(groups, hub.communes.by_code[code].ept, code,
                        french.of(hub.communes.regroupement.nom))
    return f"\n## Sur la carte\n\n{deferred(drawn + follow)}\n"
