"""A kind's report never carries a typed password, and leaves by every way the leak
report does.

A password typed where it should not have been never reaches a draft or a report.

"I clicked a link, opened an attachment or typed my password" offers the leak report's
one-off box on its first page. A marker password is typed there and also into the
kind's own answers (before and after the box is used); the draft on disk and the
message the loopback SMTP server receives are searched for it, its near forms and its
SHA-1 and SHA-256. The history's block and account comparison run as they do for the
leak report, and the person reads what they found. Without a mail relay, a kind's
report opens in the mail app (a mailto link to the kind's recipients) or is saved as an
email file, both with the kind's subject and sorting line.
"""

from __future__ import annotations

from dataclasses import replace
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import unquote

import pytest
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from desktop.core.report import DraftStore
from desktop.core.report.guard import REMOVED
from desktop.core.report.kinds import KINDS
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.report.kind_pages import FieldsPage, NowPage
from desktop.ui.report.wizard import ReportParts, ReportWizard
from tests.fixtures_smtp import SmtpFactory
from tests.report_helpers import (
    LEAKED,
    START,
    Recorder,
    click,
    next_page,
    relay_to,
    secret_forms,
    type_text,
)
from tests.report_kind_driver import policy

NEAR = ["sunflower-autumn-2024", "Sunf1ower-Autumn-2024"]


def build_clicked(qtbot: QtBot, folder: Path, port: int, rec: Recorder) -> ReportWizard:
    w = ReportWizard(
        policy(port),
        ReportParts(
            drafts=DraftStore(folder),
            open_check_window=rec.open_check_window,
            burn_password=rec.burn,
            compare_accounts=rec.compare,
            relay=relay_to(port),
        ),
        kind=KINDS["clicked"],
        clock=lambda: START,
        timers=FakeTimerFactory(),
    )
    qtbot.addWidget(w)
    w.show()
    return w


def use_the_box(qtbot: QtBot, page: NowPage) -> None:
    assert page.old_password is not None
    type_text(qtbot, page.old_password, LEAKED)
    click(qtbot, page.use_button)
    qtbot.waitUntil(lambda: page.use_button.isEnabled(), timeout=10_000)


def assert_nowhere(*blobs: str) -> None:
    for text in blobs:
        for form in [*secret_forms(LEAKED), *NEAR]:
            assert form not in text, f"the marker password ({form!r}) got through"


@pytest.mark.parametrize("order", ["typed-before-the-box", "typed-after-the-box"])
def test_the_marker_password_is_never_saved_or_sent(
    qtbot: QtBot, tmp_path: Path, smtp_factory: SmtpFactory, order: str
) -> None:
    server = smtp_factory()
    rec = Recorder()
    w = build_clicked(qtbot, tmp_path, server.port, rec)
    now = w.now_page
    if order == "typed-after-the-box":
        use_the_box(qtbot, now)
        assert "Blocked: it will never be accepted again." in now.old_result.text()
        assert "Also used for: Personal email, Online shop. Change it there too." in (
            now.old_result.text()
        )
    next_page(qtbot, w)  # who will be told
    next_page(qtbot, w)
    details = w.currentPage()
    assert isinstance(details, FieldsPage)
    click(qtbot, details.groups["action"]["password"])
    type_text(qtbot, details.lines["source"], f"a fake sign-in page, I typed {LEAKED}")
    type_text(qtbot, details.lines["account"], "College email")
    next_page(qtbot, w)
    type_text(qtbot, w.about_page.name, "Robin Lee")
    type_text(qtbot, w.about_page.email, "robin@college.test")
    type_text(qtbot, w.about_page.note, f"it was {NEAR[0]} I think")
    if order == "typed-before-the-box":
        w.back()
        w.back()
        w.back()
        assert w.currentPage() is now
        # What was typed so far is in memory only; the box cleans it out now.
        use_the_box(qtbot, now)
        assert "We also took it out of what you typed in your answers." in now.old_result.text()
        for _ in range(3):
            next_page(qtbot, w)
    next_page(qtbot, w)  # to "Check your answers", which saves the draft
    draft = (tmp_path / "report-clicked.json").read_text(encoding="utf-8")
    assert_nowhere(draft)
    assert REMOVED in draft
    click(qtbot, w.check_page.send_button)
    qtbot.waitUntil(lambda: w._key() == "done", timeout=15_000)
    assert rec.burned == 1 and rec.compared == 1
    (got,) = server.received
    body = got.message.get_content()
    assert_nowhere(got.data.decode("utf-8", "replace"), body)
    assert f"Where it came from: a fake sign-in page, I typed {REMOVED}" in body
    assert "Account: College email" in body


