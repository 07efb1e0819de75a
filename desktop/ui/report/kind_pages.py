"""The pages of every kind under "Report a problem" but the leak report, drawn from data.

A kind (``core.report.kinds``) is a list of steps; each page here draws one step from its
description and the flow's words: ``NowPage`` the do-this-now list, ``WhoPage`` who will
be told and what the report contains (and the device check summary, when allowed and
wanted), ``FieldsPage`` any step's questions from their ``FieldSpec``s, ``KindCheckPage``
the answers to check, ``KindDonePage`` what happens next. No page knows a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from itertools import pairwise

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.kit.i18n import _
from desktop.core.report.flow import ReportFlow
from desktop.core.report.model import MAX_LINE
from desktop.core.report.render import answer_text, format_moment
from desktop.core.report.steps import WINDOWS, FieldSpec, StepSpec
from desktop.ui.kit.a11y import set_hint
from desktop.ui.report.one_off import OneOffPasswordBox, SecretBox
from desktop.ui.report.pages import ReportPage, ReportState, character_count, hint_label, wrap_label
from desktop.ui.report.review import CheckPage, DonePage


class NowPage(ReportPage):
    """What to do in the next few minutes, one tick box each."""

    def __init__(
        self,
        flow: ReportFlow,
        use_secret: Callable[[str], None] | None = None,
        open_window: Callable[[str], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(flow.state, parent)
        self._use_secret = use_secret
        self.intro = wrap_label("")  # the wizard says whether answers are saved as you go
        self.body.addWidget(self.intro)
        self.ticks: dict[str, QCheckBox] = {}
        self.window_buttons: dict[str, QPushButton] = {}
        windows = flow.windows() if open_window is not None else {}
        for key, text in flow.do_now():
            box = QCheckBox()
            box.toggled.connect(lambda on, k=key: self.state.set_tick(k, on))
            self.ticks[key] = box
            self.body.addWidget(WrappedChoice(box, text))
            if key in windows and open_window is not None:
                self._add_window_button(windows[key], open_window)
        self.old_password: SecretBox | None = None
        self.secret_box: OneOffPasswordBox | None = None
        secret = next((f for f in flow.kind.step("now").fields if f.kind == "secret"), None)
        if secret is not None and use_secret is not None:
            self._init_secret(secret)
        self.body.addStretch(1)

    def _add_window_button(self, window: str, open_window: Callable[[str], object]) -> None:
        """A button under the step that opens the window of the app that helps with it."""
        words = _(WINDOWS[window])
        button = QPushButton(words)
        button.setAccessibleName(words)
        button.setAutoDefault(False)  # Enter stays the wizard's Next
        button.clicked.connect(lambda _=False: open_window(window))
        row = QHBoxLayout()
        row.setContentsMargins(button.sizeHint().height(), 0, 0, 4)
        row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.window_buttons[window] = button

    def _init_secret(self, spec: FieldSpec) -> None:
        """The one-off box for a password typed where it should not have been: used to
        block it and to guard this report, then forgotten (as on the leak report)."""
        box = OneOffPasswordBox(
            _(spec.label),
            _(spec.label),
            _(spec.hint),
            _("The password you typed, used once then forgotten"),
            self._use_secret,
        )
        self.secret_box = box
        self.old_password, self.use_button, self.old_result = (
            box.password,
            box.use_button,
            box.result,
        )
        self.body.addSpacing(8)
        self.body.addWidget(box)

    def show_old_result(self, text: str, done: bool = False) -> None:
        if self.secret_box is not None:
            self.secret_box.show_result(text, done)

    def refresh(self) -> None:
        ticks = self.state.answers.ticks
        for key, box in self.ticks.items():
            if box.isChecked() != (key in ticks):
                box.blockSignals(True)
                box.setChecked(key in ticks)
                box.blockSignals(False)


class WrappedChoice(QWidget):
    """A tick box or radio button beside its words, which wrap (a button's own text never
    does, and would push the page wider than a zoomed small screen). The button carries
    the words as its accessible name; clicking the words works like clicking the button."""

    def __init__(self, button: QCheckBox | QRadioButton, text: str) -> None:
        super().__init__()
        button.setAccessibleName(text)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 3, 0, 3)
        self.words = _ClickLabel(text, button)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)


class _ClickLabel(QLabel):
    def __init__(self, text: str, button: QCheckBox | QRadioButton) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._button = button

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if isinstance(self._button, QRadioButton):
            self._button.setChecked(True)
        else:
            self._button.toggle()
        self._button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)


class WhoPage(ReportPage):
    """Who will be told, what the report will contain, and the optional attachment."""

    def __init__(
        self,
        flow: ReportFlow,
        recipients_text: str,
        summary: Callable[[], str] | None,
        run: Callable[[Callable[[], str], Callable[[str], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(flow.state, parent)
        self.starts_on_next = True
        self._summary, self._run = summary, run
        self.recipients = wrap_label(recipients_text)
        self.recipients.setAccessibleName(_("Who will be told"))
        self.recipients.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.recipients)
        self.body.addSpacing(8)
        self.body.addWidget(wrap_label(_("What your report will contain"), bold=True))
        self.contents = wrap_label("\n".join("• " + line for line in flow.contents()))
        self.contents.setAccessibleName(_("What your report will contain"))
        self.body.addWidget(self.contents)
        self.body.addWidget(
            hint_label(
                _(
                    "It never asks for a password: do not type one in your answers. You will "
                    "see the whole report before it is sent."
                )
            )
        )
        self.attach: QCheckBox | None = None
        self.attached = QPlainTextEdit()
        self.attached.setReadOnly(True)
        self.attached.setTabChangesFocus(True)
        self.attached.setAccessibleName(_("What would be attached"))
        self.attached.setFixedHeight(self.attached.fontMetrics().lineSpacing() * 6 + 12)
        self.attached.hide()
        self.attach_status = hint_label("")
        self.attach_status.hide()
        if flow.may_attach() and summary is not None:
            self._init_attach()
        self.body.addStretch(1)

    def _init_attach(self) -> None:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.body.addWidget(line)
        self.attach = QCheckBox()
        hint = _(
            "It helps IT see if this computer is set up safely. You choose: it is only "
            "attached if you tick this. This is exactly what would be attached:"
        )
        set_hint(self.attach, hint)
        self.attach.toggled.connect(self._toggled)
        self.body.addWidget(
            WrappedChoice(self.attach, _("Attach the 'Check this computer' summary"))
        )
        self.body.addWidget(hint_label(hint))
        self.body.addWidget(self.attach_status)
        self.body.addWidget(self.attached)

    def initializePage(self) -> None:
        if self.attach is not None and not self.attached.toPlainText():
            self._fetch()
        self.refresh()

    def _fetch(self) -> None:
        if self._summary is None or self.attach is None:
            return
        self.attach_status.setText(_("Checking this computer..."))
        self.attach_status.show()
        self._run(self._summary, self._fetched)

    def _fetched(self, text: str) -> None:
        if self.attach is None:
            return
        self.attach_status.setVisible(not text)
        if not text:
            self.attach_status.setText(_("The summary could not be made, so nothing is attached."))
            self.attach.setChecked(False)
            self.attach.setEnabled(False)
            return
        self.attached.setPlainText(text)
        self.attached.show()
        self.attach.setEnabled(True)
        if self.attach.isChecked():
            self.state.update(attachment=text)

    def _toggled(self, on: bool) -> None:
        # Ticked before the summary is ready: it is attached once it is shown.
        self.state.update(attachment=self.attached.toPlainText() if on else "")

    def refresh(self) -> None:
        a = self.state.answers
        if self.attach is not None and self.attach.isChecked() != bool(a.attachment):
            self.attach.blockSignals(True)
            self.attach.setChecked(bool(a.attachment))
            self.attach.blockSignals(False)
        if a.attachment and not self.attached.toPlainText():
            self.attached.setPlainText(a.attachment)  # as chosen before, from the draft
            self.attached.show()


class FieldsPage(ReportPage):
    """A step's questions, each drawn from its ``FieldSpec``: a choice is a group of
    radio buttons named by the question, a line an edit box, text a larger box with a
    count, a time an editor set to now to start with."""

    def __init__(self, state: ReportState, step: StepSpec, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self._spec = step
        self.groups: dict[str, dict[str, QRadioButton]] = {}
        self.lines: dict[str, QLineEdit] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        self.when: QDateTimeEdit | None = None
        for spec in step.fields:
            self._add(spec)
            self.body.addSpacing(8)
        self.body.addStretch(1)

    def _label(self, spec: FieldSpec, field: QWidget | None) -> None:
        label = wrap_label(spec.label, bold=True)
        if field is not None:
            label.setBuddy(field)
        self.body.addWidget(label)
        if spec.hint:
            self.body.addWidget(hint_label(spec.hint))
            if field is not None:
                set_hint(field, spec.hint)

    def _add(self, spec: FieldSpec) -> None:
        name = spec.name
        if spec.kind == "choice":
            self._label(spec, None)
            box = QGroupBox()
            box.setFlat(True)
            box.setAccessibleName(spec.label)
            box.setStyleSheet("QGroupBox { border: 0; margin: 0; padding: 0; }")
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(self)
            buttons: dict[str, QRadioButton] = {}
            for value, words in spec.options:
                button = QRadioButton()
                group.addButton(button)
                lay.addWidget(WrappedChoice(button, words))
                button.toggled.connect(lambda on, v=value: self._chose(name, v, on))
                buttons[value] = button
            self.groups[name] = buttons
            self.body.addWidget(box)
            self.fields[name] = next(iter(buttons.values()))
        elif spec.kind == "line":
            edit = QLineEdit()
            edit.setAccessibleName(spec.title)
            edit.setMaxLength(MAX_LINE)
            edit.textEdited.connect(lambda t: self.state.set_text(name, t))
            self._label(spec, edit)
            self.body.addWidget(edit)
            self.lines[name] = edit
            self.fields[name] = edit
        elif spec.kind == "text":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setAccessibleName(spec.title)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * 4 + 12)
            text.textChanged.connect(lambda t=text: self.state.set_text(name, t.toPlainText()))
            self._label(spec, text)
            self.body.addWidget(text)
            self.body.addWidget(character_count(self, text))
            self.texts[name] = text
            self.fields[name] = text
        elif spec.kind == "when":
            self.when = QDateTimeEdit()
            self.when.setCalendarPopup(True)
            self.when.setDisplayFormat(_("d MMMM yyyy, HH:mm"))
            self.when.setAccessibleName(spec.title)
            self.when.dateTimeChanged.connect(self._when_edited)
            hint = (
                spec.hint
                + " "
                + _(
                    "It is set to now to start with. Use the arrow keys to change the part the "
                    "cursor is on."
                )
            )
            self._label(FieldSpec(spec.name, spec.label, "when", hint=hint.strip()), self.when)
            self.body.addWidget(self.when)
            self.fields[name] = self.when

    def _chose(self, name: str, value: str, on: bool) -> None:
        if on:
            self.state.set_text(name, value)

    def _when_edited(self, value: QDateTime) -> None:
        tz = self.state.clock().tzinfo
        self.state.update(when=datetime.fromtimestamp(value.toSecsSinceEpoch(), tz=tz))

    def first_question(self) -> QWidget | None:
        chosen = super().first_question()
        if chosen is not None:
            return chosen
        first = self._spec.fields[0].name if self._spec.fields else ""
        buttons = self.groups.get(first)
        if buttons:  # the chosen answer, or the first, like a radio group's own Tab stop
            return next(
                (b for b in buttons.values() if b.isChecked()), next(iter(buttons.values()))
            )
        return self.fields.get(first)

    def refresh(self) -> None:
        a = self.state.answers
        for name, buttons in self.groups.items():
            value = a.text(name)
            for key, button in buttons.items():
                if button.isChecked() != (key == value):
                    button.blockSignals(True)
                    button.setChecked(key == value)
                    button.blockSignals(False)
        for name, edit in self.lines.items():
            if edit.text() != a.text(name):
                edit.setText(a.text(name))
        for name, box in self.texts.items():
            if box.toPlainText() != a.text(name):
                box.setPlainText(a.text(name))
        if self.when is not None:
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


class KindCheckPage(CheckPage):
    """ "Check your answers" for a kind: its questions, the ticked steps, the person, what
    is attached and who is told, each with Change where it can be changed."""

    def bind(self, flow: ReportFlow, page_of: dict[str, int]) -> None:
        self._flow, self._page_of = flow, page_of

    def refresh(self) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.change_buttons.clear()
        flow, a = self._flow, self.state.answers
        none = _("Not given")
        rows: list[tuple[str, str, str, int | None]] = []
        for spec in flow.kind.questions:
            page = self._page_of.get(spec.name)
            if spec.kind == "when":
                value = format_moment(a.when, self.state.clock())
            else:
                value = answer_text(a.kind, spec.name, a) or none
            rows.append((spec.name, spec.title, value, page))
        done = [text for key, text in flow.do_now() if key in a.ticks]
        rows.append(
            (
                "ticks",
                _("Steps done"),
                "\n".join(done) or _("None yet"),
                self._page_of.get("ticks"),
            )
        )
        about = self._page_of.get("reporter_name")
        rows += [
            ("name", _("Your name"), a.reporter_name.strip() or none, about),
            ("email", _("Your email address"), a.reporter_email.strip() or none, about),
            ("note", _("Anything else"), a.note.strip() or none, about),
        ]
        if flow.may_attach():
            rows.append(
                (
                    "attachment",
                    _("Attached"),
                    _("The 'Check this computer' summary") if a.attachment else _("Nothing"),
                    self._page_of.get("attachment"),
                )
            )
        rows.append(("to", self._recipients_key, self._recipients_text, None))
        for i, (name, key, value, page) in enumerate(rows):
            self._add_row(i, key, value, page, name)
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


class KindDonePage(DonePage):
    """The reference, what happens next for this kind, and the steps not ticked."""

    def bind(self, flow: ReportFlow) -> None:
        self._flow = flow

    def show_outcome(
        self, how: str, desk: str, reachable: bool, refused: tuple[str, ...], reminder: bool
    ) -> None:
        super().show_outcome(how, desk, reachable, refused, False)
        flow = self._flow
        text = self.next_text.text() + "\n\n" + _(flow.kind.next_steps)
        self.next_text.setText(text)
        left = flow.steps_left()
        self.steps_heading.setText(_("If they apply, still to do") if left else _("Steps"))
        self.steps_left.setText(
            "\n".join("• " + s for s in left) if left else _("You have done every step. Well done.")
        )
