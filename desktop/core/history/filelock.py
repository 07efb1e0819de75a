"""An exclusive lock file, so two processes never read-modify-write the history at once.

The keyring itself has no transactions. Every process that changes the history
(the window, ``hygiene history add`` in a script) takes this lock around its
read-modify-write, so neither addition is lost. ``fcntl.flock`` on POSIX and
``msvcrt.locking`` on Windows; both are released by the OS if the process dies, so
a crash never leaves the history locked for good.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from desktop.core.history.errors import StoreUnavailable
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.paths import private_dir, runtime_dir

BUSY = N_(
    "another Hygiene Helper window or command is still saving the password history. "
    "Wait a moment and try again."
)
_POLL_SECONDS = 0.02


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def default_lock_path(platform: str, env: Mapping[str, str]) -> Path:
    """Where the history lock lives: the per-user runtime folder, else the cache folder."""
    return runtime_dir(platform, env) / "history.lock"


@contextmanager
def exclusive(path: Path, timeout: float = 20.0) -> Iterator[None]:
    """Hold the lock at ``path`` (created, private to the user) for the ``with`` body.

    Raises StoreUnavailable when the lock cannot be made or another process keeps it
    past ``timeout`` seconds.
    """
    try:
        private_dir(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreUnavailable(
            _(
                "the password history could not be locked for saving ({strerror}). Check "
                "your user folder is not full or read-only, or ask IT.",
                strerror=exc.strerror,
            )
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StoreUnavailable(_(BUSY))
            time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