def build_kind(qtbot: QtBot, folder: Path, kind: str, rec: Recorder) -> ReportWizard:
    """A kind's wizard with no relay: the mail app, a file or the clipboard."""
    pol = replace(policy(25), smtp_host="")
    w = ReportWizard(
        pol,
        ReportParts(drafts=DraftStore(folder), open_check_window=rec.open_check_window),
        kind=KINDS[kind],
        open_url=rec.open_url,
        clock=lambda: START,
        timers=FakeTimerFactory(),
        ask_save_path=rec.ask_save_path,
    )
    qtbot.addWidget(w)
    w.show()
    return w


def to_check(qtbot: QtBot, w: ReportWizard) -> None:
    next_page(qtbot, w)
    next_page(qtbot, w)
    details = w.currentPage()
    assert isinstance(details, FieldsPage)
    for buttons in details.groups.values():
        click(qtbot, next(iter(buttons.values())))
    for edit in details.lines.values():
        type_text(qtbot, edit, "A line")
    for box in details.texts.values():
        type_text(qtbot, box, "Some words")
    next_page(qtbot, w)
    type_text(qtbot, w.about_page.name, "Robin Lee")
    next_page(qtbot, w)


def test_without_a_relay_a_kind_goes_through_the_mail_app_or_a_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    rec = Recorder()
    rec.saved_to = tmp_path / "out" / "chosen.eml"
    w = build_kind(qtbot, tmp_path / "drafts", "lost-device", rec)
    to_check(qtbot, w)
    assert w.flow.file_name() == f"lost-device-report-{w.state.answers.reference}.eml"
    click(qtbot, w.check_page.send_button)  # "Open in my email app"
    (url,) = rec.urls
    link = unquote(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    assert link.startswith("mailto:servicedesk@college.test,jo.bloggs@college.test?")
    assert f"Lost or stolen - {w.state.answers.reference}" in link
    assert f"[hygiene-report kind=lost-device ref={w.state.answers.reference}" in link
    click(qtbot, w.check_page.save_button)
    saved = message_from_bytes(rec.saved_to.read_bytes(), policy=default_policy)
    assert isinstance(saved, EmailMessage)
    assert saved["X-Hygiene-Kind"] == "lost-device"
    assert "What is missing: Laptop" in saved.get_content()
    next_page(qtbot, w)
    assert w._key() == "done" and w.done_page.title() == "Your report is ready"
    w.done(1)  # Finish: handed over, so the draft has done its job
    assert not (tmp_path / "drafts" / "report-lost-device.json").exists()


def test_a_step_can_open_the_window_that_helps_with_it(qtbot: QtBot, tmp_path: Path) -> None:
    opened: list[str] = []
    w = ReportWizard(
        policy(25),
        ReportParts(
            drafts=DraftStore(tmp_path),
            open_check_window=lambda: None,
            open_window=opened.append,
        ),
        kind=KINDS["clicked"],
        clock=lambda: START,
        timers=FakeTimerFactory(),
    )
    qtbot.addWidget(w)
    w.show()
    buttons = w.now_page.window_buttons
    assert [b.text() for b in buttons.values()] == [
        "Open 'My password may have leaked'",
        "Open 'Check this computer'",
    ]
    click(qtbot, buttons["check-device"])
    click(qtbot, buttons["leak-report"])
    assert opened == ["check-device", "leak-report"]
    assert w._key() == "now"  # the report stays where it was
