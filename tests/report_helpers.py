"""Building the report wizard for tests and driving it the way a person would.

Collaborators are small recorders (what URL was opened, what reminder was asked for,
whether the check window was opened); sending uses real SMTP servers from
``fixtures_smtp``; clocks are fixed or stepped by hand; timers are fakes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from desktop.core.kit.clock import ManualClock
from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import DraftStore, RelaySettings, SmtpRelay, WhatHappened
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.report.pages import PAGE_CHECK, PAGE_DONE
from desktop.ui.report.wizard import ReportParts, ReportWizard

START = datetime(2025, 6, 3, 11, 40, tzinfo=UTC)
CONTACTS = (
    Contact("Head of Skills Delivery", "Jo Bloggs", "jo.bloggs@college.test"),
    Contact("IT service desk", "Sam Patel", "servicedesk@college.test"),
    Contact("Head of Continuous Improvement", "Priya Shah", "priya.shah@college.test"),
)
LEAKED = "Sunflower-Autumn-2024"  # what the person types into the one-off box


def secret_forms(password: str) -> list[str]:
    """The password and hashes of it, none of which may appear in anything we write."""
    raw = password.encode()
    sha1 = hashlib.sha1(raw).hexdigest()
    return [
        password,
        password.lower(),
        sha1,
        sha1.upper(),
        sha1[5:],
        sha1[5:].upper(),
        hashlib.sha256(raw).hexdigest(),
    ]


def assert_no_secret(text: str | bytes, password: str = LEAKED) -> None:
    data = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    for form in secret_forms(password):
        assert form not in data, "a password (or a hash of it) leaked out"


@dataclass
class Recorder:
    """Stands in for the tray, the check window, the URL opener and the history."""

    open_url_works: bool = True
    urls: list[QUrl] = field(default_factory=list)
    reminders: list[tuple[int, str]] = field(default_factory=list)
    checker_opened: int = 0
    burned: int = 0
    compared: int = 0
    sharing: list[str] = field(default_factory=lambda: ["Personal email", "Online shop"])
    saved_to: Path | None = None

    def open_url(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.open_url_works

    def notify_later(self, seconds: int, message: str) -> None:
        self.reminders.append((seconds, message))

    def open_check_window(self) -> None:
        self.checker_opened += 1

    def burn(self, password: str) -> None:
        assert password == LEAKED
        self.burned += 1

    def compare(self, password: str) -> list[str]:
        self.compared += 1
        return list(self.sharing) if password == LEAKED else []

    def ask_save_path(self, suggested: Path) -> Path | None:
        return self.saved_to


def relay_to(port: int, timeout: float = 5.0, **kw: Any) -> SmtpRelay:
    return SmtpRelay(RelaySettings("127.0.0.1", port, starttls=False), timeout=timeout, **kw)


def policy_with(port: int | None = None, contacts: tuple[Contact, ...] = CONTACTS) -> Policy:
    if port is None:
        return Policy(report_contacts=contacts)
    return Policy(
        report_contacts=contacts, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False
    )


def build(
    qtbot: QtBot,
    folder: Path,
    policy: Policy,
    relay: SmtpRelay | None = None,
    rec: Recorder | None = None,
    clock: ManualClock | None = None,
    history: bool = True,
    timers: FakeTimerFactory | None = None,
) -> ReportWizard:
    rec = rec or Recorder()
    wizard = ReportWizard(
        policy,
        ReportParts(
            drafts=DraftStore(folder),
            open_check_window=rec.open_check_window,
            burn_password=rec.burn if history else None,
            compare_accounts=rec.compare if history else None,
            notify_later=rec.notify_later,
            relay=relay,
        ),
        open_url=rec.open_url,
        clock=(clock or ManualClock(START)).now,
        timers=timers or FakeTimerFactory(),
        ask_save_path=rec.ask_save_path,
    )
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click where a person would: on a tick box or radio button, on its box and words
    (they stretch across the page, and only that part takes a click)."""
    assert button.isVisible() and button.isEnabled(), button.text()
    if isinstance(button, QCheckBox | QRadioButton):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_page(qtbot: QtBot, wizard: ReportWizard) -> None:
    which = (
        QWizard.WizardButton.CommitButton
        if wizard.currentId() == PAGE_CHECK
        else QWizard.WizardButton.NextButton
    )
    click(qtbot, wizard.button(which))


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def answer_first_pages(
    qtbot: QtBot, w: ReportWizard, what: WhatHappened, details: str, account: str
) -> None:
    """What happened and which account, typed and clicked as a person would."""
    click(qtbot, w.what_page.choices[what])
    type_text(qtbot, w.what_page.details, details)
    next_page(qtbot, w)
    type_text(qtbot, w.account_page.account, account)
    next_page(qtbot, w)


def answer_about(
    qtbot: QtBot,
    w: ReportWizard,
    name: str = "Alex Smith",
    email: str = "alex.smith@college.test",
    note: str = "",
) -> None:
    type_text(qtbot, w.about_page.name, name)
    type_text(qtbot, w.about_page.email, email)
    if note:
        type_text(qtbot, w.about_page.note, note)
    next_page(qtbot, w)


def wait_done(qtbot: QtBot, w: ReportWizard) -> None:
    qtbot.waitUntil(lambda: w.currentId() == PAGE_DONE, timeout=10_000)


def check_rows(w: ReportWizard) -> dict[str, str]:
    """The "Check your answers" list as the person reads it: key -> value."""
    grid = w.check_page.rows
    out: dict[str, str] = {}
    for row in range(grid.rowCount()):
        key, value = grid.itemAtPosition(row, 0), grid.itemAtPosition(row, 1)
        if key is not None and value is not None:
            out[key.widget().text()] = value.widget().text()
    return out
