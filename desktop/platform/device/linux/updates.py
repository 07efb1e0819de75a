"""Security updates waiting, from PackageKit on the system bus; automatic security
updates (unattended-upgrades) from apt's own configuration.

A PackageKit search can take several seconds (it builds its cache the first time), so
it never holds up a check: the search runs on its own thread, a reading waits at most
the time limit, and an answer found later is kept for the next check. Each ``Package``
signal carries an info number whose low 16 bits say the kind of update (8 = security;
the high bits hold the severity in recent PackageKit).

``apt-config shell VAR APT::Periodic::Unattended-Upgrade`` prints ``VAR='1'`` (pinned in
the tests); apt offers no other way to read its merged configuration.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jeepney import DBusAddress, MatchRule, Message, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io import blocking
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from desktop.core.device.readings import Unread, UpdatesReading
from desktop.platform.device.linux._common import SYSTEM_BUS, TIME_LIMIT, run

log = logging.getLogger(__name__)

PACKAGEKIT = "org.freedesktop.PackageKit"
PACKAGEKIT_PATH = "/org/freedesktop/PackageKit"
TRANSACTION = "org.freedesktop.PackageKit.Transaction"
INFO_SECURITY = 8
FILTER_NONE = 0
EXIT_SUCCESS = 1


@dataclass(frozen=True)
class _Found:
    security: int
    at: float


def search_security_updates(bus: str, limit: float) -> int:
    """One PackageKit ``GetUpdates`` transaction; the number of security updates.

    Raises ``OSError``/``TimeoutError``/``DBusErrorResponse``/``RuntimeError`` on failure.
    """
    deadline = time.monotonic() + limit

    def left() -> float:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("PackageKit did not finish in time")
        return remaining

    conn = blocking.open_dbus_connection(bus=bus, auth_timeout=min(limit, TIME_LIMIT))
    try:
        manager = DBusAddress(PACKAGEKIT_PATH, bus_name=PACKAGEKIT, interface=PACKAGEKIT)
        reply = conn.send_and_get_reply(
            new_method_call(manager, "CreateTransaction"), timeout=left()
        )
        (path,) = unwrap_msg(reply)
        rule = MatchRule(type="signal", interface=TRANSACTION, path=str(path))
        conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=left())
        signals: deque[Message] = deque()
        with conn.filter(rule, queue=signals):
            transaction = DBusAddress(str(path), bus_name=PACKAGEKIT, interface=TRANSACTION)
            call = new_method_call(transaction, "GetUpdates", "t", (FILTER_NONE,))
            unwrap_msg(conn.send_and_get_reply(call, timeout=left()))
            security = 0
            while True:
                msg = conn.recv_until_filtered(signals, timeout=left())
                member = msg.header.fields.get(3)  # HeaderFields.member
                if member == "Package":
                    info = int(msg.body[0])
                    if info & 0xFFFF == INFO_SECURITY:
                        security += 1
                elif member == "ErrorCode":
                    raise RuntimeError(f"PackageKit error {msg.body[0]}: {msg.body[1]}")
                elif member == "Finished":
                    if int(msg.body[0]) != EXIT_SUCCESS:
                        raise RuntimeError(f"PackageKit finished with exit code {msg.body[0]}")
                    return security
    finally:
        conn.close()


class PackageKitUpdates:
    """Security updates pending, searched in the background and kept for ``max_age``."""

    def __init__(
        self,
        bus: str = SYSTEM_BUS,
        time_limit: float = TIME_LIMIT,
        search_limit: float = 120.0,
        max_age: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bus, self.time_limit, self.search_limit = bus, time_limit, search_limit
        self.max_age, self.clock = max_age, clock
        self._lock = threading.Lock()
        self._found: _Found | None = None
        self._failed: Unread | None = None
        self._search: threading.Thread | None = None
        self._done = threading.Event()

    def _fresh(self) -> _Found | None:
        found = self._found
        if found is not None and self.clock() - found.at <= self.max_age:
            return found
        return None

    def read(self) -> int | Unread:
        with self._lock:
            fresh = self._fresh()
            if fresh is not None:
                return fresh.security
            if self._search is None:
                self._done = threading.Event()
                self._failed = None
                self._search = threading.Thread(
                    target=self._run, name="packagekit-search", daemon=True
                )
                self._search.start()
            done = self._done
        done.wait(self.time_limit)
        with self._lock:
            fresh = self._fresh()
            if fresh is not None:
                return fresh.security
            if self._failed is not None:
                failed, self._failed = self._failed, None
                return failed
        return Unread(
            "The update service (PackageKit) is still looking for updates. Check again in a "
            "minute.",
            "search still running",
        )

    def _run(self) -> None:
        found: _Found | None = None
        failed: Unread | None = None
        try:
            found = _Found(search_security_updates(self.bus, self.search_limit), self.clock())
        except DBusErrorResponse as exc:
            failed = Unread(
                "The update service (PackageKit) is not running, so the app cannot tell "
                "whether updates are waiting.",
                f"{exc.name}",
            )
        except TimeoutError as exc:
            failed = Unread("The update service (PackageKit) did not answer in time.", str(exc))
        except (OSError, RuntimeError, KeyError, ValueError) as exc:
            failed = Unread(
                "The update service (PackageKit) could not be asked about updates.", str(exc)
            )
        with self._lock:
            if found is not None:
                self._found = found
            self._failed = failed
            self._search = None
            self._done.set()


def unattended_upgrades(
    env: Mapping[str, str] | None = None,
    program: Path = Path("/usr/bin/unattended-upgrade"),
) -> bool | None:
    """Automatic security updates switched on (None when apt cannot be asked)."""
    if not os.path.exists(program):
        return False
    done = run(["apt-config", "shell", "UU", "APT::Periodic::Unattended-Upgrade"], env=env)
    if isinstance(done, Unread) or done.returncode != 0:
        return None
    match = re.search(r"^UU='([^']*)'", done.stdout, re.MULTILINE)
    value = match.group(1).strip() if match else ""
    return value not in ("", "0")


class LinuxUpdates:
    """Security updates pending (PackageKit) and whether they install themselves."""

    def __init__(
        self,
        packagekit: PackageKitUpdates | None = None,
        automatic: Callable[[], bool | None] = unattended_upgrades,
    ) -> None:
        self.packagekit = packagekit or PackageKitUpdates()
        self.automatic = automatic

    def read(self) -> UpdatesReading | Unread:
        pending = self.packagekit.read()
        if isinstance(pending, Unread):
            return pending
        return UpdatesReading(
            pending_security=pending, oldest_pending_days=None, automatic=self.automatic()
        )
