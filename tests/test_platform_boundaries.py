"""Windows and macOS adapters, checked at their boundary on any system: the OS
functions are replaced by stand-ins that behave as the documentation describes.
Also: every platform module imports cleanly here, and none of them loads Qt."""

from __future__ import annotations

import ctypes
import subprocess
import sys
from typing import Any

from desktop.platform.session import windows
from desktop.platform.session.interfaces import ChainLocker, CommandLocker, LockAttempt
from desktop.platform.session.linux import GnomeBannersOff
from desktop.platform.session.macos import (
    LOCKED_KEY,
    MacApi,
    MacIdleSource,
    MacLockState,
    mac_locker,
)
from desktop.platform.session.select import select_adapters


def _fake_last_input(tick: int, ok: bool = True) -> Any:
    def get_last_input_info(pointer: Any) -> int:
        info = ctypes.cast(pointer, ctypes.POINTER(windows.LASTINPUTINFO)).contents
        assert info.cbSize == ctypes.sizeof(windows.LASTINPUTINFO), "cbSize must be set"
        info.dwTime = tick
        return 1 if ok else 0

    return get_last_input_info


def test_windows_idle_time_from_tick_counts() -> None:
    source = windows.WindowsIdleSource(_fake_last_input(10_000), lambda: 75_500)
    assert source.idle_seconds() == 65.5


def test_windows_idle_time_survives_the_49_day_tick_wrap() -> None:
    source = windows.WindowsIdleSource(_fake_last_input(0xFFFFFF00), lambda: 0x00000100)
    assert source.idle_seconds() == 0.512


def test_windows_idle_time_unknown_when_the_call_fails() -> None:
    assert (
        windows.WindowsIdleSource(_fake_last_input(0, ok=False), lambda: 5).idle_seconds() is None
    )


def test_windows_lock_workstation() -> None:
    calls: list[int] = []
    assert windows.WindowsLocker(lambda: calls.append(1) or 1).lock().ok
    refused = windows.WindowsLocker(lambda: 0, last_error=lambda: 5).lock()
    assert not refused.ok and refused.detail == "Windows refused to lock (error 5)."
    assert calls == [1]


def test_windows_session_notifications_drive_the_lock_state() -> None:
    registered: list[tuple[int, int]] = []
    unregistered: list[int] = []
    state = windows.WtsLockState(
        lambda h, f: registered.append((h, f)) or 1, lambda h: unregistered.append(h) or 1
    )
    assert state.is_locked() is None, "unknown until attached to a window"
    seen: list[bool] = []
    assert state.attach(0x1234)
    assert state.watch(seen.append) is True
    assert registered == [(0x1234, windows.NOTIFY_FOR_THIS_SESSION)]
    assert state.is_locked() is False
    assert state.handle_message(windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_LOCK)
    assert state.is_locked() is True
    assert not state.handle_message(0x0010, windows.WTS_SESSION_LOCK)  # WM_CLOSE
    assert not state.handle_message(windows.WM_WTSSESSION_CHANGE, 0x1)  # console connect
    assert state.handle_message(windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_UNLOCK)
    assert seen == [True, False]
    state.close()
    assert unregistered == [0x1234]


def test_windows_msg_structure_is_read_from_an_address() -> None:
    msg = windows.MSG(message=windows.WM_WTSSESSION_CHANGE, wParam=windows.WTS_SESSION_LOCK)
    assert windows.read_msg(ctypes.addressof(msg)) == (windows.WM_WTSSESSION_CHANGE, 7)


def test_windows_presentation_states() -> None:
    def query(value: int, hresult: int = 0) -> Any:
        def fn(pointer: Any) -> int:
            ctypes.cast(pointer, ctypes.POINTER(ctypes.c_int)).contents.value = value
            return hresult

        return fn

    present = windows.WindowsPresentation
    assert present(query(windows.QUNS_PRESENTATION_MODE)).state().fullscreen
    assert present(query(windows.QUNS_BUSY)).state().fullscreen
    assert present(query(windows.QUNS_RUNNING_D3D_FULL_SCREEN)).state().fullscreen
    assert present(query(windows.QUNS_QUIET_TIME)).state().dnd
    normal = present(query(windows.QUNS_ACCEPTS_NOTIFICATIONS)).state()
    assert not normal.fullscreen and not normal.dnd
    failed = present(query(windows.QUNS_BUSY, hresult=-2147467259)).state()
    assert not failed.fullscreen, "an error is not a presentation"


