"""X11: idle time from the MIT-SCREEN-SAVER extension, and full-screen detection.

Both use libX11 and libXss through ctypes (Debian: libx11-6, libxss1), so there is
nothing to compile and nothing to install from PyPI. Each query is one round trip
to the X server, a few tens of microseconds, cheap enough to run on every look.

Under Wayland, XWayland only sees input sent to X programs, so this idle time is
wrong there; ``select`` does not use it on Wayland.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import POINTER, byref, c_char_p, c_int, c_ubyte, c_ulong, c_void_p
from typing import Any

from desktop.platform.session.interfaces import Presentation

XA_ATOM = 4
ANY_PROPERTY_TYPE = 0
SUCCESS = 0


class X11Unavailable(Exception):
    """The X libraries, the display or the extension are not there; says which."""


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", c_ulong),
        ("state", c_int),
        ("kind", c_int),
        ("til_or_since", c_ulong),
        ("idle", c_ulong),
        ("event_mask", c_ulong),
    ]


_ERROR_HANDLER_TYPE = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)
_x_errors = [0]


def _count_x_error(display: Any, event: Any) -> int:
    # Xlib's default handler ends the program on any error, such as asking about a
    # window that closed a moment ago; a failed query is reported as "not known".
    _x_errors[0] += 1
    return 0


_error_handler = _ERROR_HANDLER_TYPE(_count_x_error)


def _load(name: str, soname: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name) or soname
    try:
        return ctypes.CDLL(path)
    except OSError:
        raise X11Unavailable(f"the {soname} library is not installed") from None


class X11Display:
    """One private connection to an X server, opened with libX11."""

    def __init__(self, display_name: str | None = None) -> None:
        x = _load("X11", "libX11.so.6")
        x.XOpenDisplay.restype, x.XOpenDisplay.argtypes = c_void_p, [c_char_p]
        x.XCloseDisplay.argtypes = [c_void_p]
        x.XDefaultRootWindow.restype, x.XDefaultRootWindow.argtypes = c_ulong, [c_void_p]
        x.XInternAtom.restype, x.XInternAtom.argtypes = c_ulong, [c_void_p, c_char_p, c_int]
        x.XFree.argtypes = [c_void_p]
        x.XSync.argtypes = [c_void_p, c_int]
        x.XGetWindowProperty.argtypes = [
            c_void_p,
            c_ulong,
            c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            c_int,
            c_ulong,
            POINTER(c_ulong),
            POINTER(c_int),
            POINTER(c_ulong),
            POINTER(c_ulong),
            POINTER(POINTER(c_ubyte)),
        ]
        x.XSetErrorHandler.restype = c_void_p
        x.XSetErrorHandler.argtypes = [_ERROR_HANDLER_TYPE]
        self.x = x
        self.dpy = x.XOpenDisplay(display_name.encode() if display_name else None)
        if not self.dpy:
            raise X11Unavailable(f"cannot open the X display {display_name or ''}".strip())
        x.XSetErrorHandler(_error_handler)
        self.root = x.XDefaultRootWindow(self.dpy)

    def atom(self, name: str) -> int:
        return int(self.x.XInternAtom(self.dpy, name.encode(), 0))

    def property_values(self, window: int, prop: int, max_items: int = 64) -> list[int] | None:
        """A window's 32-bit property as a list of numbers; None when it cannot be read."""
        actual_type, actual_format = c_ulong(), c_int()
        nitems, after = c_ulong(), c_ulong()
        data = POINTER(c_ubyte)()
        before = _x_errors[0]
        status = self.x.XGetWindowProperty(
            self.dpy,
            window,
            prop,
            0,
            max_items,
            0,
            ANY_PROPERTY_TYPE,
            byref(actual_type),
            byref(actual_format),
            byref(nitems),
            byref(after),
            byref(data),
        )
        try:
            if status != SUCCESS or _x_errors[0] != before:
                return None
            if not data or actual_format.value != 32:
                return []
            # Format-32 data comes back as C longs, whatever the machine's word size.
            longs = ctypes.cast(data, POINTER(c_ulong))
            return [int(longs[i]) for i in range(nitems.value)]
        finally:
            if data:
                self.x.XFree(data)

    def close(self) -> None:
        if self.dpy:
            self.x.XCloseDisplay(self.dpy)
            self.dpy = None


class X11IdleSource:
    """Idle time from the MIT-SCREEN-SAVER extension (XScreenSaverQueryInfo)."""

    name = "X11 screen saver extension"

    def __init__(self, display: X11Display) -> None:
        xss = _load("Xss", "libXss.so.1")
        xss.XScreenSaverQueryExtension.argtypes = [c_void_p, POINTER(c_int), POINTER(c_int)]
        xss.XScreenSaverAllocInfo.restype = POINTER(_XScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [c_void_p, c_ulong, POINTER(_XScreenSaverInfo)]
        event_base, error_base = c_int(), c_int()
        if not xss.XScreenSaverQueryExtension(display.dpy, byref(event_base), byref(error_base)):
            raise X11Unavailable("the X server has no MIT-SCREEN-SAVER extension")
        self._xss, self._display = xss, display
        self._info = xss.XScreenSaverAllocInfo()

    def idle_seconds(self) -> float | None:
        if not self._display.dpy:
            return None
        if not self._xss.XScreenSaverQueryInfo(self._display.dpy, self._display.root, self._info):
            return None
        return float(self._info.contents.idle) / 1000.0

    def close(self) -> None:
        if self._info:
            self._display.x.XFree(self._info)
            self._info = None


class X11FullscreenDetector:
    """Whether the active window is full screen (_NET_ACTIVE_WINDOW, _NET_WM_STATE).

    Needs a window manager that follows the EWMH hints, as all the common ones do.
    Do-not-disturb is not an X11 idea; ``dnd`` comes from elsewhere.
    """

    name = "X11 window manager hints"

    def __init__(self, display: X11Display) -> None:
        self._display = display
        self._active = display.atom("_NET_ACTIVE_WINDOW")
        self._state = display.atom("_NET_WM_STATE")
        self._fullscreen = display.atom("_NET_WM_STATE_FULLSCREEN")

    def fullscreen(self) -> bool:
        d = self._display
        if not d.dpy:
            return False
        active = d.property_values(d.root, self._active, 1)
        if not active or active[0] == 0:
            return False
        states = d.property_values(active[0], self._state)
        return bool(states) and self._fullscreen in (states or [])

    def state(self) -> Presentation:
        return Presentation(fullscreen=self.fullscreen())

    def close(self) -> None:
        return None
