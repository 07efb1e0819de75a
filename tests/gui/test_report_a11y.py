"""The leak-report wizard with the keyboard and a screen reader: steps, errors, Esc, dates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QCalendarWidget, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.kit.clock import ManualClock
from desktop.core.report import DraftStore, WhatHappened
from desktop.core.report.model import MAX_DETAILS
from desktop.ui.kit.a11y import announcements, is_invalid, mnemonic_clashes
from desktop.ui.report.pages import PAGE_ACCOUNT, PAGE_DONE, PAGE_WHAT
from tests.report_helpers import (
    START,
    answer_about,
    answer_first_pages,
    build,
    click,
    next_page,
    policy_with,
    type_text,
    wait_done,
)


def test_each_question_page_says_which_step_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    said = announcements()
    assert w.what_page.step.text() == "Step 1 of 5"
    assert w.check_page.step.text() == "Step 5 of 5"
    assert not w.done_page.step.isVisibleTo(w.done_page)
    click(qtbot, w.what_page.choices[WhatHappened.SHARED])
    next_page(qtbot, w)
    assert w.account_page.step.isVisible() and w.account_page.step.text() == "Step 2 of 5"
    # A screen reader hears where it is now.
    assert said.history[-1] == ("Step 2 of 5. Which account, and when?", False)


def test_a_missing_answer_is_tied_to_its_field_and_said_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    click(qtbot, w.what_page.choices[WhatHappened.SHARED])
    next_page(qtbot, w)
    account = w.account_page.account
    with qtbot.waitSignal(announcements().made, timeout=15_000) as blocker:
        next_page(qtbot, w)  # nothing typed
    assert blocker.args == ["Say which account or system the password is for.", True]
    assert w.currentId() == PAGE_ACCOUNT and w.focusWidget() is account
    assert is_invalid(account)
    assert account.accessibleDescription().startswith(
        "Say which account or system the password is for."
    )
    assert "For example: college email" in account.accessibleDescription()
    type_text(qtbot, account, "College email")
    next_page(qtbot, w)
    assert not is_invalid(account)
    assert account.accessibleDescription().startswith("For example: college email")


def test_hints_are_the_fields_descriptions(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    assert "Do not type your password here" in w.what_page.details.accessibleDescription()
    assert "best guess" in w.account_page.when.accessibleDescription()
    assert "reply" in w.about_page.email.accessibleDescription()
    assert "never sent" in w.act_page.old_password.accessibleDescription()
    assert w.what_page.choices_box.accessibleName() == "What happened?"


def counts(page: QWidget) -> list[str]:
    return [lab.text() for lab in page.findChildren(QLabel) if "characters" in lab.text()]


def test_long_text_shows_a_live_character_count(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    assert counts(w.what_page) == [f"0 of {MAX_DETAILS:,} characters"]
    type_text(qtbot, w.what_page.details, "A fake page")
    assert counts(w.what_page) == [f"11 of {MAX_DETAILS:,} characters"]
    w.what_page.details.setPlainText("x" * (MAX_DETAILS + 3))
    assert counts(w.what_page) == [f"3 characters too many (up to {MAX_DETAILS:,})"]


def test_escape_asks_first_and_keeps_the_draft_either_way(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    click(qtbot, w.what_page.choices[WhatHappened.SEEN])
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    box = w.leave_box
    assert box is not None and box.isVisible()
    assert DraftStore(tmp_path).load() is not None  # kept before the question is even answered
    # Esc on the question means "Carry on": nothing is lost and the wizard stays.
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: w.leave_box is None, timeout=15_000)
    assert w.isVisible() and w.currentId() == PAGE_WHAT
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    box = w.leave_box
    assert box is not None
    stop = next(b for b in box.buttons() if b.text().replace("&", "") == "Stop for now")
    stop.click()
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=15_000)
    kept = DraftStore(tmp_path).load()
    assert kept is not None and kept.answers.what is WhatHappened.SEEN


def test_the_day_can_be_chosen_on_a_calendar_from_the_keyboard(
    qtbot: QtBot, tmp_path: Path
) -> None:
    w = build(qtbot, tmp_path, policy_with(None), clock=ManualClock(START))
    click(qtbot, w.what_page.choices[WhatHappened.SHARED])
    next_page(qtbot, w)
    page = w.account_page
    start = page.when.date()
    page.calendar_button.setFocus()
    qtbot.keyClick(page.calendar_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.calendar is not None and page.calendar.isVisible(), timeout=15_000)
    assert page.calendar is not None
    calendar = page.calendar.findChild(QCalendarWidget)
    assert calendar is not None
    # Focus is in the calendar's grid of days: two days back with the arrow keys, then Enter.
    qtbot.waitUntil(lambda: calendar.isAncestorOf(QApplication.focusWidget()), timeout=15_000)
    grid = QApplication.focusWidget()
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.calendar is None, timeout=15_000)
    assert page.when.date() == start.addDays(-2)
    assert w.state.answers.when.date() == start.addDays(-2).toPython()
    assert isinstance(start, QDate)


def test_access_keys_do_not_clash_on_any_page(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    seen = []
    answer_first_pages(qtbot, w, WhatHappened.SHARED, "", "College email")
    seen.append(mnemonic_clashes(w))
    next_page(qtbot, w)
    answer_about(qtbot, w)
    click(qtbot, w.check_page.preview_button)
    seen.append(mnemonic_clashes(w))
    assert seen == [{}, {}]


def test_the_reference_can_be_copied(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    answer_first_pages(qtbot, w, WhatHappened.SHARED, "", "College email")
    next_page(qtbot, w)
    answer_about(qtbot, w)
    click(qtbot, w.check_page.copy_button)
    next_page(qtbot, w)
    wait_done(qtbot, w)
    assert w.currentId() == PAGE_DONE
    QGuiApplication.clipboard().clear()
    click(qtbot, w.done_page.copy_reference)
    assert QGuiApplication.clipboard().text() == w.state.answers.reference
    assert announcements().history[-1] == (f"Copied: {w.state.answers.reference}", False)
