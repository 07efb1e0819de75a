"""Every screen fits a small or zoomed screen and every control is reached by Tab.

On a real X server (Xvfb) at the two sizes learners meet most: a 1366x768 laptop at
125 % and 1024x768 at 200 % (which leaves 512x384 points). ``tests/a11y_probe.py``
opens the check window, Settings and every page of the leak-report wizard in turn,
presses Tab round each one and reports what it met; these tests read that report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_ui import xvfb

ROOT = Path(__file__).resolve().parents[2]
SIZES = {
    "1366x768 at 125%": ("1366x768x24", "1.25"),
    "1024x768 at 200%": ("1024x768x24", "2"),
}
SCREENS = {
    "check",
    "settings",
    "wizard-what",
    "wizard-account",
    "wizard-act",
    "wizard-about",
    "wizard-check",
    "wizard-done",
}
# The control that must have keyboard focus when each screen opens.
FIRST = {
    "check": "SecretLineEdit:New password",
    "settings": "QLineEdit:Personal words",
    "wizard-what": "WrapRadioButton:I typed it into a page or email that may be fake",
    "wizard-account": "QLineEdit:Account or system",
    "wizard-act": "WrapCheckBox:1. Change this password now",
    "wizard-about": "QLineEdit:Your name",
    "wizard-check": "QPushButton:Change what happened",
    "wizard-done": "QPushButton:Copy reference",
}


def probe(tmp_path: Path, screen: str, scale: str) -> list[dict[str, Any]]:
    with xvfb(screen) as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QT_SCALE_FACTOR": scale,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_RUNTIME_DIR": str(tmp_path),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(
            [sys.executable, "-m", "tests.a11y_probe"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=110,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    screen, scale = SIZES[request.param]
    return probe(tmp_path_factory.mktemp("probe"), screen, scale)


@pytest.mark.xvfb
def test_every_screen_was_opened(report):
    assert {s["screen"] for s in report} == SCREENS


@pytest.mark.xvfb
def test_every_window_lies_on_the_screen(report):
    misplaced = {s["screen"]: s["window"] for s in report if not s["window_on_screen"]}
    assert misplaced == {}, f"windows off the screen {report[0]['screen_size']}"


@pytest.mark.xvfb
def test_every_control_is_reached_by_tab_and_shown_whole(report):
    problems = {
        s["screen"]: {"off screen": s["off_screen"], "never reached": s["unreached"]}
        for s in report
        if s["off_screen"] or s["unreached"]
    }
    assert problems == {}
    # The walk met the buttons a person needs to finish (not just the first box).
    by_name = {s["screen"]: s["reached"] for s in report}
    assert "QPushButton:Next >" in by_name["wizard-what"]
    assert "QPushButton:Stop for now" in by_name["wizard-what"]
    assert "QPushButton:Save" in by_name["settings"]
    assert "QPushButton:Close" in by_name["check"]


@pytest.mark.xvfb
def test_focus_starts_on_each_screens_first_question(report):
    assert {s["screen"]: s["first_focus"] for s in report} == FIRST


@pytest.mark.xvfb
def test_no_access_key_is_used_twice_in_a_window(report):
    assert {s["screen"]: s["clashes"] for s in report if s["clashes"]} == {}


@pytest.mark.xvfb
def test_every_focusable_control_has_a_name(report):
    assert {s["screen"]: s["unnamed"] for s in report if s["unnamed"]} == {}
