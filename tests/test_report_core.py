"""The report core without Qt: answers, contacts, rendering, mailto links and .eml files."""

from __future__ import annotations

import hashlib
import random
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.core.policy.schema import DEFAULT_CONTACTS, Contact, Policy
from desktop.core.report import (
    ReportAnswers,
    SaveError,
    Step,
    WhatHappened,
    build_mailto,
    build_report,
    format_elapsed,
    make_reference,
    recipients,
    save_eml,
)
from desktop.core.report.guard import REMOVED, redact_answers
from desktop.core.report.mailto import CUT_NOTE
from desktop.core.report.reference import is_reference

BST = timezone(timedelta(hours=1))
NOW = datetime(2025, 6, 3, 12, 10, tzinfo=BST)
CONTACTS = (
    Contact("Head of Skills Delivery", "Jo Bloggs", "jo@college.test"),
    Contact("IT service desk", "", "desk@college.test"),
    Contact("Head of Continuous Improvement"),
)


def answers(**changes: object) -> ReportAnswers:
    base = ReportAnswers(
        reference="PW-250603-K7QX",
        started=NOW - timedelta(minutes=20),
        when=NOW - timedelta(hours=2, minutes=5),
        what=WhatHappened.PHISHING,
        details="An email said my mailbox was full.\nI clicked the link and signed in.",
        account="College email",
        reporter_name="Alex Smith",
        reporter_email="alex@college.test",
        steps_done={Step.CHANGE_NOW: NOW - timedelta(minutes=10)},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_service_desk_comes_first_and_missing_addresses_are_named() -> None:
    who = recipients(CONTACTS)
    assert who.ordered[0].role == "IT service desk"
    assert who.addresses == ("desk@college.test", "jo@college.test")
    assert "Head of Continuous Improvement" in who.who_to_ask()


def test_built_in_contacts_have_no_addresses_and_say_who_to_ask() -> None:
    who = recipients(DEFAULT_CONTACTS)
    assert who.reachable == ()
    advice = who.who_to_ask()
    assert "IT service desk" in advice and "tutor or line manager" in advice
    assert "tutor or line manager" in recipients(()).who_to_ask()


def test_report_email_headers_and_content() -> None:
    built = build_report(answers(), Policy(report_contacts=CONTACTS), NOW)
    msg = built.message
    assert msg["Subject"] == (
        "[Password concern] Suspected password leak: College email - PW-250603-K7QX"
    )
    assert msg["From"] == "Alex Smith <alex@college.test>" == msg["Reply-To"]
    assert msg["To"] == "IT service desk <desk@college.test>, Jo Bloggs <jo@college.test>"
    assert msg["X-Hygiene-Reference"] == "PW-250603-K7QX"
    assert msg["Message-ID"].endswith("@hygiene-helper.invalid>")
    body = msg.get_content()
    assert "Typed the password into a suspicious web page or email" in body
    assert "Tuesday 3 June 2025 at 10:05 (UTC+01:00)" in body
    assert "2 hours 5 minutes before this report" in body
    assert "Done at 12:00" in body and "Changed the password" in body
    assert body.count("Not yet") == 3
    assert "Also to tell (no address set): Head of Continuous Improvement" in body


def test_line_breaks_in_one_line_answers_cannot_add_headers() -> None:
    sneaky = answers(account="Email\r\nBcc: everyone@college.test", reporter_name="A\nB")
    msg = build_report(sneaky, Policy(report_contacts=CONTACTS), NOW).message
    assert msg["Bcc"] is None
    assert "\n" not in msg["Subject"] and "Email Bcc:" in msg["Subject"]


def test_answers_say_what_is_missing() -> None:
    empty = ReportAnswers(reference="PW-250603-K7QX", started=NOW, when=NOW)
    assert empty.problems() == (
        "Choose what happened.",
        "Say which account or system the password is for.",
        "Enter your name.",
    )
    assert answers(reporter_email="alex at college").problems() == (
        "Enter your email address in full, like name@example.org.",
    )
    assert answers().problems() == ()


def test_steps_tick_and_untick() -> None:
    a = answers(steps_done={})
    a = a.with_step(Step.SIGN_OUT, True, NOW)
    assert a.steps_left() == (Step.CHANGE_NOW, Step.CHANGE_ELSEWHERE, Step.TURN_ON_MFA)
    assert a.with_step(Step.SIGN_OUT, False, NOW).steps_left()[2] == Step.SIGN_OUT


@pytest.mark.parametrize(
    "delta, text",
    [
        (timedelta(seconds=30), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=3, minutes=5), "3 hours 5 minutes"),
        (timedelta(days=2, hours=4, minutes=9), "2 days 4 hours"),
        (timedelta(minutes=-30), "less than a minute"),
    ],
)
def test_elapsed_in_plain_words(delta: timedelta, text: str) -> None:
    assert format_elapsed(NOW - delta, NOW) == text


def test_references_are_readable_and_seedable() -> None:
    ref = make_reference(NOW, random.Random(1).choice)
    assert ref == make_reference(NOW, random.Random(1).choice)
    assert is_reference(ref) and ref.startswith("PW-250603-")
    assert not set(ref[-4:]) & set("0O1IL5S2Z")


