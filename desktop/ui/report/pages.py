"""The question pages of the "I think my password leaked" wizard, and their shared state.

Each page shows and edits part of one ``ReportAnswers`` held by ``ReportState`` (the
core flow's ``AnswersState``); the pages hold no policy, do no sending and decide
nothing: whether a step's answers will do is the step's own check (``core.report.steps``),
asked through ``check``, and the page only shows the problem beside the field it names.
Going Back never clears what was typed (Qt's default ``cleanupPage`` would), because a
worried person must not lose their answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

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

from desktop.core.kit import i18n
from desktop.core.kit.i18n import _, ngettext
from desktop.core.report.flow import AnswersState
from desktop.core.report.model import MAX_DETAILS, WhatHappened
from desktop.core.report.steps import LEAK, Problem
from desktop.ui.kit.a11y import announce, set_error, set_hint
from desktop.ui.kit.choice import WrapRadioButton
from desktop.ui.kit.flow import FlowLayout
from desktop.ui.kit.focus import keep_focus_visible

# Page ids are the steps' places in the report's list of steps (``core.report.steps``).
PAGE_KEYS = {i: step.key for i, step in enumerate(LEAK.steps)}
PAGE_WHAT, PAGE_ACCOUNT, PAGE_ACT, PAGE_ABOUT, PAGE_CHECK, PAGE_DONE = (
    LEAK.index(key) for key in ("what", "account", "act", "about", "check", "done")
)

# A coloured bar beside the text, so a notice stands out without relying on colour alone
# (errors are also bold). "border: 0px solid" first: Qt draws no border-left without it.
ERROR_STYLE = "QLabel { border: 0px solid; border-left: 5px solid #b3261e; padding: 6px 10px; }"
BANNER_STYLE = "QLabel { border: 0px solid; border-left: 5px solid #1d70b8; padding: 6px 10px; }"


ReportState = AnswersState  # the pages' name for the answers so far


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


def character_count(page: QWizardPage, edit: QPlainTextEdit) -> QLabel:
    """A live "120 of 5,000 characters" line under long free text."""
    label = hint_label("")
    label.setAccessibleDescription(_("Characters used"))

    def update() -> None:
        count = len(edit.toPlainText().strip())
        if count > MAX_DETAILS:
            over = count - MAX_DETAILS
            label.setText(
                ngettext(
                    "{over} character too many (up to {limit})",
                    "{over} characters too many (up to {limit})",
                    over,
                    over=i18n.number(over),
                    limit=i18n.number(MAX_DETAILS),
                )
            )
        else:
            label.setText(
                ngettext(
                    "{count} of {limit} characters",
                    "{count} of {limit} characters",
                    MAX_DETAILS,
                    count=i18n.number(count),
                    limit=i18n.number(MAX_DETAILS),
                )
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
        self.check_id = PAGE_CHECK  # where Next goes after a Change (set per kind)
        # A page to read before anything is answered: it opens at its top, focus on Next.
        self.starts_on_next = False
        self._error_field: QWidget | None = None
        # The step's own check (set by the wizard) and the widget for each answer it names.
        self.check: Callable[[], Problem | None] | None = None
        self.fields: dict[str, QWidget] = {}
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
        self.error.setAccessibleDescription(_("Problem"))
        self.error.hide()
        self.body.addWidget(self.banner)
        self.body.addWidget(self.error)
        self._init_save_problem()

    def _init_save_problem(self) -> None:
        """Shown at once when the draft could not be saved: what happened and two ways
        to keep the answers anyway."""
        self.save_problem = wrap_label(bold=True)
        self.save_problem.setObjectName("save-problem")
        self.save_problem.setStyleSheet(ERROR_STYLE)
        self.save_problem.setAccessibleName(_("Not saved"))
        self.save_file_button = QPushButton(_("Save to a &file..."))
        self.save_file_button.setAccessibleName(_("Save to a file"))
        self.copy_answers_button = QPushButton(_("Cop&y"))
        self.copy_answers_button.setAccessibleName(_("Copy the report"))
        for button in (self.save_file_button, self.copy_answers_button):
            button.setAutoDefault(False)  # Enter stays the wizard's Next
        self.save_problem_row = QWidget()
        row = QHBoxLayout(self.save_problem_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.save_file_button)
        row.addWidget(self.copy_answers_button)
        row.addStretch(1)
        self.save_problem.hide()
        self.save_problem_row.hide()
        self.body.addWidget(self.save_problem)
        self.body.addWidget(self.save_problem_row)

    def show_save_problem(self, text: str, offer: bool = True) -> None:
        """Tell the person now that their answers are not saved (or, with "", hide it).
        Said aloud once, not again at every pause in typing while it stays the same."""
        new = bool(text) and (not self.save_problem.isVisible() or self.save_problem.text() != text)
        self.save_problem.setText(text)
        self.save_problem.setVisible(bool(text))
        self.save_problem_row.setVisible(bool(text) and offer)
        if new:
            announce(self, text, assertive=True)

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
        self.step.setText(_("Step {n} of {total}").format(n=number, total=total))
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

    def validatePage(self) -> bool:
        """Ask the step's check; show its problem beside the field it names."""
        problem = self.check() if self.check is not None else None
        if problem is None:
            return self.show_error("", None)
        return self.show_error(_(problem.message), self.fields.get(problem.field))

    def nextId(self) -> int:
        if self.returning_to_check:
            return self.check_id  # GOV.UK pattern: after a Change, go back to the answers
        return super().nextId()

    def refresh(self) -> None:
        """Show the current answers (after a draft is loaded or text was cleaned)."""


