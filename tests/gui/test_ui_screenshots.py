"""The screenshot script runs the real window on a real X server (Xvfb) and writes a PNG
for each state; the 200% one is twice the size of the normal one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.fixtures_ui import require_tool

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.xvfb
def test_screenshot_script_writes_every_state(tmp_path, qapp):
    require_tool("Xvfb")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    names = {p.stem for p in tmp_path.glob("*.png")}
    assert {
        "check-empty",
        "check-weak",
        "check-strong",
        "check-breached",
        "check-weak-200",
        "settings",
        "tray-menu",
        "device-failing",
        "device-passing",
        "device-reads",
    } <= names
    normal = QImage(str(tmp_path / "check-weak.png"))
    double = QImage(str(tmp_path / "check-weak-200.png"))
    assert abs(double.width() - 2 * normal.width()) <= 4
    assert abs(double.height() - 2 * normal.height()) <= 4
    # Not a blank capture: a real window has many different colours in it.
    colours = {
        normal.pixel(x, y)
        for x in range(0, normal.width(), 7)
        for y in range(0, normal.height(), 7)
    }
    assert len(colours) > 20
