"""Sending from the wizard when things go wrong, and the other ways to hand a report over:
the relay down, refusing or slow (with retry), the mail app link, a saved .eml, a copy."""

from __future__ import annotations

import stat
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.core.policy.schema import Policy
from desktop.core.report import DraftStore, WhatHappened
from desktop.ui.kit.a11y import announcements
from desktop.ui.report.pages import PAGE_CHECK
from desktop.ui.report.wizard import ReportWizard
from tests.fixtures_smtp import SmtpFactory, SmtpServer
from tests.report_helpers import (
    LEAKED,
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


def to_check_page(qtbot: QtBot, w: ReportWizard, details: str = "A fake sign-in page.") -> None:
    answer_first_pages(qtbot, w, WhatHappened.PHISHING, details, "College email")
    type_text(qtbot, w.act_page.old_password, LEAKED)
    click(qtbot, w.act_page.use_button)
    qtbot.waitUntil(lambda: w.act_page.use_button.isEnabled(), timeout=15_000)
    next_page(qtbot, w)
    answer_about(qtbot, w)
    assert w.currentId() == PAGE_CHECK


def continue_button_enabled(w: ReportWizard) -> bool:
    return bool(w.button(w.WizardButton.CommitButton).isEnabled())


def test_relay_down_keeps_the_report_and_try_again_sends_it(
    qtbot: QtBot,
    tmp_path: Path,
    closed_port: int,
    smtp_factory: SmtpFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    w = build(qtbot, tmp_path, policy_with(closed_port), relay_to(closed_port))
    to_check_page(qtbot, w)
    said = announcements()
    with qtbot.waitSignal(said.made, timeout=10_000, check_params_cb=lambda _t, a: a):
        click(qtbot, w.check_page.send_button)
    status = w.check_page.status.text()
    assert "could not be reached" in status and "Your report is kept" in status
    # Plain words for the person: no address, port or error name; the details go to IT.
    assert "127.0.0.1" not in status and str(closed_port) not in status
    assert f"127.0.0.1:{closed_port} is not answering" in caplog.text
    # Said at once (assertively) to a screen reader, and Enter now means "Try again".
    assert said.history[-1] == (status, True)
    assert w.currentId() == PAGE_CHECK and not continue_button_enabled(w)
    assert w.check_page.send_button.text().replace("&", "") == "Try again"
    assert w.focusWidget() is w.check_page.send_button
    kept = DraftStore(tmp_path).load()
    assert kept is not None and kept.answers == w.state.answers
    assert "could not be reached" in kept.last_error

    server = smtp_factory("accept", port=closed_port)  # the relay comes back
    click(qtbot, w.check_page.send_button)
    wait_done(qtbot, w)
    assert len(server.received) == 1
    assert DraftStore(tmp_path).load() is None


def test_relay_refusing_says_why(qtbot: QtBot, tmp_path: Path, smtp_factory: SmtpFactory) -> None:
    server = smtp_factory("refuse_data")
    w = build(qtbot, tmp_path, policy_with(server.port), relay_to(server.port))
    to_check_page(qtbot, w)
    click(qtbot, w.check_page.send_button)
    qtbot.waitUntil(lambda: "Not sent" in w.check_page.status.text(), timeout=10_000)
    assert "turned the report down" in w.check_page.status.text()
    assert "554" not in w.check_page.status.text()
    assert server.received == [] and DraftStore(tmp_path).load() is not None


def test_slow_relay_never_freezes_the_window(
    qtbot: QtBot, tmp_path: Path, smtp_factory: SmtpFactory
) -> None:
    server = smtp_factory("slow")
    w = build(qtbot, tmp_path, policy_with(server.port), relay_to(server.port, timeout=1.5))
    to_check_page(qtbot, w)
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start(50)
    click(qtbot, w.check_page.send_button)
    # While the relay sits on the message the window keeps running and says so.
    assert w.check_page.status.text() == "Sending your report..."
    assert not w.check_page.send_button.isEnabled()
    assert not w.check_page.change_buttons["account"].isEnabled()
    qtbot.waitUntil(lambda: "Not sent" in w.check_page.status.text(), timeout=10_000)
    heartbeat.stop()
    assert len(ticks) >= 10  # the event loop ran all through the 1.5 s wait
    assert "did not answer in time" in w.check_page.status.text()
    assert w.check_page.send_button.isEnabled()


def test_mail_app_link_holds_the_whole_report(qtbot: QtBot, tmp_path: Path) -> None:
    rec = Recorder()
    w = build(qtbot, tmp_path, policy_with(None), rec=rec)
    to_check_page(qtbot, w)
    assert w.check_page.send_button.text().replace("&", "") == "Open in my email app"
    click(qtbot, w.check_page.send_button)
    (url,) = rec.urls
    assert isinstance(url, QUrl) and url.scheme() == "mailto"
    raw = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert len(raw) <= 1900
    parts = urlsplit(raw)
    fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert [unquote(a) for a in parts.path.split(",")] == [
        "servicedesk@college.test",
        "jo.bloggs@college.test",
        "priya.shah@college.test",
    ]
    assert fields["subject"].startswith("[Password concern] Suspected password leak: College")
    body = fields["body"]
    assert "Typed the password into a suspicious web page or email" in body
    assert "A fake sign-in page." in body and "Alex Smith" in body
    assert "The old password is now blocked" in body
    assert_no_secret(raw)
    assert "press Send there" in w.check_page.status.text()
    assert continue_button_enabled(w)
    next_page(qtbot, w)
    assert w.done_page.title() == "Your report is ready"
    assert DraftStore(tmp_path).load() is not None  # kept until they finish
    click(qtbot, w.button(w.WizardButton.FinishButton))
    assert DraftStore(tmp_path).load() is None


def test_long_report_link_is_cut_and_the_rest_copied(qtbot: QtBot, tmp_path: Path) -> None:
    rec = Recorder()
    w = build(qtbot, tmp_path, policy_with(None), rec=rec)
    long = " ".join(f"Then step {i} happened." for i in range(120))
    to_check_page(qtbot, w, details=long)
    click(qtbot, w.check_page.send_button)
    raw = rec.urls[0].toString(QUrl.ComponentFormattingOption.FullyEncoded)
    assert len(raw) <= 1900
    assert "did not fit" in unquote(raw)
    copied = QGuiApplication.clipboard().text()
    assert "Then step 119 happened." in copied
    assert "also copied: paste it" in w.check_page.status.text()


def test_mail_app_that_will_not_open_is_explained(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None), rec=Recorder(open_url_works=False))
    to_check_page(qtbot, w)
    click(qtbot, w.check_page.send_button)
    assert "could not be opened" in w.check_page.status.text()
    assert not continue_button_enabled(w)


def test_saved_eml_is_a_real_email(qtbot: QtBot, tmp_path: Path) -> None:
    rec = Recorder(saved_to=tmp_path / "out" / "my-report")
    w = build(qtbot, tmp_path / "drafts", policy_with(None), rec=rec)
    to_check_page(qtbot, w)
    click(qtbot, w.check_page.save_button)
    path = tmp_path / "out" / "my-report.eml"
    assert str(path) in w.check_page.status.text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    msg = message_from_bytes(path.read_bytes(), policy=default_policy)
    assert isinstance(msg, EmailMessage)
    assert msg["X-Hygiene-Reference"] == w.state.answers.reference
    assert msg["From"] == "Alex Smith <alex.smith@college.test>"
    assert "servicedesk@college.test" in msg["To"]
    assert "College email" in msg.get_content()
    assert_no_secret(path.read_bytes())
    assert continue_button_enabled(w)


def test_save_cancelled_or_failing_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    rec = Recorder(saved_to=None)
    w = build(qtbot, tmp_path, policy_with(None), rec=rec)
    to_check_page(qtbot, w)
    click(qtbot, w.check_page.save_button)
    assert not w.check_page.status.isVisible() and not continue_button_enabled(w)
    blocker = tmp_path / "a-file"
    blocker.write_text("mine")
    rec.saved_to = blocker / "report.eml"
    click(qtbot, w.check_page.save_button)
    assert "could not be saved" in w.check_page.status.text()
    assert not continue_button_enabled(w) and blocker.read_text() == "mine"


def test_copy_puts_the_report_on_the_clipboard(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    to_check_page(qtbot, w)
    click(qtbot, w.check_page.copy_button)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("To: servicedesk@college.test, jo.bloggs@college.test")
    assert (
        f"Subject: [Password concern] Suspected password leak: College email - "
        f"{w.state.answers.reference}" in copied
    )
    assert "Reported by: Alex Smith (alex.smith@college.test)" in copied
    assert_no_secret(copied)
    assert "Copied" in w.check_page.status.text() and continue_button_enabled(w)
    # A copy on the clipboard is easily lost: stopping now still keeps the draft.
    click(qtbot, w.button(w.WizardButton.CancelButton))
    kept = DraftStore(tmp_path).load()
    assert kept is not None and kept.answers == w.state.answers


def test_no_addresses_still_guides_and_says_who_to_ask(qtbot: QtBot, tmp_path: Path) -> None:
    rec = Recorder(saved_to=tmp_path / "report.eml")
    w = build(qtbot, tmp_path / "drafts", Policy(), rec=rec)  # the built-in roles only
    answer_first_pages(qtbot, w, WhatHappened.UNSURE, "", "Email")
    assert len(w.act_page.steps) == 4
    next_page(qtbot, w)
    assert "has not added email addresses for: IT service desk" in w.about_page.recipients.text()
    answer_about(qtbot, w, email="")
    assert not w.check_page.send_button.isVisible()
    assert "tutor or line manager" in check_rows(w)["Who to tell"]
    click(qtbot, w.check_page.save_button)
    assert continue_button_enabled(w)
    next_page(qtbot, w)
    assert w.done_page.next_text.text() == (
        "Give your saved or copied report to IT service desk today. If you do not know how "
        "to reach them, ask your tutor or line manager."
    )


def test_send_uses_starttls_when_the_policy_asks(
    qtbot: QtBot, tmp_path: Path, smtp_factory: SmtpFactory
) -> None:
    server: SmtpServer = smtp_factory("accept", tls=True)
    from desktop.core.report import RelaySettings, SmtpRelay

    relay = SmtpRelay(
        RelaySettings("127.0.0.1", server.port, starttls=True),
        timeout=5,
        ssl_context=server.client_context,
    )
    w = build(qtbot, tmp_path, policy_with(server.port), relay)
    to_check_page(qtbot, w)
    click(qtbot, w.check_page.send_button)
    wait_done(qtbot, w)
    assert server.received[0].tls
