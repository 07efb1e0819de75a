"""Every window fits a small or zoomed screen, with a window manager, as learners meet it.

The two sizes learners meet most: a 1366x768 laptop at 125 % and 1024x768 at 200 %
(which leaves 512x384 points). Xvfb runs Debian's openbox, so windows get a title bar
and are placed as on a desktop. ``tests/window_fit_probe.py`` opens every window in
``tests/all_windows.py`` (which a test keeps in step with the source) and measures it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.all_windows import WINDOW_MAKERS
from tests.support import require_tool, xvfb

pytestmark = [pytest.mark.gui, pytest.mark.xvfb]

ROOT = Path(__file__).resolve().parents[2]
SIZES = {
    "1366x768 at 125%": ("1366x768x24", "1.25"),
    "1024x768 at 200%": ("1024x768x24", "2"),
}


def probe(tmp_path: Path, screen: str, scale: str) -> list[dict[str, Any]]:
    require_tool("openbox")
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
        wm = subprocess.Popen(
            ["openbox", "--sm-disable"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            done = subprocess.run(
                [sys.executable, "-m", "tests.window_fit_probe"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=110,
            )
        finally:
            wm.send_signal(signal.SIGTERM)
            wm.wait(timeout=10)
    assert done.returncode == 0, done.stderr[-3000:]
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    screen, scale = SIZES[request.param]
    return probe(tmp_path_factory.mktemp("fit"), screen, scale)


def test_every_window_was_opened(report) -> None:  # type: ignore[no-untyped-def]
    assert {w["name"] for w in report} >= set(WINDOW_MAKERS.values())


def test_every_window_lies_on_the_screen_title_bar_included(report) -> None:  # type: ignore[no-untyped-def]
    off = [(w["name"], w["frame"], w["screen"]) for w in report if not w["on_screen"]]
    assert off == []


def test_no_window_needs_more_width_than_the_screen(report) -> None:  # type: ignore[no-untyped-def]
    wide = [(w["name"], w["min_width"]) for w in report if w["min_width"] > w["screen"][2]]
    assert wide == []


def test_nothing_is_cut_off_or_out_of_reach(report) -> None:  # type: ignore[no-untyped-def]
    for w in report:
        assert w["out_of_window"] == [], w["name"]
        assert w["cut_areas"] == [], w["name"]
        assert w["clipped_labels"] == [], w["name"]
