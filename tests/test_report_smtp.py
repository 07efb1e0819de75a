"""Sending a report through a real SMTP server on 127.0.0.1: success and every failure."""

from __future__ import annotations

import smtplib
import ssl
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import (
    BuiltReport,
    RelaySettings,
    ReportAnswers,
    SendError,
    SmtpRelay,
    WhatHappened,
    build_report,
)
from desktop.core.report.smtp import KEYRING_SERVICE, explain
from tests.doubles import MemoryKeyring  # what the relay does with the answer
from tests.fixtures_keyring import SecretServiceSession
from tests.fixtures_smtp import SmtpFactory, SmtpServer

NOW = datetime(2025, 6, 3, 11, 0, tzinfo=UTC)
CONTACTS = (
    Contact("IT service desk", "Sam Patel", "desk@college.test"),
    Contact("Head of Skills Delivery", "Jo Bloggs", "jo@college.test"),
)


def report(reporter_email: str = "alex@college.test") -> BuiltReport:
    answers = ReportAnswers(
        reference="PW-250603-ABCD",
        started=NOW,
        when=NOW - timedelta(hours=1),
        what=WhatHappened.PHISHING,
        account="College email",
        reporter_name="Alex Smith",
        reporter_email=reporter_email,
    )
    return build_report(answers, Policy(report_contacts=CONTACTS), NOW)


def relay(
    server: SmtpServer | None,
    port: int = 0,
    starttls: bool = False,
    user: str = "",
    passwords: Any = None,
    ssl_context: ssl.SSLContext | None = None,
    timeout: float = 5.0,
) -> SmtpRelay:
    settings = RelaySettings(
        "127.0.0.1", port or (server.port if server else 25), starttls=starttls, user=user
    )
    return SmtpRelay(settings, passwords, timeout=timeout, ssl_context=ssl_context)


def test_sends_to_every_contact_with_the_reporter_as_sender(smtp_server: SmtpServer) -> None:
    result = relay(smtp_server).send(report().message)
    assert set(result.accepted) == {"desk@college.test", "jo@college.test"}
    assert result.refused == ()
    (got,) = smtp_server.received
    assert got.mail_from == "alex@college.test"
    assert sorted(got.rcpt_tos) == ["desk@college.test", "jo@college.test"]
    assert got.message["X-Hygiene-Reference"] == "PW-250603-ABCD"
    assert "College email" in got.message.get_content()


def test_starttls_with_sign_in_from_the_keyring(smtp_factory: SmtpFactory) -> None:
    server = smtp_factory("accept", tls=True, users={"reports": "relay-secret-1"})
    keys = MemoryKeyring({(KEYRING_SERVICE, "smtp:reports"): "relay-secret-1"})
    relay(
        server, starttls=True, user="reports", passwords=keys, ssl_context=server.client_context
    ).send(report().message)
    (got,) = server.received
    assert got.tls and got.login == "reports"
    assert keys.asked == [("hygiene-helper", "smtp:reports")]
    assert b"relay-secret-1" not in got.data


def test_an_untrusted_certificate_stops_the_send(smtp_factory: SmtpFactory) -> None:
    server = smtp_factory("accept", tls=True)
    with pytest.raises(SendError, match="could not prove who it is"):
        relay(server, starttls=True, ssl_context=ssl.create_default_context()).send(
            report().message
        )
    assert server.received == []


def test_no_starttls_offered_means_nothing_is_sent(smtp_server: SmtpServer) -> None:
    with pytest.raises(SendError, match="does not offer a secure connection"):
        relay(smtp_server, starttls=True).send(report().message)
    assert smtp_server.received == []


def test_wrong_relay_password_is_explained(smtp_factory: SmtpFactory) -> None:
    server = smtp_factory("accept", tls=True, users={"reports": "right"})
    keys = MemoryKeyring({(KEYRING_SERVICE, "smtp:reports"): "wrong"})
    with pytest.raises(SendError, match="did not accept the sign-in for 'reports'"):
        relay(
            server, starttls=True, user="reports", passwords=keys, ssl_context=server.client_context
        ).send(report().message)


