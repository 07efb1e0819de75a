"""Drafts from the wizard's side: saved as the person goes, private, offered again, and
a damaged one kept and explained. Also: keyboard use and names for screen readers."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.report import DraftStore, Step, WhatHappened
from desktop.core.report.model import MAX_DETAILS
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.report.pages import PAGE_ABOUT, PAGE_ACCOUNT, PAGE_ACT, PAGE_CHECK, PAGE_WHAT
from tests.report_helpers import (
    LEAKED,
    answer_about,
    answer_first_pages,
    assert_no_secret,
    build,
    click,
    next_page,
    policy_with,
    type_text,
)


def fire_save(timers: FakeTimerFactory) -> None:
    for timer in timers.timers:
        if timer.single_shot:
            timer.fire()


def test_typing_is_saved_privately_without_the_password(qtbot: QtBot, tmp_path: Path) -> None:
    folder, timers = tmp_path / "drafts", FakeTimerFactory()
    w = build(qtbot, folder, policy_with(None), timers=timers)
    assert not folder.exists()  # opening the wizard alone leaves nothing behind
    click(qtbot, w.what_page.choices[WhatHappened.BREACH])
    type_text(qtbot, w.what_page.details, "The shop emailed to say it was hacked.")
    fire_save(timers)  # typing paused: the choice is saved, the free text stays in memory
    data = json.loads((folder / "report.json").read_text())
    assert data["answers"]["details"] == ""
    assert data["answers"]["what"] == "breach"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "report.json").stat().st_mode) == 0o600
    next_page(qtbot, w)  # leaving the page writes what was typed on it
    data = json.loads((folder / "report.json").read_text())
    assert data["answers"]["details"] == "The shop emailed to say it was hacked."
    type_text(qtbot, w.account_page.account, "Online shop")
    next_page(qtbot, w)
    type_text(qtbot, w.act_page.old_password, LEAKED)
    click(qtbot, w.act_page.use_button)
    qtbot.waitUntil(lambda: w.act_page.use_button.isEnabled(), timeout=15_000)
    fire_save(timers)
    text = (folder / "report.json").read_text()
    assert "Online shop" in text and '"burned": true' in text
    assert_no_secret(text)


def test_closing_keeps_the_draft_and_it_opens_where_they_stopped(
    qtbot: QtBot, tmp_path: Path
) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    reference = w.state.answers.reference
    answer_first_pages(qtbot, w, WhatHappened.SHARED, "Gave it to my manager.", "Payroll")
    click(qtbot, w.act_page.steps[Step.TURN_ON_MFA])
    click(qtbot, w.button(w.WizardButton.CancelButton))  # "Stop for now"
    assert not w.isVisible()

    again = build(qtbot, tmp_path, policy_with(None))
    assert again.currentId() == PAGE_ACT
    assert again.act_page.banner.isVisible()
    assert again.act_page.banner.text().startswith("Welcome back.")
    assert again.act_page.steps[Step.TURN_ON_MFA].isChecked()
    assert not again.act_page.steps[Step.SIGN_OUT].isChecked()
    assert again.state.answers.reference == reference
    click(qtbot, again.button(again.WizardButton.BackButton))
    assert again.account_page.account.text() == "Payroll"
    assert not again.account_page.banner.isVisible()


def test_a_draft_missing_answers_stops_at_the_first_gap(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    answer_first_pages(qtbot, w, WhatHappened.SEEN, "", "Email")
    next_page(qtbot, w)
    answer_about(qtbot, w)
    assert w.currentId() == PAGE_CHECK
    w.close()
    store = DraftStore(tmp_path)
    draft = store.load()
    assert draft is not None and draft.page == "check"
    data = json.loads(store.path.read_text())
    data["answers"]["account"] = ""  # as if the account had not been given
    store.path.write_text(json.dumps(data))
    again = build(qtbot, tmp_path, policy_with(None))
    assert again.currentId() == PAGE_ACCOUNT
    assert "which account or system" in again.account_page.error.text()


def test_damaged_draft_is_kept_and_the_person_told(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("{ half a draft")
    w = build(qtbot, tmp_path, policy_with(None))
    assert w.currentId() == PAGE_WHAT and w.state.answers.what is None
    assert "damaged" in w.what_page.banner.text()
    [kept] = tmp_path.glob("report.json.damaged-*")
    assert kept.name in w.what_page.banner.text()
    assert kept.read_text() == "{ half a draft"


def test_too_much_text_is_refused_not_cut(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    click(qtbot, w.what_page.choices[WhatHappened.UNSURE])
    w.what_page.details.setPlainText("a" * (MAX_DETAILS + 1))
    next_page(qtbot, w)
    assert w.currentId() == PAGE_WHAT
    assert (
        w.what_page.error.text()
        == "Please make this shorter: up to 5,000 characters. It is 5,001 now."
    )
    assert len(w.state.answers.details) == MAX_DETAILS + 1  # nothing was thrown away


def test_whole_wizard_works_from_the_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    qtbot.waitUntil(lambda: w.what_page.choices[WhatHappened.PHISHING].hasFocus())
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Down)  # arrows move through the choices
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Space)
    assert w.state.answers.what is WhatHappened.SEEN
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Return)  # Enter is Next
    assert w.currentId() == PAGE_ACCOUNT and w.account_page.account.hasFocus()
    qtbot.keyClicks(w.focusWidget(), "Email")
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Return)
    assert w.currentId() == PAGE_ACT and w.act_page.steps[Step.CHANGE_NOW].hasFocus()
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Space)
    assert Step.CHANGE_NOW in w.state.answers.steps_done
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Return)
    assert w.currentId() == PAGE_ABOUT and w.about_page.name.hasFocus()
    qtbot.keyClicks(w.focusWidget(), "Sam")
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Return)
    assert w.currentId() == PAGE_CHECK
    # Focus starts at the top of the answers (the first Change) and Tab reaches Send.
    assert w.focusWidget() is w.check_page.change_buttons["what"]
    for _ in range(30):
        if w.check_page.send_button.hasFocus():
            break
        qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Tab)
    assert w.check_page.send_button.hasFocus()
    qtbot.keyClick(w.focusWidget(), Qt.Key.Key_Space)  # opens the mail app
    assert "press Send there" in w.check_page.status.text()


def _controls(page: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QPlainTextEdit)
    return [c for c in page.findChildren(QWidget) if isinstance(c, kinds) and c.isVisible()]


def test_every_control_has_a_name_for_screen_readers(qtbot: QtBot, tmp_path: Path) -> None:
    w = build(qtbot, tmp_path, policy_with(None))
    answer_first_pages(qtbot, w, WhatHappened.SEEN, "", "Email")
    next_page(qtbot, w)
    answer_about(qtbot, w)
    for page_id in (PAGE_CHECK, PAGE_ABOUT, PAGE_ACT, PAGE_ACCOUNT, PAGE_WHAT):
        while w.currentId() > page_id:
            w.back()
        for control in _controls(w.currentPage()):
            name = control.accessibleName() or getattr(control, "text", lambda: "")()
            assert name.replace("&", "").strip(), f"{type(control).__name__} on page {page_id}"
