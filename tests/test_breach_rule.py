"""The ``breached`` rule and the breach lookup the composition root builds, with real
lookups (no stand-ins)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from desktop.core.breach import (
    FallbackLookup,
    FixedVerdictLookup,
    OfflineLookup,
    RangeApiLookup,
)
from desktop.core.checks.base import CheckContext
from desktop.core.checks.breached import BreachedRule
from desktop.core.checks.findings import Status
from desktop.core.checks.ports import BreachLookup, BreachOutcome, BreachVerdict
from desktop.core.policy.schema import Policy
from desktop.wiring import Options, Services
from tests.fixtures_breach import random_hashes, sorted_lines, write_lines
from tests.range_server import RangeServer, sha1_upper

PASSWORD = "kettle orbit lantern mosaic"


def make_breach_lookup(policy: Policy, no_network: bool = False) -> BreachLookup | None:
    return Services(Options(no_network=no_network)).breach_lookup(policy)


def run_rule(lookup: object, password: str = PASSWORD) -> tuple[Status, str, str]:
    found = BreachedRule(lookup).check(CheckContext(password, Policy()))  # type: ignore[arg-type]
    return found.status, found.message, found.hint


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "Seen once"), (3541, "Seen 3,541 times"), (12_345_678, "Seen 12,345,678 times")],
)
def test_found_fails_with_the_count(count: int, words: str) -> None:
    status, message, hint = run_rule(FixedVerdictLookup(BreachVerdict(BreachOutcome.FOUND, count)))
    assert status is Status.FAIL
    assert message == f"{words} in known data breaches."
    assert hint


def test_unknown_is_not_checked_with_the_reason() -> None:
    verdict = BreachVerdict(
        BreachOutcome.UNKNOWN, reason="the network is turned off (--no-network)", source="online"
    )
    status, message, hint = run_rule(FixedVerdictLookup(verdict))
    assert status is Status.NOT_CHECKED
    assert message == "Not checked: the network is turned off (--no-network)."
    assert "back online" in hint


def test_offline_problem_asks_for_it(tmp_path: Path) -> None:
    status, message, hint = run_rule(OfflineLookup(tmp_path / "gone.txt"))
    assert status is Status.NOT_CHECKED and "cannot be found" in message and "tell IT" in hint


def test_real_lookups_decide_pass_and_fail(tmp_path: Path, range_server: RangeServer) -> None:
    range_server.add_password(PASSWORD, 9)
    online = RangeApiLookup(range_server.url, requests.Session(), timeout=2)
    assert run_rule(online)[0] is Status.FAIL
    assert run_rule(online, "another one entirely 42")[0] is Status.PASS


def test_fallback_only_used_when_the_first_cannot_finish(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "pwned.txt", sorted_lines({**random_hashes(500, 1), sha1_upper(PASSWORD): 4})
    )
    clean = FixedVerdictLookup(BreachVerdict(BreachOutcome.NOT_FOUND, source="online"))
    broken = FixedVerdictLookup(BreachVerdict(BreachOutcome.UNKNOWN, reason="x", source="online"))
    assert (
        FallbackLookup(clean, OfflineLookup(path)).lookup(PASSWORD).outcome
        is BreachOutcome.NOT_FOUND
    )
    verdict = FallbackLookup(broken, OfflineLookup(path)).lookup(PASSWORD)
    assert (verdict.outcome, verdict.count, verdict.source) == (BreachOutcome.FOUND, 4, "offline")


def test_make_breach_lookup_follows_the_policy(tmp_path: Path, range_server: RangeServer) -> None:
    range_server.add_password(PASSWORD, 7)
    path = write_lines(
        tmp_path / "pwned.txt", sorted_lines({**random_hashes(500, 2), sha1_upper(PASSWORD): 3})
    )
    url = range_server.url

    assert make_breach_lookup(Policy(breach_check="off", hibp_api_url=url)) is None

    online = make_breach_lookup(Policy(hibp_api_url=url))
    assert online is not None and online.lookup(PASSWORD).count == 7

    both = make_breach_lookup(Policy(hibp_api_url=url, offline_breach_file=str(path)))
    assert both is not None and both.lookup(PASSWORD).count == 7  # online answers first
    range_server.status = 500
    both = make_breach_lookup(Policy(hibp_api_url=url, offline_breach_file=str(path)))
    assert both is not None and both.lookup(PASSWORD).count == 3  # offline steps in
    requests_so_far = len(range_server.requests)

    offline = make_breach_lookup(
        Policy(breach_check="offline", hibp_api_url=url, offline_breach_file=str(path))
    )
    assert offline is not None and offline.lookup(PASSWORD).count == 3
    no_file = make_breach_lookup(Policy(breach_check="offline", hibp_api_url=url))
    assert no_file is not None
    assert "no offline breach list" in no_file.lookup(PASSWORD).reason

    cut_off = make_breach_lookup(Policy(hibp_api_url=url), no_network=True)
    assert cut_off is not None
    assert cut_off.lookup(PASSWORD).reason == "the network is turned off (--no-network)"
    cut_off_file = make_breach_lookup(
        Policy(hibp_api_url=url, offline_breach_file=str(path)), no_network=True
    )
    assert cut_off_file is not None and cut_off_file.lookup(PASSWORD).count == 3
    assert len(range_server.requests) == requests_so_far  # none of these used the network


@pytest.mark.parametrize(
    "url", ["http://api.pwnedpasswords.com/range/", "http://10.0.0.8/range/", "http://[fe80::1]/"]
)
def test_plain_http_away_from_this_computer_is_refused(url: str, range_server: RangeServer) -> None:
    # Any request would reach the range server, standing in as the proxy on the path.
    session = requests.Session()
    session.proxies = {"http": range_server.url.rsplit("/range/", 1)[0]}
    status, message, hint = run_rule(RangeApiLookup(url, session))
    assert status is Status.NOT_CHECKED
    assert message == "Not checked: the breach service address must use https."
    assert "tell IT" in hint
    assert range_server.requests == []


def test_plain_http_on_this_computer_is_allowed(range_server: RangeServer) -> None:
    range_server.add_password(PASSWORD, 2)
    port = range_server.url.split(":")[2].split("/")[0]
    for host in ("127.0.0.1", "localhost"):
        lookup = RangeApiLookup(f"http://{host}:{port}/range/", requests.Session(), timeout=2)
        assert run_rule(lookup)[0] is Status.FAIL
