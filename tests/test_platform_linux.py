"""The Linux adapters against real components: an Xvfb X server (idle time through the
MIT-SCREEN-SAVER extension, input sent with xdotool; full-screen hints set with xprop)
and a private D-Bus session with a test org.freedesktop.ScreenSaver service.

These use small real waits (about a second) because they measure the real thing.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from desktop.core.reminders import (
    LockFailed,
    ManualClock,
    ReminderEngine,
    ReminderSettings,
)
from desktop.platform import select_adapters
from desktop.platform.dbus import DBusCaller
from desktop.platform.session.interfaces import CommandLocker, MissingLockState
from desktop.platform.session.linux import (
    FDO_SCREENSAVER,
    DBusLocker,
    ScreenSaverIdleSource,
    ScreenSaverLockState,
)
from desktop.platform.session.x11 import X11Display, X11FullscreenDetector, X11IdleSource
from tests.dbus_screensaver import TestScreenSaver, need_tool, private_session_bus
from tests.xserver import XvfbError, start_xvfb, stop


@pytest.fixture
def display() -> Iterator[str]:
    """A private Xvfb; the server picks a free display number and tells us (-displayfd)."""
    xvfb = need_tool("Xvfb")
    try:
        proc, display = start_xvfb("800x600x24", program=xvfb)
    except XvfbError as exc:
        pytest.fail(str(exc))
    try:
        yield display
    finally:
        stop(proc)


@pytest.fixture
def bus() -> Iterator[str]:
    with private_session_bus() as address:
        yield address


def _x(display: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        env={**os.environ, "DISPLAY": display},
        check=True,
        capture_output=True,
        text=True,
        timeout=10,
    )


def test_x11_idle_time_grows_and_input_resets_it(display: str) -> None:
    xdotool = need_tool("xdotool")
    conn = X11Display(display)
    idle = X11IdleSource(conn)
    try:
        _x(display, xdotool, "mousemove", "10", "10")
        # Each reading is bracketed by the clock, so a busy machine that delays a reply
        # widens the bracket instead of failing the comparison.
        t0_before, first, t0_after = time.monotonic(), idle.idle_seconds(), time.monotonic()
        time.sleep(1.5)
        t1_before, later, t1_after = time.monotonic(), idle.idle_seconds(), time.monotonic()
        assert first is not None and later is not None
        grain = 0.05  # the X server counts idle time in milliseconds, read at its own tick
        low, high = t1_before - t0_after - grain, t1_after - t0_before + grain
        assert low <= later - first <= high, "idle time follows the clock"
        # Without a reset the idle time would be at least the second of quiet before the
        # input plus the time since it was sent.
        for action in (("mousemove", "200", "200"), ("key", "shift")):
            time.sleep(1.0)
            sent = time.monotonic()
            _x(display, xdotool, *action)
            after_input = idle.idle_seconds()
            assert after_input is not None
            assert after_input <= time.monotonic() - sent + grain, f"{action[0]} resets it"
    finally:
        idle.close()
        conn.close()


def test_x11_full_screen_window_in_front_is_noticed(display: str) -> None:
    xprop, xev = need_tool("xprop"), need_tool("xev")
    conn = X11Display(display)
    detector = X11FullscreenDetector(conn)
    window = subprocess.Popen(
        [xev, "-display", display, "-geometry", "200x100"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert detector.state().fullscreen is False  # no window manager hints at all
        deadline = time.monotonic() + 5
        wid = ""
        while not wid and time.monotonic() < deadline:
            found = subprocess.run(
                [need_tool("xdotool"), "search", "--name", "Event Tester"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                text=True,
            )
            wid = found.stdout.split()[0] if found.stdout.split() else ""
            time.sleep(0.05)
        assert wid, "xev's window did not appear"
        # What a window manager does when a presentation goes full screen:
        _x(
            display,
            xprop,
            "-root",
            "-f",
            "_NET_ACTIVE_WINDOW",
            "32x",
            "-set",
            "_NET_ACTIVE_WINDOW",
            wid,
        )
        assert detector.state().fullscreen is False
        _x(
            display,
            xprop,
            "-id",
            wid,
            "-f",
            "_NET_WM_STATE",
            "32a",
            "-set",
            "_NET_WM_STATE",
            "_NET_WM_STATE_FULLSCREEN",
        )
        assert detector.state().fullscreen is True
        # A window that closed a moment ago must not bring the app down (BadWindow).
        _x(
            display,
            xprop,
            "-root",
            "-f",
            "_NET_ACTIVE_WINDOW",
            "32x",
            "-set",
            "_NET_ACTIVE_WINDOW",
            "0x7ffff0",
        )
        assert detector.state().fullscreen is False
    finally:
        window.terminate()
        window.wait(timeout=5)
        conn.close()


def test_screensaver_service_is_locked_and_its_signal_followed(bus: str) -> None:
    service = TestScreenSaver(bus).start()
    caller = DBusCaller(bus)
    state = ScreenSaverLockState(caller)
    seen: list[bool] = []
    try:
        assert state.is_locked() is False
        assert state.watch(seen.append) is True
        attempt = DBusLocker(caller, FDO_SCREENSAVER).lock()
        assert attempt.ok and service.lock_calls == 1
        _wait_for(lambda: seen == [True])
        assert state.is_locked() is True
        service.set_active(False)  # the person unlocks
        _wait_for(lambda: seen == [True, False])
        assert state.is_locked() is False
    finally:
        state.close()
        caller.close()
        service.stop()


def test_a_lock_the_desktop_ignores_is_reported_as_failed(bus: str) -> None:
    service = TestScreenSaver(bus, lock_works=False).start()
    caller = DBusCaller(bus)
    state = ScreenSaverLockState(caller)
    clock = ManualClock(datetime(2025, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/London")))
    engine = ReminderEngine(ReminderSettings(), clock)
    try:
        assert DBusLocker(caller, FDO_SCREENSAVER).lock().ok  # accepted, but ignored
        engine.lock_requested(by_user=True)
        actions = []
        for _ in range(6):
            clock.advance(1)
            actions += engine.step(0.5, state.is_locked())
        assert [type(a) for a in actions] == [LockFailed]
        assert not actions[0].unconfirmed  # the service did answer: it is not locked
    finally:
        caller.close()
        service.stop()


def test_screensaver_idle_time_where_the_desktop_offers_it(bus: str) -> None:
    service = TestScreenSaver(bus).start()
    caller = DBusCaller(bus)
    try:
        service.last_activity = time.monotonic() - 42
        assert ScreenSaverIdleSource(caller).idle_seconds() == pytest.approx(42, abs=1)
        assert ScreenSaverIdleSource(caller, milliseconds=True).idle_seconds() == pytest.approx(
            0.042, abs=0.001
        )
    finally:
        caller.close()
        service.stop()


def test_a_service_that_is_not_there_reads_as_unknown(bus: str) -> None:
    caller = DBusCaller(bus, timeout=0.5)
    try:
        assert ScreenSaverLockState(caller).is_locked() is None
        attempt = DBusLocker(caller, FDO_SCREENSAVER).lock()
        assert not attempt.ok and "ServiceUnknown" in attempt.detail
    finally:
        caller.close()


def test_select_on_x11_with_a_screensaver_service(display: str, bus: str) -> None:
    service = TestScreenSaver(bus).start()
    env = {
        "DISPLAY": display,
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "DBUS_SYSTEM_BUS_ADDRESS": bus,
        "XDG_SESSION_TYPE": "x11",
    }
    adapters = select_adapters(env, "linux", which=lambda name: None)
    try:
        assert adapters.idle.name == "X11 screen saver extension"
        assert isinstance(adapters.idle.idle_seconds(), float)
        assert adapters.lock_state.name == "org.freedesktop.ScreenSaver (D-Bus)"
        assert adapters.locker.lock().ok and service.active
        assert adapters.presentation.state().fullscreen is False
        assert adapters.missing == ["Do not disturb: cannot be read on this desktop."]
    finally:
        adapters.close()
        service.stop()


def test_select_on_wayland_without_gnome_says_what_is_missing(bus: str) -> None:
    env = {
        "WAYLAND_DISPLAY": "wayland-0",
        "XDG_SESSION_TYPE": "wayland",
        "DBUS_SESSION_BUS_ADDRESS": bus,
        "DBUS_SYSTEM_BUS_ADDRESS": bus,
    }
    adapters = select_adapters(
        env, "linux", lock_command="xdg-screensaver 'lock", which=lambda name: None
    )
    try:
        assert adapters.idle.idle_seconds() is None
        assert isinstance(adapters.lock_state, MissingLockState)
        text = "\n".join(adapters.missing)
        assert "Idle time: not available on this desktop (Wayland without GNOME or KDE)" in text
        assert "Lock state: not available" in text
        assert "Lock command: the policy's lock_command cannot be read" in text
        assert "Full-screen windows: cannot be noticed" in text
        attempt = adapters.locker.lock()
        assert not attempt.ok and attempt.detail == "No way to lock this desktop was found."
    finally:
        adapters.close()


def test_policy_lock_command_runs_first_without_a_shell(bus: str) -> None:
    service = TestScreenSaver(bus).start()
    dbus_send = need_tool("dbus-send")
    command = (
        f"{dbus_send} --bus={bus} --type=method_call --dest=org.freedesktop.ScreenSaver "
        "/org/freedesktop/ScreenSaver org.freedesktop.ScreenSaver.Lock"
    )
    try:
        locker = CommandLocker.from_policy(command)
        assert locker.lock().ok
        _wait_for(lambda: service.active)
        # No shell: "&&" reaches 'true' as a plain argument, so 'false' never runs.
        assert CommandLocker.from_policy("true && false").lock().ok
    finally:
        service.stop()


def _wait_for(condition: object, timeout: float = 3.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the expected change did not arrive")
        time.sleep(0.02)


def test_logind_locked_hint_is_read_and_followed(bus: str) -> None:
    from desktop.platform.session.linux import LogindLockState
    from tests.dbus_screensaver import TestLogind

    service = TestLogind(bus).start()
    caller = DBusCaller(bus)
    try:
        path = LogindLockState.find_session(caller, "31")
        assert path == TestLogind.SESSION_PATH
        state = LogindLockState(caller, path)
        seen: list[bool] = []
        assert state.is_locked() is False
        assert state.watch(seen.append)
        service.set_active(True)
        _wait_for(lambda: seen == [True])
        assert state.is_locked() is True
        service.set_active(False)
        _wait_for(lambda: seen == [True, False])
        state.close()
    finally:
        caller.close()
        service.stop()


def test_select_falls_back_to_logind_without_a_screensaver_service(bus: str) -> None:
    from tests.dbus_screensaver import TestLogind

    service = TestLogind(bus).start()
    env = {"DBUS_SESSION_BUS_ADDRESS": bus, "DBUS_SYSTEM_BUS_ADDRESS": bus, "XDG_SESSION_ID": "31"}
    adapters = select_adapters(env, "linux", which=lambda name: None)
    try:
        assert adapters.lock_state.name == "logind LockedHint"
        assert adapters.lock_state.is_locked() is False
    finally:
        adapters.close()
        service.stop()