class _FakeMac:
    """CoreGraphics/CoreFoundation as documented: a dictionary that has the key only
    while the screen is locked, and objects that must each be released once."""

    def __init__(self) -> None:
        self.locked: bool | None = False
        self.idle = 12.5
        self.live: set[int] = set()
        self._next = 100
        self._objects: dict[int, Any] = {}

    def _new(self, value: Any) -> int:
        self._next += 1
        self._objects[self._next] = value
        self.live.add(self._next)
        return self._next

    def api(self) -> MacApi:
        return MacApi(
            seconds_since_last_event=lambda state, kind: (
                self.idle if (state, kind) == (1, 0xFFFFFFFF) else -1.0
            ),
            copy_session_dict=lambda: (
                None
                if self.locked is None
                else self._new({LOCKED_KEY: True} if self.locked else {})
            ),
            make_key=self._new,
            dict_get=lambda d, k: 7 if self._objects[k] in self._objects[d] else None,
            bool_value=lambda ref: ref == 7,
            release=lambda ref: self.live.remove(ref),
        )


def test_macos_idle_and_lock_state() -> None:
    fake = _FakeMac()
    api = fake.api()
    assert MacIdleSource(api).idle_seconds() == 12.5
    state = MacLockState(api)
    assert state.is_locked() is False
    fake.locked = True
    assert state.is_locked() is True
    fake.locked = None  # no window-server session
    assert state.is_locked() is None
    assert state.watch(lambda locked: None) is False, "polled, not pushed"
    state.close()
    assert fake.live == set(), "every CoreFoundation object is released"


def test_macos_locks_with_pmset_display_sleep() -> None:
    calls: list[list[str]] = []

    def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(argv)
        assert "shell" not in kwargs
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    assert mac_locker(run).lock().ok
    assert calls == [["pmset", "displaysleepnow"]]


def test_chain_locker_reports_every_failure() -> None:
    def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        return subprocess.CompletedProcess(argv, 1, b"", b"Failed to issue method call\n")

    class Refuses:
        name = "refuses"

        def lock(self) -> LockAttempt:
            return LockAttempt(False, self.name, "no")

    attempt = ChainLocker([Refuses(), CommandLocker(["loginctl", "lock-session"], run=run)]).lock()
    assert not attempt.ok
    assert attempt.detail == (
        "Every way of locking failed (refuses: no; command: loginctl "
        "lock-session: It failed: Failed to issue method call)."
    )


def test_gnome_do_not_disturb_is_read_once_a_minute() -> None:
    now = [0.0]
    calls: list[list[str]] = []

    def run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(argv)
        return subprocess.CompletedProcess(argv, 0, "false\n", "")

    dnd = GnomeBannersOff(run, lambda: now[0])
    assert dnd.dnd() is True and dnd.dnd() is True
    now[0] = 61
    assert dnd.dnd() is True
    assert len(calls) == 2


def test_select_for_windows_and_macos_on_this_system_reports_instead_of_crashing() -> None:
    for platform in ("win32", "darwin"):
        adapters = select_adapters({}, platform)
        assert adapters.idle.idle_seconds() is None
        assert adapters.lock_state.is_locked() is None
        assert adapters.missing, platform


def test_platform_and_reminder_code_import_without_qt() -> None:
    code = (
        "import sys\n"
        "import desktop.core.reminders, desktop.platform, desktop.platform.session.select\n"
        "import desktop.platform.session.windows, desktop.platform.session.macos\n"
        "import desktop.platform.session.linux, desktop.platform.session.x11\n"
        "import desktop.platform.dbus\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
