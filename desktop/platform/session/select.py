"""Chooses, at run time, how to read idle time and lock state and how to lock.

``select_adapters`` tries what this desktop offers, best first, and returns the
adapters with a plain list of what is not available and why, for the settings
window. Nothing that fails here raises: a missing part becomes a ``Missing*``
stand-in and a line in ``missing``.
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from desktop.platform.session.interfaces import (
    ChainLocker,
    CommandLocker,
    IdleSource,
    Locker,
    LockStateSource,
    MissingIdle,
    MissingLockState,
    NoPresentation,
    PresentationDetector,
    SessionPorts,
)

log = logging.getLogger(__name__)
DEFAULT_SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket"


@dataclass
class Adapters(SessionPorts):
    """The parts chosen for this desktop, and what could not be had."""

    missing: list[str] = field(default_factory=list)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def describe(self) -> list[str]:
        """One line per part, for the settings window."""
        return [
            f"Idle time: {self.idle.name}",
            f"Lock state: {self.lock_state.name}",
            f"Lock now: {self.locker.name}",
            f"Full screen: {self.presentation.name}",
        ]

    def close(self) -> None:
        for part in (self.idle, self.lock_state, self.presentation):
            part.close()
        for closer in self.closers:
            closer()


def _policy_locker(lock_command: str, missing: list[str]) -> list[Locker]:
    if not lock_command.strip():
        return []
    try:
        return [CommandLocker.from_policy(lock_command)]
    except ValueError as exc:
        missing.append(f"Lock command: {exc}; the usual ways are used instead.")
        return []


def select_adapters(
    env: Mapping[str, str],
    platform: str = sys.platform,
    lock_command: str = "",
    which: Callable[[str], str | None] = shutil.which,
) -> Adapters:
    """The adapters for this computer; ``env`` is the process environment."""
    if platform.startswith("win"):
        return _windows(lock_command)
    if platform == "darwin":
        return _macos(lock_command)
    return _linux(env, lock_command, which)


def _windows(lock_command: str) -> Adapters:
    from desktop.platform.session import windows

    missing: list[str] = []
    lockers = _policy_locker(lock_command, missing)
    try:
        idle: IdleSource = windows.WindowsIdleSource()
    except (OSError, AttributeError) as exc:
        idle = MissingIdle(str(exc))
        missing.append("Idle time: not available on this computer.")
    try:
        lockers.append(windows.WindowsLocker())
        state: LockStateSource = windows.WtsLockState()
        presentation: PresentationDetector = windows.WindowsPresentation()
    except (OSError, AttributeError):
        state, presentation = MissingLockState("not available"), NoPresentation()
        missing.append("Lock state: not available on this computer.")
    missing.append(
        "Focus Assist: Windows has no documented way to read it; "
        "full-screen programs and presentations are still noticed."
    )
    return Adapters(idle, state, ChainLocker(lockers), presentation, missing)


def _macos(lock_command: str) -> Adapters:
    from desktop.platform.session import macos

    missing: list[str] = []
    lockers = _policy_locker(lock_command, missing)
    lockers.append(macos.mac_locker())
    try:
        api = macos.real_api()
        idle: IdleSource = macos.MacIdleSource(api)
        state: LockStateSource = macos.MacLockState(api)
    except (OSError, AttributeError):
        idle, state = MissingIdle("not available"), MissingLockState("not available")
        missing.append("Idle time and lock state: not available on this Mac.")
    missing.append(
        "Full screen and Focus: not detected on macOS, so reminders may "
        "appear during a presentation; pause them from the menu."
    )
    return Adapters(idle, state, ChainLocker(lockers), NoPresentation(), missing)


def _linux(
    env: Mapping[str, str], lock_command: str, which: Callable[[str], str | None]
) -> Adapters:
    from desktop.platform.dbus import DBusCaller, DBusCallError
    from desktop.platform.session import linux

    missing: list[str] = []
    closers: list[Callable[[], None]] = []
    wayland = env.get("XDG_SESSION_TYPE") == "wayland" or bool(env.get("WAYLAND_DISPLAY"))
    desktop = env.get("XDG_CURRENT_DESKTOP", "").lower()
    session = (
        DBusCaller(env["DBUS_SESSION_BUS_ADDRESS"]) if env.get("DBUS_SESSION_BUS_ADDRESS") else None
    )
    if session is not None:
        closers.append(session.close)

    display = None
    if env.get("DISPLAY") and not wayland:
        from desktop.platform.session.x11 import X11Display, X11Unavailable

        try:
            display = X11Display(env["DISPLAY"])
            closers.append(display.close)
        except X11Unavailable as exc:
            missing.append(f"X11: {exc}.")

    # Idle time: the X extension on X11; on Wayland only the desktop knows.
    idle: IdleSource | None = None
    if display is not None:
        from desktop.platform.session.x11 import X11IdleSource, X11Unavailable

        try:
            idle = X11IdleSource(display)
        except X11Unavailable as exc:
            missing.append(f"Idle time (X11): {exc}.")
    if idle is None and session is not None:
        candidates: list[IdleSource] = [
            linux.MutterIdleSource(session),
            linux.ScreenSaverIdleSource(session, "kde" in desktop),
        ]
        idle = next((c for c in candidates if c.idle_seconds() is not None), None)
    if idle is None:
        where = "Wayland without GNOME or KDE" if wayland else "no X display or desktop service"
        idle = MissingIdle(where)
        missing.append(
            f"Idle time: not available on this desktop ({where}), "
            "so no reminder can tell when you step away."
        )

    # Lock state: the screen saver service with its signal, else logind.
    state: LockStateSource | None = None
    lockers = _policy_locker(lock_command, missing)
    if session is not None:
        for service in (linux.GNOME_SCREENSAVER, linux.FDO_SCREENSAVER):
            if not session.has_owner(service[0]):
                continue
            lockers.append(linux.DBusLocker(session, service))
            candidate = linux.ScreenSaverLockState(session, service)
            if state is None and candidate.is_locked() is not None:
                state = candidate
    if state is None:
        system = DBusCaller(env.get("DBUS_SYSTEM_BUS_ADDRESS") or DEFAULT_SYSTEM_BUS)
        closers.append(system.close)
        try:
            path = linux.LogindLockState.find_session(system, env.get("XDG_SESSION_ID"))
            logind = linux.LogindLockState(system, path)
            if logind.is_locked() is not None:
                state = logind
        except DBusCallError as exc:
            log.info("logind is not available: %s", exc)
    if state is None:
        state = MissingLockState("none")
        missing.append(
            "Lock state: not available on this desktop (no screen saver "
            "service or logind), so the app cannot confirm a lock."
        )
    if which("loginctl"):
        session_id = env.get("XDG_SESSION_ID")
        lockers.append(
            CommandLocker(["loginctl", "lock-session"] + ([session_id] if session_id else []))
        )
    if not lockers:
        missing.append(
            "Lock now: no way to lock this desktop was found; "
            "IT can set lock_command in the policy."
        )

    # Full screen from X11 hints; do-not-disturb from the notification server or GNOME.
    fullscreen = None
    if display is not None:
        from desktop.platform.session.x11 import X11FullscreenDetector

        fullscreen = X11FullscreenDetector(display).fullscreen
    else:
        missing.append(
            "Full-screen windows: cannot be noticed on this desktop "
            "(Wayland), so pause reminders before presenting."
        )
    dnd = None
    if session is not None:
        inhibited = linux.NotificationsInhibited(session)
        if inhibited.dnd() is not None:
            dnd = inhibited.dnd
    if dnd is None and "gnome" in desktop and which("gsettings"):
        dnd = linux.GnomeBannersOff().dnd
    if dnd is None:
        missing.append("Do not disturb: cannot be read on this desktop.")
    parts = [p for p, on in (("X11 full screen", fullscreen), ("do not disturb", dnd)) if on]
    presentation: PresentationDetector = (
        linux.LinuxPresentation(fullscreen, dnd, " and ".join(parts)) if parts else NoPresentation()
    )
    return Adapters(idle, state, ChainLocker(lockers), presentation, missing, closers)
