"""One copy of the app per user session: a second launch hands over and exits.

The first copy listens on a local socket named for the user (inside the per-session
runtime folder where there is one). A second launch connects, sends one short word
("check", "settings", "menu" or "show") and exits; the first copy then brings the right
window to the front. Only these words are accepted, and the socket is private to
the user.

On Linux and macOS the socket is a plain Unix socket watched by Qt's event loop, at the
path Qt's ``QLocalServer`` used before (so a copy of an earlier version is still found).
Windows has named pipes instead, through ``QLocalServer``. Qt's network module costs the
app about 2.7 MiB, so it is loaded only there.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from desktop.core.report.kinds import KIND_IDS

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

MESSAGES = frozenset({"check", "settings", "menu", "show", "report"}) | frozenset(
    f"report:{kind}"
    for kind in KIND_IDS  # bring forward the report of that kind
)
MAX_MESSAGE = 32
MAX_WAITING = 8  # connections still to send their word; older ones are dropped
UNIX_SOCKETS = hasattr(socket, "AF_UNIX") and not sys.platform.startswith("win")


def instance_name(env: Mapping[str, str]) -> str:
    """The per-user (and, where the OS has one, per-session) name of the socket."""
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and sys.platform.startswith("linux") and os.path.isdir(runtime):
        return os.path.join(runtime, "hygiene-helper.sock")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    session = env.get("SESSIONNAME", "")  # Windows: separate copies per logon session
    safe = "".join(ch for ch in f"{user}-{session}".strip("-") if ch.isalnum() or ch in "-_")
    return f"hygiene-helper-{safe}"


def socket_path(name: str) -> str:
    """The file of a Unix socket called ``name``: a path as it is, any other name in the
    temporary folder (where ``QLocalServer`` puts it)."""
    return name if os.path.isabs(name) else os.path.join(tempfile.gettempdir(), name)


def word_of(data: bytes) -> str | None:
    """The known word in one line a second launch sent, or None."""
    word = data.decode("ascii", "replace").strip()
    return word if word in MESSAGES else None


class SingleInstance(QObject):
    """Talks to an already running copy, or becomes the running copy."""

    message_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None, unix: bool = UNIX_SOCKETS):
        super().__init__(parent)
        self.name = name  # instance_name(env) for the app
        self._channel: UnixChannel | QtChannel = (
            UnixChannel(name, self.message_received.emit)
            if unix
            else QtChannel(name, self.message_received.emit, self)
        )

    def send_to_running(self, message: str, timeout_ms: int = 1000) -> bool:
        """True when another copy is running and took the message."""
        return self._channel.send(message, timeout_ms)

    def listen(self) -> bool:
        """Start listening; a socket left behind by a crashed copy is cleared first."""
        return self._channel.listen()

    def close(self) -> None:
        self._channel.close()


class UnixChannel:
    """The socket as a Unix socket file, its connections watched by Qt's event loop."""

    def __init__(self, name: str, deliver: Callable[[str], None]) -> None:
        self.path = socket_path(name)
        self._deliver = deliver
        self._server: socket.socket | None = None
        self._watch: QSocketNotifier | None = None
        self._identity: tuple[int, int] | None = None  # the socket file this copy made
        self._waiting: list[tuple[socket.socket, QSocketNotifier, bytearray]] = []

    def send(self, message: str, timeout_ms: int) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(timeout_ms / 1000)
            try:
                client.connect(self.path)
                client.sendall((message + "\n").encode("ascii"))
            except OSError:  # nobody listening, a stale file, or no answer in time
                return False
        return True

    def _someone_listening(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(self.path)
            except OSError as exc:
                # Refused, or the file is gone: nobody there. A full queue or no answer
                # in time means a copy is there but busy.
                return exc.errno not in (errno.ECONNREFUSED, errno.ENOENT, errno.ENOTSOCK)
        return True

    def listen(self) -> bool:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            try:
                server.bind(self.path)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or self._someone_listening():
                    raise
                # Left behind by a copy that crashed: only a socket file is removed.
                if not stat.S_ISSOCK(os.lstat(self.path).st_mode):
                    raise
                os.unlink(self.path)
                server.bind(self.path)
            os.chmod(self.path, 0o600)  # this user only, wherever the folder is
            info = os.lstat(self.path)
            server.listen(MAX_WAITING)
            server.setblocking(False)
        except OSError:
            server.close()
            return False
        self._identity = (info.st_dev, info.st_ino)
        self._server = server
        self._watch = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read)
        self._watch.activated.connect(self._accept)
        return True

    def close(self) -> None:
        for connection, watch, _data in self._waiting:
            watch.setEnabled(False)
            connection.close()
        self._waiting.clear()
        if self._watch is not None:
            self._watch.setEnabled(False)
            self._watch = None
        if self._server is not None:
            self._server.close()
            self._server = None
            with contextlib.suppress(OSError):  # remove the file only if it is still ours
                info = os.lstat(self.path)
                if (info.st_dev, info.st_ino) == self._identity:
                    os.unlink(self.path)

    def _accept(self) -> None:
        while self._server is not None:
            try:
                connection, _address = self._server.accept()
            except OSError:  # nothing more waiting
                return
            connection.setblocking(False)
            watch = QSocketNotifier(connection.fileno(), QSocketNotifier.Type.Read)
            entry = (connection, watch, bytearray())
            watch.activated.connect(lambda *_args, entry=entry: self._read(entry))
            self._waiting.append(entry)
            if len(self._waiting) > MAX_WAITING:
                self._drop(self._waiting[0])
            self._read(entry)

    def _read(self, entry: tuple[socket.socket, QSocketNotifier, bytearray]) -> None:
        connection, _watch, data = entry
        try:
            chunk = connection.recv(MAX_MESSAGE + 1)
        except BlockingIOError:
            return  # the word is not here yet
        except OSError:
            chunk = b""
        data.extend(chunk)
        if b"\n" in data:
            self._drop(entry)
            word = word_of(bytes(data).split(b"\n", 1)[0])
            if word is not None:
                self._deliver(word)
        elif not chunk or len(data) > MAX_MESSAGE:
            self._drop(entry)  # gone without a word, or too long to be one

    def _drop(self, entry: tuple[socket.socket, QSocketNotifier, bytearray]) -> None:
        if entry in self._waiting:
            self._waiting.remove(entry)
        entry[1].setEnabled(False)
        entry[0].close()


