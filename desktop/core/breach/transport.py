"""One range request through pyhibp, on the caller's own requests session, within a deadline.

pyhibp 4.2 is the client the policy names, but it was built for one script with one
configuration: ``suffix_search`` reads its address from module constants, calls the
module-level ``requests.get`` (no session, so no connection reuse and no way to pass
one in), writes the Add-Padding header into a header dict shared by the whole package,
and on any answer other than 200 raises a bare RuntimeError that hides the response, so
Retry-After cannot be read.

So, once, when this module is loaded, pyhibp's ``requests`` is replaced by a dispatcher
and its header dict by a private one. The dispatcher sends through the lookup that is
running on the calling thread (its address, headers and session, kept in a
thread-local), and hands anything else to the real ``requests``. Nothing is swapped per
call, so no lock is needed: lookups on different threads run side by side, and one
service that hangs cannot hold up another lookup or the offline fallback.

Each request runs on its own short-lived thread; the caller waits at most ``timeout``
seconds for the whole of it (connecting, the headers and the body), because requests'
own time-out bounds each socket read, not the answer, and a server that trickles its
headers one byte at a time never trips it. A request given up on is told to stop at its
next read; the lookup counts those still running (``Stragglers``) so that a service
that holds every connection open is not sent more and more of them.

Answers compressed with gzip or deflate (or brotli and zstd, when their decoders are
installed) are decoded; only what can be decoded is asked for. Redirects are followed
only to the same host (and port), at most three times; anything else is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import pyhibp
import requests
import urllib3
from pyhibp import pwnedpasswords
from requests.structures import CaseInsensitiveDict
from urllib3.util.request import ACCEPT_ENCODING

from desktop.core.kit.i18n import _

# A padded range answer is about 40 KB; anything far bigger is not a range answer. The
# limit is on the decoded size, so a small compressed answer cannot unpack to gigabytes.
MAX_BODY_BYTES = 2 * 1024 * 1024
_CHUNK = 16 * 1024
MAX_REDIRECTS = 3
_REDIRECTS = (301, 302, 303, 307, 308)
# urllib3 lists exactly the encodings it can decode here (br and zstd only when their
# packages are installed), so the service is never invited to send what cannot be read.
ACCEPTED_ENCODINGS = ", ".join(e.strip() for e in ACCEPT_ENCODING.split(","))


class BodyTooLarge(Exception):
    """The answer was far bigger than a range answer can be."""


class TooSlow(Exception):
    """The whole answer did not arrive within the time limit."""


class Unreadable(Exception):
    """The answer was compressed in a way that could not be undone, or the data was bad."""


class Redirected(Exception):
    """The service sent the request somewhere it must not go (another host, or a loop)."""

    def __init__(self, elsewhere: bool) -> None:
        super().__init__(_("redirected elsewhere") if elsewhere else _("too many redirects"))
        self.elsewhere = elsewhere


class _Abandoned(Exception):
    """The caller stopped waiting; the request's thread stops at its next read."""


@dataclass
class RawReply:
    """What pyhibp needs from a response (status, encoding, text) plus what we read."""

    status_code: int
    headers: Mapping[str, str]
    body: bytes
    encoding: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode(self.encoding or "utf-8", errors="replace")


class Stragglers:
    """How many requests given up on are still running, for one lookup."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # guards a counter only; never held across I/O
        self._count = 0

    @property
    def count(self) -> int:
        with self._lock:
            return self._count

    def give_up(self, request: _Request, done: threading.Event) -> bool:
        """Tell a request still running to stop, and count it; False if it had finished."""
        with self._lock:
            if done.is_set():
                return False
            request.stop.set()
            self._count += 1
            return True

    def finished(self, request: _Request, done: threading.Event) -> None:
        """A request's thread has ended: no longer a straggler if it was one."""
        with self._lock:
            if request.stop.is_set():
                self._count -= 1
            done.set()


def _read_body(resp: requests.Response, stop: threading.Event) -> bytes:
    """The whole decoded body; stops when the caller has given up waiting.

    read1 returns whatever has arrived, so ``stop`` is looked at between pieces
    (iter_content would wait to fill each chunk).
    """
    body = bytearray()
    try:
        while chunk := resp.raw.read1(_CHUNK, decode_content=True):
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise BodyTooLarge()
            if stop.is_set():
                raise _Abandoned()
    except urllib3.exceptions.DecodeError:
        raise Unreadable() from None
    except urllib3.exceptions.ReadTimeoutError:
        raise requests.exceptions.ReadTimeout(_("read timed out")) from None
    except urllib3.exceptions.HTTPError:
        raise requests.exceptions.ConnectionError(_("the answer was cut off")) from None
    return bytes(body)


def _same_host(first: str, then: str) -> bool:
    a, b = urlsplit(first), urlsplit(then)
    ports = {"http": 80, "https": 443}
    try:
        port_a = a.port or ports.get(a.scheme)
        port_b = b.port or ports.get(b.scheme)
    except ValueError:
        return False
    scheme_ok = a.scheme == b.scheme or (a.scheme, b.scheme) == ("http", "https")
    same_port = port_a == port_b or (a.scheme, b.scheme) == ("http", "https")
    return scheme_ok and same_port and bool(a.hostname) and a.hostname == b.hostname


