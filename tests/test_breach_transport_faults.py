"""Faults a hostile network brings, against a real range server on 127.0.0.1.

Each test makes the server misbehave (compress, trickle its headers, hang until let go,
redirect in a loop or to another host) and asserts the verdict a person would see, and
that it came within the lookup's time limit. Elapsed time is only an upper bound with
generous slack; the hangs are held by the server and released by the test, not slept.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from desktop.core.breach import FallbackLookup, RangeApiLookup, SortedFileLookup
from desktop.core.breach.online import MAX_STRAGGLERS
from desktop.core.checks.ports import BreachOutcome
from tests.fixtures_breach import random_hashes, sorted_lines, write_lines
from tests.loaded import LOADED
from tests.range_server import RangeServer, sha1_upper

BREACHED = "letmein-please-1"
LIMIT = 0.5  # the lookup's time limit in these tests (4 s in the app)
SLACK = LOADED  # a busy machine (see tests/loaded.py); a hang lasts until the test ends
NOT_IN_TIME = "the breach service did not answer in time"


def make_lookup(server: RangeServer, timeout: float = LIMIT) -> RangeApiLookup:
    return RangeApiLookup(server.url, requests.Session(), timeout=timeout, user_agent="HH/test")


@pytest.fixture
def held_server() -> Iterator[RangeServer]:
    """A range server whose answers wait until the test ends (or releases them)."""
    with RangeServer() as server:
        server.add_password(BREACHED, 41)
        server.hold()
        try:
            yield server
        finally:
            server.release()


def timed(lookup: RangeApiLookup | FallbackLookup, password: str = BREACHED) -> tuple:
    t0 = time.monotonic()
    verdict = lookup.lookup(password)
    return verdict, time.monotonic() - t0


def decodable() -> set[str]:
    names = {"gzip", "deflate"}
    if importlib.util.find_spec("brotli") or importlib.util.find_spec("brotlicffi"):
        names.add("br")
    if importlib.util.find_spec("zstandard"):
        names.add("zstd")
    return names


# -- compression ---------------------------------------------------------------


def test_only_encodings_that_can_be_decoded_are_asked_for(range_server: RangeServer) -> None:
    make_lookup(range_server).lookup(BREACHED)
    asked = {e.strip() for e in range_server.requests[0].headers["Accept-Encoding"].split(",")}
    assert "gzip" in asked
    assert asked <= decodable()


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_answers_are_decoded(range_server: RangeServer, encoding: str) -> None:
    range_server.add_password(BREACHED, 3541)
    range_server.encoding = encoding
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert range_server.sent_encodings == [encoding]
    assert (verdict.outcome, verdict.count) == (BreachOutcome.FOUND, 3541)
    clean = make_lookup(range_server).lookup("a fresh one nobody has seen 7Qx")
    assert clean.outcome is BreachOutcome.NOT_FOUND


def test_the_server_compresses_when_asked_like_real_services(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 7)
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert range_server.sent_encodings[0] in decodable()
    assert verdict.count == 7


@pytest.mark.parametrize("encoding", ["x-squash"] + ([] if "br" in decodable() else ["br"]))
def test_an_encoding_that_cannot_be_decoded_is_not_checked(
    range_server: RangeServer, encoding: str
) -> None:
    range_server.add_password(BREACHED, 7)
    range_server.encoding = encoding
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service sent an answer that could not be read"


def test_an_answer_that_says_gzip_but_is_not_is_not_checked(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 7)
    range_server.encoding = "fake-gzip"
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert range_server.sent_encodings == ["gzip"]
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service sent an answer that could not be read"


# -- time limits ---------------------------------------------------------------


def test_headers_that_trickle_are_stopped_by_the_overall_limit(range_server: RangeServer) -> None:
    # A byte every 50 ms: each read is quick, so only an overall limit can stop it.
    range_server.add_password(BREACHED, 9)
    range_server.trickle_headers = 0.05
    verdict, elapsed = timed(make_lookup(range_server))
    assert (verdict.outcome, verdict.reason) == (BreachOutcome.UNKNOWN, NOT_IN_TIME)
    assert elapsed < LIMIT + SLACK


def test_a_body_that_trickles_is_stopped_by_the_overall_limit(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 9)
    range_server.trickle = 0.02
    verdict, elapsed = timed(make_lookup(range_server))
    assert (verdict.outcome, verdict.reason) == (BreachOutcome.UNKNOWN, NOT_IN_TIME)
    assert elapsed < LIMIT + SLACK


def test_a_server_that_hangs_is_not_checked_in_time(held_server: RangeServer) -> None:
    verdict, elapsed = timed(make_lookup(held_server))
    assert (verdict.outcome, verdict.reason) == (BreachOutcome.UNKNOWN, NOT_IN_TIME)
    assert elapsed < LIMIT + SLACK


def test_one_hanging_lookup_does_not_hold_up_another(
    held_server: RangeServer, range_server: RangeServer
) -> None:
    range_server.add_password(BREACHED, 5)
    slow = make_lookup(held_server, timeout=30)
    outcome: list[object] = []
    waiting = threading.Thread(target=lambda: outcome.append(slow.lookup(BREACHED)))
    waiting.start()
    deadline = time.monotonic() + 10
    while not held_server.requests and time.monotonic() < deadline:
        time.sleep(0.01)  # until the slow request has reached its server
    assert held_server.requests
    verdict, elapsed = timed(make_lookup(range_server))
    assert (verdict.outcome, verdict.count) == (BreachOutcome.FOUND, 5)
    assert elapsed < LIMIT + SLACK
    assert outcome == []  # the other lookup is still waiting on its server
    held_server.release()
    waiting.join(timeout=10)
    assert len(outcome) == 1


def test_the_offline_list_answers_when_the_service_hangs(
    held_server: RangeServer, tmp_path: Path
) -> None:
    hashes = random_hashes(500, seed=3)
    hashes[sha1_upper(BREACHED)] = 41
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    lookup = FallbackLookup(make_lookup(held_server), SortedFileLookup(path))
    verdict, elapsed = timed(lookup)
    assert (verdict.outcome, verdict.count, verdict.source) == (BreachOutcome.FOUND, 41, "offline")
    assert elapsed < LIMIT + SLACK


def test_a_service_that_holds_every_connection_is_not_sent_more(held_server: RangeServer) -> None:
    # A server that never stops sending a byte now and then: each request given up on
    # still holds a connection, until the server lets go.
    held_server.trickle_headers = 0.02
    lookup = make_lookup(held_server, timeout=0.2)
    for i in range(MAX_STRAGGLERS):
        assert lookup.lookup(f"password {i}").reason == NOT_IN_TIME
    verdict = lookup.lookup("one more")
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service is not answering; try again in a minute"
    assert len(held_server.requests) == MAX_STRAGGLERS
    held_server.trickle_headers = 0
    held_server.release()  # the held requests end, so the lookup may ask again
    deadline = time.monotonic() + 10
    while lookup._stragglers.count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert lookup.lookup(BREACHED).count == 41


# -- redirects -----------------------------------------------------------------


def test_a_redirect_loop_is_not_checked_quickly(range_server: RangeServer) -> None:
    range_server.redirect = "loop"
    verdict, elapsed = timed(make_lookup(range_server))
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason == "the breach service kept redirecting; ask IT to check hibp_api_url"
    assert len(range_server.requests) == 4  # the first request and three redirects
    assert elapsed < LIMIT + SLACK


def test_a_redirect_to_another_host_is_refused(range_server: RangeServer) -> None:
    range_server.redirect = "elsewhere"
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "another address, which is not allowed" in verdict.reason
    assert len(range_server.requests) == 1


def test_a_redirect_on_the_same_host_is_followed(range_server: RangeServer) -> None:
    range_server.add_password(BREACHED, 12)
    range_server.redirect = "once"
    verdict = make_lookup(range_server).lookup(BREACHED)
    assert (verdict.outcome, verdict.count) == (BreachOutcome.FOUND, 12)
    assert [r.path[:7] for r in range_server.requests] == ["/range/", "/moved/"]
    assert "Add-Padding" in range_server.requests[1].headers