class WhatPage(ReportPage):
    """What happened: six plain choices and an optional description."""

    def __init__(self, state: ReportState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setTitle(_("What happened?"))
        self.setSubTitle(
            _(
                "Choose the one that fits best. Do not type your password in your answers: "
                "step 3 has the one place for it, if you want, and it is never sent."
            )
        )
        labels = {
            WhatHappened.PHISHING: _("I typed it into a page or email that may be fake"),
            WhatHappened.SEEN: _("Someone saw it, or I wrote it down"),
            WhatHappened.SHARED: _("I told it to someone or shared it"),
            WhatHappened.BREACH: _("I used it on a website that was hacked"),
            WhatHappened.ALERT: _("I got a warning or a sign-in alert I did not expect"),
            WhatHappened.UNSURE: _("I'm not sure, but something seems wrong"),
        }
        self.intro = wrap_label("")  # the wizard says whether answers are saved as you go
        self.body.addWidget(self.intro)
        self.body.addSpacing(4)
        # The choices sit in a group named by the question, so a screen reader says it.
        self.choices_box = QGroupBox()
        self.choices_box.setFlat(True)
        self.choices_box.setAccessibleName(_("What happened?"))
        self.choices_box.setStyleSheet("QGroupBox { border: 0; margin: 0; padding: 0; }")
        choices = QVBoxLayout(self.choices_box)
        choices.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.choices: dict[WhatHappened, QRadioButton] = {}
        for what, text in labels.items():
            button = WrapRadioButton(text)
            button.setAccessibleName(text)
            self.group.addButton(button)
            self.choices[what] = button
            choices.addWidget(button)
            button.toggled.connect(lambda on, w=what: self._chosen(on, w))
        self.body.addWidget(self.choices_box)
        self._init_details()
        self.body.addStretch(1)
        self.fields = {"what": self.choices[WhatHappened.PHISHING], "details": self.details}

    def _chosen(self, on: bool, what: WhatHappened) -> None:
        if on:
            self.state.update(what=what)

    def _init_details(self) -> None:
        self.body.addSpacing(8)
        label = wrap_label(_("Tell us more (optional)"), bold=True)
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setAccessibleName(_("Tell us more"))
        self.details.setFixedHeight(self.details.fontMetrics().lineSpacing() * 5 + 12)
        self.details.textChanged.connect(
            lambda: self.state.update(details=self.details.toPlainText())
        )
        label.setBuddy(self.details)
        hint = _(
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


class AccountPage(ReportPage):
    """Which account or system, and roughly when (now unless the person says otherwise)."""

    def __init__(self, state: ReportState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setTitle(_("Which account, and when?"))
        self.setSubTitle(_("This tells the IT service desk what to protect."))
        label = wrap_label(_("Which account or system is the password for?"), bold=True)
        self.account = QLineEdit()
        self.account.setAccessibleName(_("Account or system"))
        self.account.setMaxLength(200)
        self.account.textEdited.connect(lambda t: self.state.update(account=t))
        label.setBuddy(self.account)
        hint = _("For example: college email, Microsoft 365, the learning portal.")
        set_hint(self.account, hint)
        self.body.addWidget(label)
        self.body.addWidget(hint_label(hint))
        self.body.addWidget(self.account)
        self.body.addSpacing(12)
        when_label = wrap_label(_("Roughly when did it happen?"), bold=True)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(_("d MMMM yyyy, HH:mm"))
        self.when.setAccessibleName(_("Roughly when it happened"))
        self.when.dateTimeChanged.connect(self._when_edited)
        when_label.setBuddy(self.when)
        when_hint = _(
            "If you are not sure, give your best guess. It is set to now to start with. "
            "Use the arrow keys to change the part the cursor is on."
        )
        set_hint(self.when, when_hint)
        self.body.addWidget(when_label)
        self.body.addWidget(hint_label(when_hint))
        row = FlowLayout()  # the button goes under the date when the two do not fit
        row.add(self.when)
        # Qt's calendar pop-up only opens with the mouse; this opens one from the keyboard.
        self.calendar_button = QPushButton(_("Choose the day on a &calendar..."))
        self.calendar_button.setAccessibleName(_("Choose the day on a calendar"))
        self.calendar_button.clicked.connect(self.open_calendar)
        row.add(self.calendar_button)
        self.body.addLayout(row)
        self.calendar: QDialog | None = None
        self.body.addStretch(1)
        self.fields = {"account": self.account, "when": self.when}

    def open_calendar(self) -> None:
        """A small calendar window: arrow keys move the day, Enter chooses, Esc goes back."""
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Choose the day"))
        lay = QVBoxLayout(dialog)
        calendar = QCalendarWidget()
        calendar.setAccessibleName(_("Day it happened"))
        calendar.setMaximumDate(self.when.maximumDate())
        calendar.setSelectedDate(self.when.date())
        calendar.activated.connect(lambda _d: dialog.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Choose this day"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
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
        self.setTitle(_("About you"))
        self.setSubTitle(_("So the people who get your report know who to contact."))
        self.name = self._line(_("Your name"), "", lambda t: self.state.update(reporter_name=t))
        hint = (
            _("They will reply to this address.")
            if email_required
            else _("Optional, but it helps them reply to you.")
        )
        self.email = self._line(
            _("Your email address"), hint, lambda t: self.state.update(reporter_email=t)
        )
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        note_label = wrap_label(_("Anything else to tell them? (optional)"), bold=True)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.note.setAccessibleName(_("Anything else to tell them"))
        set_hint(self.note, _("Optional. Do not type your password here."))
        self.note.textChanged.connect(lambda: self.state.update(note=self.note.toPlainText()))
        note_label.setBuddy(self.note)
        self.body.addWidget(note_label)
        self.body.addWidget(self.note)
        self.body.addWidget(character_count(self, self.note))
        self.body.addSpacing(8)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.body.addWidget(line)
        self.body.addWidget(wrap_label(_("Your report goes to"), bold=True))
        self.recipients = wrap_label(recipients_text)
        self.recipients.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipients.setAccessibleDescription(_("Your report goes to"))
        self.body.addWidget(self.recipients)
        self.body.addStretch(1)
        self.fields = {"reporter_name": self.name, "reporter_email": self.email, "note": self.note}

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
