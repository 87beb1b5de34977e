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

A file-system fault (`OSError`: full disk, read-only folder, permissions) is not hubia's: the
commands turn it into the French message of `os_error_message`, which names the path and
what to do, and exit 1.
"""

from __future__ import annotations

import errno


class HubiaError(Exception):
    """Base of every exception hubia raises on purpose."""


_ADVICE = {
    errno.ENOSPC: "disque plein : libérez de la place, puis relancez la commande",
    errno.EDQUOT: "quota de disque atteint : libérez de la place, puis relancez la commande",
    errno.EROFS: "système de fichiers en lecture seule : choisissez un dossier où l'on peut "
                 "écrire (option --output ou --sortie)",
    errno.EACCES: "permission refusée : vérifiez les droits sur ce dossier, ou choisissez-en "
                  "un autre (option --output ou --sortie)",
    errno.EPERM: "opération refusée par le système : vérifiez les droits sur ce dossier",
    errno.ENOENT: "fichier ou dossier introuvable : vérifiez le chemin",
    errno.ENOTDIR: "un fichier occupe la place d'un dossier : déplacez-le ou choisissez un "
                   "autre dossier",
    errno.EISDIR: "un dossier occupe la place d'un fichier : déplacez-le",
    errno.EEXIST: "un fichier existe déjà à cet endroit : déplacez-le",
    errno.EMFILE: "trop de fichiers ouverts : fermez d'autres programmes, puis relancez",
    errno.EIO: "erreur de lecture ou d'écriture du disque : vérifiez le support",
    errno.ENAMETOOLONG: "nom de fichier trop long : raccourcissez le chemin",
}


def os_error_message(exc: OSError) -> str:
    """A file-system fault in French: the path concerned, what happened and what to do."""
    paths = [str(p) for p in (exc.filename, exc.filename2) if p is not None]
    advice = _ADVICE.get(exc.errno) or (
        f"erreur du système n° {exc.errno}, « {exc.strerror} »" if exc.errno
        else f"erreur du système « {exc} »")
    where = " et ".join(f"« {path} »" for path in paths) if paths else "un fichier"
    return f"impossible de lire ou d'écrire {where} : {advice}"
