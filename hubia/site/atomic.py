"""Atomic replacement of the site folder, safe against failures, interrupts and kills.

The site is built in a hidden staging folder next to the output (`.site-construction-XXXX`,
same file system), then the two folders are exchanged in one system call (Linux
`renameat2(RENAME_EXCHANGE)`): a web server reading `site/` sees the old site or the new
one, never a mix and never nothing. Where that call does not exist, two renames are used,
with Ctrl+C and SIGTERM held back between them so that `site/` cannot be left missing.

A lock on the output's parent folder keeps two builds from racing; under it, any staging
or old folder found is the debris of a killed build, and is removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

STAGING = "construction"
OLD = "ancien"


def _prefix(output: Path, kind: str) -> str:
    return f".{output.name}-{kind}-"


def staging_folder(output: Path) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=_prefix(output, STAGING), dir=output.parent))
    umask = os.umask(0o022)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)  # mkdtemp gives 0700: the web server must read the site
    return folder


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def debris(output: Path) -> list[Path]:
    """Staging and old folders of `output` left by earlier builds."""
    return sorted(p for kind in (STAGING, OLD) for p in output.parent.glob(_prefix(output, kind) + "*"))


def remove_debris(output: Path) -> None:
    for path in debris(output):
        remove(path)


@contextlib.contextmanager
def output_lock(output: Path, progress: Callable[[str], None] = lambda _: None) -> Iterator[None]:
    """Hold an exclusive lock on the folder that contains `output` (POSIX systems)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, builds must not overlap
        yield
        return
    fd = os.open(output.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            progress("Une autre construction est en cours dans ce dossier : attente de sa fin")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (the caller falls back)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                 rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Delay SIGINT and SIGTERM until the block is done (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, _frame: received.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in received[:1]:
            signal.raise_signal(signum)


def swap(staging: Path, output: Path) -> None:
    """Put `staging` in place of `output`; the previous site, if any, is then deleted."""
    old: Path | None = None
    try:
        with _interrupts_held():
            if not (output.exists() or output.is_symlink()):
                os.replace(staging, output)
            elif _exchange(staging, output):
                old = staging  # now holds the previous site
            else:
                holder = Path(tempfile.mkdtemp(prefix=_prefix(output, OLD), dir=output.parent))
                os.replace(output, holder / output.name)
                os.replace(staging, output)
                old = holder
    finally:  # also when an interrupt held back during the swap is raised now
        if old is not None:
            remove(old)


def write_bytes(target: Path, data: bytes) -> None:
    """Write a file in one piece: a reader sees the old bytes or the new ones, never half.
    The temporary name starts with a dot and ends with the process id, so two processes
    writing the same file never share one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partiel")
    try:
        partial.write_bytes(data)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
