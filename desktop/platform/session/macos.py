"""macOS: idle time, lock state and locking, through ctypes and a system command.

Loaded only when used, so this module imports on any system; the OS functions are
passed in (defaulting to the real ones) and the tests hand in stand-ins.

- Idle: ``CGEventSourceSecondsSinceLastEventType(kCGEventSourceStateHIDSystemState,
  kCGAnyInputEventType)`` from the ApplicationServices framework: seconds since the
  last keyboard, mouse or trackpad event from the hardware.
- Lock state: ``CGSessionCopyCurrentDictionary()`` holds ``CGSSessionScreenIsLocked``
  (true) while the screen is locked and leaves it out otherwise. It is read on each
  look; the push alternative is the ``com.apple.screenIsLocked`` /
  ``com.apple.screenIsUnlocked`` distributed notifications, which need an
  Objective-C observer on NSDistributedNotificationCenter (PyObjC), not worth a
  dependency when a look costs microseconds.
- Locking: ``pmset displaysleepnow`` puts the display to sleep, which locks when
  "Require password immediately after the display is turned off" is set, the
  default on managed Macs. It is a documented, supported command. The alternative,
  ``SACLockScreenImmediate`` in the private login.framework, is undocumented and
  could vanish in any update, so it is not used. Because the display-sleep route
  depends on that setting, the lock is confirmed through the lock state, and if it
  did not lock the person is told to press Ctrl+Cmd+Q (and IT can set
  ``lock_command`` in the policy).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.platform.session.interfaces import CommandLocker, LockCallback

HID_SYSTEM_STATE = 1
ANY_INPUT_EVENT = 0xFFFFFFFF
UTF8 = 0x08000100
LOCKED_KEY = "CGSSessionScreenIsLocked"


@dataclass(frozen=True)
class MacApi:
    """The handful of OS functions used here."""

    seconds_since_last_event: Callable[[int, int], float]
    copy_session_dict: Callable[[], Any]
    make_key: Callable[[str], Any]
    dict_get: Callable[[Any, Any], Any]
    bool_value: Callable[[Any], bool]
    release: Callable[[Any], None]


def real_api() -> MacApi:
    """The real functions, from ApplicationServices and CoreFoundation."""
    app = ctypes.CDLL(
        ctypes.util.find_library("ApplicationServices")
        or "/System/Library/Frameworks/ApplicationServices.framework/ApplicationServices"
    )
    cf = ctypes.CDLL(
        ctypes.util.find_library("CoreFoundation")
        or "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
    )
    app.CGEventSourceSecondsSinceLastEventType.restype = ctypes.c_double
    app.CGEventSourceSecondsSinceLastEventType.argtypes = [ctypes.c_int32, ctypes.c_uint32]
    app.CGSessionCopyCurrentDictionary.restype = ctypes.c_void_p
    cf.CFStringCreateWithCString.restype = ctypes.c_void_p
    cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
    cf.CFDictionaryGetValue.restype = ctypes.c_void_p
    cf.CFDictionaryGetValue.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    cf.CFBooleanGetValue.restype = ctypes.c_bool
    cf.CFBooleanGetValue.argtypes = [ctypes.c_void_p]
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    return MacApi(
        seconds_since_last_event=app.CGEventSourceSecondsSinceLastEventType,
        copy_session_dict=app.CGSessionCopyCurrentDictionary,
        make_key=lambda s: cf.CFStringCreateWithCString(None, s.encode(), UTF8),
        dict_get=cf.CFDictionaryGetValue,
        bool_value=cf.CFBooleanGetValue,
        release=cf.CFRelease,
    )


class MacIdleSource:
    name = "macOS CGEventSource idle time"

    def __init__(self, api: MacApi) -> None:
        self._api = api

    def idle_seconds(self) -> float | None:
        value = float(self._api.seconds_since_last_event(HID_SYSTEM_STATE, ANY_INPUT_EVENT))
        return value if value >= 0 else None

    def close(self) -> None:
        return None


class MacLockState:
    """Reads CGSSessionScreenIsLocked from the session dictionary on each look."""

    name = "macOS session dictionary"

    def __init__(self, api: MacApi) -> None:
        self._api = api
        self._key = api.make_key(LOCKED_KEY)

    def is_locked(self) -> bool | None:
        session = self._api.copy_session_dict()
        if not session:
            return None  # no window-server session (e.g. over SSH)
        try:
            value = self._api.dict_get(session, self._key)
            return bool(value) and self._api.bool_value(value)
        finally:
            self._api.release(session)

    def watch(self, callback: LockCallback) -> bool:
        return False

    def close(self) -> None:
        if self._key:
            self._api.release(self._key)
            self._key = None


def mac_locker(
    run: Callable[..., subprocess.CompletedProcess[bytes]] = subprocess.run,
) -> CommandLocker:
    return CommandLocker(["pmset", "displaysleepnow"], run=run)
