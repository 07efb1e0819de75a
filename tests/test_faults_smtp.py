"""Fault injection: a mail relay that trickles, drops, answers late or says "later".

Each fault is a real raw server on 127.0.0.1 (``tests/raw_smtp.py``). For each: the send
gives up within the one overall limit (connecting and the greeting included), the
message is one plain line that names the fault (a 4xx as temporary, not the person's
address), and a retry of a send that may have gone reuses the Message-ID, so the desk
sees exactly one report: one distinct Message-ID at the server however many copies.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from desktop.core.policy.schema import Contact, Policy
from desktop.core.report.model import ReportAnswers, WhatHappened
from desktop.core.report.render import build_report, new_message_id
from desktop.core.report.smtp import RelaySettings, SendError, SmtpRelay
from tests.loaded import LOADED
from tests.raw_smtp import RawSmtp

LIMIT = 1.0  # the overall limit the tests give the relay (the app uses 20 s)
SLACK = LOADED  # a busy machine (see tests/loaded.py); each fault outlasts it
NOW = datetime(2025, 6, 3, 10, 0, tzinfo=UTC)
POLICY = Policy(report_contacts=(Contact("IT service desk", "Sam", "desk@college.test"),))


@pytest.fixture
def raw() -> Iterator[RawSmtp]:
    server = RawSmtp().start()
    yield server
    server.stop()


def relay(server: RawSmtp) -> SmtpRelay:
    return SmtpRelay(RelaySettings("127.0.0.1", server.port, starttls=False), timeout=LIMIT)


def report(message_id: str = ""):  # type: ignore[no-untyped-def]
    answers = ReportAnswers(
        reference="PW-250603-K7QX",
        started=NOW,
        when=NOW,
        what=WhatHappened.SEEN,
        account="Learning portal",
        reporter_name="Robin Lee",
        reporter_email="robin@college.test",
    )
    return build_report(answers, POLICY, NOW, message_id).message


def failed_send(server: RawSmtp, message_id: str = "") -> tuple[SendError, float]:
    start = time.monotonic()
    with pytest.raises(SendError) as caught:
        relay(server).send(report(message_id))
    return caught.value, time.monotonic() - start


def test_a_trickled_greeting_gives_up_at_the_overall_limit(raw: RawSmtp) -> None:
    raw.behaviour = "trickle-greeting"
    error, took = failed_send(raw)
    print(f"\ntrickled greeting: gave up after {took:.2f} s (limit {LIMIT:g} s)")
    assert took < LIMIT + SLACK
    assert f"did not answer within {LIMIT:g} seconds" in str(error)
    assert not error.maybe_sent and raw.received == []


@pytest.mark.parametrize("fault", ["drop-before-250", "late-250"])
def test_a_report_taken_without_a_250_is_sent_again_as_the_same_report(
    raw: RawSmtp, fault: str
) -> None:
    raw.behaviour = fault
    message_id = new_message_id("PW-250603-K7QX")
    error, took = failed_send(raw, message_id)
    assert took < LIMIT + SLACK
    assert error.maybe_sent
    assert "may have arrived" in str(error) and "desk will see one report" in str(error)
    raw.behaviour = "ok"  # the relay recovers; the person presses Try again
    relay(raw).send(report(message_id))
    assert len(raw.received) == 2  # two copies went over the wire ...
    assert set(raw.message_ids()) == {message_id}  # ... as one report the desk can tell


def test_a_temporary_refusal_is_named_as_temporary(raw: RawSmtp) -> None:
    raw.behaviour = "451-at-mail"
    error, _ = failed_send(raw)
    assert error.temporary
    assert "temporary" in str(error) and "not your address" in str(error)
    assert "Check the address you gave" not in str(error)


def test_a_busy_greeting_is_temporary_too(raw: RawSmtp) -> None:
    raw.behaviour = "421-greeting"
    error, took = failed_send(raw)
    assert took < LIMIT + SLACK
    assert error.temporary and "temporary" in str(error)
    assert not error.maybe_sent


def test_a_relay_that_is_down_is_not_a_report_that_may_have_gone(raw: RawSmtp) -> None:
    port = raw.port
    raw.stop()
    settings = RelaySettings("127.0.0.1", port, starttls=False)
    with pytest.raises(SendError) as caught:
        SmtpRelay(settings, timeout=LIMIT).send(report())
    assert not caught.value.maybe_sent and "not answering" in str(caught.value)
