"""Windows: idle time, locking, session lock notifications and presentation state.

Written against the documented Win32 APIs and loaded through ctypes only when used,
so this module imports on any system. Every OS function is passed in (defaulting to
the real one), which is how the tests check these classes on Linux: they hand in
stand-ins that behave as the documentation says the real ones do.

- Idle: ``GetLastInputInfo`` gives the tick count of the last input; idle time is
  ``GetTickCount() - dwTime`` (both 32-bit milliseconds, so the difference wraps).
- Lock: ``LockWorkStation`` returns non-zero when the lock was started; it locks
  asynchronously, so the lock is confirmed through the session notifications.
- Lock state: ``WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION)`` makes
  Windows post ``WM_WTSSESSION_CHANGE`` to that window, with ``WTS_SESSION_LOCK`` or
  ``WTS_SESSION_UNLOCK`` in wParam. Qt delivers it to a native event filter
  (``desktop.ui.shell.reminders.WindowsSessionEvents``), which calls ``handle_message``.
- Presentation: ``SHQueryUserNotificationState`` says whether a full-screen program,
  a Direct3D game or presentation mode is in front. Focus Assist has no documented
  interface, so it is reported as not detectable.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import Any

from desktop.platform.session.interfaces import LockAttempt, LockCallback, Presentation

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
NOTIFY_FOR_THIS_SESSION = 0

# QUERY_USER_NOTIFICATION_STATE values (shellapi.h)
QUNS_NOT_PRESENT = 1
QUNS_BUSY = 2  # a full-screen application is running
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6
QUNS_APP = 7  # a full-screen Store app
FULLSCREEN_STATES = {QUNS_BUSY, QUNS_RUNNING_D3D_FULL_SCREEN, QUNS_PRESENTATION_MODE, QUNS_APP}


class LASTINPUTINFO(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint32)]


class MSG(ctypes.Structure):
    """The Win32 MSG structure, as Qt hands it to a native event filter."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
        ("pt_x", ctypes.c_long),
        ("pt_y", ctypes.c_long),
    ]


def read_msg(address: int) -> tuple[int, int]:
    """(message, wParam) of the MSG at ``address`` (what Qt passes as ``message``)."""
    msg = MSG.from_address(address)
    return int(msg.message), int(msg.wParam)


def _dll(name: str) -> Any:
    return ctypes.WinDLL(name)  # type: ignore[attr-defined]


class WindowsIdleSource:
    name = "Windows GetLastInputInfo"

    def __init__(
        self,
        get_last_input_info: Callable[[Any], int] | None = None,
        get_tick_count: Callable[[], int] | None = None,
    ) -> None:
        if get_last_input_info is None or get_tick_count is None:
            user32, kernel32 = _dll("user32"), _dll("kernel32")
            user32.GetLastInputInfo.argtypes = [ctypes.POINTER(LASTINPUTINFO)]
            kernel32.GetTickCount.restype = ctypes.c_uint32
            get_last_input_info = get_last_input_info or user32.GetLastInputInfo
            get_tick_count = get_tick_count or kernel32.GetTickCount
        self._get_last_input_info, self._get_tick_count = get_last_input_info, get_tick_count

    def idle_seconds(self) -> float | None:
        info = LASTINPUTINFO(cbSize=ctypes.sizeof(LASTINPUTINFO))
        if not self._get_last_input_info(ctypes.byref(info)):
            return None
        now = int(self._get_tick_count())
        return ((now - int(info.dwTime)) & 0xFFFFFFFF) / 1000.0

    def close(self) -> None:
        return None


class WindowsLocker:
    name = "Windows LockWorkStation"

    def __init__(
        self,
        lock_workstation: Callable[[], int] | None = None,
        last_error: Callable[[], int] | None = None,
    ) -> None:
        if lock_workstation is None:
            lock_workstation = _dll("user32").LockWorkStation
        self._lock = lock_workstation
        self._last_error: Callable[[], int] = (
            last_error or getattr(ctypes, "get_last_error", None) or (lambda: 0)
        )

    def lock(self) -> LockAttempt:
        if self._lock():
            return LockAttempt(True, self.name)
        return LockAttempt(
            False, self.name, f"Windows refused to lock (error {self._last_error()})."
        )


class WtsLockState:
    """The session's lock state, from WM_WTSSESSION_CHANGE messages.

    Windows has no simple documented query for "locked now", so the state starts as
    unlocked (the app starts inside a signed-in, unlocked session) and follows the
    notifications from then on.
    """

    name = "Windows session notifications"

    def __init__(
        self,
        register: Callable[[int, int], int] | None = None,
        unregister: Callable[[int], int] | None = None,
    ) -> None:
        if register is None or unregister is None:
            wtsapi = _dll("wtsapi32")
            register = register or wtsapi.WTSRegisterSessionNotification
            unregister = unregister or wtsapi.WTSUnRegisterSessionNotification
        self._register, self._unregister = register, unregister
        self._hwnd: int | None = None
        self._locked = False
        self._callbacks: list[LockCallback] = []
        self._guard = threading.Lock()

    def attach(self, hwnd: int) -> bool:
        """Ask Windows to send session changes to the window ``hwnd``."""
        if self._register(hwnd, NOTIFY_FOR_THIS_SESSION):
            self._hwnd = hwnd
            return True
        return False

    def handle_message(self, message: int, wparam: int) -> bool:
        """Feed one window message; True when it was a lock or unlock."""
        if message != WM_WTSSESSION_CHANGE or wparam not in (WTS_SESSION_LOCK, WTS_SESSION_UNLOCK):
            return False
        locked = wparam == WTS_SESSION_LOCK
        with self._guard:
            self._locked = locked
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(locked)
        return True

    def is_locked(self) -> bool | None:
        if self._hwnd is None:
            return None  # not attached to a window: nothing tells us
        with self._guard:
            return self._locked

    def watch(self, callback: LockCallback) -> bool:
        with self._guard:
            self._callbacks.append(callback)
        return self._hwnd is not None

    def close(self) -> None:
        if self._hwnd is not None:
            self._unregister(self._hwnd)
            self._hwnd = None


class WindowsPresentation:
    name = "Windows SHQueryUserNotificationState"

    def __init__(self, query: Callable[[Any], int] | None = None) -> None:
        if query is None:
            query = _dll("shell32").SHQueryUserNotificationState
        self._query = query

    def state(self) -> Presentation:
        value = ctypes.c_int(0)
        if self._query(ctypes.byref(value)) != 0:  # an HRESULT; 0 is S_OK
            return Presentation()
        return Presentation(
            fullscreen=value.value in FULLSCREEN_STATES, dnd=value.value == QUNS_QUIET_TIME
        )

    def close(self) -> None:
        return None
