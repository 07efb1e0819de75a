"""Killing the wizard part-way loses nothing: the draft is offered again, complete."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

from tests import report_driver

DRIVER = Path(report_driver.__file__)


def run_driver(mode: str, folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_draft_survives_sigkill_and_is_offered_complete(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    proc = run_driver("fill", folder)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY", proc.stderr.read() if proc.stderr else ""
        # The name was typed on the current page without pressing Next: free text stays
        # in memory until the person leaves the page, so the draft written when typing
        # paused has everything else but not the name. Wait for that, then pull the plug.
        draft = folder / "report.json"
        assert proc.stdout.readline().strip() == "PAUSED"
        assert report_driver.ACCOUNT in draft.read_text()
        assert report_driver.NAME not in draft.read_text()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
    assert proc.returncode == -signal.SIGKILL
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    saved_reference = json.loads(draft.read_text())["answers"]["reference"]

    again = run_driver("inspect", folder)
    out, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    shown = json.loads(out.strip().splitlines()[-1])
    assert shown["page"] == 3  # back on "About you", where they stopped
    assert shown["banner"].startswith("Welcome back. We kept the answers you gave")
    assert shown["what"] == ["seen"]
    assert shown["details"] == report_driver.DETAILS
    assert shown["account"] == report_driver.ACCOUNT
    assert shown["steps"] == ["change_now", "sign_out"]
    assert shown["name"] == ""  # held in memory only, and the process was killed
    assert shown["reference"] == saved_reference
