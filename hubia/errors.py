"""The one base of hubia's exceptions, and who raises which.

Problems in what contributors wrote are never exceptions: they are `Diagnostic`s, all
collected, then reported at once. An exception means a run that cannot go on; the command
catches it and prints its French message.

- `load.yaml.YamlError`: a YAML text that cannot be read safely; `load.files` turns it into a
  diagnostic at once (its code, line and column).
- `load.changed.GitError`: `hubia check --changed` without git, a repository or a known ref.
- `authoring.new_record.NewRecordError`: `hubia new` refusing to create a record.
- `render.page.RenderError`: a page whose template cannot be rendered.
- `site.render_guard.PageTooSlow`: a page over its rendering time budget.
- `site.pool.WorkerError`: a worker process of the build that died without a report.
- `site.search_index.SearchIndexError`: Pagefind failing to index the site.
- `site.build.BuildError`: a build that failed; the previous site is left as it was.
- `site.handouts.HandoutError`: a training handout that could not be printed.
"""

from __future__ import annotations


class HubiaError(Exception):
    """Base of every exception hubia raises on purpose."""
