"""A password typed where it should not have been never reaches a draft or a report.

"I clicked a link, opened an attachment or typed my password" offers the leak report's
one-off box on its first page. A marker password is typed there and also into the
kind's own answers (before and after the box is used); the draft on disk and the
message the loopback SMTP server receives are searched for it, its near forms and its
SHA-1 and SHA-256. The history's block and account comparison run as they do for the
leak report, and the person reads what they found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
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
