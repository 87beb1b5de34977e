"""The allow-list keeps everything our Markdown extensions produce, and nothing active; the
output scan finds every kind of active content and third-party load."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from hubia.render.markdown import MarkdownRenderer
from hubia.theme.csp import policy
from hubia.site.output_scan import scan
from hubia.render.sanitize import sanitize
from inert import active_content

EVERY_EXTENSION = """
## Titre *emphase* { #ancre .hubia-encart }

Texte **gras**, `code`, [lien](https://exemple.fr "titre"), [interne](../x/), H~2~O<sup>2</sup>,
<kbd>Ctrl</kbd>, <mark>surligné</mark>, <abbr title="Intelligence artificielle">IA</abbr>, AIPD.

*[AIPD]: Analyse d'impact relative à la protection des données

!!! note "Note"
    Contenu de la note.

??? tip "Replié"
    Détail.

???+ warning
    Ouvert.

=== "Onglet 1"
    Premier.

=== "Onglet 2"
    Second.

| Gauche | Centre | Droite |
| :--- | :---: | ---: |
| a | b | c |

Terme
:   Définition.

Une note[^1].

[^1]: La note de bas de page.

```python
print("bonjour")  # commentaire
```

    code indenté

![Alternative](image.png){ width="300" loading="lazy" }

Paragraphe avec attributs.
{: .hubia-encart #mon-id lang="en" }

<details><summary>Résumé HTML</summary>Corps</details>

1. un
2. deux

> citation

---
"""


def _events(html: str) -> list[tuple]:
    """A canonical form of an HTML fragment: tags with sorted attributes, and text."""
    events: list[tuple] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN202
            events.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

        handle_startendtag = handle_starttag

        def handle_endtag(self, tag):  # noqa: ANN001, ANN202
            events.append(("end", tag))

        def handle_data(self, data):  # noqa: ANN001, ANN202
            if data.strip():
                events.append(("text", data.strip()))

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return events


def test_allow_list_keeps_everything_the_extensions_produce() -> None:
    html = MarkdownRenderer().convert(EVERY_EXTENSION).html  # the renderer of the site
    for expected in ('type="radio"', 'class="admonition note"', "<details", 'align="center"',
                     'class="footnote-ref"', 'class="headerlink"', 'class="highlight"', "<dl>",
                     "<abbr", 'id="mon-id"', 'loading="lazy"'):
        assert expected in html, expected  # the sample really exercises the extension
    assert _events(sanitize(html)) == _events(html)


HOSTILE = {
    '<script>alert(1)</script>x': "x",
    '<img src="x.png" alt="a" onerror="alert(1)">': '<img src="x.png" alt="a">',
    '<a href="&#106;avascript:alert(1)">a</a>': "<a>a</a>",
    '<a href="java\tscript:alert(1)">a</a>': "<a>a</a>",
    '<img src="data:image/png;base64,AAAA" alt="z">': '<img alt="z">',
    '<img src="https://suivi.exemple/p.gif" alt="t">': '<img alt="t">',
    '<img src="//suivi.exemple/p.gif" alt="t">': '<img alt="t">',
    '<img src="\\\\suivi.exemple/p.gif" alt="t">': '<img alt="t">',
    '<form action="https://x"><input name="q"></form>': '<input type="radio">',
    '<p style="color:red" onclick="x()">s</p>': "<p>s</p>",
    '<p id="__config" class="md-header note">x</p>': '<p class="note">x</p>',
    '<label for="__drawer">l</label>': "<label>l</label>",
    '<div data-md-component="search">z</div>': "<div>z</div>",
    # The theme's own ids and script hooks (base.html, dialogue.html): never in content.
    '<p id="hubia-contenu">x</p><div id="hubia-menu">y</div>': "<p>x</p><div>y</div>",
    '<label for="hubia-q">l</label>': "<label>l</label>",
    '<div data-hubia-dialogue data-hubia-resultats>z</div>': "<div>z</div>",
    '<a href="#a" data-hubia-ouvrir>a</a>': '<a href="#a">a</a>',
    # The theme's interface classes: content must not pass for the site's menu or dialog.
    '<div class="hubia-menu hubia-encart">m</div>': '<div class="hubia-encart">m</div>',
    '<p class="hubia-evitement hubia-dialogue">d</p>': "<p>d</p>",
    '<svg><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>': "",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>': "",
    '<iframe src="https://x"></iframe><object data="y"></object><embed src="z">': "",
    '<base href="https://x/"><meta http-equiv="refresh" content="0;url=https://x">': "",
    '<link rel="stylesheet" href="https://x/x.css"><style>*{}</style>': "",
}


@pytest.mark.parametrize(("hostile", "expected"), HOSTILE.items(), ids=range(len(HOSTILE)))
def test_hostile_html_is_neutralised(hostile: str, expected: str) -> None:
    assert sanitize(hostile) == expected
    assert active_content(sanitize(hostile)) == []


def test_no_break_spaces_stay_characters() -> None:
    assert sanitize("<p>50\u00a0% et &amp;nbsp;</p>") == "<p>50\u00a0% et &amp;nbsp;</p>"


# --- The output scan, on a site made of one bad thing at a time ---------------------------------

META = f'<meta http-equiv="Content-Security-Policy" content="{policy()}">'
SCAN_CASES = {
    "<script>alert(1)</script>": "script en ligne",
    '<script src="https://cdn.exemple/x.js"></script>': "chargé depuis un site tiers",
    '<script src="../ailleurs/x.js"></script>': "hors des dossiers de scripts",
    '<script src="theme/absent.js"></script>': "introuvable",
    '<img src="x.png" onerror="alert(1)">': "attribut onerror=",
    '<a href="javascript:alert(1)">a</a>': "adresse exécutable",
    '<a href="&#x6A;avascript:alert(1)">a</a>': "adresse exécutable",
    '<a href="data:text/html,x">a</a>': "adresse data:",
    '<iframe src="page.html"></iframe>': "balise <iframe>",
    '<object data="x.swf"></object>': "balise <object>",
    '<base href="/">': "balise <base>",
    '<meta http-equiv="refresh" content="0;url=https://x">': "redirection",
    "<style>p{}</style>": "élément <style>",
    '<p style="color:red">x</p>': "attribut style=",
    '<img src="https://suivi.exemple/p.gif" alt="">': "site tiers",
    '<img srcset="a.png 1x, https://x.exemple/b.png 2x" alt="">': "site tiers",
    '<link rel="stylesheet" href="https://fonts.exemple/css">': "site tiers",
    '<link rel="preconnect" href="https://fonts.exemple">': "site tiers",
    '<video poster="//x.exemple/p.jpg"></video>': "site tiers",
    '<form action="https://x.exemple/"></form>': "site tiers",
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>': "adresse exécutable",
}


@pytest.mark.parametrize(("html", "expected"), SCAN_CASES.items(), ids=range(len(SCAN_CASES)))
def test_output_scan_finds_it(tmp_path: Path, html: str, expected: str) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "index.html").write_text(f"<html><head>{META}</head><body>{html}</body></html>",
                                         encoding="utf-8")
    findings = scan(tmp_path)
    assert len(findings) == 1 and expected in findings[0].message, findings
    assert findings[0].path == "index.html"


def test_output_scan_accepts_the_theme_and_flags_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme/hubia.js").write_text("x", encoding="utf-8")
    page = (f'<html><head>{META}<link rel="canonical" href="https://hub.exemple/"></head><body>'
            '<script id="hubia-donnees" type="application/json">{}</script>'
            '<script src="theme/hubia.js"></script>'
            '<a href="https://exemple.fr">externe</a><img src="data:image/png;base64,AA" alt="">'
            "</body></html>")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "404.html").write_text(page.replace('src="theme', 'src="/hub/theme'),
                                       encoding="utf-8")
    assert scan(tmp_path, base_path="/hub/") == []
    (tmp_path / "sans-csp.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "images").mkdir()
    (tmp_path / "images/schema.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "images/outil.js").write_text("x", encoding="utf-8")
    (tmp_path / "style.css").write_text("@import 'https://x.exemple/a.css';\nb{background:"
                                        "url(//x.exemple/i.png)}", encoding="utf-8")
    found = sorted((f.path, f.message.split(" ")[0]) for f in scan(tmp_path, base_path="/hub/"))
    assert found == [("images/outil.js", "script"), ("images/schema.svg", "fichier"),
                     ("sans-csp.html", "page"), ("style.css", "CSS"), ("style.css", "CSS")]
