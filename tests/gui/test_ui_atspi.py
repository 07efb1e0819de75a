"""The app as a screen reader reads it: the real accessibility bus (AT-SPI) on Xvfb.

The test starts a private D-Bus session bus, Debian's at-spi2-core bus launcher on it
(which starts the registry daemon), then the app's screens one at a time with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1, and reads the tree with python3-pyatspi in the
system Python (tests/atspi_reader.py), as Orca would. Everything is stopped by PID.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_ui import xvfb
from tests.xserver import stop

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
SYSTEM_PYTHON = "/usr/bin/python3"
SESSION_CONF = "/usr/share/dbus-1/session.conf"

# What a screen reader must hear as each field's description (its hint).
HINTS = {
    "check": {
        "New password": "Type or paste the new password.",
        "Personal words": "Separate the words with commas.",
        "Suggest a passphrase": "Nothing is copied or typed in.",
    },
    "settings": {
        "Personal words": "Separate the words with commas.",
        # A list box is read by the choice it shows, then its description.
        "Online: sends only the first 5 characters of a scrambled code": "known data breach",
        "Remind me after this many minutes away": "left unlocked",
    },
    "wizard-what": {"Tell us more": "Do not type your password here."},
    "wizard-account": {
        "Account or system": "For example: college email, Microsoft 365",
        "Roughly when it happened": "give your best guess",
    },
    "wizard-about": {
        "Your email address": "it helps them reply to you",
        "Anything else to tell them": "Do not type your password here.",
    },
}


def _need(path: str, package: str) -> None:
    if not (os.path.exists(path) or shutil.which(path)):
        message = f"needs {path} (Debian package {package}; scripts/setup.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def a11y_bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Xvfb, a private session bus and the accessibility bus on it; yields the env."""
    _need(LAUNCHER, "at-spi2-core")
    _need(SYSTEM_PYTHON, "python3")
    _need("dbus-daemon", "dbus")
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if check.returncode != 0:
        message = "needs python3-pyatspi (scripts/setup.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    home = tmp_path_factory.mktemp("atspi")
    with xvfb("1366x768x24") as display:
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
                **os.environ,
                "DISPLAY": display,
                "DBUS_SESSION_BUS_ADDRESS": address,
                "QT_QPA_PLATFORM": "xcb",
                "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_RUNTIME_DIR": str(home),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                "PYTHONPATH": str(ROOT),
            }
            launcher = subprocess.Popen(
                [LAUNCHER, "--launch-immediately"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                yield env
            finally:
                stop(launcher)
        finally:
            stop(bus)


def read_screen(env: dict[str, str], screen: str) -> list[dict[str, Any]]:
    """Show one screen of the app and read its accessibility tree over AT-SPI."""
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.a11y_probe", "--hold", screen],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert app.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = app.stdout.readline()
            if line.strip() == "ready" or not line:
                break
        assert app.poll() is None, f"the {screen} screen did not open"
        done = subprocess.run(
            [SYSTEM_PYTHON, str(ROOT / "tests" / "atspi_reader.py"), "Hygiene Helper"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stop(app)
    assert done.returncode == 0, done.stdout + done.stderr
    tree: list[dict[str, Any]] = json.loads(done.stdout)
    return tree


@pytest.mark.xvfb
@pytest.mark.parametrize("screen", list(HINTS))
def test_every_focusable_control_has_a_name_and_fields_say_their_hint(a11y_bus, screen):
    tree = read_screen(a11y_bus, screen)
    focusable = [o for o in tree if o["focusable"]]
    assert len(focusable) >= 3, f"only {len(focusable)} focusable objects on {screen}"
    unnamed = [o["role"] for o in focusable if not o["name"].strip()]
    assert unnamed == [], f"focusable controls with no name on {screen}"
    by_name: dict[str, dict[str, Any]] = {}
    for o in focusable:
        by_name.setdefault(o["name"], o)  # a list's own entry, not its items
    for name, hint in HINTS[screen].items():
        assert name in by_name, f"{name!r} is not on the accessibility bus ({screen})"
        assert hint in by_name[name]["description"], (name, by_name[name]["description"])


@pytest.mark.xvfb
def test_the_choices_are_a_group_named_by_the_question(a11y_bus):
    tree = read_screen(a11y_bus, "wizard-what")
    groups = [o for o in tree if o["role"] in ("panel", "grouping", "filler") and o["name"]]
    assert "What happened?" in [g["name"] for g in groups]
    radios = [o for o in tree if o["role"] == "radio button"]
    assert len(radios) == 6


def test_password_boxes_send_no_characters_on_the_bus(a11y_bus):
    """Every text event from the app while a password is typed, shown, edited and emptied
    (a real AT-SPI listener): none carries a character, and the box's text cannot be read."""
    # No three characters of it in a row occur in any English word, so a sentence of the
    # app's own (a rule's "three or four words" holds "our", as "Harbour" did) never
    # looks like a piece of the password.
    password = "Qz7-Vkx9-Jwp4-Fhy2"
    pieces = {t[i : i + 3] for t in (password, "vqj") for i in range(len(t) - 2)}
    words = "".join(f.read_text(encoding="utf-8") for f in (ROOT / "desktop").rglob("*.py"))
    assert not [p for p in pieces if p in words], "pick a password the app's words do not hold"
    listener = subprocess.Popen(
        [SYSTEM_PYTHON, str(ROOT / "tests" / "atspi_listen.py"), "Hygiene Helper"],
        env=a11y_bus,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    app = subprocess.Popen(
        [sys.executable, "-m", "tests.a11y_probe", "--hold", "check"],
        cwd=ROOT,
        env=a11y_bus,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert listener.stdout is not None and app.stdout is not None
        assert listener.stdout.readline().strip() == "listening"
        assert app.stdout.readline().strip() == "ready"
        app.stdout.readline()  # where the box is

        def keys(*args: str) -> None:
            subprocess.run(["xdotool", *args], env=a11y_bus, check=True, timeout=30)
            # F12 is answered once everything before it is handled: no racing.
            subprocess.run(["xdotool", "key", "F12"], env=a11y_bus, check=True, timeout=30)
            assert app.stdout is not None and app.stdout.readline().strip() == "sync"

        keys("type", "--delay", "30", password)
        keys("key", "BackSpace", "Left", "shift+Home")
        keys("key", "alt+s")  # shown
        keys("type", "--delay", "30", "vqj")
        keys("key", "ctrl+a", "BackSpace")  # emptied: Qt sent the whole old text here
        listener.send_signal(signal.SIGTERM)
        out, _ = listener.communicate(timeout=30)
        lines = [json.loads(line) for line in out.splitlines() if line]
    finally:
        stop(app)
        stop(listener)
    events = [e for e in lines if "type" in e]
    assert any(e["role"] == "password text" for e in events), "the box was never seen"
    from_box = [e for e in events if e["role"] == "password text"]
    assert [e for e in from_box if e["type"].startswith("object:text-changed")] == []
    for e in events:
        assert not any(p in e["any_data"] for p in pieces), e
    assert all(e.get("field_text") in (None, "") for e in lines if "field_text" in e), lines
