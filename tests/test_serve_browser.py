"""`hubia serve` in Chromium: after one save, the saved record's page and a listing that
shows it each reload exactly once (the record's page is written first, the listing in the
second pass), through theme/apercu.js under the site's CSP."""

from __future__ import annotations

import threading
from pathlib import Path

from conftest import ROOT, copy_hub
from hubia.site.serve import Preview, open_server

CASE = "docs/cas-usage/tri-courrier-entrant-montreuil.md"
PAGES = ("cas-usage/tri-courrier-entrant-montreuil/", "cas-usage/")
OLD, NEW = "Orientation automatique du courrier", "Orientation revue du courrier"


def test_each_page_reloads_once_per_save(browser, tmp_path: Path) -> None:
    hub = copy_hub(tmp_path / "hub", ROOT)
    preview = Preview(hub, tmp_path / "apercu", lambda _message: None)
    preview.update()
    server = open_server("127.0.0.1:0", preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(locale="fr-FR")
    try:
        loads: dict[str, int] = {}
        pages = {}
        for path in PAGES:
            page = context.new_page()
            page.on("load", lambda _page, path=path: loads.__setitem__(path, loads.get(path, 0) + 1))
            with page.expect_request(lambda request: "__hubia/etat?version=" in request.url):
                page.goto(base + path)  # loaded, and its long poll waiting
            assert OLD in page.content()
            pages[path] = page
        record = hub / CASE
        record.write_text(record.read_text(encoding="utf-8").replace(OLD, NEW, 1),
                          encoding="utf-8")
        written = preview.update({CASE})
        assert {f"{path}index.html" for path in PAGES} <= written
        for path, page in pages.items():
            page.wait_for_function("(text) => document.body.textContent.includes(text)",
                                   arg=NEW, timeout=10_000)
        pages[PAGES[0]].wait_for_timeout(1500)  # time for a second reload, if any
        assert loads == {path: 2 for path in PAGES}
    finally:
        context.close()
        server.shutdown()
        server.server_close()
