"""A real screen reader for tests: Debian's Orca on a private desktop, its speech logged.

``orca_desktop()`` starts, each stopped by its process id afterwards: Xvfb, a private
D-Bus session bus, the accessibility bus (at-spi2-core's launcher) on it, and Orca with
its speech log (tests/orca_run.py): every line Orca would speak, written as
``SPEECH OUTPUT: '...'`` even with no audio and no speech server reachable, so the test
reads exactly what a screen-reader user would hear. Orca's settings go to a private
folder (``-u``), its defaults untouched (key echo on, as shipped).

``OrcaDesktop.start_app`` starts one screen of the app (``tests.a11y_probe --hold``)
and waits until Orca has spoken its window title; ``type_text`` and ``key`` press
keys through the X server (xdotool), as a person would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import require_tool, xvfb
from tests.xserver import stop

ROOT = Path(__file__).resolve().parents[1]
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SESSION_CONF = "/usr/share/dbus-1/session.conf"
SYSTEM_PYTHON = "/usr/bin/python3"  # Orca and its AT-SPI bindings live in Debian's Python
SPEECH = re.compile(
    r"^SPEECH OUTPUT: '(.*?)'(?: voice=\w+)?(?: ?\{[^\n]*\})?$", re.MULTILINE | re.DOTALL
)
LIMIT_S = 60.0  # the longest any one step may take on a loaded machine


def _need_orca() -> None:
    require_tool("orca", "dbus-daemon", "xdotool")
    if not os.path.exists(LAUNCHER):
        message = "needs at-spi2-core (install with scripts/setup.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class OrcaDesktop:
    """A running Orca and the environment an app needs to be read by it."""

    env: dict[str, str]
    log: Path
    apps: list[subprocess.Popen[str]] = field(default_factory=list)

    def spoken(self) -> list[str]:
        """Every line Orca has spoken so far, in order."""
        if not self.log.exists():
            return []
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [match.group(1) for match in SPEECH.finditer(text)]

    def wait_spoken(self, wanted: Callable[[str], bool], since: int = 0) -> str:
        """Wait until Orca speaks a line (after the first ``since`` lines) that ``wanted``
        accepts; return it. Fails after ``LIMIT_S`` with what was spoken."""
        deadline = time.monotonic() + LIMIT_S
        while time.monotonic() < deadline:
            for line in self.spoken()[since:]:
                if wanted(line):
                    return line
            time.sleep(0.2)
        pytest.fail(f"Orca never said it; it said: {self.spoken()[since:]}")

    def start_app(self, screen: str, title: str, *extra: str) -> subprocess.Popen[str]:
        """Show one screen of the app and wait until Orca has read its title."""
        mark = len(self.spoken())
        app = subprocess.Popen(
            [sys.executable, "-m", "tests.a11y_probe", "--hold", screen, *extra],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.apps.append(app)
        assert app.stdout is not None
        assert app.stdout.readline().strip() == "ready", "the app screen did not open"
        self.wait_spoken(lambda line: title in line, mark)
        return app

    def stop_apps(self) -> None:
        while self.apps:
            stop(self.apps.pop())

    def type_text(self, text: str) -> None:
        subprocess.run(
            ["xdotool", "type", "--delay", "80", "--", text],
            env=self.env,
            check=True,
            timeout=LIMIT_S,
        )

    def key(self, *keys: str) -> None:
        subprocess.run(
            ["xdotool", "key", "--delay", "80", *keys], env=self.env, check=True, timeout=LIMIT_S
        )


@contextmanager
def orca_desktop(tmp: Path, size: str = "1366x768x24") -> Iterator[OrcaDesktop]:
    """Xvfb, a private session bus, the accessibility bus and Orca logging its speech."""
    _need_orca()
    home = tmp / "home"
    (home / "orca").mkdir(parents=True)
    runtime = tmp / "run"
    runtime.mkdir(mode=0o700)
    log = tmp / "orca-debug.out"
    with xvfb(size) as display:
        bus = subprocess.Popen(
            ["dbus-daemon", f"--config-file={SESSION_CONF}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert bus.stdout is not None
            address = bus.stdout.readline().strip()
            assert address, "the private session bus did not start"
            env = {
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("XDG_", "DBUS_", "AT_SPI"))
            }
            env.update(
                {
                    "DISPLAY": display,
                    "DBUS_SESSION_BUS_ADDRESS": address,
                    "QT_QPA_PLATFORM": "xcb",
                    "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                    "QT_ACCESSIBILITY": "1",
                    "HOME": str(home),
                    "XDG_CONFIG_HOME": str(home / "config"),
                    "XDG_DATA_HOME": str(home / "data"),
                    "XDG_CACHE_HOME": str(home / "cache"),
                    "XDG_RUNTIME_DIR": str(runtime),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                    "PYTHONPATH": str(ROOT),
                    "NO_AT_BRIDGE": "0",
                }
            )
            launcher = subprocess.Popen(
                [LAUNCHER, "--launch-immediately"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # Never --replace: that kills every Orca this user runs, anywhere.
            orca = subprocess.Popen(
                [
                    SYSTEM_PYTHON,
                    str(ROOT / "tests" / "orca_run.py"),
                    str(log),
                    "-u",
                    str(home / "orca"),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            desktop = OrcaDesktop(env, log)
            try:
                deadline = time.monotonic() + LIMIT_S
                while not (log.exists() and desktop.spoken()):
                    if orca.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("Orca did not start (no speech in its log)")
                    time.sleep(0.2)
                yield desktop
            finally:
                desktop.stop_apps()
                stop(orca)
                stop(launcher)
        finally:
            stop(bus)