class QtChannel:
    """The socket through Qt's ``QLocalServer`` (a named pipe on Windows)."""

    def __init__(self, name: str, deliver: Callable[[str], None], owner: QObject) -> None:
        self.name = name
        self._deliver = deliver
        self._owner = owner
        self._server: QLocalServer | None = None
        self._sockets: list[QLocalSocket] = []

    def send(self, message: str, timeout_ms: int) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        client = QLocalSocket()
        client.connectToServer(self.name)
        if not client.waitForConnected(timeout_ms):
            return False
        client.write((message + "\n").encode("ascii"))
        ok = bool(client.waitForBytesWritten(timeout_ms))
        client.disconnectFromServer()
        if client.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            client.waitForDisconnected(timeout_ms)
        return ok

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self._owner)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            # Kept (a child of the server, freed with it): one small object per later
            # launch. Deleting it with deleteLater while a Python lambda still held its
            # wrapper crashed the app now and then in QLocalSocket's destructor.
            self._sockets.append(connection)
            connection.readyRead.connect(lambda c=connection: self._read(c))
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            if connection.bytesAvailable() > MAX_MESSAGE:
                connection.abort()
            return
        word = word_of(bytes(connection.readLine(MAX_MESSAGE).data()))
        if word is not None:
            self._deliver(word)
        connection.disconnectFromServer()
