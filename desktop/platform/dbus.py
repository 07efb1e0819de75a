"""Small D-Bus helpers on jeepney (pure Python, already a dependency of keyring).

``DBusCaller`` makes method calls with a short time limit, so a desktop service that
hangs can delay a look at the computer by a second at most, never freeze the app.
``SignalWatcher`` listens for one kind of signal on its own connection and thread,
so lock changes arrive as events and the app does not have to poll for them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MatchRule,
    Message,
    MessageType,
    Properties,
    new_method_call,
)
from jeepney.bus_messages import message_bus
from jeepney.io import blocking
from jeepney.io import threading as jthreading
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

log = logging.getLogger(__name__)

CALL_TIMEOUT = 1.0


class DBusCallError(Exception):
    """A D-Bus call failed: no bus, no such service, an error reply, or no reply in time."""


class DBusCaller:
    """Method calls on one bus ('SESSION', 'SYSTEM' or an address), over one connection.

    The connection opens on first use and reopens after a failure; calls are
    serialised, because the lock may be asked for from a worker thread while the
    timer looks at the idle time.
    """

    def __init__(self, bus: str = "SESSION", timeout: float = CALL_TIMEOUT) -> None:
        self.bus, self.timeout = bus, timeout
        self._conn: blocking.DBusConnection | None = None
        self._lock = threading.Lock()

    def call(
        self,
        service: str,
        path: str,
        interface: str,
        method: str,
        signature: str | None = None,
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        address = DBusAddress(path, bus_name=service, interface=interface)
        return self.send(new_method_call(address, method, signature, body))

    def get_property(self, service: str, path: str, interface: str, name: str) -> Any:
        msg = Properties(DBusAddress(path, bus_name=service, interface=interface)).get(name)
        (variant,) = self.send(msg)
        return variant[1]

    def has_owner(self, service: str) -> bool:
        try:
            (owned,) = self.send(message_bus.NameHasOwner(service))
        except DBusCallError:
            return False
        return bool(owned)

    def send(self, msg: Message) -> tuple[Any, ...]:
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = blocking.open_dbus_connection(
                        bus=self.bus, auth_timeout=self.timeout
                    )
                reply = self._conn.send_and_get_reply(msg, timeout=self.timeout)
                result: tuple[Any, ...] = unwrap_msg(reply)
                return result
            except DBusErrorResponse as exc:
                raise DBusCallError(f"{exc.name}: {exc.data[0] if exc.data else ''}") from None
            except (OSError, TimeoutError, KeyError, RuntimeError, ValueError) as exc:
                # KeyError: no DBUS_SESSION_BUS_ADDRESS; RuntimeError: odd bus address.
                self._close_locked()
                raise DBusCallError(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._close_locked()

    def _close_locked(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None


class SignalWatcher:
    """Calls ``on_signal(body)`` for each signal matching ``interface``/``member``.

    The callback runs on the watcher's own thread; the Qt side passes it on to the
    GUI thread through a queued signal.
    """

    def __init__(
        self,
        bus: str,
        interface: str,
        member: str,
        on_signal: Callable[[tuple[Any, ...], str], None],
        path: str | None = None,
        arg0: str | None = None,
    ) -> None:
        self.rule = MatchRule(type="signal", interface=interface, member=member, path=path)
        if arg0 is not None:
            self.rule.add_arg_condition(0, arg0)
        self._bus, self._on_signal = bus, on_signal
        self._conn: jthreading.DBusConnection | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Subscribe; raises DBusCallError when the bus cannot be reached."""
        try:
            conn = jthreading.open_dbus_connection(bus=self._bus)
            with jthreading.DBusRouter(conn) as router:
                jthreading.Proxy(message_bus, router, timeout=CALL_TIMEOUT).AddMatch(self.rule)
        except (OSError, TimeoutError, KeyError, RuntimeError, DBusErrorResponse) as exc:
            raise DBusCallError(f"cannot watch {self.rule.serialise()}: {exc}") from None
        self._conn = conn
        self._thread = threading.Thread(target=self._run, name="dbus-signals", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = self._conn
        assert conn is not None
        while True:
            try:
                msg = conn.receive()
            except jthreading.ReceiveStopped:
                return
            except (OSError, ValueError) as exc:
                log.warning("Stopped listening for %s: %s", self.rule.serialise(), exc)
                return
            if msg.header.message_type is MessageType.signal and self.rule.matches(msg):
                path = str(msg.header.fields.get(HeaderFields.path, ""))
                try:
                    self._on_signal(tuple(msg.body), path)
                except Exception:  # a faulty callback must not end the listening
                    log.exception("Lock change handler failed")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.interrupt()
            if self._thread is not None:
                self._thread.join(timeout=2)
            self._conn.close()
            self._conn = None
