"""The range-service lookup against a real HTTP server on 127.0.0.1, through pyhibp.

Each test uses a fresh requests session and the loopback server from fixtures_breach;
faults are made by the server itself (status codes, delays, garbage), not by patching.
"""

from __future__ import annotations

import threading
import time

import pyhibp
import pytest
import requests
from pyhibp import pwnedpasswords

from desktop.core.breach import RangeApiLookup
from desktop.core.checks.ports import BreachOutcome
from desktop.core.kit.clock import ManualClock
from tests.range_server import RangeServer, sha1_upper

BREACHED = "letmein-please-1"
CLEAN = "a fresh one nobody has seen 7Qx"


def make_lookup(
    server: RangeServer, clock: ManualClock | None = None, timeout: float = 2.0
) -> RangeApiLookup:
    return RangeApiLookup(
        server.url,
        requests.Session(),
        timeout=timeout,
        user_agent="Hygiene-Helper/test",
        clock=clock.monotonic if clock is not None else time.monotonic,
    )


def test_found_with_count_and_not_found(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 3541)
    lookup = make_lookup(range_server)
    found = lookup.lookup(BREACHED)
    assert (found.outcome, found.count, found.source) == (BreachOutcome.FOUND, 3541, "online")
    assert lookup.lookup(CLEAN).outcome is BreachOutcome.NOT_FOUND


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("lower", [False, True])
def test_body_variants_are_all_read(
    range_server: RangeServer, line_end: str, bom: bool, lower: bool
) -> None:
    range_server.add_password(BREACHED, 12)
    range_server.line_end, range_server.bom, range_server.lower = line_end, bom, lower
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert (verdict.outcome, verdict.count) == (BreachOutcome.FOUND, 12)


def test_padding_is_asked_for_and_count_zero_means_not_breached(range_server: RangeServer) -> None:
    # The padding holds this password's own suffix with count 0: still "not breached".
    range_server.pad_suffixes = [sha1_upper(CLEAN)[5:]]
    verdict = make_lookup(range_server).lookup(CLEAN)
    assert verdict.outcome is BreachOutcome.NOT_FOUND
    assert range_server.requests[0].headers.get("Add-Padding") == "true"


def test_only_five_hex_characters_leave_the_machine(range_server: RangeServer) -> None:
    passwords = [
        BREACHED,
        CLEAN,
        "pässwörd-ünïcode-№1",
        "emoji 🔐 pass",
        "lone \ud800 surrogate",
        " spaces around ",
        "x" * 128,
    ]
    range_server.add_password(passwords[0], 5)
    lookup = make_lookup(range_server)
    for password in passwords:
        assert lookup.lookup(password).outcome in (BreachOutcome.FOUND, BreachOutcome.NOT_FOUND)
    assert len(range_server.requests) == len(passwords)
    for password, request in zip(passwords, range_server.requests, strict=True):
        full = sha1_upper(password)
        assert request.method == "GET"
        assert request.target == "/range/" + full[:5]
        assert full[5:].encode() not in request.raw.upper()
        assert password.encode("utf-8", "surrogatepass") not in request.raw
        assert b"Content-Length" not in request.raw
        assert request.headers["User-Agent"] == "Hygiene-Helper/test"


def test_an_hibp_api_key_set_elsewhere_is_never_sent(range_server: RangeServer) -> None:
    pyhibp.set_api_key(key="key-for-another-feature")
    try:
        make_lookup(range_server).lookup(CLEAN)
    finally:
        pyhibp.set_api_key(key=None)
    assert b"key-for-another-feature" not in range_server.requests[0].raw


def test_answers_are_kept_for_the_session(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 9)
    lookup = make_lookup(range_server)
    assert lookup.lookup(BREACHED).count == 9
    range_server.status = 500  # a second request would now fail
    assert lookup.lookup(BREACHED).count == 9
    assert len(range_server.requests) == 1


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (500, "had a problem (error 500)"),
        (502, "had a problem (error 502)"),
        (503, "had a problem (error 503)"),
        (404, "refused the request (error 404)"),
        (403, "refused the request (error 403)"),
    ],
)
def test_error_status_is_not_checked(range_server: RangeServer, status: int, words: str) -> None:
    range_server.add_password(BREACHED, 9)
    range_server.status = status
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == f"the breach service {words}"


def test_429_retry_after_is_respected_across_calls(
    range_server: RangeServer, breach_clock: ManualClock
) -> None:
    range_server.add_password(BREACHED, 4)
    range_server.status, range_server.retry_after = 429, "120"
    lookup = make_lookup(range_server, breach_clock)
    first = lookup.lookup(BREACHED)
    assert first.outcome is BreachOutcome.UNKNOWN
    assert first.reason == "the breach service is busy; try again in 120 seconds"

    range_server.status, range_server.retry_after = 200, None
    breach_clock.advance(100)
    waiting = lookup.lookup(CLEAN)  # another prefix: still no request while paused
    assert waiting.reason == "the breach service is busy; try again in 20 seconds"
    assert len(range_server.requests) == 1

    breach_clock.advance(21)
    assert lookup.lookup(BREACHED).count == 4
    assert len(range_server.requests) == 2


