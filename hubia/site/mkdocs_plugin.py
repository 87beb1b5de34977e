"""Thin MkDocs glue: hand MkDocs the generated pages and put the record card on each record.

All the logic lives in the hub and its generators; this module only connects them to MkDocs'
events, so that a move to another renderer stays cheap.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..render import csp
from ..diagnostics import Severity, format_diagnostics
from ..generate import SEARCHABLE, listings, pages
from ..generate.courses import GLOSSAIRE
from ..render.glossary import Terms
from ..hub import Entry, Hub
from .pool import Workers
from ..render import links, search
from ..render.card import Forge, card
from ..render.course import is_handout, track_modules
from ..render.tables import restore
from .render_guard import RenderGuard
from .reproducible import hub_date, page_date
from ..render.sanitize import sanitize
from ..check.pipeline import check

# Set by `hubia build` with the hub it has just checked, so that nothing is read twice.
preloaded: Hub | None = None
progress = None  # a callable(str) set by the CLI for page-count progress
after_build = None  # a callable(Path) set by `hubia serve`: indexes the preview for search
workers: Workers | None = None  # set by `hubia build`: pages shared between processes


class HubiaPlugin(BasePlugin):
    hub: Hub
    records: dict[str, Entry]
    serving = False  # the live preview injects an inline script: no CSP there

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        if preloaded is not None and preloaded.root.resolve() == root.resolve():
            self.hub = preloaded
        else:  # `hubia serve` and plain `mkdocs` runs check on every rebuild
            report = check(root)
            errors = [d for d in report.problems if d.severity is Severity.ERROR]
            if errors or report.hub is None:
                raise PluginError("hubia check a trouvé des erreurs :\n"
                                  + format_diagnostics(errors, "text"))
            self.hub = report.hub
        self.records = self.hub.by_src_uri()
        self.built = 0
        self.terms = Terms(self.hub.glossaire)
        links.set_directory_urls(config.use_directory_urls)
        self.scripts: set[str] = set()  # theme scripts moved into files (csp.py)
        self.guard = RenderGuard()
        self.date = hub_date(self.hub)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        generated = pages(self.hub)
        self.unsearched = set(generated) - set(SEARCHABLE)  # listings, search page, handouts
        self.generated: set[str] = set()
        for src_uri, content in generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:  # a hand-written page wins over a generated one
                continue
            files.append(File.generated(config, src_uri, content=content))
            self.generated.add(src_uri)
        self.total = len(files.documentation_pages())
        # The pages that on_page_content marks for the search index.
        self.searched = [file.dest_uri for file in files.documentation_pages()
                         if file.src_uri not in self.unsearched]
        return files

    @event_priority(-100)  # last, so that every plugin has seen the nav before the fork
    def on_nav(self, nav, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
        self.nav = nav
        if workers is not None:
            workers.start(files, nav)
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
        self.env, self.files = env, files
        if workers is not None:
            workers.before_writing(files, config)
        return env

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        # Sitemap dates come from the records, never from the clock (reproducible builds).
        page.update_date = page_date(self.records.get(page.file.src_uri), self.date)
        return page

    def on_page_read_source(self, page: Page, config: MkDocsConfig) -> str | None:
        entry = self.records.get(page.file.src_uri)
        if entry is None:
            return None
        # The hub already parsed the front matter safely: MkDocs only gets the body, which
        # starts with a line break so that MkDocs never reads a second front matter in it
        # (it could set `template` or `render_macros` and run code during the build).
        return entry.body if entry.body.startswith("\n") else "\n" + entry.body

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        entry = self.records.get(page.file.src_uri)
        if entry:
            # Templates print these without escaping: escape the untrusted values here.
            page.meta["title"] = escape(entry.record.titre)
            page.meta["description"] = escape(entry.record.resume)
        self.guard.start(page.file.src_uri)
        return markdown

    @staticmethod
    def _forge(page: Page, config: MkDocsConfig) -> Forge:
        history = config.extra.get("historique_uri")
        history_url = f"{history.rstrip('/')}/{page.file.src_uri}" if history else None
        return Forge(page.edit_url, history_url)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        self.guard.stop()
        if page.file.src_uri not in self.generated:
            html = sanitize(html)  # what contributors wrote; our own HTML is escaped at source
        entry = self.records.get(page.file.src_uri)
        if entry:
            body = (card(self.hub, entry, self._forge(page, config)) + html
                    + track_modules(self.hub, entry))
            html = search.record_page(self.hub, entry, body) + listings.related(self.hub, entry)
        else:
            if page.file.src_uri in self.generated:  # never on a contributor's page
                html = restore(html)
            if page.file.src_uri not in self.unsearched:
                html = search.content_page(html)
        if page.file.src_uri != GLOSSAIRE and not is_handout(page.file.src_uri):
            html = self.terms.annotate(html)  # the glossary explains the first use of its terms
        if workers is None or workers.owns(page.file):  # counted by the process writing it
            self.built = workers.count_page() if workers else self.built + 1
            if progress and (self.built % 500 == 0 or self.built == self.total):
                progress(f"Pages : {self.built}/{self.total}")
        return html

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):  # noqa: ANN001
        return self._security_context(context, config)

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):  # noqa: ANN001
        return self._security_context(context, config)

    def _security_context(self, context, config: MkDocsConfig):  # noqa: ANN001, ANN202
        # No policy in the live preview (its reload script is inline) nor in the offline
        # edition, whose search runs Material's worker from file:// through an iframe shim.
        offline = bool(config.extra.get("hors_ligne"))
        context["hubia_csp"] = None if self.serving or offline else csp.policy()
        context["hubia_referrer"] = csp.REFERRER
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        base = get_relative_url(".", page.url)
        return csp.externalize_inline_scripts(output, base, Path(config.site_dir), self.scripts)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        base = urlsplit(config.site_url or "/").path  # as MkDocs does for error pages
        return csp.externalize_inline_scripts(output, base, Path(config.site_dir), self.scripts)

    @event_priority(100)  # first: a worker process ends here
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.guard.release()
        if workers is not None:
            if workers.is_worker:
                workers.end_worker()
            for page in workers.finish():  # reproducible dates, as in on_pre_page
                page.update_date = page_date(self.records.get(page.file.src_uri), self.date)
            workers.write_sitemap(self.files, self.nav, self.env, config)
        (Path(config.site_dir) / "_headers").write_text(csp.headers_file(), encoding="utf-8")
        if after_build is not None:
            after_build(Path(config.site_dir))

    def on_build_error(self, error: Exception) -> None:
        self.guard.release()
        if workers is not None and workers.is_worker:
            workers.end_worker(error)
