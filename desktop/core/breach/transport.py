"""One range request through pyhibp, on the caller's own requests session.

pyhibp 4.2 is the client the policy names, but it was built for one script with one
configuration: ``suffix_search`` reads its address from module constants, calls the
module-level ``requests.get`` (no session, so no connection reuse and no way to pass
one in), writes the Add-Padding header into a header dict shared by the whole package,
and on any answer other than 200 raises a bare RuntimeError that hides the response, so
Retry-After cannot be read.

So each call swaps pyhibp's module globals for this lookup's address, a private header
dict and a small stand-in for ``requests`` that sends through the lookup's session, and
puts them back afterwards. The swap is done under one process-wide lock because the
window runs lookups on pool threads; the lock also means at most one range request is
in flight at a time, which is all a person typing needs and keeps a failing service
from being hit by a burst. The stand-in keeps the raw answer so the caller can read the
status, Retry-After and body itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyhibp
import requests
import urllib3
from pyhibp import pwnedpasswords
from requests.structures import CaseInsensitiveDict

# A padded range answer is about 40 KB; anything far bigger is not a range answer.
MAX_BODY_BYTES = 2 * 1024 * 1024
_CHUNK = 16 * 1024

_PYHIBP_LOCK = threading.Lock()


class BodyTooLarge(Exception):
    """The answer was far bigger than a range answer can be."""


class TooSlow(Exception):
    """The answer kept trickling in past the overall time limit."""


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


def _read_body(resp: requests.Response, deadline: float, clock: Callable[[], float]) -> bytes:
    """The whole body, or TooSlow once the overall limit passes.

    requests' time-out bounds each socket read, not the whole answer, so a server that
    sends a byte a second could hold the check open for minutes. read1 returns whatever
    has arrived, which lets the clock be checked between pieces (iter_content would
    wait to fill each chunk).
    """
    body = bytearray()
    try:
        while chunk := resp.raw.read1(_CHUNK):
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise BodyTooLarge()
            if clock() > deadline:
                raise TooSlow()
    except urllib3.exceptions.ReadTimeoutError:
        raise requests.exceptions.ReadTimeout("read timed out") from None
    except urllib3.exceptions.HTTPError:
        raise requests.exceptions.ConnectionError("the answer was cut off") from None
    return bytes(body)


@dataclass
class _SessionShim:
    """Stands in for the ``requests`` module inside pyhibp for one call."""

    session: requests.Session
    deadline: float
    clock: Callable[[], float]
    replies: list[RawReply] = field(default_factory=list)

    def get(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: float | None = None,
        **_: Any,
    ) -> RawReply:
        sent = {k: v for k, v in (headers or {}).items() if v is not None}
        with self.session.get(
            url, headers=sent, timeout=timeout, stream=True, allow_redirects=True
        ) as resp:
            body = _read_body(resp, self.deadline, self.clock)
            # Header names stay case-insensitive: proxies often send them in lower case.
            reply = RawReply(resp.status_code, CaseInsensitiveDict(resp.headers), body)
        self.replies.append(reply)
        return reply


@dataclass(frozen=True)
class RangeReply:
    """A range answer: its status and headers, and pyhibp's lines when the status is 200."""

    status_code: int
    headers: Mapping[str, str]
    lines: list[str] | None


def fetch_range(
    session: requests.Session,
    base_url: str,
    prefix: str,
    user_agent: str,
    timeout: float,
    clock: Callable[[], float],
) -> RangeReply:
    """Ask ``base_url + prefix`` for its range with padding.

    Network faults propagate as requests exceptions; TooSlow and BodyTooLarge as above.
    A non-200 answer is returned, not raised, so the caller can read its headers.
    """
    lines: list[str] | None = None
    shim = _SessionShim(session, clock() + timeout, clock)
    with _PYHIBP_LOCK:
        saved = (
            pwnedpasswords.PWNED_PASSWORDS_API_BASE_URI,
            pwnedpasswords.PWNED_PASSWORDS_API_ENDPOINT_RANGE_SEARCH,
            pwnedpasswords.requests,
            pwnedpasswords.pyHIBP_HEADERS,
        )
        try:
            pwnedpasswords.PWNED_PASSWORDS_API_BASE_URI = base_url
            pwnedpasswords.PWNED_PASSWORDS_API_ENDPOINT_RANGE_SEARCH = ""
            pwnedpasswords.requests = shim
            # A private dict: pyhibp writes Add-Padding into whatever dict this name
            # holds, and an HIBP API key set elsewhere must never go to a mirror.
            pwnedpasswords.pyHIBP_HEADERS = {"User-Agent": user_agent}
            if pyhibp.pyHIBP_HEADERS.get("User-Agent") is None:
                # pyhibp's own guard reads the package-wide value; ours is harmless there.
                pyhibp.set_user_agent(ua=user_agent)
            try:
                lines = pwnedpasswords.suffix_search(
                    hash_prefix=prefix, add_padding=True, timeout=timeout
                )
            except RuntimeError:
                if not shim.replies:
                    raise
        finally:
            (
                pwnedpasswords.PWNED_PASSWORDS_API_BASE_URI,
                pwnedpasswords.PWNED_PASSWORDS_API_ENDPOINT_RANGE_SEARCH,
                pwnedpasswords.requests,
                pwnedpasswords.pyHIBP_HEADERS,
            ) = saved
    reply = shim.replies[-1]
    return RangeReply(reply.status_code, reply.headers, lines if reply.status_code == 200 else None)
