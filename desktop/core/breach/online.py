"""Online lookup against the Pwned Passwords range service (or IT's mirror of it).

Only the 5-character prefix of the SHA-1 is sent; the service answers with every suffix
it knows under that prefix, padded with fake count-0 lines so the size of the answer
does not give the prefix away. The suffix is compared here and never leaves.

Any fault (time-out, DNS, TLS, proxy, 5xx, 429, a garbled answer, a redirect to another
host or round in a loop) gives UNKNOWN with a one-line reason. The whole request
(connecting, headers and body) has one time limit, 4 seconds unless told otherwise.
A 429 or 503 with Retry-After pauses all requests from this lookup for that long, so a
busy service is not asked again on every key press. Answers are kept in memory for the
session only, per prefix, and never written to disk.

A plain ``http://`` address is used only for this computer itself (a loopback address,
as tests and local mirrors use): anywhere else anyone on the path would see every
prefix, so the lookup refuses it and says the address must use https.

The hash is made and compared here rather than by pyhibp's ``is_password_breached``,
which cannot encode lone surrogates and matches suffixes by substring.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urlsplit

import requests

from desktop.core.breach.hashing import DamagedData, parse_range_lines, sha1_hex, split_hash
from desktop.core.breach.transport import (
    BodyTooLarge,
    Redirected,
    Stragglers,
    TooSlow,
    Unreadable,
    fetch_range,
)
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.ports import BreachOutcome, BreachVerdict

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 4.0  # seconds for the whole request; the window shows "checking..."
# Requests given up on that may still hold a connection; past this many, a service that
# keeps connections open is not sent more until some of them end.
MAX_STRAGGLERS = 4
_UNREADABLE = N_("the breach service sent an answer that could not be read")
_TOO_SLOW = N_("the breach service did not answer in time")
DEFAULT_BUSY_PAUSE = 30.0  # when a 429 comes without a usable Retry-After
MAX_BUSY_PAUSE = 3600.0  # a mistaken mirror must not switch the check off for days
CACHE_PREFIXES = 256  # about 10 MB at most; a session rarely checks more than a few


def _unknown(reason: str) -> BreachVerdict:
    return BreachVerdict(BreachOutcome.UNKNOWN, reason=reason, source="online")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _retry_after(value: str | None) -> float:
    """Seconds to wait from a Retry-After header; the HTTP-date form gets the default."""
    if value is None:
        return DEFAULT_BUSY_PAUSE
    try:
        seconds = float(value.strip())
    except ValueError:
        return DEFAULT_BUSY_PAUSE
    if seconds != seconds or seconds < 1:  # NaN or nonsense: still pause a little
        return 1.0
    return min(seconds, MAX_BUSY_PAUSE)


def _describe_failure(exc: requests.RequestException) -> str:
    """A plain reason for a transport fault. Never includes the URL or any hash."""
    if isinstance(exc, requests.exceptions.Timeout):
        return _(_TOO_SLOW)
    if isinstance(exc, requests.exceptions.SSLError):
        return _("a secure connection to the breach service could not be made")
    if isinstance(exc, requests.exceptions.ProxyError):
        return _("the proxy would not connect to the breach service")
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = repr(exc.args)
        if "NameResolution" in text or "getaddrinfo" in text or "Name or service" in text:
            return _("the breach service's address could not be found; are you offline?")
        if "Read timed out" in text or "ReadTimeout" in text:
            return _(_TOO_SLOW)
        return _("the breach service could not be reached; are you offline?")
    if isinstance(
        exc,
        requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema,
    ):
        return _("the breach service address in the policy is not valid")
    return _("the connection to the breach service failed")


class RangeApiLookup:
    """Looks a password up through the range service; never sends more than the prefix.

    ``base_url`` is the address the prefix is appended to (the policy's ``hibp_api_url``,
    for example ``https://api.pwnedpasswords.com/range/``). ``session`` is the requests
    session to send through; a plain ``requests.Session()`` honours HTTPS_PROXY,
    HTTP_PROXY and NO_PROXY from the environment. ``clock`` is a monotonic clock in
    seconds, used for the Retry-After pause. ``timeout`` bounds the whole request, in
    real seconds.
    """

    def __init__(
        self,
        base_url: str,
        session: requests.Session,
        timeout: float = DEFAULT_TIMEOUT,
        user_agent: str = "Hygiene-Helper",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._session = session
        self._timeout = timeout
        self._user_agent = user_agent
        self._clock = clock
        self._lock = threading.Lock()
        self._paused_until = 0.0
        self._stragglers = Stragglers()
        self._cache: OrderedDict[str, dict[bytes, int]] = OrderedDict()
        parts = urlsplit(self._base_url)
        self._valid_url = parts.scheme in ("http", "https") and bool(parts.hostname)
        self._plain_http = parts.scheme == "http" and not _is_loopback(parts.hostname or "")

    def lookup(self, password: str) -> BreachVerdict:
        prefix, suffix = split_hash(sha1_hex(password))
        known = self._cached(prefix)
        if known is None:
            fetched = self._fetch(prefix)
            if isinstance(fetched, BreachVerdict):
                return fetched
            known = fetched
        count = known.get(suffix.encode("ascii"), 0)
        if count > 0:
            return BreachVerdict(BreachOutcome.FOUND, count=count, source="online")
        return BreachVerdict(BreachOutcome.NOT_FOUND, source="online")

    def _cached(self, prefix: str) -> dict[bytes, int] | None:
        with self._lock:
            known = self._cache.get(prefix)
            if known is not None:
                self._cache.move_to_end(prefix)
            return known

    def _remember(self, prefix: str, known: dict[bytes, int]) -> None:
        with self._lock:
            self._cache[prefix] = known
            while len(self._cache) > CACHE_PREFIXES:
                self._cache.popitem(last=False)

    def _busy_for(self) -> int:
        with self._lock:
            return max(0, round(self._paused_until - self._clock() + 0.49))

    def _pause(self, seconds: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _fetch(self, prefix: str) -> dict[bytes, int] | BreachVerdict:
        if not self._valid_url:
            return _unknown(_("the breach service address in the policy is not valid"))
        if self._plain_http:
            return BreachVerdict(
                BreachOutcome.UNKNOWN,
                reason=_("the breach service address must use https"),
                source="online",
                hint=_("Please tell IT: the breach service address in the policy needs https."),
            )
        wait = self._busy_for()
        if wait > 0:
            return _unknown(_("the breach service is busy; try again in {wait} seconds", wait=wait))
        if self._stragglers.count >= MAX_STRAGGLERS:
            return _unknown(_("the breach service is not answering; try again in a minute"))
        try:
            reply = fetch_range(
                self._session,
                self._base_url,
                prefix,
                self._user_agent,
                self._timeout,
                self._stragglers,
            )
        except TooSlow:
            return _unknown(_(_TOO_SLOW))
        except (BodyTooLarge, Unreadable):
            return _unknown(_(_UNREADABLE))
        except Redirected as exc:
            if exc.elsewhere:
                return _unknown(
                    _(
                        "the breach service sent the check to another address, which is not "
                        "allowed; ask IT to check hibp_api_url"
                    )
                )
            return _unknown(_("the breach service kept redirecting; ask IT to check hibp_api_url"))
        except requests.RequestException as exc:
            log.info("breach service request failed: %s", type(exc).__name__)
            return _unknown(_describe_failure(exc))
        status = reply.status_code
        if status in (429, 503) and (status == 429 or "Retry-After" in reply.headers):
            pause = _retry_after(reply.headers.get("Retry-After"))
            self._pause(pause)
            return _unknown(
                _("the breach service is busy; try again in {round} seconds", round=round(pause))
            )
        if status >= 500:
            return _unknown(_("the breach service had a problem (error {status})", status=status))
        if status != 200 or reply.lines is None:
            return _unknown(
                _("the breach service refused the request (error {status})", status=status)
            )
        try:
            known = parse_range_lines(reply.lines)
        except DamagedData:
            return _unknown(_(_UNREADABLE))
        self._remember(prefix, known)
        return known
