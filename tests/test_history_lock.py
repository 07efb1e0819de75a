"""The lock file that serialises changes to the history between processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core.history import StoreUnavailable
from desktop.core.history.filelock import BUSY, default_lock_path, exclusive
from tests.cli_helpers import ROOT

HOLDER = """
import sys, time
from pathlib import Path
from desktop.core.history.filelock import exclusive
with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_lock_held_by_another_process_makes_us_wait_then_say_busy(tmp_path: Path) -> None:
    lock = tmp_path / "sub" / "history.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(StoreUnavailable) as caught, exclusive(lock, timeout=0.3):
            pass
        assert caught.value.reason == BUSY
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()
    with exclusive(lock, timeout=5):  # free again once the holder is gone
        assert lock.exists()
    assert (lock.stat().st_mode & 0o777) == 0o600


def test_a_lock_that_cannot_be_made_is_a_clear_refusal(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(StoreUnavailable) as caught, exclusive(blocker / "history.lock"):
        pass
    assert "could not be locked" in caught.value.reason


def test_the_lock_lives_in_the_users_own_folders() -> None:
    assert default_lock_path("linux", {"XDG_RUNTIME_DIR": "/run/user/1000"}) == Path(
        "/run/user/1000/hygiene-helper/history.lock"
    )
    assert default_lock_path("linux", {"XDG_CACHE_HOME": "/home/a/.cache"}) == Path(
        "/home/a/.cache/hygiene-helper/history.lock"
    )
    assert default_lock_path("win32", {"LOCALAPPDATA": r"C:\Users\a\AppData\Local"}).parts[-2:] == (
        "HygieneHelper",
        "history.lock",
    )
    assert default_lock_path("darwin", {}).parts[-3:] == ("Caches", "HygieneHelper", "history.lock")
