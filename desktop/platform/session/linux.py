"""Linux desktops over D-Bus: lock state, idle time on Wayland, locking, do-not-disturb.

Lock state comes from the screen saver service (``org.freedesktop.ScreenSaver`` on
KDE and others, ``org.gnome.ScreenSaver`` on GNOME) with its ``ActiveChanged``
signal, or from logind's ``LockedHint`` on the system bus. Idle time on GNOME
Wayland comes from ``org.gnome.Mutter.IdleMonitor``; on KDE from the screen saver's
``GetSessionIdleTime``. Locking tries the screen saver services and then
``loginctl lock-session`` (see ``select``).
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

from desktop.platform.dbus import DBusCaller, DBusCallError, SignalWatcher
from desktop.platform.session.interfaces import LockAttempt, LockCallback, Presentation

FDO_SCREENSAVER = (
    "org.freedesktop.ScreenSaver",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver",
)
GNOME_SCREENSAVER = ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver")
MUTTER_IDLE = (
    "org.gnome.Mutter.IdleMonitor",
    "/org/gnome/Mutter/IdleMonitor/Core",
    "org.gnome.Mutter.IdleMonitor",
)
LOGIN1 = "org.freedesktop.login1"
LOGIN1_SESSION = "org.freedesktop.login1.Session"


class _SignalWatching:
    """Keeps one D-Bus signal watcher for a lock-state source and closes it."""

    _watcher: SignalWatcher | None = None

    def _start_watching(self, watcher: SignalWatcher) -> bool:
        try:
            watcher.start()
        except DBusCallError:
            return False
        self._watcher = watcher
        return True

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None


class ScreenSaverLockState(_SignalWatching):
    """Lock state from a screen saver service: GetActive, and ActiveChanged as events.

    The screen saver being active is the locked state on desktops that lock with it,
    which is how GNOME, KDE, Cinnamon, MATE and xfce4-screensaver are set up by default.
    """

    def __init__(self, caller: DBusCaller, service: tuple[str, str, str] = FDO_SCREENSAVER) -> None:
        self._caller = caller
        self._service, self._path, self._iface = service
        self.name = f"{self._service} (D-Bus)"
        self._watcher: SignalWatcher | None = None
        self._last: bool | None = None
        self._guard = threading.Lock()

    def is_locked(self) -> bool | None:
        try:
            (active,) = self._caller.call(self._service, self._path, self._iface, "GetActive")
        except DBusCallError:
            return None
        with self._guard:
            self._last = bool(active)
        return bool(active)

    def watch(self, callback: LockCallback) -> bool:
        def changed(body: tuple[Any, ...], path: str) -> None:
            if body and isinstance(body[0], bool):
                with self._guard:
                    self._last = body[0]
                callback(body[0])

        watcher = SignalWatcher(self._caller.bus, self._iface, "ActiveChanged", changed)
        return self._start_watching(watcher)


class LogindLockState(_SignalWatching):
    """Lock state from logind's LockedHint, which GNOME and KDE lock screens set."""

    name = "logind LockedHint"

    def __init__(self, caller: DBusCaller, session_path: str) -> None:
        self._caller, self.session_path = caller, session_path
        self._watcher: SignalWatcher | None = None

    @staticmethod
    def find_session(caller: DBusCaller, session_id: str | None) -> str:
        """The object path of this login session; raises DBusCallError when unknown."""
        manager = ("/org/freedesktop/login1", "org.freedesktop.login1.Manager")
        if session_id:
            (path,) = caller.call(LOGIN1, *manager, "GetSession", "s", (session_id,))
        else:
            import os

            (path,) = caller.call(LOGIN1, *manager, "GetSessionByPID", "u", (os.getpid(),))
        return str(path)

    def is_locked(self) -> bool | None:
        try:
            value = self._caller.get_property(
                LOGIN1, self.session_path, LOGIN1_SESSION, "LockedHint"
            )
        except DBusCallError:
            return None
        return bool(value)

    def watch(self, callback: LockCallback) -> bool:
        def changed(body: tuple[Any, ...], path: str) -> None:
            if path != self.session_path or len(body) < 2:
                return
            props = body[1]
            if isinstance(props, dict) and "LockedHint" in props:
                callback(bool(props["LockedHint"][1]))

        watcher = SignalWatcher(
            self._caller.bus,
            "org.freedesktop.DBus.Properties",
            "PropertiesChanged",
            changed,
            path=self.session_path,
            arg0=LOGIN1_SESSION,
        )
        return self._start_watching(watcher)


