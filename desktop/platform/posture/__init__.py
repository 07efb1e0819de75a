"""Where the posture document is mirrored on each system: registry, plist, journald, Event Log.

``posture_recorder`` builds the one recorder the app and ``hygiene device`` use: the
JSON document in the person's state folder, plus the native stores of that system.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.device.findings import System
from desktop.core.posture.document import OUTSIDE, SESSION
from desktop.core.posture.store import ChangeSink, PostureMirror, PostureRecorder
from desktop.platform.posture.journald import SOCKET, JournalSink
from desktop.platform.posture.plist import FILE_NAME as PLIST_NAME
from desktop.platform.posture.plist import PlistMirror

if TYPE_CHECKING:
    from desktop.core.kit.secrets import SecretBackend


def this_system() -> System:
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def check_history_store(find_backend: Callable[[], SecretBackend]) -> None:
    """Raise StoreUnavailable when this person's keyring cannot hold the password history.

    Only asks whether a usable keyring backend exists (``find_backend``: the app's one
    keyring); it never reads a secret, so it never makes the keyring ask to be unlocked.
    """
    from desktop.core.history.errors import StoreUnavailable

    try:
        backend = find_backend()
        usable = backend.priority > 0  # keyring's "fail" stand-in rates itself 0
    except Exception as exc:  # no D-Bus, no Secret Service: not usable
        raise StoreUnavailable("no keyring") from exc
    if not usable:
        raise StoreUnavailable("no keyring")


def _advapi32() -> object:
    """advapi32 with the handle types set, so a 64-bit event-source handle is not cut."""
    import ctypes
    from ctypes import wintypes

    api = ctypes.windll.advapi32  # type: ignore[attr-defined,unused-ignore]
    api.RegisterEventSourceW.restype = wintypes.HANDLE
    api.RegisterEventSourceW.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR]
    api.DeregisterEventSource.argtypes = [wintypes.HANDLE]
    api.ReportEventW.argtypes = [
        wintypes.HANDLE,
        wintypes.WORD,
        wintypes.WORD,
        wintypes.DWORD,
        ctypes.c_void_p,
        wintypes.WORD,
        wintypes.DWORD,
        ctypes.POINTER(wintypes.LPCWSTR),
        ctypes.c_void_p,
    ]
    return api


def reading_context(system: System, environ: Mapping[str, str]) -> str:
    """Where this process reads the computer from: ``SESSION`` inside the person's own
    desktop session (the tray app, a terminal on the desktop), ``OUTSIDE`` otherwise (an
    SSH session, an agent or a scheduled task with no desktop)."""
    if environ.get("SSH_CONNECTION") or environ.get("SSH_TTY"):
        return OUTSIDE
    if system == "linux":
        graphical = environ.get("WAYLAND_DISPLAY") or environ.get("DISPLAY")
        return SESSION if environ.get("XDG_CURRENT_DESKTOP") and graphical else OUTSIDE
    if system == "windows":
        # Services and scheduled tasks without a logged-on desktop have no SESSIONNAME.
        return SESSION if environ.get("SESSIONNAME") else OUTSIDE
    return SESSION


def posture_recorder(
    system: System,
    path: Path,
    journal_socket: str | None = None,
    read_in: str = SESSION,
) -> PostureRecorder:
    """The recorder of the document at ``path`` on ``system``, with that system's mirrors
    (the composition root gives the path, any journal socket other than systemd's, and
    where this process reads the computer from: ``SESSION`` or ``OUTSIDE``, see
    ``reading_context``)."""
    mirrors: list[PostureMirror] = []
    sinks: list[ChangeSink] = []
    if system == "windows":
        import winreg  # type: ignore[import-not-found,unused-ignore]

        from desktop.platform.posture.eventlog import EventLogSink
        from desktop.platform.posture.registry import RegistryMirror

        mirrors.append(RegistryMirror(winreg))  # type: ignore[arg-type,unused-ignore]
        sinks.append(EventLogSink(_advapi32()))  # type: ignore[arg-type]
    elif system == "macos":
        mirrors.append(PlistMirror(path.with_name(PLIST_NAME)))
    else:
        socket_path = journal_socket or SOCKET
        if os.path.exists(socket_path):
            sinks.append(JournalSink(socket_path))
    return PostureRecorder(path, mirrors, sinks, read_in=read_in)