@dataclass
class _Request:
    """One range request; ``get`` is what pyhibp calls as ``requests.get``."""

    session: requests.Session
    url: str
    user_agent: str
    timeout: float
    stop: threading.Event = field(default_factory=threading.Event)
    replies: list[RawReply] = field(default_factory=list)
    live: requests.Response | None = None

    def get(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: float | None = None,
        **_: Any,
    ) -> RawReply:
        # pyhibp built ``url`` from its own constants; this request's address is used.
        sent = {"User-Agent": self.user_agent, "Accept-Encoding": ACCEPTED_ENCODINGS}
        if (headers or {}).get("Add-Padding"):
            sent["Add-Padding"] = "true"
        target = self.url
        for _hop in range(MAX_REDIRECTS + 1):
            if self.stop.is_set():
                raise _Abandoned()
            with self.session.get(
                target, headers=sent, timeout=self.timeout, stream=True, allow_redirects=False
            ) as resp:
                self.live = resp
                location = resp.headers.get("Location")
                if resp.status_code in _REDIRECTS and location:
                    following = urljoin(target, location)
                    if not _same_host(self.url, following):
                        raise Redirected(elsewhere=True)
                    target = following
                    continue
                body = _read_body(resp, self.stop)
                # Header names stay case-insensitive: proxies often send them in lower case.
                reply = RawReply(resp.status_code, CaseInsensitiveDict(resp.headers), body)
            self.replies.append(reply)
            return reply
        raise Redirected(elsewhere=False)


_current = threading.local()


class _Dispatch:
    """pyhibp's ``requests``: the calling thread's range request, or the real module."""

    def get(self, url: str, headers: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        request: _Request | None = getattr(_current, "request", None)
        if request is not None:
            return request.get(url, headers, **kwargs)
        # Someone else using pyhibp in this process: their package-wide headers apply.
        merged = {k: v for k, v in {**pyhibp.pyHIBP_HEADERS, **(headers or {})}.items() if v}
        timeout = kwargs.pop("timeout", 5.0)
        return requests.get(url, headers=merged, timeout=timeout, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(requests, name)


def _install() -> None:
    pwnedpasswords.requests = _Dispatch()
    # A private dict: pyhibp writes Add-Padding into whatever dict this name holds, and
    # an HIBP API key set elsewhere must never go to a mirror.
    pwnedpasswords.pyHIBP_HEADERS = {}


_install()


@dataclass(frozen=True)
class RangeReply:
    """A range answer: its status and headers, and pyhibp's lines when the status is 200."""

    status_code: int
    headers: Mapping[str, str]
    lines: list[str] | None


@dataclass
class _Outcome:
    done: threading.Event = field(default_factory=threading.Event)
    lines: list[str] | None = None
    error: BaseException | None = None


def _run(request: _Request, prefix: str, outcome: _Outcome, stragglers: Stragglers) -> None:
    _current.request = request
    try:
        if pyhibp.pyHIBP_HEADERS.get("User-Agent") is None:
            # pyhibp's own guard reads the package-wide value; ours is harmless there.
            pyhibp.set_user_agent(ua=request.user_agent)
        outcome.lines = pwnedpasswords.suffix_search(
            hash_prefix=prefix, add_padding=True, timeout=request.timeout
        )
    except RuntimeError as exc:  # pyhibp's answer to any status but 200
        if not request.replies:
            outcome.error = exc
    except BaseException as exc:  # handed to the caller, who is waiting for it
        outcome.error = exc
    finally:
        _current.request = None
        stragglers.finished(request, outcome.done)


def fetch_range(
    session: requests.Session,
    base_url: str,
    prefix: str,
    user_agent: str,
    timeout: float,
    stragglers: Stragglers | None = None,
) -> RangeReply:
    """Ask ``base_url + prefix`` for its range with padding; the whole of it in ``timeout``.

    Network faults propagate as requests exceptions; TooSlow, BodyTooLarge, Unreadable
    and Redirected as above. A non-200 answer is returned, not raised, so the caller can
    read its headers.
    """
    request = _Request(session, base_url + prefix, user_agent, timeout)
    outcome = _Outcome()
    counter = stragglers if stragglers is not None else Stragglers()
    worker = threading.Thread(
        target=_run, args=(request, prefix, outcome, counter), name="breach-range", daemon=True
    )
    worker.start()
    if not outcome.done.wait(timeout) and counter.give_up(request, outcome.done):
        live = request.live
        if live is not None:
            live.close()  # wakes a body read at once; a header read ends at its time-out
        raise TooSlow()
    if outcome.error is not None:
        if isinstance(outcome.error, _Abandoned):
            raise TooSlow()
        raise outcome.error
    reply = request.replies[-1]
    return RangeReply(
        reply.status_code, reply.headers, outcome.lines if reply.status_code == 200 else None
    )
