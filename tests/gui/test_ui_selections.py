"""Nothing typed in a password box reaches the X selections, shown or hidden.

On X11 any program can read the PRIMARY selection (what was last selected; a
middle-click pastes it) and the clipboard. The test runs the check window on a private
Xvfb, types a password through the X server, shows it, then selects and copies it every
way a person can (Ctrl+A, Shift+Home, Ctrl+C, Ctrl+X, double- and triple-click, a mouse
drag) and reads both selections with a real X client, Debian's xclip, after each step.
A marker put on both selections beforehand must still be there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import require_tool, xvfb

pytestmark = [pytest.mark.gui, pytest.mark.xvfb]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Plum7-Harbour-Quartz"
MARKER = "nothing-from-the-app"
SELECTIONS = ("primary", "clipboard")
Held = tuple[dict[str, str], "subprocess.Popen[str]", tuple[int, int]]


def _read(env: dict[str, str], selection: str) -> str:
    done = subprocess.run(
        ["xclip", "-o", "-selection", selection],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.stdout if done.returncode == 0 else ""


def _put(env: dict[str, str], selection: str, text: str) -> None:
    # xclip stays in the background serving the selection; it ends with the X server.
    subprocess.run(
        ["xclip", "-i", "-selection", selection],
        env=env,
        input=text,
        text=True,
        check=True,
        timeout=30,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _do(env: dict[str, str], *args: str) -> None:
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=30)


@pytest.fixture
def check_window(tmp_path: Path) -> Iterator[Held]:
    """The check window on a private X server; yields the env and the password box's middle."""
    require_tool("xclip", "xdotool")
    with xvfb("1366x768x24") as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_RUNTIME_DIR": str(tmp_path),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
        app = subprocess.Popen(
            [sys.executable, "-m", "tests.a11y_probe", "--hold", "check"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert app.stdout is not None
            assert app.stdout.readline().strip() == "ready"
            _focus, x, y, w, h = app.stdout.readline().split()
            yield env, app, (int(x) + int(w) // 3, int(y) + int(h) // 2)
        finally:
            app.terminate()
            app.wait(timeout=30)
            if app.stdout is not None:
                app.stdout.close()


def test_password_never_reaches_primary_or_clipboard(
    check_window: Held,
) -> None:
    env, app, (x, y) = check_window
    assert app.stdout is not None

    def synced() -> None:
        """Wait until the window has handled every key and click sent so far."""
        _do(env, "key", "F12")
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "sync"

    for selection in SELECTIONS:
        _put(env, selection, MARKER)
    _do(env, "type", "--delay", "40", PASSWORD)
    synced()

    def held() -> dict[str, str]:
        return {s: _read(env, s) for s in SELECTIONS}

    steps: list[tuple[str, ...]] = [
        ("key", "ctrl+a"),
        ("key", "ctrl+c"),
        ("key", "alt+s"),  # shown from here on: Qt copies shown text unless stopped
        ("key", "ctrl+a"),
        ("key", "ctrl+c"),
        ("key", "ctrl+Insert"),
        ("key", "End", "shift+Home"),
        ("key", "shift+Left", "shift+Left"),
        ("mousemove", str(x), str(y), "click", "--repeat", "2", "1"),
        ("mousemove", str(x), str(y), "click", "--repeat", "3", "1"),
        ("mousemove", str(x - 40), str(y), "mousedown", "1", "mousemove", str(x + 60), str(y)),
        ("mouseup", "1"),
        ("key", "ctrl+a"),
        ("key", "ctrl+x"),
    ]
    for step in steps:
        _do(env, *step)
        synced()
        now = held()
        assert now == dict.fromkeys(SELECTIONS, MARKER), (step, now)
    # The box still works: cutting did nothing, so the password is still there to check.