def test_retry_after_in_lower_case_is_read(
    range_server: RangeServer, breach_clock: ManualClock
) -> None:
    range_server.status, range_server.retry_after = 429, "75"
    range_server.retry_after_name = "retry-after"
    verdict = make_lookup(range_server, breach_clock).lookup(CLEAN)
    assert verdict.reason == "the breach service is busy; try again in 75 seconds"


def test_429_without_retry_after_still_pauses(
    range_server: RangeServer, breach_clock: ManualClock
) -> None:
    range_server.status = 429
    lookup = make_lookup(range_server, breach_clock)
    assert "try again in 30 seconds" in lookup.lookup(CLEAN).reason
    assert "try again in" in lookup.lookup(BREACHED).reason
    assert len(range_server.requests) == 1


def test_503_with_retry_after_pauses_too(
    range_server: RangeServer, breach_clock: ManualClock
) -> None:
    range_server.status, range_server.retry_after = 503, "45"
    lookup = make_lookup(range_server, breach_clock)
    assert lookup.lookup(CLEAN).reason == "the breach service is busy; try again in 45 seconds"


def test_slow_answer_is_not_checked(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 9)
    range_server.delay = 5
    verdict = make_lookup(range_server, timeout=0.3).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service did not answer in time"


def test_answer_that_trickles_past_the_time_limit_is_not_checked(range_server: RangeServer) -> None:
    # Each byte comes well within the read time-out; only the overall limit stops it.
    range_server.add_password(BREACHED, 9)
    range_server.trickle = 0.02
    verdict = make_lookup(range_server, timeout=0.5).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service did not answer in time"


@pytest.mark.parametrize(
    "garbage",
    [
        b"<html><body>Please log in to the guest Wi-Fi</body></html>",
        b"",
        b"\xff\xfe\x00garbage\x80",
        b"0123456789ABCDEF0123456789ABCDEF012:notanumber",
        b"0123456789ABCDEF0123456789ABCDEF012:5\r\nshort:1",
        b"0" * (3 * 1024 * 1024),
    ],
)
def test_garbage_is_not_checked(range_server: RangeServer, garbage: bytes) -> None:
    range_server.garbage = garbage
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service sent an answer that could not be read"


def test_dropped_connection_is_not_checked(range_server: RangeServer) -> None:
    range_server.drop_connection = True
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service could not be reached; are you offline?"


def test_connection_refused_is_not_checked(refused_range_url: str) -> None:
    lookup = RangeApiLookup(refused_range_url, requests.Session(), timeout=2)
    verdict = lookup.lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service could not be reached; are you offline?"


@pytest.mark.parametrize(
    "url", ["", "not a web address", "ftp://127.0.0.1/range/", "http:///range/"]
)
def test_bad_address_in_policy_is_not_checked(url: str) -> None:
    verdict = RangeApiLookup(url, requests.Session()).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service address in the policy is not valid"


def test_reasons_never_hold_the_hash(range_server: RangeServer, breach_clock: ManualClock) -> None:
    full = sha1_upper(BREACHED)
    reasons = []
    for status in (500, 429, 404):
        range_server.status = status
        reasons.append(make_lookup(range_server, breach_clock).lookup(BREACHED).reason)
    range_server.status, range_server.garbage = 200, b"junk"
    reasons.append(make_lookup(range_server).lookup(BREACHED).reason)
    for reason in reasons:
        assert reason and full[:5] not in reason and full[5:] not in reason


def test_pyhibp_is_left_as_it_was(range_server: RangeServer) -> None:
    before = (
        pwnedpasswords.PWNED_PASSWORDS_API_BASE_URI,
        pwnedpasswords.requests,
        pwnedpasswords.pyHIBP_HEADERS,
        dict(pyhibp.pyHIBP_HEADERS),
    )
    range_server.status = 500
    make_lookup(range_server).lookup(BREACHED)
    range_server.status = 200
    make_lookup(range_server).lookup(BREACHED)
    after = (
        pwnedpasswords.PWNED_PASSWORDS_API_BASE_URI,
        pwnedpasswords.requests,
        pwnedpasswords.pyHIBP_HEADERS,
        dict(pyhibp.pyHIBP_HEADERS),
    )
    assert after[:3] == before[:3]
    assert after[3].get("hibp-api-key") == before[3].get("hibp-api-key")
    assert after[3].get("User-Agent") is not None
    assert "Add-Padding" not in after[3]  # it went into the private dict, not pyhibp's


def test_lookups_on_many_threads_each_reach_their_own_service() -> None:
    with RangeServer() as one, RangeServer() as two:
        one.add_password(BREACHED, 111)
        two.add_password(BREACHED, 222)
        lookups = {111: make_lookup(one), 222: make_lookup(two)}
        results: list[tuple[int, int]] = []
        lock = threading.Lock()

        def work(expected: int) -> None:
            for _ in range(5):
                got = lookups[expected]
                got._cache.clear()  # make every call a real request
                count = got.lookup(BREACHED).count
                with lock:
                    results.append((expected, count))

        threads = [threading.Thread(target=work, args=(n,)) for n in (111, 222) * 4]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert len(results) == 40
        assert all(expected == count for expected, count in results)
