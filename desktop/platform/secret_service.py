"""The Secret Service (GNOME Keyring, KeePassXC, KWallet's bridge) spoken directly over D-Bus.

On Linux this is the app's keyring unless the person chose another (see
``desktop.platform.keyring``). It replaces ``keyring``'s own Secret Service backend,
which loads ``keyring``, ``secretstorage`` and ``cryptography``: about 20 MiB resident
and an entry-point scan of every installed package, for three calls. This client is the
``jeepney`` the app already uses for the desktop's other services, and about 0.2 MiB.

Items stay exactly as ``keyring`` writes them, so a person's history and words carry
over in both directions: the default collection, the attributes ``service``,
``username`` and ``application`` ("Python keyring library"), the label "Password for
'<username>' on '<service>'", and a UTF-8 secret of content type ``text/plain``.
Reading looks for ``service`` and ``username`` only, as ``keyring`` does; writing
replaces the item with the same three attributes.

Secrets cross the person's own session bus in the Secret Service's "plain" transfer.
``keyring`` (through ``secretstorage``) wraps them in a Diffie-Hellman session when it
can; that does not keep them from anyone who can read that bus, who is the same person
(or root) and may ask the service for every secret directly. What is stored is never a
password: salted slow hashes, the personal words, and the mail relay's sign-in.

A locked collection is unlocked the way the desktop expects: the service's own prompt,
answered by the person. A prompt dismissed, or one no desktop can show, is
``SecretStoreLocked``. Each call opens its own connection and closes it, so any thread
may call.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Mapping
from typing import Any

from jeepney import DBusAddress, MatchRule, Message, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

from desktop.core.kit.secrets import SecretNotFound, SecretStoreError, SecretStoreLocked

BUS_NAME = "org.freedesktop.secrets"
SERVICE_PATH = "/org/freedesktop/secrets"
SERVICE_IFACE = "org.freedesktop.Secret.Service"
COLLECTION_IFACE = "org.freedesktop.Secret.Collection"
ITEM_IFACE = "org.freedesktop.Secret.Item"
PROMPT_IFACE = "org.freedesktop.Secret.Prompt"
NO_OBJECT = "/"
APPLICATION = "Python keyring library"  # what ``keyring`` writes: kept, so items match
CONTENT_TYPE = "text/plain; charset=utf8"
CALL_TIMEOUT = 10.0  # a first call may wait while the daemon opens its keyring file
PROMPT_TIMEOUT = 300.0  # the person is typing their password into the unlock prompt
ALIAS_RETRIES = (0.02, 0.05, 0.1, 0.2, 0.0)  # pauses between asks for the default keyring


def query(service: str, username: str) -> dict[str, str]:
    """The attributes ``keyring`` looks an item up by."""
    return {"username": username, "service": service}


def service_available(bus: str) -> bool:
    """A Secret Service is running on ``bus``, or D-Bus can start one there."""
    try:
        with contextlib.closing(open_dbus_connection(bus=bus)) as conn:
            (owned,) = _call(conn, message_bus.NameHasOwner(BUS_NAME))
            if owned:
                return True
            (names,) = _call(conn, message_bus.ListActivatableNames())
            return BUS_NAME in names
    except (OSError, KeyError, ValueError, TimeoutError, DBusErrorResponse):
        return False


def _call(conn: DBusConnection, msg: Message, timeout: float = CALL_TIMEOUT) -> tuple[Any, ...]:
    reply = conn.send_and_get_reply(msg, timeout=timeout)
    return tuple(unwrap_msg(reply))


class SecretServiceStore:
    """A ``SecretBackend`` on the Secret Service of one session bus (see the module notes).

    ``bus`` is ``"SESSION"`` or a bus address (the composition root passes the
    person's ``DBUS_SESSION_BUS_ADDRESS``)."""

    priority = 5.0  # a real secret store, as keyring rates its own Secret Service

    def __init__(self, bus: str = "SESSION", prompt_timeout: float = PROMPT_TIMEOUT) -> None:
        self.bus = bus
        self.prompt_timeout = prompt_timeout

    # -- the three calls of a keyring backend ---------------------------------------

    def get_password(self, service: str, username: str) -> str | None:
        with self._session() as (conn, session, collection):
            for item in self._search(conn, collection, query(service, username)):
                self._unlock(conn, [item])
                secret = self._item(conn, item, "GetSecret", "o", (session,))[0]
                value: bytes = secret[2]
                return value.decode("utf-8")  # not text: UnicodeDecodeError, as keyring
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = {**query(service, username), "application": APPLICATION}
        properties = {
            "org.freedesktop.Secret.Item.Label": (
                "s",
                f"Password for '{username}' on '{service}'",
            ),
            "org.freedesktop.Secret.Item.Attributes": ("a{ss}", attributes),
        }
        with self._session() as (conn, session, collection):
            secret = (session, b"", password.encode("utf-8"), CONTENT_TYPE)
            address = DBusAddress(collection, BUS_NAME, COLLECTION_IFACE)
            msg = new_method_call(
                address, "CreateItem", "a{sv}(oayays)b", (properties, secret, True)
            )
            item, prompt = self._reply(conn, msg)
            if item == NO_OBJECT:
                item = self._prompt(conn, prompt)
            # "Replace" only matches items holding all three attributes. A copy of this
            # entry written by another tool (``secret-tool``: no ``application``) would
            # survive beside the new one, and a reader (this app, or keyring after a
            # downgrade) could be handed the old value. Only the new one is kept.
            for other in self._search(conn, collection, query(service, username)):
                if other != item:
                    (prompt,) = self._item(conn, other, "Delete")
                    self._prompt(conn, prompt)

    def delete_password(self, service: str, username: str) -> None:
        with self._session() as (conn, _session, collection):
            for item in self._search(conn, collection, query(service, username)):
                (prompt,) = self._item(conn, item, "Delete")
                self._prompt(conn, prompt)
                return
        raise SecretNotFound("nothing is stored under that name")

    # -- the conversation -----------------------------------------------------------

    @contextlib.contextmanager
    def _session(self) -> Iterator[tuple[DBusConnection, str, str]]:
        """A connection, a "plain" transfer session on it, and the unlocked default
        collection."""
        try:
            conn = open_dbus_connection(bus=self.bus)
        except (OSError, KeyError, ValueError) as exc:  # no bus, or no address for one
            raise SecretStoreError(f"no session bus: {type(exc).__name__}") from exc
        with contextlib.closing(conn):
            # The first call must not be OpenSession: gnome-keyring (up to 50 at least)
            # learns about a new caller while answering its first calls, and a caller
            # whose first call is OpenSession can make it abort (a NULL client). The
            # collection is asked for first, until a real answer shows the daemon knows
            # this caller (see ``_default_collection``).
            collection = self._default_collection(conn)
            _output, session = self._service(conn, "OpenSession", "sv", ("plain", ("s", "")))
            self._unlock(conn, [collection])
            yield conn, session, collection

    def _reply(self, conn: DBusConnection, msg: Message) -> tuple[Any, ...]:
        try:
            return _call(conn, msg)
        except DBusErrorResponse as exc:
            if exc.name == "org.freedesktop.Secret.Error.IsLocked":
                raise SecretStoreLocked("the keyring is locked") from exc
            raise SecretStoreError(f"the keyring refused: {exc.name}") from exc
        except TimeoutError as exc:
            raise SecretStoreError("the keyring did not answer") from exc

    def _service(self, conn: DBusConnection, method: str, sig: str, body: tuple[Any, ...]) -> Any:
        address = DBusAddress(SERVICE_PATH, BUS_NAME, SERVICE_IFACE)
        return self._reply(conn, new_method_call(address, method, sig, body))

    def _item(
        self, conn: DBusConnection, item: str, method: str, sig: str | None = None, body: Any = ()
    ) -> tuple[Any, ...]:
        address = DBusAddress(item, BUS_NAME, ITEM_IFACE)
        return self._reply(conn, new_method_call(address, method, sig, body))

    def _default_collection(self, conn: DBusConnection) -> str:
        # While gnome-keyring has not yet learnt of this caller it answers "no such
        # collection" ("/"), so that answer is only believed when it is repeated.
        for pause in ALIAS_RETRIES:
            (path,) = self._service(conn, "ReadAlias", "s", ("default",))
            if path != NO_OBJECT:
                return str(path)
            time.sleep(pause)
        # No default keyring yet (a new account): make one, as keyring would.
        properties = {"org.freedesktop.Secret.Collection.Label": ("s", "Default")}
        path, prompt = self._service(conn, "CreateCollection", "a{sv}s", (properties, "default"))
        if path == NO_OBJECT:
            path = self._prompt(conn, prompt)
        if not isinstance(path, str) or path == NO_OBJECT:
            raise SecretStoreError("no default keyring could be made")
        return path

    def _search(self, conn: DBusConnection, collection: str, attributes: Mapping[str, str]) -> Any:
        address = DBusAddress(collection, BUS_NAME, COLLECTION_IFACE)
        msg = new_method_call(address, "SearchItems", "a{ss}", (dict(attributes),))
        (items,) = self._reply(conn, msg)
        return items

    def _unlock(self, conn: DBusConnection, objects: list[str]) -> None:
        unlocked, prompt = self._service(conn, "Unlock", "ao", (objects,))
        if set(objects) <= set(unlocked):
            return
        result = self._prompt(conn, prompt)
        if not (isinstance(result, list) and set(objects) <= set(result)):
            raise SecretStoreLocked("the keyring stayed locked")

    def _prompt(self, conn: DBusConnection, prompt: str) -> Any:
        """Show the service's prompt, wait for the person, and return its result."""
        if prompt == NO_OBJECT:
            return None
        rule = MatchRule(
            type=MessageType.signal, interface=PROMPT_IFACE, member="Completed", path=prompt
        )
        self._reply(conn, message_bus.AddMatch(rule))
        with conn.filter(rule) as signals:
            address = DBusAddress(prompt, BUS_NAME, PROMPT_IFACE)
            self._reply(conn, new_method_call(address, "Prompt", "s", ("",)))
            try:
                completed = conn.recv_until_filtered(signals, timeout=self.prompt_timeout)
            except TimeoutError as exc:
                raise SecretStoreLocked("nobody answered the keyring's prompt") from exc
        dismissed, (_signature, result) = completed.body
        if dismissed:
            raise SecretStoreLocked("the keyring's prompt was dismissed")
        return result