@pytest.mark.parametrize(
    "keys, expected",
    [
        (None, "no keyring is available"),
        (MemoryKeyring(), "is not set up on this computer"),
        (MemoryKeyring(fail=True), "could not be read from this computer's keyring"),
    ],
)
def test_missing_relay_password_is_explained(
    smtp_factory: SmtpFactory, keys: object, expected: str
) -> None:
    server = smtp_factory("accept", tls=True, users={"reports": "x"})
    with pytest.raises(SendError, match=expected):
        relay(
            server, starttls=True, user="reports", passwords=keys, ssl_context=server.client_context
        ).send(report().message)


def test_sign_in_without_encryption_is_refused_before_connecting(closed_port: int) -> None:
    with pytest.raises(SendError, match="without a secure connection"):
        relay(None, port=closed_port, user="reports", passwords=MemoryKeyring()).send(
            report().message
        )


def test_relay_down(closed_port: int) -> None:
    with pytest.raises(SendError) as err:
        relay(None, port=closed_port).send(report().message)
    assert str(err.value) == (
        f"the mail relay 127.0.0.1:{closed_port} is not answering (the connection was refused)."
    )


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("refuse_rcpt", "refused every address"),
        ("refuse_data", "refused the report (554 5.7.1 Message rejected by policy)"),
    ],
)
def test_relay_refuses(smtp_factory: SmtpFactory, kind: str, expected: str) -> None:
    server = smtp_factory(kind)
    with pytest.raises(SendError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        relay(server).send(report().message)
    assert server.received == []


def test_slow_relay_times_out_with_a_plain_reason(smtp_factory: SmtpFactory) -> None:
    server = smtp_factory("slow")
    with pytest.raises(SendError, match="did not answer within 1 seconds"):
        relay(server, timeout=1.0).send(report().message)


def test_no_sender_or_no_recipient_is_explained(smtp_server: SmtpServer) -> None:
    with pytest.raises(SendError, match="Add your email address"):
        relay(smtp_server).send(report(reporter_email="").message)
    answers = ReportAnswers(
        reference="PW-250603-ABCD", started=NOW, when=NOW, reporter_email="a@b.test"
    )
    nobody = build_report(answers, Policy(), NOW)  # built-in contacts have no addresses
    with pytest.raises(SendError, match="no address to send the report to"):
        relay(smtp_server).send(nobody.message)
    assert smtp_server.received == []


def test_every_reason_is_one_line() -> None:
    settings = RelaySettings("relay.test")
    errors: list[BaseException] = [
        smtplib.SMTPRecipientsRefused({"a@b.test": (550, b"no")}),
        smtplib.SMTPAuthenticationError(535, b"bad\r\ncredentials"),
        smtplib.SMTPSenderRefused(553, b"sender\nrejected", "a@b.test"),
        smtplib.SMTPDataError(451, b"try later"),
        smtplib.SMTPServerDisconnected("gone"),
        TimeoutError(),
        ConnectionRefusedError(),
        OSError(101, "Network is unreachable"),
        ValueError("odd"),
    ]
    for exc in errors:
        line = explain(exc, settings, 3)
        assert "\n" not in line and "\r" not in line and "relay" in line
        assert "Traceback" not in line


def test_relay_sign_in_comes_from_the_real_secret_service(
    smtp_factory: SmtpFactory, secret_service: SecretServiceSession
) -> None:
    server = smtp_factory("accept", tls=True, users={"reports@college.test": "relay-pass-9"})
    backend = secret_service.backend
    backend.set_password(KEYRING_SERVICE, "smtp:reports@college.test", "relay-pass-9")
    try:
        relay(
            server,
            starttls=True,
            user="reports@college.test",
            passwords=backend,
            ssl_context=server.client_context,
        ).send(report().message)
    finally:
        backend.delete_password(KEYRING_SERVICE, "smtp:reports@college.test")
    (got,) = server.received
    assert got.tls and got.login == "reports@college.test"
    with pytest.raises(SendError, match="is not set up on this computer"):
        relay(
            server,
            starttls=True,
            user="reports@college.test",
            passwords=backend,
            ssl_context=server.client_context,
        ).send(report().message)
