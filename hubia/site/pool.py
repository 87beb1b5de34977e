"""Share the pages of a build between processes, one per core: a plain fork pool.

The hub, the theme and the menu are ready before the fork, so each child starts with them
(copy on write) and renders, then writes, its own share of the pages: position modulo the
number of processes, the first process included. A child sends its result (or its error)
back through a pipe as a pickle and ends; the output is the same bytes as in one process,
because every page is rendered by the same pure code whatever process renders it.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..errors import HubiaError

MAX_PROCESSES = 4
_PR_SET_PDEATHSIG = 1  # Linux prctl(2): a signal sent to this process when its parent dies

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerError(HubiaError):
    """A worker process failed without a report the first process could read."""


def available_cores() -> int:
    if not hasattr(os, "fork"):  # Windows: one process
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed build and go on writing into its folder."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: the pipe breaks when the parent dies
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class Counter:
    """Pages done by every process of the pool, for progress messages."""

    def __init__(self, shared: bool) -> None:
        self._value = None
        if shared:
            try:
                self._value = multiprocessing.Value("i", 0)
            except OSError:  # no shared memory (a locked-down container): a local count
                pass
        self._local = 0

    def add(self) -> int:
        if self._value is None:
            self._local += 1
            return self._local
        with self._value.get_lock():
            self._value.value += 1
            return self._value.value


def run(items: Sequence[Item], work: Callable[[Sequence[Item], Counter], Result],
        processes: int | None = None) -> list[Result]:
    """`work(share, counter)` on each process's share of `items`; the results, first
    process first. An error in any process is raised here, after every child has ended."""
    count = processes or available_cores()
    if threading.current_thread() is not threading.main_thread():
        count = 1  # a fork copies no other thread, but may copy a lock one holds
    count = max(1, min(count, len(items)))
    counter = Counter(count > 1)
    if count == 1:
        return [work(items, counter)]
    children: list[tuple[int, int]] = []
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the collector would otherwise touch, and so copy, every shared page
    parent = os.getpid()
    try:
        for index in range(1, count):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # never returns
                os.close(read)
                for _, sibling in children:
                    os.close(sibling)
                _child(parent, write, lambda: work(items[index::count], counter))
            os.close(write)
            children.append((pid, read))
    except BaseException:
        _stop(children)
        gc.unfreeze()
        raise
    gc.unfreeze()
    try:
        own = work(items[0::count], counter)
    except BaseException:
        _stop(children)
        raise
    results = [own]
    for outcome in _wait(children):
        if isinstance(outcome, BaseException):
            raise outcome
        results.append(outcome)
    return results


def _child(parent: int, pipe: int, job: Callable[[], object]) -> None:
    _die_with_parent(parent)
    # Ctrl+C reaches every process of the terminal: a worker just ends, and the first
    # process, which owns the staging folder, cleans up.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        outcome: object = job()
        code = 0
    except BaseException as exc:  # noqa: BLE001 - reported to the first process
        outcome, code = exc, 1
    try:
        data = pickle.dumps(outcome)
        pickle.loads(data)  # the first process must be able to read it back
    except Exception:  # noqa: BLE001 - an exception that does not survive pickling
        data = pickle.dumps(WorkerError(f"{type(outcome).__name__} : {outcome}"))
    try:
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _wait(children: list[tuple[int, int]]) -> list[object]:
    outcomes = []
    for pid, read in children:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            outcomes.append(pickle.loads(data))
        except Exception:  # noqa: BLE001 - killed, or ended before its report
            code = os.waitstatus_to_exitcode(status)
            outcomes.append(WorkerError(
                f"un processus de construction s'est arrêté sans rendre compte (code {code})"))
    return outcomes


def _stop(children: list[tuple[int, int]]) -> None:
    """End the workers of a failed build."""
    for pid, read in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(read)
