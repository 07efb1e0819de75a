"""The question pages of the "I think my password leaked" wizard, and their shared state.

Each page shows and edits part of one ``ReportAnswers`` held by ``ReportState``; the
pages hold no policy and do no sending. Going Back never clears what was typed (Qt's
default ``cleanupPage`` would), because a worried person must not lose their answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCalendarWidget,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop.core.report.model import (
    MAX_DETAILS,
    ReportAnswers,
    Step,
    WhatHappened,
    looks_like_email,
)
from desktop.ui.kit.a11y import announce, set_error, set_hint
from desktop.ui.kit.focus import keep_focus_visible

PAGE_WHAT, PAGE_ACCOUNT, PAGE_ACT, PAGE_ABOUT, PAGE_CHECK, PAGE_DONE = range(6)
PAGE_KEYS = {
    PAGE_WHAT: "what",
    PAGE_ACCOUNT: "account",
    PAGE_ACT: "act",
    PAGE_ABOUT: "about",
    PAGE_CHECK: "check",
    PAGE_DONE: "done",
}

# A coloured bar beside the text, so a notice stands out without relying on colour alone
# (errors are also bold). "border: 0px solid" first: Qt draws no border-left without it.
ERROR_STYLE = "QLabel { border: 0px solid; border-left: 5px solid #b3261e; padding: 6px 10px; }"
BANNER_STYLE = "QLabel { border: 0px solid; border-left: 5px solid #1d70b8; padding: 6px 10px; }"


class ReportState:
    """The answers so far. Every change calls the ``on_change`` listeners (the wizard
    saves the draft). Plain callbacks, not a Qt signal: in PySide6 6.12 each
    ``Signal.emit()`` from Python drops a reference to ``True``, and one per key press
    would soon crash the app."""

    def __init__(self, answers: ReportAnswers, clock: Callable[[], datetime]) -> None:
        self._answers = answers
        self.clock = clock
        self.on_change: list[Callable[[], None]] = []

    @property
    def answers(self) -> ReportAnswers:
        return self._answers

    def _changed(self) -> None:
        for listener in list(self.on_change):
            listener()

    def replace_all(self, answers: ReportAnswers) -> None:
        self._answers = answers
        self._changed()

    def update(self, **changes: Any) -> None:
        new = replace(self._answers, **changes)
        if new != self._answers:
            self._answers = new
            self._changed()

    def set_step(self, step: Step, done: bool) -> None:
        self.replace_all(self._answers.with_step(step, done, self.clock()))


def wrap_label(text: str = "", bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def hint_label(text: str) -> QLabel:
    """Secondary text: the theme's text colour softened towards the background, which
    keeps strong contrast in light and dark themes (a disabled look would be too faint)."""
    label = wrap_label(text)
    palette = label.palette()
    fg = palette.color(QPalette.ColorRole.WindowText)
    bg = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        round(fg.red() * 0.72 + bg.red() * 0.28),
        round(fg.green() * 0.72 + bg.green() * 0.28),
        round(fg.blue() * 0.72 + bg.blue() * 0.28),
    )
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    return label


def too_long(page: QWizardPage, text: str) -> str:
    """A message when free text is over the limit (it is never cut without asking)."""
    if len(text.strip()) <= MAX_DETAILS:
        return ""
    return page.tr(
        "Please make this shorter: up to {limit:,} characters. It is {count:,} now."
    ).format(limit=MAX_DETAILS, count=len(text.strip()))


def character_count(page: QWizardPage, edit: QPlainTextEdit) -> QLabel:
    """A live "120 of 5,000 characters" line under long free text."""
    label = hint_label("")
    label.setAccessibleDescription(page.tr("Characters used"))

    def update() -> None:
        count = len(edit.toPlainText().strip())
        if count > MAX_DETAILS:
            label.setText(
                page.tr("{over:,} characters too many (up to {limit:,})").format(
                    over=count - MAX_DETAILS, limit=MAX_DETAILS
                )
            )
        else:
            label.setText(
                page.tr("{count:,} of {limit:,} characters").format(count=count, limit=MAX_DETAILS)
            )
        font = label.font()
        font.setBold(count > MAX_DETAILS)
        label.setFont(font)

    edit.textChanged.connect(update)
    update()
    return label


class ReportPage(QWizardPage):
    """A wizard page backed by ``ReportState``, with a notice line and an error line.

    The page's content scrolls, so every question and button can be reached on a small
    or zoomed screen (1024x768 at 200 % leaves about 500x380 points)."""

    def __init__(self, state: ReportState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.returning_to_check = False
        self._error_field: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget()
        inner.setObjectName("page-body")
        self.body = QVBoxLayout(inner)
        self.body.setSpacing(8)
        self.scroller.setWidget(inner)
        outer.addWidget(self.scroller)
        keep_focus_visible(self.scroller)
        self.step = hint_label("")
        self.step.setObjectName("step")
        self.step.hide()
        self.body.addWidget(self.step)
        # The page's heading scrolls with it. Qt's wizard header would stay fixed above
        # the page and, on a zoomed small screen, leave room for only a line or two.
        self._title = self._subtitle = ""
        self.heading = wrap_label(bold=True)
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.heading.setFont(font)
        self.subheading = wrap_label()
        self.subheading.setObjectName("subheading")
        self.body.addWidget(self.heading)
        self.body.addWidget(self.subheading)
        self.banner = wrap_label()
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.error = wrap_label(bold=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAccessibleDescription(self.tr("Problem"))
        self.error.hide()
        self.body.addWidget(self.banner)
        self.body.addWidget(self.error)

    def cleanupPage(self) -> None:
        """Keep the answers on Back (Qt would reset the page's fields)."""

    def setTitle(self, title: str) -> None:
        self._title = title
        self.heading.setText(title)

    def title(self) -> str:
        return self._title

    def setSubTitle(self, subtitle: str) -> None:
        self._subtitle = subtitle
        self.subheading.setText(subtitle)
        self.subheading.setVisible(bool(subtitle))

    def subTitle(self) -> str:
        return self._subtitle

    def set_step(self, number: int, total: int) -> None:
        self.step.setText(self.tr("Step {n} of {total}").format(n=number, total=total))
        self.step.show()

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def show_error(self, text: str, focus: QWidget | None = None) -> bool:
        """Show ``text`` (or hide the line when empty); False when there was a problem.

        The error is tied to its field (its description, and a border), focus goes to
        the field and the error is announced at once."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if self._error_field is not None and self._error_field is not focus:
            set_error(self._error_field, "")
        self._error_field = focus if text else None
        if focus is not None:
            set_error(focus, text)
        if text and focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroller.ensureWidgetVisible(focus)
        if text:
            announce(self, text, assertive=True)
        return not text

    def first_question(self) -> QWidget | None:
        """Where focus goes when the page opens (None: the first control in Tab order)."""
        return self._error_field

    def nextId(self) -> int:
        if self.returning_to_check:
            return PAGE_CHECK  # GOV.UK pattern: after a Change, go back to the answers
        return super().nextId()

    def refresh(self) -> None:
        """Show the current answers (after a draft is loaded or text was cleaned)."""


class WhatPage(ReportPage):
    """What happened: six plain choices and an optional description."""

    def __init__(self, state: ReportState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setTitle(self.tr("What happened?"))
        self.setSubTitle(
            self.tr(
                "Choose the one that fits best. Do not type your password in your answers: "
                "step 3 has the one place for it, if you want, and it is never sent."
            )
        )
        labels = {
            WhatHappened.PHISHING: self.tr("I typed it into a page or email that may be fake"),
            WhatHappened.SEEN: self.tr("Someone saw it, or I wrote it down"),
            WhatHappened.SHARED: self.tr("I told it to someone or shared it"),
            WhatHappened.BREACH: self.tr("I used it on a website that was hacked"),
            WhatHappened.ALERT: self.tr("I got a warning or a sign-in alert I did not expect"),
            WhatHappened.UNSURE: self.tr("I'm not sure, but something seems wrong"),
        }
        intro = wrap_label(
            self.tr(
                "You are doing the right thing. This takes about five minutes. Your answers are "
                "saved as you go, so you can stop and carry on later."
            )
        )
        self.body.addWidget(intro)
        self.body.addSpacing(4)
        # The choices sit in a group named by the question, so a screen reader says it.
        self.choices_box = QGroupBox()
        self.choices_box.setFlat(True)
        self.choices_box.setAccessibleName(self.tr("What happened?"))
        self.choices_box.setStyleSheet("QGroupBox { border: 0; margin: 0; padding: 0; }")
        choices = QVBoxLayout(self.choices_box)
        choices.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.choices: dict[WhatHappened, QRadioButton] = {}
        for what, text in labels.items():
            button = QRadioButton(text)
            button.setAccessibleName(text)
            self.group.addButton(button)
            self.choices[what] = button
            choices.addWidget(button)
            button.toggled.connect(lambda on, w=what: self._chosen(on, w))
        self.body.addWidget(self.choices_box)
        self._init_details()
        self.body.addStretch(1)

    def _chosen(self, on: bool, what: WhatHappened) -> None:
        if on:
            self.state.update(what=what)

    def _init_details(self) -> None:
        self.body.addSpacing(8)
        label = wrap_label(self.tr("Tell us more (optional)"), bold=True)
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName(self.tr("Tell us more"))
        self.details.setFixedHeight(self.details.fontMetrics().lineSpacing() * 5 + 12)
        self.details.textChanged.connect(
            lambda: self.state.update(details=self.details.toPlainText())
        )
        label.setBuddy(self.details)
        hint = self.tr(
            "Optional. For example, what the page or email looked like, or what you saw. "
            "Do not type your password here."
        )
        set_hint(self.details, hint)
        self.body.addWidget(label)
        self.body.addWidget(hint_label(hint))
        self.body.addWidget(self.details)
        self.body.addWidget(character_count(self, self.details))

    def refresh(self) -> None:
        a = self.state.answers
        for what, button in self.choices.items():
            button.setChecked(a.what is what)
        if self.details.toPlainText() != a.details:
            self.details.setPlainText(a.details)

    def validatePage(self) -> bool:
        if self.state.answers.what is None:
            return self.show_error(
                self.tr("Choose what happened."), self.choices[WhatHappened.PHISHING]
            )
        return self.show_error(too_long(self, self.state.answers.details), self.details)


class AccountPage(ReportPage):
    """Which account or system, and roughly when (now unless the person says otherwise)."""

    def __init__(self, state: ReportState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setTitle(self.tr("Which account, and when?"))
        self.setSubTitle(self.tr("This tells the IT service desk what to protect."))
        label = wrap_label(self.tr("Which account or system is the password for?"), bold=True)
        self.account = QLineEdit()
        self.account.setAccessibleName(self.tr("Account or system"))
        self.account.setMaxLength(200)
        self.account.textEdited.connect(lambda t: self.state.update(account=t))
        label.setBuddy(self.account)
        hint = self.tr("For example: college email, Microsoft 365, the learning portal.")
        set_hint(self.account, hint)
        self.body.addWidget(label)
        self.body.addWidget(hint_label(hint))
        self.body.addWidget(self.account)
        self.body.addSpacing(12)
        when_label = wrap_label(self.tr("Roughly when did it happen?"), bold=True)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMMM yyyy, HH:mm")
        self.when.setAccessibleName(self.tr("Roughly when it happened"))
        self.when.dateTimeChanged.connect(self._when_edited)
        when_label.setBuddy(self.when)
        when_hint = self.tr(
            "If you are not sure, give your best guess. It is set to now to start with. "
            "Use the arrow keys to change the part the cursor is on."
        )
        set_hint(self.when, when_hint)
        self.body.addWidget(when_label)
        self.body.addWidget(hint_label(when_hint))
        row = QHBoxLayout()
        row.addWidget(self.when, 1)
        # Qt's calendar pop-up only opens with the mouse; this opens one from the keyboard.
        self.calendar_button = QPushButton(self.tr("Choose the day on a &calendar..."))
        self.calendar_button.setAccessibleName(self.tr("Choose the day on a calendar"))
        self.calendar_button.clicked.connect(self.open_calendar)
        row.addWidget(self.calendar_button)
        self.body.addLayout(row)
        self.calendar: QDialog | None = None
        self.body.addStretch(1)

    def open_calendar(self) -> None:
        """A small calendar window: arrow keys move the day, Enter chooses, Esc goes back."""
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Choose the day"))
        lay = QVBoxLayout(dialog)
        calendar = QCalendarWidget()
        calendar.setAccessibleName(self.tr("Day it happened"))
        calendar.setMaximumDate(self.when.maximumDate())
        calendar.setSelectedDate(self.when.date())
        calendar.activated.connect(lambda _d: dialog.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Choose this day"))
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        lay.addWidget(calendar)
        lay.addWidget(buttons)

        def chosen(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.set_day(calendar.selectedDate())
            self.calendar = None
            self.when.setFocus(Qt.FocusReason.OtherFocusReason)

        dialog.finished.connect(chosen)
        self.calendar = dialog
        dialog.open()
        dialog.activateWindow()
        calendar.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_day(self, day: QDate) -> None:
        """Keep the time of day, change the day."""
        self.when.setDate(day)

    def _when_edited(self, value: QDateTime) -> None:
        tz = self.state.clock().tzinfo
        self.state.update(when=datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=tz))

    def refresh(self) -> None:
        a = self.state.answers
        if self.account.text() != a.account:
            self.account.setText(a.account)
        self.when.setMaximumDateTime(
            QDateTime.fromSecsSinceEpoch(int(max(self.state.clock(), a.when).timestamp()))
        )
        shown = QDateTime.fromSecsSinceEpoch(int(a.when.timestamp()))
        if self.when.dateTime() != shown:
            self.when.blockSignals(True)
            self.when.setDateTime(shown)
            self.when.blockSignals(False)

    def initializePage(self) -> None:
        self.refresh()

    def validatePage(self) -> bool:
        missing = not self.state.answers.account.strip()
        return self.show_error(
            self.tr("Say which account or system the password is for.") if missing else "",
            self.account,
        )


class AboutPage(ReportPage):
    """Who is reporting, how to reach them, anything else, and who will be told."""

    def __init__(
        self,
        state: ReportState,
        email_required: bool,
        recipients_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self._email_required = email_required
        self.setTitle(self.tr("About you"))
        self.setSubTitle(self.tr("So the people who get your report know who to contact."))
        self.name = self._line(
            self.tr("Your name"), "", lambda t: self.state.update(reporter_name=t)
        )
        hint = (
            self.tr("They will reply to this address.")
            if email_required
            else self.tr("Optional, but it helps them reply to you.")
        )
        self.email = self._line(
            self.tr("Your email address"), hint, lambda t: self.state.update(reporter_email=t)
        )
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        note_label = wrap_label(self.tr("Anything else to tell them? (optional)"), bold=True)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.setAccessibleName(self.tr("Anything else to tell them"))
        set_hint(self.note, self.tr("Optional. Do not type your password here."))
        self.note.textChanged.connect(lambda: self.state.update(note=self.note.toPlainText()))
        note_label.setBuddy(self.note)
        self.body.addWidget(note_label)
        self.body.addWidget(self.note)
        self.body.addWidget(character_count(self, self.note))
        self.body.addSpacing(8)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.body.addWidget(line)
        self.body.addWidget(wrap_label(self.tr("Your report goes to"), bold=True))
        self.recipients = wrap_label(recipients_text)
        self.recipients.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipients.setAccessibleDescription(self.tr("Your report goes to"))
        self.body.addWidget(self.recipients)
        self.body.addStretch(1)

    def _line(self, title: str, hint: str, on_edit: Callable[[str], None]) -> QLineEdit:
        label = wrap_label(title, bold=True)
        edit = QLineEdit()
        edit.setAccessibleName(title)
        edit.setMaxLength(200)
        edit.textEdited.connect(on_edit)
        label.setBuddy(edit)
        self.body.addWidget(label)
        if hint:
            set_hint(edit, hint)
            self.body.addWidget(hint_label(hint))
        self.body.addWidget(edit)
        self.body.addSpacing(6)
        return edit

    def refresh(self) -> None:
        a = self.state.answers
        for edit, value in ((self.name, a.reporter_name), (self.email, a.reporter_email)):
            if edit.text() != value:
                edit.setText(value)
        if self.note.toPlainText() != a.note:
            self.note.setPlainText(a.note)

    def validatePage(self) -> bool:
        a = self.state.answers
        email = a.reporter_email.strip()
        if not a.reporter_name.strip():
            return self.show_error(self.tr("Enter your name."), self.name)
        if self._email_required and not email:
            return self.show_error(
                self.tr("Enter your email address, so they can reply."), self.email
            )
        if email and not looks_like_email(email):
            return self.show_error(
                self.tr("Enter your email address in full, like name@example.org."), self.email
            )
        return self.show_error(too_long(self, a.note), self.note)
