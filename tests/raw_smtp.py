"""A raw SMTP server on 127.0.0.1 that misbehaves on purpose, for the fault tests.

Written on plain sockets (not aiosmtpd) so it can do what a broken relay does: trickle
its greeting a byte at a time, take the whole message and then drop the line or answer
late, or answer 4xx. ``received`` holds every message whose content arrived in full,
whatever the server did next, so a test can count what the desk would get.

    server = RawSmtp("trickle-greeting")   # or "ok", "drop-before-250", "late-250",
    server.start()                          # "451-at-mail", "421-greeting", "hold"
    ... server.port ...
    server.stop()

``behaviour`` may be changed between connections (the relay recovers).
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

LATE_SECONDS = 3.0  # longer than the limit the tests give the client


class RawSmtp:
    """One listening socket, one thread per connection; stopped by ``stop``."""

    def __init__(self, behaviour: str = "ok") -> None:
        self.behaviour = behaviour
        self.received: list[bytes] = []
        self.data_started = threading.Event()  # the client has begun sending the report
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []

    def start(self) -> RawSmtp:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def message_ids(self) -> list[str]:
        out = []
        for data in self.received:
            msg = message_from_bytes(data, policy=default_policy)
            assert isinstance(msg, EmailMessage)
            out.append(str(msg["Message-ID"]))
        return out

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _wait(self, seconds: float) -> bool:
        """Sleep, unless the server is stopping; True when it is."""
        return self._stop.wait(seconds)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        with conn, suppress(OSError):
            behaviour = self.behaviour
            if behaviour == "trickle-greeting":
                for byte in b"220 relay.test ESMTP a very slow hello to you all\r\n" * 100:
                    conn.sendall(bytes([byte]))
                    if self._wait(0.2):
                        return
                return
            if behaviour == "421-greeting":
                conn.sendall(b"421 4.3.2 Too busy, try again later\r\n")
                return
            conn.sendall(b"220 relay.test ESMTP\r\n")
            buffer = b""
            in_data = False
            body = b""
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                if not chunk:
                    return
                buffer += chunk
                while True:
                    if in_data:
                        end = buffer.find(b"\r\n.\r\n")
                        if end < 0:
                            break
                        body, buffer = buffer[:end], buffer[end + 5 :]
                        in_data = False
                        self.received.append(body.replace(b"\r\n..", b"\r\n."))
                        if not self._after_data(conn, behaviour):
                            return
                        continue
                    if b"\r\n" not in buffer:
                        break
                    line, buffer = buffer.split(b"\r\n", 1)
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        conn.sendall(b"250-relay.test\r\n250 SIZE 1000000\r\n")
                    elif verb == b"MAIL":
                        if behaviour == "451-at-mail":
                            conn.sendall(b"451 4.7.1 Greylisted, try again later\r\n")
                        else:
                            conn.sendall(b"250 OK\r\n")
                    elif verb == b"RCPT":
                        conn.sendall(b"250 OK\r\n")
                    elif verb == b"DATA":
                        self.data_started.set()
                        conn.sendall(b"354 go ahead\r\n")
                        in_data = True
                    elif verb == b"RSET" or verb == b"NOOP":
                        conn.sendall(b"250 OK\r\n")
                    elif verb == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        return
                    else:
                        conn.sendall(b"502 not here\r\n")

    def _after_data(self, conn: socket.socket, behaviour: str) -> bool:
        """The reply once the report has arrived; False to end the connection."""
        if behaviour == "drop-before-250":
            return False
        if behaviour == "late-250" and self._wait(LATE_SECONDS):
            return False
        if behaviour == "hold":
            while not self._wait(0.1):
                pass
            return False
        conn.sendall(b"250 2.0.0 queued\r\n")
        return True


def wait_for(event: threading.Event, seconds: float = 30.0) -> None:
    if not event.wait(seconds):
        raise AssertionError("the client never started sending the report")


def elapsed(start: float) -> float:
    return time.monotonic() - start
