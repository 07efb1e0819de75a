"""Small real filesystems for the "saved only when saved" tests.

``small_tmpfs(path, size)`` mounts a tmpfs of ``size`` at ``path`` (the test must be
able to mount: root, as here; otherwise it is skipped) and unmounts it afterwards.
``fill_up(folder)`` writes until the filesystem says it is full; ``read_only(path)``
remounts it read-only. These are the kernel's own answers (ENOSPC, EROFS), not fakes.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@contextmanager
def small_tmpfs(path: Path, size: str = "64k") -> Iterator[Path]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small filesystem needs root and mount(8)")
    path.mkdir(parents=True, exist_ok=True)
    done = _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(path))
    if done.returncode != 0:
        pytest.skip(f"a tmpfs could not be mounted here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


def fill_up(folder: Path) -> Path:
    """Write a filler file until the filesystem is full; returns the filler."""
    filler = folder / "filler"
    chunk = b"\0" * 1024
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    # Also use up the last partial block, so even a tiny file cannot be written.
    for n in range(10_000):
        try:
            (folder / f"f{n}").write_bytes(b"x" * 64)
        except OSError:
            break
    return filler


def read_only(path: Path) -> None:
    done = _mount("-o", "remount,ro", str(path))
    assert done.returncode == 0, done.stderr


def writable(path: Path) -> None:
    done = _mount("-o", "remount,rw", str(path))
    assert done.returncode == 0, done.stderr
