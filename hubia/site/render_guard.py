"""A time limit on the rendering of each page, so that no text can hang a build.

`hubia check` refuses the Markdown known to be slow to render (markup_rules.py); this is the
backstop for what it does not know: a page that takes longer than `PAGE_SECONDS` to render
stops the build with an error naming the page, and the previous site stays in place.
The limit uses SIGALRM, so it applies only in the main thread of a POSIX system (a build
run by `hubia build`); elsewhere pages render without it.
"""

from __future__ import annotations

import signal
import threading

from ..errors import HubiaError

PAGE_SECONDS = 30.0


class PageTooSlow(HubiaError):
    """A page took too long to render."""


class RenderGuard:
    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = PAGE_SECONDS if seconds is None else seconds
        self.page: str | None = None
        self._previous = None

    @property
    def available(self) -> bool:
        return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def _expired(self, _signum, _frame) -> None:  # noqa: ANN001 - signal handler signature
        raise PageTooSlow(f"la page « {self.page} » met plus de {self.seconds:g} s à se "
                          "construire : son texte est trop complexe (voir hubia check)")

    def start(self, page: str) -> None:
        if not self.available:
            return
        if self._previous is None:
            self._previous = signal.signal(signal.SIGALRM, self._expired)
        self.page = page
        signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def stop(self) -> None:
        if self.available:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def release(self) -> None:
        """Cancel the timer and give SIGALRM back to its previous handler."""
        if self.available and self._previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._previous = None