def secret_forms(password: str) -> list[str]:
    """The password and the hashes of it that must never appear in a report."""
    raw = password.encode()
    sha1 = hashlib.sha1(raw).hexdigest()
    return [
        password,
        sha1,
        sha1.upper(),
        hashlib.sha256(raw).hexdigest(),
        hashlib.md5(raw).hexdigest(),
    ]


@settings(max_examples=60, deadline=None)
@given(
    password=st.text(min_size=10, max_size=40).filter(lambda p: p.strip() == p and p),
    details=st.text(max_size=200),
    account=st.text(max_size=60),
)
def test_report_never_contains_the_leaked_password(
    password: str, details: str, account: str
) -> None:
    # The wizard cleans the answers while the typed password is briefly known; after
    # that, nothing in the report can be the password or a hash of it. A "password" that
    # is part of the report's own wording (say "MORE DETAI" of "More details") would be
    # found there whatever the answers held, so it says nothing about them.
    template = build_report(answers(account=account), Policy(report_contacts=CONTACTS), NOW)
    wording = template.message.get_content().lower()
    assume(not any(form.lower() in wording for form in secret_forms(password)))
    a = answers(details=f"{details} my password was {password}", account=account + password)
    cleaned, changed = redact_answers(a, password)
    assert changed
    built = build_report(cleaned, Policy(report_contacts=CONTACTS), NOW)
    raw = built.message.as_string()
    decoded = built.message.get_content()
    for form in secret_forms(password):
        assert form.lower() not in decoded.lower()
        assert form not in raw
    assert REMOVED in decoded


def test_redacting_ignores_letter_case_and_leaves_short_strings() -> None:
    a, changed = redact_answers(answers(details="it was SunnyDays2024 i think"), "sunnydays2024")
    assert changed and a.details == f"it was {REMOVED} i think"
    same, changed = redact_answers(answers(), "a")
    assert not changed and same == answers()


def mailto_parts(url: str) -> tuple[list[str], dict[str, str]]:
    parts = urlsplit(url)
    fields = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return [unquote(a) for a in parts.path.split(",")], fields


def test_mailto_link_carries_the_whole_report_when_it_fits() -> None:
    built = build_report(answers(), Policy(report_contacts=CONTACTS), NOW)
    link = build_mailto(built.recipients.addresses, built.message["Subject"], built.text)
    assert not link.shortened and len(link.url) <= 1900
    to, fields = mailto_parts(link.url)
    assert to == ["desk@college.test", "jo@college.test"]
    assert fields["subject"] == built.message["Subject"]
    assert fields["body"].replace("\r\n", "\n") == built.text


def test_long_mailto_is_cut_at_a_line_with_a_note() -> None:
    long = answers(details="\n".join(f"Line {i}: something odd happened." for i in range(80)))
    built = build_report(long, Policy(report_contacts=CONTACTS), NOW)
    link = build_mailto(built.recipients.addresses, built.message["Subject"], built.text)
    assert link.shortened and len(link.url) <= 1900
    body = mailto_parts(link.url)[1]["body"].replace("\r\n", "\n")
    assert body.endswith(CUT_NOTE)
    kept = body[: -len(CUT_NOTE)]
    assert built.text.startswith(kept)


def test_eml_file_is_private_and_parses_back(tmp_path: Path) -> None:
    built = build_report(answers(reporter_name="Zoë Brontë"), Policy(report_contacts=CONTACTS), NOW)
    path = save_eml(built.message, tmp_path / "my report")
    assert path.name == "my report.eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parsed = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert isinstance(parsed, EmailMessage)
    assert parsed["Subject"] == built.message["Subject"]
    assert parsed["From"] == "Zoë Brontë <alex@college.test>"
    assert parsed.get_content().replace("\r\n", "\n") == built.text
    assert list(tmp_path.iterdir()) == [path]  # no temporary files left behind


def test_eml_save_failure_is_explained(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    built = build_report(answers(), Policy(report_contacts=CONTACTS), NOW)
    with pytest.raises(SaveError, match=r"could not be saved to .*Choose another folder"):
        save_eml(built.message, not_a_folder / "report.eml")
    assert not_a_folder.read_text() == "mine"


def test_times_keep_their_zone_in_the_report() -> None:
    utc_when = answers(when=datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    body = build_report(utc_when, Policy(), NOW).text
    assert "Friday 10 January 2025 at 09:00 (UTC+00:00)" in body


def test_the_guard_finds_the_password_and_its_near_forms_not_ordinary_words() -> None:
    from desktop.core.report.guard import SecretGuard

    guard = SecretGuard("Summer2024!")
    for text in ("it was Summer2024!", "SUMMER2024! again", "5umm3r2024 typed", "summer"):
        cleaned, hit = guard.scrub(text)
        assert hit and "ummer" not in cleaned.casefold() and REMOVED in cleaned, text
    # the near forms need six letters or more, so short words elsewhere stay
    assert SecretGuard("Cat2024!").scrub("my cat sat") == ("my cat sat", False)
    assert guard.scrub("I went to the beach in June") == ("I went to the beach in June", False)
    # nothing of the password is kept: only keyed fingerprints
    assert "ummer" not in repr(vars(guard)).casefold()
