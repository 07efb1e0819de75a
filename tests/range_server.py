"""A Pwned Passwords range service on 127.0.0.1 for tests, with faults on demand.

It answers ``GET <base>/ABCDE`` from the hashes it was given, the way the real service
does (``SUFFIX:COUNT`` lines, padding with count-0 lines when asked), and can be told to
misbehave: another status with or without Retry-After, a delay before answering, a body
that trickles out, garbage, LF instead of CRLF, a byte-order mark, lower case, or a
dropped connection. It records every request exactly as received, so tests can show
what left the machine. It also answers absolute-form targets, so it can stand in as an
HTTP proxy (and records, then refuses, a CONNECT for an https address).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


def sha1_upper(password: str) -> str:
    data = password.encode("utf-8", errors="surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest().upper()


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    target: str  # the request target as sent: a path, or a full URL through a proxy
    path: str  # just the path part of the target
    headers: dict[str, str]
    raw: bytes  # request line, headers and body, for "nothing else was sent" checks


class RangeServer:
    """Start with ``start()`` or ``with RangeServer() as server``; ``url`` is the base URL.

    Behaviour is read from the attributes at each request, so a test can change them
    between lookups.
    """

    def __init__(self, base_path: str = "/range/") -> None:
        self.base_path = base_path
        self.hashes: dict[str, int] = {}  # full upper-case SHA-1 -> count
        self.bodies: dict[str, bytes] = {}  # prefix -> exact body, overriding the hashes
        self.padding_lines = 200  # count-0 lines added when Add-Padding is asked for
        self.pad_suffixes: list[str] = []  # extra count-0 suffixes always in the padding
        self.line_end = "\r\n"
        self.bom = False
        self.lower = False
        self.status = 200
        self.retry_after: str | None = None
        self.retry_after_name = "Retry-After"  # proxies may send header names in lower case
        self.delay = 0.0  # seconds before the status line is sent
        self.trickle = 0.0  # seconds between body bytes
        self.garbage: bytes | None = None  # sent as the body of a 200 instead of the lines
        self.drop_connection = False
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- data ---------------------------------------------------------------
    def add_password(self, password: str, count: int) -> str:
        """Put a password in the breach list; returns its hash for the test's own checks."""
        full = sha1_upper(password)
        self.hashes[full] = count
        return full

    def body_for(self, prefix: str, padded: bool) -> bytes:
        if prefix in self.bodies:
            return self.bodies[prefix]
        rows = [(h[5:], c) for h, c in self.hashes.items() if h.startswith(prefix)]
        if padded:
            rows += [(s, 0) for s in self.pad_suffixes]
            rows += [(sha1_upper(f"pad{prefix}{i}")[:35], 0) for i in range(self.padding_lines)]
        rows.sort()
        text = self.line_end.join(f"{s.lower() if self.lower else s}:{c}" for s, c in rows)
        data = text.encode("ascii")
        return b"\xef\xbb\xbf" + data if self.bom else data

    # -- life cycle -----------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None, "start the server first"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def start(self) -> RangeServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.owner = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="range-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers that are waiting out a delay
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> RangeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def prefixes_sent(self) -> list[str]:
        return [r.path[len(self.base_path) :] for r in self.requests]


_PREFIX = re.compile(r"[0-9A-Fa-f]{5}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "RangeServer/1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet in test output
        pass

    def _record(self) -> RecordedRequest:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.path
        path = urlsplit(target).path if "://" in target else target.split("?", 1)[0]
        raw = self.raw_requestline + self.headers.as_bytes() + body
        recorded = RecordedRequest(self.command, target, path, dict(self.headers.items()), raw)
        self.server.owner.record(recorded)  # type: ignore[attr-defined]
        return recorded

    def do_GET(self) -> None:
        owner: RangeServer = self.server.owner  # type: ignore[attr-defined]
        request = self._record()
        if owner.drop_connection:
            self.close_connection = True
            return
        if owner.delay:
            owner.wait(owner.delay)
        prefix = request.path[len(owner.base_path) :]
        if not request.path.startswith(owner.base_path) or not _PREFIX.fullmatch(prefix):
            self._send(404, b"Not found")
            return
        padded = self.headers.get("Add-Padding", "").lower() == "true"
        if owner.status != 200:
            self._send(owner.status, b"<html>busy</html>")
            return
        body = (
            owner.garbage if owner.garbage is not None else owner.body_for(prefix.upper(), padded)
        )
        self._send(200, body)

    def _send(self, status: int, body: bytes) -> None:
        owner: RangeServer = self.server.owner  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if owner.retry_after is not None:
            self.send_header(owner.retry_after_name, owner.retry_after)
        try:
            self.end_headers()
            if not owner.trickle:
                self.wfile.write(body)
                return
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                owner.wait(owner.trickle)
                if owner._stopping.is_set():
                    return
        except OSError:  # the client gave up waiting, as it should
            pass

    do_POST = do_PUT = do_HEAD = do_GET

    def do_CONNECT(self) -> None:
        # As a proxy it records the tunnel asked for and refuses it: it speaks no TLS.
        self._record()
        self._send(403, b"No tunnels here")
