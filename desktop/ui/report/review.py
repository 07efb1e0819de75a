"""The last two pages of the report wizard: "Check your answers" and the confirmation.

"Check your answers" follows the GOV.UK pattern: every answer in a list with a Change
button that goes back to its question and then straight back here. Below the list are
the ways to send: the mail relay or the mail app, and always saving or copying.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
    QWizard,
)

from desktop.core.kit.i18n import _
from desktop.core.report.model import STEP_ORDER, STEP_TEXT, STEP_TODO, WhatHappened
from desktop.core.report.render import format_moment
from desktop.ui.kit.a11y import announce
from desktop.ui.kit.flow import FlowLayout
from desktop.ui.kit.focus import reveal
from desktop.ui.report.pages import (
    BANNER_STYLE,
    ERROR_STYLE,
    PAGE_ABOUT,
    PAGE_ACCOUNT,
    PAGE_ACT,
    PAGE_WHAT,
    ReportPage,
    ReportState,
    hint_label,
    wrap_label,
)


@dataclass(frozen=True)
class SendActions:
    """What the check page's buttons do; the wizard does the work."""

    send: Callable[[], None]
    save: Callable[[], None]
    copy: Callable[[], None]
    change: Callable[[int], None]
    preview: Callable[[], str]


class CheckPage(ReportPage):
    """Every answer with a Change button, then Send, Save as a file and Copy."""

    def __init__(
        self,
        state: ReportState,
        actions: SendActions,
        what_labels: Mapping[WhatHappened, str],
        recipients_text: str,
        send_label: str,
        send_hint: str,
        can_send: bool,
        recipients_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(state, parent)
        self._actions, self._what_labels = actions, what_labels
        self._recipients_text, self._recipients_key = recipients_text, recipients_key
        self.handed_over = False
        self.setTitle(_("Check your answers before sending"))
        self.setSubTitle(_("Change anything that is not right. Then send your report."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Continue"))
        # The whole page scrolls (ReportPage), so the answers need no scroll area of their own.
        inner = QWidget()
        inner.setObjectName("answers")
        self.rows = QGridLayout(inner)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setColumnStretch(1, 1)
        self.rows.setHorizontalSpacing(16)
        self.body.addWidget(inner)
        self.change_buttons: dict[str, QPushButton] = {}
        self._init_preview()
        self._init_send(send_label, send_hint, can_send)
        # Continue unlocks once the report is sent or handed over. A mandatory field
        # does this so Qt itself re-checks the page: emitting completeChanged from Python
        # would drop a reference to True in PySide6 6.12 (see ReportState).
        self._handed_over_field = QLineEdit(self)
        self._handed_over_field.hide()
        self._handed_over_field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.registerField("handedOver*", self._handed_over_field)

    def _init_preview(self) -> None:
        self.preview_button = QPushButton(_("Show the &full report"))
        self.preview_button.setCheckable(True)
        self.preview_button.toggled.connect(self._toggle_preview)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(_("The full report"))
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.preview.hide()
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.preview)

    def _toggle_preview(self, shown: bool) -> None:
        if shown:
            self.preview.setPlainText(self._actions.preview())
        self.preview.setVisible(shown)
        self.preview_button.setText(
            _("Hide the &full report") if shown else _("Show the &full report")
        )

    def _init_send(self, send_label: str, send_hint: str, can_send: bool) -> None:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.body.addWidget(line)
        self.body.addWidget(wrap_label(_("Now send your report"), bold=True))
        self.body.addWidget(hint_label(send_hint))
        row = FlowLayout()  # the buttons go onto more lines when they do not fit
        self.send_button = QPushButton(send_label)
        self.send_button.setAccessibleName(send_label.replace("&", ""))
        self.send_button.setEnabled(can_send)
        self.send_button.setVisible(can_send)  # nobody to send to: save or copy instead
        self.send_button.setDefault(can_send)
        self.send_button.clicked.connect(self._actions.send)
        self.save_button = QPushButton(_("&Save as a file..."))
        self.save_button.clicked.connect(self._actions.save)
        self.copy_button = QPushButton(_("Cop&y the report"))
        self.copy_button.clicked.connect(self._actions.copy)
        for button in (self.send_button, self.save_button, self.copy_button):
            row.add(button)
        self.body.addLayout(row)
        self.status = wrap_label()
        self.status.setObjectName("sending_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        self.body.addWidget(self.status)

    def _add_row(self, row: int, key: str, value: str, page: int | None, name: str) -> None:
        key_label = wrap_label(key, bold=True)
        value_label = wrap_label(value)
        value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value_label.setAccessibleName(f"{key}: {value}")  # the answer itself is read out
        self.rows.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignTop)
        self.rows.addWidget(value_label, row, 1, Qt.AlignmentFlag.AlignTop)
        if page is not None:
            button = QPushButton(_("Change"))
            button.setAccessibleName(_("Change {what}").format(what=key.lower()))
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("color: palette(link); text-decoration: underline;")
            button.clicked.connect(lambda _=False, p=page: self._actions.change(p))
            self.rows.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
            self.change_buttons[name] = button

    def refresh(self) -> None:
        """Rebuild the list from the current answers."""
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once, not only when the deletion is processed
                widget.deleteLater()
        self.change_buttons.clear()
        a = self.state.answers
        none = _("Not given")
        done = [_(STEP_TEXT[s]) for s in STEP_ORDER if s in a.steps_done]
        rows = [
            (
                "what",
                _("What happened"),
                self._what_labels[a.what] if a.what else none,
                PAGE_WHAT,
            ),
            ("details", _("More details"), a.details.strip() or none, PAGE_WHAT),
            ("account", _("Account or system"), a.account.strip() or none, PAGE_ACCOUNT),
            (
                "when",
                _("Roughly when"),
                format_moment(a.when, self.state.clock()),
                PAGE_ACCOUNT,
            ),
            ("steps", _("Steps done"), "\n".join(done) or _("None yet"), PAGE_ACT),
            (
                "others",
                _("Other accounts that used it"),
                ", ".join(a.other_accounts) or none,
                PAGE_ACT,
            ),
            ("name", _("Your name"), a.reporter_name.strip() or none, PAGE_ABOUT),
            ("email", _("Your email address"), a.reporter_email.strip() or none, PAGE_ABOUT),
            ("note", _("Anything else"), a.note.strip() or none, PAGE_ABOUT),
            ("to", self._recipients_key, self._recipients_text, None),
        ]
        for i, (name, key, value, page) in enumerate(rows):
            self._add_row(i, key, value, page, name)
        # The rows are rebuilt, so put Tab back in reading order: answers, then sending.
        order: list[QWidget] = [
            *self.change_buttons.values(),
            self.preview_button,
            self.send_button,
            self.save_button,
            self.copy_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        if self.preview.isVisible():
            self.preview.setPlainText(self._actions.preview())

    def initializePage(self) -> None:
        self.refresh()

    def set_busy(self, busy: bool, can_send: bool) -> None:
        self.send_button.setEnabled(not busy and can_send)
        self.save_button.setEnabled(not busy)
        self.copy_button.setEnabled(not busy)
        for button in self.change_buttons.values():
            button.setEnabled(not busy)

    def set_status(self, text: str, problem: bool = False) -> None:
        """The sending status line; announced at once (a problem interrupts)."""
        self.status.setText(text)
        announce(self.status, text, assertive=problem)
        self.status.setStyleSheet(ERROR_STYLE if problem else BANNER_STYLE)
        font = self.status.font()
        font.setBold(problem)
        self.status.setFont(font)
        self.status.setVisible(bool(text))
        if text:  # "Not sent" and "Try again" may be below the fold
            QTimer.singleShot(0, lambda: reveal(self.status))

    def mark_handed_over(self) -> None:
        self.handed_over = True
        self._handed_over_field.setText("yes")


class DonePage(ReportPage):
    """The reference, what happens next, and any steps still to do."""

    def __init__(self, state: ReportState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.setTitle(_("Report sent"))
        self.setSubTitle(_("Thank you for telling us quickly."))
        self.reference = QLabel()
        font = self.reference.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.reference.setFont(font)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reference.setAccessibleName(_("Your reference"))
        self.body.addWidget(wrap_label(_("Your reference"), bold=True))
        row = QHBoxLayout()
        row.addWidget(self.reference)
        self.copy_reference = QPushButton(_("Copy &reference"))
        self.copy_reference.setAccessibleName(_("Copy reference"))
        self.copy_reference.clicked.connect(self._copy_reference)
        row.addWidget(self.copy_reference, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        self.body.addLayout(row)
        self.copied = hint_label("")
        self.copied.hide()
        self.body.addWidget(self.copied)
        self.body.addWidget(hint_label(_("Keep it. Give it if anyone asks about this.")))
        self.body.addSpacing(8)
        self.body.addWidget(wrap_label(_("What happens next"), bold=True))
        self.next_text = wrap_label()
        self.body.addWidget(self.next_text)
        self.body.addSpacing(8)
        self.steps_heading = wrap_label(bold=True)
        self.body.addWidget(self.steps_heading)
        self.steps_left = wrap_label()
        self.steps_left.setAccessibleDescription(_("Steps still to do"))
        self.body.addWidget(self.steps_left)
        self.body.addStretch(1)

    def _copy_reference(self) -> None:
        QGuiApplication.clipboard().setText(self.reference.text())
        self.copied.setText(_("Copied: {ref}").format(ref=self.reference.text()))
        self.copied.show()
        announce(self.copied, self.copied.text())

    def show_outcome(
        self, how: str, desk: str, reachable: bool, refused: tuple[str, ...], reminder: bool
    ) -> None:
        """Say what happens next for the way the report left (``how``), and what is
        still to do. ``desk`` is the first contact, "" when the policy names nobody."""
        a = self.state.answers
        desk = desk or _("your tutor or line manager")
        if how == "relay":
            self.setTitle(_("Report sent"))
            self.setSubTitle(_("Thank you for telling us quickly."))
            text = _(
                "{desk} and the other people on your report have it now. They "
                "may contact you to ask more or to help. If you do not hear back "
                "soon, contact {desk} and give your reference."
            ).format(desk=desk)
            if refused:
                text += " " + _(
                    "These addresses did not accept it: {who}. Tell them another way."
                ).format(who=", ".join(refused))
        else:
            self.setTitle(_("Your report is ready"))
            self.setSubTitle(_("Thank you. Now make sure it reaches them."))
            if reachable:
                text = _(
                    "Make sure you send it: press Send in your email app, or "
                    "email the saved or copied report to the people listed. If "
                    "you cannot, give it to {desk} today."
                ).format(desk=desk)
            else:
                text = _(
                    "Give your saved or copied report to {desk} today. If you do "
                    "not know how to reach them, ask your tutor or line "
                    "manager."
                ).format(desk=desk)
        left = a.steps_left()
        if left:
            steps = "\n".join("• " + _(STEP_TODO[s]) for s in left)
            if reminder:
                steps += "\n\n" + _("We will remind you in an hour.")
        else:
            steps = _("You have done every step. Well done.")
        self.reference.setText(a.reference)
        self.reference.setAccessibleName(
            _("Your reference: {reference}").format(reference=a.reference)
        )
        self.next_text.setText(text)
        self.steps_heading.setText(_("Still to do") if left else _("Steps"))
        self.steps_left.setText(steps)
