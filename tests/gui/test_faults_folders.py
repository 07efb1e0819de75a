"""Folders the app creates are the person's alone (0700), whichever part creates them
first: here the report wizard, run in its own process, on a computer where the app's
config folder (and the XDG config folder above it) do not exist yet."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

from tests import report_driver

DRIVER = Path(report_driver.__file__)


def test_the_wizards_first_draft_leaves_every_folder_it_made_private(tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config"  # none of these exist yet
    drafts = config / "hygiene-helper" / "drafts"
    tmp_path.joinpath("home").mkdir()
    old_umask = os.umask(0o022)  # the usual umask: folders would be 0755 by default
    try:
        proc = subprocess.Popen(
            [sys.executable, str(DRIVER), "fill", str(drafts)],
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.umask(old_umask)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY"
        assert proc.stdout.readline().strip() == "PAUSED"  # the draft was written by now
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=10)
    assert (drafts / "report.json").exists()
    for folder in (config, config / "hygiene-helper", drafts):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE(tmp_path.joinpath("home").stat().st_mode) != 0o700  # not ours
