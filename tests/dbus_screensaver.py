"""Test helpers for the lock reminder's D-Bus code: a private session bus, and a small
``org.freedesktop.ScreenSaver`` service (GetActive, SetActive, Lock, GetSessionIdleTime,
SimulateUserActivity and the ActiveChanged signal) written with jeepney.

The service runs on its own thread and connection, so the code under test talks to
it over a real bus exactly as it would to KDE's or GNOME's. ``lock_works=False``
makes Lock reply without locking, like a desktop that ignores the request.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io import threading as jthreading

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/org/freedesktop/ScreenSaver"


def need_tool(name: str) -> str:
    """The tool's path; a missing tool fails the test in CI and skips it elsewhere."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/setup.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def private_session_bus() -> Iterator[str]:
    """Start a dbus-daemon of our own; yields its address and stops it afterwards."""
    daemon = need_tool("dbus-daemon")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        if not address:
            pytest.fail("dbus-daemon did not start")
        yield address
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()


class TestScreenSaver:
    """A screen saver service on a bus; ``active`` is its locked state."""

    __test__ = False  # not a pytest test class

    def __init__(
        self, address: str, lock_works: bool = True, service: str = SERVICE, path: str = PATH
    ) -> None:
        self.address, self.lock_works = address, lock_works
        self.service, self.path, self.interface = service, path, service
        self.active = False
        self.lock_calls = 0
        self.last_activity = time.monotonic()
        self._conn: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> TestScreenSaver:
        self._conn = jthreading.open_dbus_connection(bus=self.address)
        with jthreading.DBusRouter(self._conn) as router:
            (reply,) = jthreading.Proxy(message_bus, router, timeout=2).RequestName(
                self.service, 4
            )  # DO_NOT_QUEUE
            assert reply == 1, "the test bus must be our own"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def set_active(self, active: bool) -> None:
        """What the desktop does when the person locks or unlocks."""
        changed = active != self.active
        self.active = active
        if changed:
            emitter = DBusAddress(self.path, interface=self.interface)
            self._conn.send(new_signal(emitter, "ActiveChanged", "b", (active,)))

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.interrupt()
            if self._thread is not None:
                self._thread.join(timeout=2)
            self._conn.close()
            self._conn = None

    def _serve(self) -> None:
        while True:
            try:
                msg = self._conn.receive()
            except (jthreading.ReceiveStopped, OSError):
                return
            if msg.header.message_type is not MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            if member == "GetActive":
                reply = new_method_return(msg, "b", (self.active,))
            elif member == "SetActive":
                self.set_active(bool(msg.body[0]))
                reply = new_method_return(msg, "b", (True,))
            elif member == "Lock":
                self.lock_calls += 1
                if self.lock_works:
                    self.set_active(True)
                reply = new_method_return(msg)
            elif member == "GetSessionIdleTime":
                idle = int(time.monotonic() - self.last_activity)
                reply = new_method_return(msg, "u", (idle,))
            elif member == "SimulateUserActivity":
                self.last_activity = time.monotonic()
                reply = new_method_return(msg)
            else:
                reply = new_error(
                    msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",)
                )
            self._conn.send(reply)


class TestLogind(TestScreenSaver):
    """Just enough of logind (org.freedesktop.login1) for the LockedHint adapter:
    GetSession/GetSessionByPID, Properties.Get of LockedHint, Lock, and
    PropertiesChanged when the hint changes."""

    __test__ = False
    SESSION_PATH = "/org/freedesktop/login1/session/_31"

    def __init__(self, address: str) -> None:
        super().__init__(address, service="org.freedesktop.login1", path=self.SESSION_PATH)

    def set_active(self, active: bool) -> None:
        changed = active != self.active
        self.active = active
        if changed:
            emitter = DBusAddress(self.SESSION_PATH, interface="org.freedesktop.DBus.Properties")
            self._conn.send(
                new_signal(
                    emitter,
                    "PropertiesChanged",
                    "sa{sv}as",
                    ("org.freedesktop.login1.Session", {"LockedHint": ("b", active)}, []),
                )
            )

    def _serve(self) -> None:
        while True:
            try:
                msg = self._conn.receive()
            except (jthreading.ReceiveStopped, OSError):
                return
            if msg.header.message_type is not MessageType.method_call:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            if member in ("GetSession", "GetSessionByPID"):
                reply = new_method_return(msg, "o", (self.SESSION_PATH,))
            elif member == "Get" and msg.body[1] == "LockedHint":
                reply = new_method_return(msg, "v", (("b", self.active),))
            elif member == "Lock":
                self.lock_calls += 1
                self.set_active(True)
                reply = new_method_return(msg)
            else:
                reply = new_error(
                    msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no method {member}",)
                )
            self._conn.send(reply)
