"""A Pwned Passwords range service on 127.0.0.1 for tests, with faults on demand.

It answers ``GET <base>/ABCDE`` from the hashes it was given, the way the real service
does (``SUFFIX:COUNT`` lines, padding with count-0 lines when asked), and can be told to
misbehave: another status with or without Retry-After, a delay before answering, a body
or headers that trickle out, a hang until the test lets go, redirects (in a loop, to
another host, or once to another path), garbage, LF instead of CRLF, a byte-order mark,
lower case, or a dropped connection. Like services behind common CDNs, it compresses
its answers (gzip or deflate, brotli where installed) when the request says it can
read them; ``encoding`` forces one, asked for or not. It records every request exactly
as received, so tests can show what left the machine. It also answers absolute-form
targets, so it can stand in as an HTTP proxy (and records, then refuses, a CONNECT for
an https address).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib
import re
import threading
import zlib
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
        self.compress = True  # answer compressed when the request accepts it
        self.encoding: str | None = None  # this Content-Encoding whatever was asked;
        # "fake-gzip" says gzip but sends the body uncompressed
        # Seconds between bytes of the status line and headers; on a held server, the
        # headers trickle until release() and then the rest comes at once.
        self.trickle_headers = 0.0
        self.held = threading.Event()  # set by hold(): answers wait until release()
        self.redirect: str | None = None  # "loop", "elsewhere" or "once"
        self.sent_encodings: list[str | None] = []  # Content-Encoding of each answer
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
        self._stopping.set()  # wakes handlers that are waiting out a delay or a hold
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

    def hold(self) -> None:
        """Every request waits, sending nothing, until release() or stop()."""
        self._release = threading.Event()
        self.held.set()

    def release(self) -> None:
        self.held.clear()
        getattr(self, "_release", threading.Event()).set()

    def wait_while_held(self) -> None:
        release = getattr(self, "_release", None)
        while self.held.is_set() and release is not None and not self._stopping.is_set():
            release.wait(0.05)

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
        if not owner.trickle_headers:  # a held server that trickles does so until released
            owner.wait_while_held()
        if owner.delay:
            owner.wait(owner.delay)
        if owner._stopping.is_set():
            return
        if owner.redirect is not None and self._redirect(owner, request):
            return
        path = request.path
        if owner.redirect == "once" and path.startswith("/moved/"):
            path = path[len("/moved") :]  # where the redirect sent it
        prefix = path[len(owner.base_path) :]
        if not path.startswith(owner.base_path) or not _PREFIX.fullmatch(prefix):
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

    def _redirect(self, owner: RangeServer, request: RecordedRequest) -> bool:
        """Send a redirect as the server is told to; False to answer normally."""
        path = request.path
        if owner.redirect == "loop":
            n = len(owner.requests)
            self._send(302, b"", location=f"{owner.base_path}{path[-5:]}?hop={n}")
            return True
        if owner.redirect == "elsewhere":
            # 127.0.0.2 is loopback too, but another host as far as the client can tell.
            self._send(301, b"", location=f"http://127.0.0.2:{owner.port}{path}")
            return True
        if owner.redirect == "once" and path.startswith(owner.base_path):
            self._send(308, b"", location=f"/moved{path}")
            return True
        return False

    def _encode(self, body: bytes) -> tuple[bytes, str | None]:
        owner: RangeServer = self.server.owner  # type: ignore[attr-defined]
        if owner.encoding is not None and owner.encoding.startswith("fake-"):
            return body, owner.encoding[len("fake-") :]  # claims it, but sends the body as is
        if owner.encoding is not None:
            return _compress(body, owner.encoding), owner.encoding
        if not owner.compress or not body:
            return body, None
        asked = [
            e.split(";")[0].strip() for e in self.headers.get("Accept-Encoding", "").split(",")
        ]
        for name in ("br", "gzip", "deflate"):
            if name in asked and (name != "br" or _brotli() is not None):
                return _compress(body, name), name
        return body, None

    def _send(self, status: int, body: bytes, location: str | None = None) -> None:
        owner: RangeServer = self.server.owner  # type: ignore[attr-defined]
        body, encoding = self._encode(body)
        owner.sent_encodings.append(encoding)
        head = [f"HTTP/1.1 {status} Status", "Content-Type: text/plain"]
        head.append(f"Content-Length: {len(body)}")
        if encoding is not None:
            head.append(f"Content-Encoding: {encoding}")
        if location is not None:
            head.append(f"Location: {location}")
        if owner.retry_after is not None:
            head.append(f"{owner.retry_after_name}: {owner.retry_after}")
        raw_head = ("\r\n".join(head) + "\r\n\r\n").encode("ascii")
        try:
            if owner.trickle_headers:
                was_held = owner.held.is_set()
                for i in range(len(raw_head)):
                    if was_held and not owner.held.is_set():
                        self.wfile.write(raw_head[i:])  # released: the rest at once
                        break
                    self.wfile.write(raw_head[i : i + 1])
                    self.wfile.flush()
                    owner.wait(owner.trickle_headers)
                    if owner._stopping.is_set():
                        return
            else:
                self.wfile.write(raw_head)
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


def _brotli() -> object | None:
    try:
        return importlib.import_module("brotli")
    except ImportError:
        return None


def _compress(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)  # the zlib wrapping, as HTTP's "deflate" means
    if encoding == "br":
        brotli = _brotli()
        if brotli is not None:
            return bytes(brotli.compress(body))  # type: ignore[attr-defined]
    return b"\x1f\x8b" + body[::-1]  # an encoding this server cannot make: unreadable
