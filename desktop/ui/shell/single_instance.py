"""One copy of the app per user session: a second launch hands over and exits.

The first copy listens on a local socket named for the user (inside the per-session
runtime folder where there is one). A second launch connects, sends one short word
("check", "settings", "menu" or "show") and exits; the first copy then brings the right
window to the front. Only these words are accepted, and the socket is private to
the user.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.core.report.kinds import KIND_IDS

MESSAGES = frozenset({"check", "settings", "menu", "show", "report"}) | frozenset(
    f"report:{kind}"
    for kind in KIND_IDS  # bring forward the report of that kind
)
MAX_MESSAGE = 32


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


class SingleInstance(QObject):
    """Talks to an already running copy, or becomes the running copy."""

    message_received = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name  # instance_name(env) for the app
        self._server: QLocalServer | None = None
        self._sockets: list[QLocalSocket] = []

    def send_to_running(self, message: str, timeout_ms: int = 1000) -> bool:
        """True when another copy is running and took the message."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write((message + "\n").encode("ascii"))
        ok = bool(socket.waitForBytesWritten(timeout_ms))
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(timeout_ms)
        return ok

    def listen(self) -> bool:
        """Start listening; a socket left behind by a crashed copy is cleared first."""
        server = QLocalServer(self)
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
            socket = self._server.nextPendingConnection()
            # Kept (a child of the server, freed with it): one small object per later
            # launch. Deleting it with deleteLater while a Python lambda still held its
            # wrapper crashed the app now and then in QLocalSocket's destructor.
            self._sockets.append(socket)
            socket.readyRead.connect(self._ready)
            if socket.bytesAvailable():
                self._read(socket)

    def _ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_MESSAGE:
                socket.abort()
            return
        word = bytes(socket.readLine(MAX_MESSAGE).data()).decode("ascii", "replace").strip()
        if word in MESSAGES:
            self.message_received.emit(word)
        socket.disconnectFromServer()
