"""The report wizard end to end: three stories sent to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import gc
import json
import sys
from datetime import timedelta
from email.headerregistry import Address
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime
from pytestqt.qtbot import QtBot

from desktop.core.kit.clock import ManualClock
from desktop.core.report import Step, WhatHappened
from desktop.ui.report.pages import PAGE_ABOUT, PAGE_ACCOUNT, PAGE_ACT, PAGE_CHECK, PAGE_WHAT
from tests.fixtures_smtp import SmtpServer
from tests.report_helpers import (
    CONTACTS,
    LEAKED,
    START,
    Recorder,
    answer_about,
    answer_first_pages,
    assert_no_secret,
    build,
    check_rows,
    click,
    next_page,
    policy_with,
    relay_to,
    type_text,
    wait_done,
)

STORIES = {
    "phishing page": dict(
        what=WhatHappened.PHISHING,
        account="College email (Microsoft 365)",
        details=f"An email said my mailbox was full. I signed in on the page. It was {LEAKED}",
        ago=timedelta(minutes=40),
        steps=(Step.CHANGE_NOW, Step.SIGN_OUT),
        expect="Typed the password into a suspicious web page or email",
    ),
    "shoulder surfing": dict(
        what=WhatHappened.SEEN,
        account="Learning portal",
        details="Someone behind me on the train watched me sign in.",
        ago=timedelta(hours=5),
        steps=(),
        expect="Someone may have seen the password, or it was written down",
    ),
    "breach alert": dict(
        what=WhatHappened.ALERT,
        account="Payroll",
        details="I got a 'new sign-in from another country' email this morning.",
        ago=timedelta(days=1, hours=2),
        steps=tuple(Step),
        expect="Got a warning or an unexpected sign-in alert",
    ),
}


@pytest.mark.parametrize("story", list(STORIES))
def test_story_is_reported_to_every_contact(
    qtbot: QtBot, tmp_path: Path, smtp_server: SmtpServer, story: str
) -> None:
    s = STORIES[story]
    clock, rec = ManualClock(START), Recorder()
    w = build(
        qtbot,
        tmp_path / "drafts",
        policy_with(smtp_server.port),
        relay_to(smtp_server.port),
        rec,
        clock,
    )
    reference = w.state.answers.reference

    # What happened, which account, and when (set back to when it happened).
    click(qtbot, w.what_page.choices[s["what"]])
    type_text(qtbot, w.what_page.details, s["details"])
    next_page(qtbot, w)
    type_text(qtbot, w.account_page.account, s["account"])
    when = clock.now() - s["ago"]
    w.account_page.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(when.timestamp())))
    next_page(qtbot, w)

    # Act now: the leaked password is typed once, used, and the box is emptied at once.
    assert w.currentId() == PAGE_ACT
    type_text(qtbot, w.act_page.old_password, LEAKED)
    click(qtbot, w.act_page.use_button)
    assert w.act_page.old_password.text() == ""
    qtbot.waitUntil(lambda: "Also used for" in w.act_page.old_result.text(), timeout=15_000)
    assert rec.burned == 1 and rec.compared == 1
    assert "Personal email, Online shop" in w.act_page.old_result.text()
    click(qtbot, w.act_page.open_checker)
    assert rec.checker_opened == 1
    for step in s["steps"]:
        click(qtbot, w.act_page.steps[step])
    next_page(qtbot, w)
    answer_about(qtbot, w, note="I can come to the desk at lunch.")

    # Check your answers shows what was given, in the person's own words.
    assert w.currentId() == PAGE_CHECK
    rows = check_rows(w)
    assert rows["Account or system"] == s["account"]
    assert rows["Your email address"] == "alex.smith@college.test"
    assert rows["Other accounts that used it"] == "Personal email, Online shop"
    assert (
        rows["Sent to"].splitlines()[0] == "IT service desk (Sam Patel): servicedesk@college.test"
    )
    click(qtbot, w.check_page.send_button)
    wait_done(qtbot, w)

    # The relay got one message, to every contact, from the person, with no secret in it.
    (got,) = smtp_server.received
    msg = got.message
    assert got.mail_from == "alex.smith@college.test"
    assert sorted(got.rcpt_tos) == sorted(c.email for c in CONTACTS)
    assert msg["To"].addresses[0] == Address("Sam Patel", "servicedesk", "college.test")
    assert (
        msg["Subject"] == f"[Password concern] Suspected password leak: {s['account']} - "
        f"{reference}"
    )
    assert msg["Reply-To"] == "Alex Smith <alex.smith@college.test>"
    assert msg["X-Hygiene-Reference"] == reference
    body = msg.get_content()
    assert s["expect"] in body and s["account"] in body
    assert "I can come to the desk at lunch." in body
    assert "Steps taken so far:" in body
    for step in Step:
        line = next(
            x
            for x in body.splitlines()
            if x.strip().endswith(
                {
                    Step.CHANGE_NOW: "Changed the password",
                    Step.CHANGE_ELSEWHERE: "Changed it anywhere else it was used",
                    Step.SIGN_OUT: "Signed out of other sessions",
                    Step.TURN_ON_MFA: "Turned on multi-factor sign-in",
                }[step]
            )
        )
        assert ("Done at" in line) == (step in s["steps"])
    assert "The old password is now blocked on this computer" in body
    assert_no_secret(got.data)

    # Confirmation: the reference, what next, and a reminder only if steps remain.
    assert w.done_page.reference.text() == reference
    assert w.done_page.title() == "Report sent"
    left = [st for st in Step if st not in s["steps"]]
    if left:
        assert rec.reminders == [(3600, rec.reminders[0][1])]
        assert reference in rec.reminders[0][1]
        assert "sign out of other sessions" in rec.reminders[0][1] or Step.SIGN_OUT in s["steps"]
    else:
        assert rec.reminders == []
        assert "You have done every step" in w.done_page.steps_left.text()
    assert not (tmp_path / "drafts" / "report.json").exists()  # sent: the draft is gone
    click(qtbot, w.button(w.WizardButton.FinishButton))
    assert not w.isVisible()


def test_password_typed_into_the_answers_is_taken_out(
    qtbot: QtBot, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    w = build(qtbot, tmp_path, policy_with(smtp_server.port), relay_to(smtp_server.port))
    answer_first_pages(
        qtbot,
        w,
        WhatHappened.PHISHING,
        f"the page took my password {LEAKED} and then froze",
        "Email",
    )
    type_text(qtbot, w.act_page.old_password, LEAKED)
    click(qtbot, w.act_page.use_button)
    qtbot.waitUntil(lambda: "took it out" in w.act_page.old_result.text(), timeout=15_000)
    assert (
        w.what_page.details.toPlainText()
        == "the page took my password [password removed] and then froze"
    )
    assert_no_secret(json.dumps(json.loads((tmp_path / "report.json").read_text())))
    next_page(qtbot, w)
    answer_about(qtbot, w)
    click(qtbot, w.check_page.send_button)
    wait_done(qtbot, w)
    assert_no_secret(smtp_server.received[0].data)


def test_burned_password_is_refused_by_the_real_history(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.core.checks.ports import ReuseOutcome
    from desktop.core.history import MemoryStore, PasswordHistory

    history = PasswordHistory(MemoryStore())
    history.add_account("Personal email", LEAKED)
    from desktop.core.report import DraftStore
    from desktop.ui.kit.timers import FakeTimerFactory
    from desktop.ui.report.wizard import ReportParts, ReportWizard

    def compare(password: str) -> list[str]:
        verdict = history.check_reuse(password)
        return [verdict.label] if verdict.outcome is ReuseOutcome.ACCOUNT_EXACT else []

    w = ReportWizard(
        policy_with(None),
        ReportParts(
            drafts=DraftStore(tmp_path),
            open_check_window=lambda: None,
            burn_password=history.add_password,
            compare_accounts=compare,
        ),
        clock=ManualClock(START).now,
        timers=FakeTimerFactory(),
    )
    qtbot.addWidget(w)
    w.show()
    answer_first_pages(qtbot, w, WhatHappened.BREACH, "", "Shop")
    type_text(qtbot, w.act_page.old_password, LEAKED)
    click(qtbot, w.act_page.use_button)
    qtbot.waitUntil(lambda: w.act_page.use_button.isEnabled(), timeout=30_000)
    assert "Blocked" in w.act_page.old_result.text()
    assert history.check_reuse(LEAKED).outcome is ReuseOutcome.EXACT  # never accepted again
    assert w.state.answers.burned


def test_back_and_change_keep_every_answer(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    answer_first_pages(qtbot, w, WhatHappened.SHARED, "Told a friend.", "Portal")
    click(qtbot, w.button(w.WizardButton.BackButton))
    click(qtbot, w.button(w.WizardButton.BackButton))
    assert w.currentId() == PAGE_WHAT
    assert w.what_page.choices[WhatHappened.SHARED].isChecked()
    assert w.what_page.details.toPlainText() == "Told a friend."
    next_page(qtbot, w)
    assert w.account_page.account.text() == "Portal"
    next_page(qtbot, w)
    next_page(qtbot, w)
    answer_about(qtbot, w, email="")
    assert w.currentId() == PAGE_CHECK

    # GOV.UK pattern: Change goes to the question, Next comes straight back to the list.
    click(qtbot, w.check_page.change_buttons["account"])
    assert w.currentId() == PAGE_ACCOUNT
    w.account_page.account.selectAll()
    type_text(qtbot, w.account_page.account, "Learning portal")
    next_page(qtbot, w)
    assert w.currentId() == PAGE_CHECK
    assert check_rows(w)["Account or system"] == "Learning portal"
    assert check_rows(w)["Your email address"] == "Not given"
    click(qtbot, w.check_page.change_buttons["name"])
    assert w.currentId() == PAGE_ABOUT and w.about_page.name.text() == "Alex Smith"
    next_page(qtbot, w)
    assert w.currentId() == PAGE_CHECK


def test_each_question_says_what_is_missing(
    qtbot: QtBot, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    w = build(qtbot, tmp_path, policy_with(smtp_server.port), relay_to(smtp_server.port))
    next_page(qtbot, w)
    assert w.currentId() == PAGE_WHAT
    assert w.what_page.error.isVisible() and w.what_page.error.text() == "Choose what happened."
    click(qtbot, w.what_page.choices[WhatHappened.UNSURE])
    next_page(qtbot, w)
    next_page(qtbot, w)
    assert w.currentId() == PAGE_ACCOUNT
    assert "which account or system" in w.account_page.error.text()
    type_text(qtbot, w.account_page.account, "Email")
    next_page(qtbot, w)
    next_page(qtbot, w)
    assert w.currentId() == PAGE_ABOUT
    next_page(qtbot, w)
    assert w.about_page.error.text() == "Enter your name."
    type_text(qtbot, w.about_page.name, "Sam")
    next_page(qtbot, w)
    assert w.about_page.error.text() == "Enter your email address, so they can reply."
    type_text(qtbot, w.about_page.email, "sam at college")
    next_page(qtbot, w)
    assert "in full, like name@example.org" in w.about_page.error.text()
    assert w.currentId() == PAGE_ABOUT


def test_time_since_the_leak_is_shown_and_kept_up_to_date(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.ui.kit.timers import FakeTimerFactory

    clock = ManualClock(START)
    timers = FakeTimerFactory(clock)  # one clock moves the time shown and the refresh timer
    w = build(qtbot, tmp_path, policy_with(None), clock=clock, timers=timers)
    answer_first_pages(qtbot, w, WhatHappened.SEEN, "", "Email")
    assert "It is less than a minute since it may have leaked" in w.act_page.elapsed.text()
    timers.advance(2 * 3600 + 5 * 60)
    assert "It is 2 hours 5 minutes since" in w.act_page.elapsed.text()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True cannot be freed from 3.12 on")
def test_typing_and_ticking_do_not_wear_away_true(qtbot: QtBot, tmp_path: Path) -> None:
    # In PySide6 6.12 every Signal.emit() from Python drops a reference to True; a few
    # hundred and the app dies. The wizard must not emit per key press or tick.
    w = build(qtbot, tmp_path, policy_with(None))
    click(qtbot, w.what_page.choices[WhatHappened.SEEN])
    gc.collect()
    before = sys.getrefcount(True)
    type_text(qtbot, w.what_page.details, "x" * 300)
    next_page(qtbot, w)
    type_text(qtbot, w.account_page.account, "y" * 100)
    next_page(qtbot, w)
    for _ in range(100):
        click(qtbot, w.act_page.steps[Step.SIGN_OUT])
    gc.collect()
    assert sys.getrefcount(True) - before > -20