class MutterIdleSource:
    """Idle time on GNOME (Wayland and X11) from org.gnome.Mutter.IdleMonitor."""

    name = "GNOME Mutter idle monitor (D-Bus)"

    def __init__(self, caller: DBusCaller) -> None:
        self._caller = caller

    def idle_seconds(self) -> float | None:
        try:
            (ms,) = self._caller.call(*MUTTER_IDLE, "GetIdletime")
        except DBusCallError:
            return None
        return float(ms) / 1000.0

    def close(self) -> None:
        return None


class ScreenSaverIdleSource:
    """Idle time from org.freedesktop.ScreenSaver.GetSessionIdleTime, where it answers.

    The specification says seconds; KDE answers in milliseconds, so the unit is chosen
    by ``select`` from the desktop in use. GNOME answers with an error (not supported).
    """

    def __init__(self, caller: DBusCaller, milliseconds: bool = False) -> None:
        self._caller, self._scale = caller, 1000.0 if milliseconds else 1.0
        self.name = "org.freedesktop.ScreenSaver idle time (D-Bus)"

    def idle_seconds(self) -> float | None:
        try:
            (value,) = self._caller.call(*FDO_SCREENSAVER, "GetSessionIdleTime")
        except DBusCallError:
            return None
        return float(value) / self._scale

    def close(self) -> None:
        return None


class DBusLocker:
    """Locks through a screen saver service's Lock method."""

    def __init__(self, caller: DBusCaller, service: tuple[str, str, str]) -> None:
        self._caller, self._service = caller, service
        self.name = f"{service[0]}.Lock"

    def lock(self) -> LockAttempt:
        try:
            self._caller.call(*self._service, "Lock")
        except DBusCallError as exc:
            return LockAttempt(False, self.name, str(exc))
        return LockAttempt(True, self.name)


class NotificationsInhibited:
    """Do-not-disturb as the notification server reports it (KDE's ``Inhibited``)."""

    name = "notification server do-not-disturb (D-Bus)"

    def __init__(self, caller: DBusCaller) -> None:
        self._caller = caller

    def dnd(self) -> bool | None:
        try:
            return bool(
                self._caller.get_property(
                    "org.freedesktop.Notifications",
                    "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications",
                    "Inhibited",
                )
            )
        except DBusCallError:
            return None


class GnomeBannersOff:
    """GNOME's do-not-disturb switch (notification banners off), read with gsettings.

    Starting gsettings costs a few milliseconds, so the answer is kept for a minute.
    """

    name = "GNOME do-not-disturb (gsettings)"
    TTL = 60.0

    def __init__(
        self,
        run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._run, self._now = run, now
        self._cached: tuple[float, bool | None] | None = None

    def dnd(self) -> bool | None:
        if self._cached is not None and self._now() - self._cached[0] < self.TTL:
            return self._cached[1]
        try:
            done = self._run(
                ["gsettings", "get", "org.gnome.desktop.notifications", "show-banners"],
                capture_output=True,
                text=True,
                timeout=2,
                check=False,
            )
            value = (
                {"true": False, "false": True}.get(done.stdout.strip())
                if done.returncode == 0
                else None
            )
        except (OSError, subprocess.TimeoutExpired):
            value = None
        self._cached = (self._now(), value)
        return value


class LinuxPresentation:
    """Full screen from X11 hints (where there is X11) and do-not-disturb from D-Bus."""

    def __init__(
        self,
        fullscreen: Callable[[], bool] | None,
        dnd: Callable[[], bool | None] | None,
        name: str,
    ) -> None:
        self._fullscreen, self._dnd, self.name = fullscreen, dnd, name

    def state(self) -> Presentation:
        return Presentation(
            fullscreen=bool(self._fullscreen and self._fullscreen()),
            dnd=bool(self._dnd and self._dnd()),
        )

    def close(self) -> None:
        return None
