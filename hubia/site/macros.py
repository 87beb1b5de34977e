"""Variables for the hand-written pages that opt in with `render_macros: true` (home page).

The programme's figures come from data/programme.yml, their single source, through the hub
that the `hubia` plugin (listed before `macros` in mkdocs.yml) has already loaded.
"""

from __future__ import annotations

from ..text import french


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros' environment object
    hub = env.conf.plugins["hubia"].hub
    env.variables["programme"] = hub.programme
    env.variables["nombre_fiches"] = {section: len(entries)
                                      for section, entries in hub.records.items()}
    env.filter(french.euros, "euros")
    env.filter(french.percent, "pourcent")
