"""The "Check a new password" window: two entry boxes, a live checklist and a verdict.

The window only displays and forwards: the rules, their titles and what each expects
come from the core pipeline's catalogue (``LiveChecker.rules``); what the strength line,
the tip, the slow rules' lines, the verdict and the record button say, and when a
password is settled enough for the breach lookup, come from the core's
``CheckPresenter``; the checking runs on workers through ``LiveChecker``, and recording
a password is a callable passed in.
Nothing is recorded unless the person presses "I've set this password". Closing the
window empties both boxes so the password does not linger in memory.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.checks.explain import explanations
from desktop.core.checks.findings import CheckResult
from desktop.core.checks.presenter import CheckPresenter, EnterAction, tip
from desktop.core.checks.verdict import Verdict, VerdictState
from desktop.core.kit.i18n import _
from desktop.core.passphrase import WordListMissing, suggest_passphrase
from desktop.core.policy.schema import Origin, Policy
from desktop.core.words import join_words
from desktop.ui.check.live import LiveChecker
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.a11y import PoliteAnnouncer, announce, on_toggle_key
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.choice import WrapCheckBox
from desktop.ui.kit.clipboard import clipboard_guard
from desktop.ui.kit.focus import keep_focus_visible, reveal
from desktop.ui.kit.forget import wipe
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.secret import SecretLineEdit
from desktop.ui.kit.timers import TimerFactory
from desktop.ui.kit.widgets import (
    ChecklistView,
    LineState,
    StrengthMeter,
    WrapLabel,
    state_colour,
    window_header,
)

log = logging.getLogger(__name__)

STACK_BELOW_EM = 56  # narrower than this many "m" widths: one column


# How each state of the verdict is drawn: the border colour and a symbol before the words.
_VERDICT_LINE = {
    VerdictState.EMPTY: LineState.WAITING,
    VerdictState.CHECKING: LineState.CHECKING,
    VerdictState.CONFIRM: LineState.NOT_CHECKED,
    VerdictState.REJECTED: LineState.FAIL,
    VerdictState.ACCEPTED: LineState.PASS,
}
_VERDICT_MARK = {
    VerdictState.EMPTY: "",
    VerdictState.CHECKING: "… ",
    VerdictState.CONFIRM: "",
    VerdictState.REJECTED: "✗ ",
    VerdictState.ACCEPTED: "✓ ",
}


class CheckWindow(QWidget):
    """Shows every rule's state as the person types and lets them record a password."""

    recorded = Signal()
    verdict_changed = Signal(str)

    def __init__(
        self,
        checker: LiveChecker,
        words: PersonalWordsModel,
        policy: Policy,
        record_password: Callable[[str], None] | None,
        runner: BackgroundRunner,
        notices: Sequence[str] = (),
        parent: QWidget | None = None,
        timers: TimerFactory | None = None,
        origin_of: Callable[[str], Origin] | None = None,
    ) -> None:
        super().__init__(parent)
        # The verdict is read out once typing pauses, not on every key.
        self._announcer = PoliteAnnouncer(self, timers)
        self._checker, self._words, self._policy = checker, words, policy
        # One line per rule of the pipeline, then the two-boxes line, all from the core.
        self._present = CheckPresenter(policy, checker.rules, record_password is not None)
        self._lines = self._present.lines
        self._record_password, self._runner = record_password, runner
        self._checked_words: tuple[str, ...] = ()
        self._slow_checking = False  # the slow rules are running (or about to, after a pause)
        self.setWindowTitle(_("Check a new password - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        self.setObjectName("CheckWindow")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(14)
        # The body scrolls rather than clipping: wrapped text grows as findings
        # change, and at 200% scale on a small screen it may not all fit.
        body = QWidget()
        body.setObjectName("body")
        # Two columns side by side, one above the other when the window is narrow
        # (a small or zoomed screen), so no rule is cut to a sliver.
        # The heading scrolls too: on a zoomed small screen a fixed one leaves no room.
        stack = QVBoxLayout(body)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(14)
        self._init_header(stack, notices)
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        stack.addLayout(columns, 1)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(28)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.setSpacing(14)
        right.setSpacing(10)
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        self._columns = columns
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own: the first thing focused is the password box.
        self._scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll.setWidget(body)
        keep_focus_visible(self._scroll)
        self._body = body
        outer.addWidget(self._scroll, 1)
        self._init_fields(left)
        self._init_strength(left)
        self._init_verdict(left)
        self._init_words(left)
        left.addStretch(1)
        self._init_checklist(right)
        self._init_why(origin_of)
        self._init_tip(right)
        self._init_suggestion(right)
        right.addStretch(1)
        self._init_buttons(outer)
        self._init_tab_order()
        self._connect()
        self._show_empty()
        self._initial_size()

    # ----- building the window -------------------------------------------------------

    def _initial_size(self) -> None:
        """Wide enough for short lines and tall enough for the longest checklist (a weak
        password has a hint on most lines), within the screen."""
        em = self.fontMetrics().horizontalAdvance("m")
        line = self.fontMetrics().lineSpacing()
        width = max(self.sizeHint().width(), em * 72)
        height = max(self.sizeHint().height(), line * 46)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width = min(width, screen.width() - 2 * em)
            height = min(height, screen.height() - 4 * line)
        self.resize(width, height)

    def _init_header(self, outer: QVBoxLayout, notices: Sequence[str]) -> None:
        row, icon, title = window_header(
            self,
            _("Check a new password"),
            _(
                "Type the password you want to use. You will see straight away if it is a good "
                "one. Nothing you type is sent: the breach check sends only the first 5 "
                "characters of a scrambled code made from it. Nothing is kept unless you press "
                "\u201cI've set this password\u201d, and then only a scrambled code."
            ),
        )
        icon.setAccessibleName(_("Hygiene Helper"))
        title.setAccessibleName(_("Check a new password"))
        outer.addLayout(row)
        for notice in notices:
            banner = WrapLabel("⚠ " + notice)
            banner.setFrameShape(QFrame.Shape.StyledPanel)
            banner.setMargin(8)
            banner.setAccessibleDescription(_("Notice"))
            outer.addWidget(banner)

    def _init_fields(self, layout: QVBoxLayout) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self._password = SecretLineEdit()
        self._password.setAccessibleName(_("New password"))
        self._password.setAccessibleDescription(
            _("Type or paste the new password. The checks below update as you type.")
        )
        self._password.setObjectName("password")
        label = QLabel(_("&New password"))
        label.setBuddy(self._password)
        # Alt+S toggles without taking focus (a button's own access key moves focus to
        # it, so the next space would hide the password and the next letters be lost);
        # a click does not take focus either. Tab still reaches it.
        self._show = QPushButton(_("Show (Alt+S)"))
        self._show.setCheckable(True)
        self._show.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        on_toggle_key(self, _("Alt+S"), self._show.toggle)
        self._show.setAccessibleName(_("Show password"))
        self._show.setAccessibleDescription(_("Shows or hides what you typed in both boxes."))
        self._confirm = SecretLineEdit()
        self._confirm.setAccessibleName(_("Type the password again"))
        self._confirm.setAccessibleDescription(
            _("Type the same password again to catch a slip of the finger.")
        )
        self._confirm.setObjectName("confirm")
        again = QLabel(_("Type it &again"))
        again.setBuddy(self._confirm)
        grid.addWidget(label, 0, 0, 1, 2)
        grid.addWidget(self._password, 1, 0)
        grid.addWidget(self._show, 1, 1)
        grid.addWidget(again, 2, 0, 1, 2)
        grid.addWidget(self._confirm, 3, 0)
        grid.setRowMinimumHeight(2, self.fontMetrics().height() + 6)
        layout.addLayout(grid)

    def _init_strength(self, layout: QVBoxLayout) -> None:
        box = QVBoxLayout()
        box.setSpacing(4)
        self._strength_words = QLabel()
        # No fixed accessible name on labels whose words change: a screen reader then
        # reads what they say ("Strength: weak, because..."), not a caption.
        self._strength_words.setObjectName("strength")
        self._meter = StrengthMeter()
        self._meter.setAccessibleName(_("Strength meter"))
        self._feedback = WrapLabel()
        self._feedback.setObjectName("feedback")
        box.addWidget(self._strength_words)
        box.addWidget(self._meter)
        box.addWidget(self._feedback)
        layout.addLayout(box)

    def _init_verdict(self, layout: QVBoxLayout) -> None:
        self._verdict = WrapLabel()
        self._verdict.setObjectName("verdict")
        self._verdict.setFrameShape(QFrame.Shape.StyledPanel)
        self._verdict.setMargin(10)
        self._verdict.setAccessibleName(_("Verdict"))
        font = self._verdict.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self._verdict.setFont(font)
        layout.addWidget(self._verdict)

    def _init_words(self, layout: QVBoxLayout) -> None:
        group = QGroupBox(_("About you (optional)"))
        group.setAccessibleName(_("About you"))
        box = QVBoxLayout(group)
        explain = WrapLabel(
            _(
                "Names, pets, places or birthdays someone could link to you. They are only "
                "used to check your password and never leave this computer."
            )
        )
        self._words_edit = QLineEdit(join_words(self._words.words))
        self._words_edit.setPlaceholderText(_("For example: Sam, Biscuit, 12/03/2001"))
        self._words_edit.setAccessibleName(_("Personal words"))
        self._words_edit.setAccessibleDescription(
            _("Separate the words with commas. Birthdays can be written like 12/03/2001.")
        )
        self._remember = WrapCheckBox(_("&Remember these on this computer"))
        self._remember.setAccessibleName(_("Remember personal words"))
        self._remember.setAccessibleDescription(
            _("Keeps the words in your system keyring. Untick to delete them from it.")
        )
        self._remember.setEnabled(self._words.can_remember)
        self._words_problem = WrapLabel()
        self._words_problem.hide()
        explain.setBuddy(self._words_edit)
        box.addWidget(explain)
        box.addWidget(self._words_edit)
        box.addWidget(self._remember)
        box.addWidget(self._words_problem)
        layout.addWidget(group)

    def _init_checklist(self, layout: QVBoxLayout) -> None:
        heading = QLabel(_("Checks"))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        titles = [(r.rule_id, _(r.title)) for r in self._lines]
        words = {
            LineState.PASS: _("Passed"),
            LineState.FAIL: _("Problem"),
            LineState.NOT_CHECKED: _("Not checked"),
            LineState.WAITING: _("Not yet"),
            LineState.CHECKING: _("Checking"),
        }
        self.checklist = ChecklistView(titles, words)
        self.checklist.setAccessibleName(_("Checks"))
        layout.addWidget(heading)
        layout.addWidget(self.checklist)

    def _init_tip(self, layout: QVBoxLayout) -> None:
        self._tip = WrapLabel(tip())
        self._tip.setFrameShape(QFrame.Shape.StyledPanel)
        self._tip.setMargin(8)
        self._tip.setObjectName("tip")
        layout.addWidget(self._tip)

    def _init_why(self, origin_of: Callable[[str], Origin] | None) -> None:
        """A "Why?" under each rule: why it matters and who set it (see ``why.py``)."""
        self._origin_of = origin_of
        self.checklist.set_why(
            explanations(self.checklist.rule_ids(), self._policy, origin_of),
            _("Why?"),
            _("Why: {title}"),
            _("Shows why this check matters and who set the rule."),
        )

    def _init_suggestion(self, layout: QVBoxLayout) -> None:
        """'Suggest a passphrase': random words, shown only when asked, never copied or
        typed in for the person (they choose to use it, and type it themselves)."""
        self._suggest = QPushButton(_("Su&ggest a passphrase"))
        self._suggest.setAccessibleName(_("Suggest a passphrase"))
        self._suggest.setAccessibleDescription(
            _("Shows five random words you could use. Nothing is copied or typed in.")
        )
        self._suggest.clicked.connect(self._show_suggestion)
        self._suggestion = WrapLabel()
        self._suggestion.setObjectName("suggestion")
        self._suggestion.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._suggestion.hide()
        row = QHBoxLayout()
        row.addWidget(self._suggest)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self._suggestion)

    def _show_suggestion(self) -> None:
        words = ""
        try:
            words = suggest_passphrase(avoid=self._policy.org_words)
        except WordListMissing:
            text = _("No suggestion can be made: the word list is not installed.")
        else:
            text = _(
                "{words}\nType it in yourself if you like it, and add a word of your own. "
                "Press again for another."
            ).replace("{words}", words)
        self._suggestion.setText(text)
        self._suggestion.show()
        # Selecting it puts it on the PRIMARY selection: cleared after a while and on exit.
        clipboard_guard().watch(words)
        reveal(self._suggestion, keep_focus=False)
        self._suggest.setText(_("Su&ggest another"))
        announce(self._suggestion, text)

    def _init_buttons(self, outer: QVBoxLayout) -> None:
        self._record_status = WrapLabel()
        self._record_status.setObjectName("record_status")
        self._record_status.hide()
        row = QHBoxLayout()
        self._record = QPushButton(_("I've set this &password"))
        self._record.setAccessibleName(_("I've set this password"))
        self._record.setDefault(True)
        if self._record_password is None:
            self._record.setAccessibleDescription(
                _("Not available: no password history is kept on this computer.")
            )
            self._record.setToolTip(self._record.accessibleDescription())
        else:
            self._record.setAccessibleDescription(
                _(
                    "Press after you have used this password, so it is never used again. Only "
                    "a scrambled code of it is kept."
                )
            )
        self._close = QPushButton(_("&Close"))
        self._close.setAccessibleName(_("Close"))
        self._close.setAccessibleDescription(_("Closes this window and clears both boxes."))
        row.addWidget(self._record_status, 1)
        row.addStretch(1)
        row.addWidget(self._record)
        row.addWidget(self._close)
        outer.addLayout(row)

    def _init_tab_order(self) -> None:
        order = [
            self._password,
            self._show,
            self._confirm,
            self._words_edit,
            self._remember,
            *self.checklist.why_buttons.values(),
            self._suggest,
            self._record,
            self._close,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self._password.textChanged.connect(self._on_edit)
        self._confirm.textChanged.connect(self._on_confirm_edit)
        self._password.returnPressed.connect(self._on_enter)
        self._confirm.returnPressed.connect(self._on_enter)
        # Moving on from a box (Tab, a click elsewhere) settles a match; Enter is above.
        self._password.editingFinished.connect(self._on_moved_on)
        self._confirm.editingFinished.connect(self._on_moved_on)
        self._show.toggled.connect(self._on_show)
        self._words_edit.textEdited.connect(self._on_words_edit)
        self._remember.toggled.connect(self._words.set_remember)
        self._words.changed.connect(self._on_words_model)
        self._words.problem.connect(self._on_words_problem)
        self._record.clicked.connect(self._on_record)
        self._close.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._checker.local_ready.connect(self._on_local)
        self._checker.slow_waiting.connect(lambda: self._set_slow_state(checking=False))
        self._checker.slow_started.connect(lambda: self._set_slow_state(checking=True))
        self._checker.slow_ready.connect(self._on_slow)
        self._checker.failed.connect(self._on_failed)
        self.verdict_changed.connect(self._say_verdict)

    # ----- reacting to the person ---------------------------------------------------

    def _on_edit(self, text: str) -> None:
        self._record_status.hide()
        self._present.password_edited(text)
        self._run_checks()

    def _on_confirm_edit(self, text: str) -> None:
        settle = self._present.confirm_edited(text)
        self._show_match()
        self._checker.set_settled(settle)
        self._refresh_slow_lines()
        self._refresh_verdict()

    def _on_moved_on(self) -> None:
        if self._password.text():
            self._checker.set_settled(self._present.moved_on())
            self._refresh_slow_lines()

    def _on_enter(self) -> None:
        action = self._present.enter_pressed()
        if action is EnterAction.RECORD:
            self._on_record()
        elif action is EnterAction.SETTLE:
            self._checker.set_settled(self._present.settle)
            self._refresh_slow_lines()

    def _on_words_edit(self, text: str) -> None:
        self._words.set_text(text)

    def _on_words_model(self) -> None:
        joined = join_words(self._words.words)
        if not self._words_edit.hasFocus() and self._words_edit.text() != joined:
            self._words_edit.setText(joined)
        self._remember.blockSignals(True)
        self._remember.setChecked(self._words.remember)
        self._remember.blockSignals(False)
        if self._password.text() and self._words.words != self._checked_words:
            self._run_checks()

    def _on_words_problem(self, problem: str) -> None:
        self._words_problem.setText("⚠ " + problem)
        self._words_problem.show()

    def _on_show(self, shown: bool) -> None:
        self._password.set_shown(shown)
        self._confirm.set_shown(shown)
        # One key both ways: Alt+S shows and Alt+S hides.
        self._show.setText(_("Hide (Alt+S)") if shown else _("Show (Alt+S)"))
        self._show.setAccessibleName(_("Hide password") if shown else _("Show password"))
        announce(
            self._show,
            _("Password shown") if shown else _("Password hidden"),
        )

    def _say_verdict(self, text: str) -> None:
        # "Type a new password to start" is what the box's own hint says: not read out
        # again over it when the window opens.
        verdict = self._present.verdict
        if verdict is not None and verdict.state is not VerdictState.EMPTY:
            self._announcer.say(text)

    def _run_checks(self) -> None:
        password = self._password.text()
        self._present.local = None
        self._present.slow = None
        if not password:
            self._checker.clear()
            self._show_empty()
            return
        self._checked_words = self._words.words
        self._checker.update(password, self._checked_words, self._present.settle)
        self._show_match()
        self._refresh_verdict()

    # ----- showing results ----------------------------------------------------------

    def _show_empty(self) -> None:
        for rule in self._lines:
            self.checklist.set_line(rule.rule_id, LineState.WAITING, rule.expects(self._policy))
        self._show_strength()
        self._feedback.hide()
        self._tip.show()
        self._refresh_verdict()

    def _on_local(self, result: CheckResult) -> None:
        if not self._password.text():
            return
        self._present.local = result
        for item in result.findings:
            self.checklist.set_finding(item)
        self._show_strength()
        feedback = self._present.feedback()
        self._feedback.setText(feedback)
        self._feedback.setVisible(bool(feedback))
        self._tip.setVisible(self._present.tip_shown())
        self._refresh_verdict()

    def _set_slow_state(self, checking: bool) -> None:
        # A new round of the slow checks: whatever they said before no longer applies.
        self._present.slow = None
        self._slow_checking = checking
        self._refresh_slow_lines()
        self._refresh_verdict()

    def _refresh_slow_lines(self) -> None:
        """The slow rules' lines while their result is not in: what they wait for."""
        if self._present.slow is not None or not self._password.text():
            return
        status = self._present.slow_status(self._slow_checking and self._checker.settled)
        state = LineState.CHECKING if status.checking else LineState.WAITING
        for rule_id in self._present.slow_ids:
            self.checklist.set_line(rule_id, state, status.text)

    def _on_slow(self, result: CheckResult) -> None:
        if not self._password.text():
            return
        self._present.slow = result
        for item in result.findings:
            self.checklist.set_finding(item)
        self._show_strength()
        self._refresh_verdict()

    def _show_strength(self) -> None:
        view = self._present.strength()
        if view is None:
            return
        self._meter.set_score(view.score, view.shown)
        self._strength_words.setText(view.words)
        self._meter.setAccessibleDescription(view.words)

    def _on_failed(self, message: str) -> None:
        self._verdict.setText("✗ " + message)
        announce(self._verdict, self._verdict.text(), assertive=True)

    def _show_match(self) -> None:
        self.checklist.set_finding(self._present.match_finding())

    def _refresh_verdict(self) -> None:
        """Shows the core's verdict on what is in so far; it decides, this only displays."""
        verdict = self._present.decide()
        state = _VERDICT_LINE[verdict.state]
        text = _VERDICT_MARK[verdict.state] + verdict.reason
        colour = state_colour(state, self.palette())
        self._verdict.setStyleSheet(
            f"QLabel#verdict {{ border: 2px solid {colour.name()}; border-radius: 6px; }}"
        )
        if self._verdict.text() != text:
            self._verdict.setText(text)
            self._verdict.setAccessibleDescription(text)
            self.verdict_changed.emit(text)
            # On a small or zoomed screen the verdict may be below the fold (a mismatch
            # would show only the strength bar): bring it into view with the box typed in.
            if self.isVisible():
                reveal(self._verdict)
        self._record.setEnabled(self._present.record_allowed)

    # ----- recording ----------------------------------------------------------------

    def _on_record(self) -> None:
        if not self._present.record_allowed or self._record_password is None:
            return
        record, password = self._record_password, self._password.text()
        self._record_status.setText(self._present.record_started())
        self._record.setEnabled(False)
        self._record_status.show()
        self._runner.run(
            lambda: record(password), self._on_recorded, self._on_record_error, key="record"
        )

    def _on_recorded(self, _result: object) -> None:
        done = self._present.record_done()
        self._password.clear()
        self._confirm.clear()
        self._show.setChecked(False)  # the next password starts hidden
        self._record_status.setText(done)
        self._record_status.show()
        self.recorded.emit()

    def _on_record_error(self, exc: BaseException) -> None:
        # History errors carry a reason written for people; anything else goes to the log.
        reason = str(getattr(exc, "reason", "") or "")
        if not reason:
            log.warning("password not recorded: %s", type(exc).__name__)
        self._record_status.setText(self._present.record_failed(reason))
        self._record_status.show()
        announce(self._record_status, self._record_status.text(), assertive=True)
        self._refresh_verdict()

    # ----- window life --------------------------------------------------------------

    @property
    def stacked(self) -> bool:
        """True when the checks are shown below the boxes rather than beside them."""
        return self._columns.direction() is QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = self.width() < self.fontMetrics().horizontalAdvance("m") * STACK_BELOW_EM
        wanted = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if self._columns.direction() is not wanted:
            self._columns.setDirection(wanted)
            self._columns.setSpacing(14 if narrow else 28)

    def showEvent(self, event: QShowEvent) -> None:
        """Whenever the window opens, what is typed goes into the new-password box."""
        super().showEvent(event)
        self._password.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
        QTimer.singleShot(0, self._focus_password)

    def _focus_password(self) -> None:
        focused = QApplication.focusWidget()
        if self.isVisible() and (focused is None or not self.isAncestorOf(focused)):
            self._password.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._words.flush()
        super().closeEvent(event)  # the hide that follows forgets what was typed

    def hideEvent(self, event: QHideEvent) -> None:
        """Every way the window goes (Close, Esc, the window manager, the tray hiding
        it) ends here: the boxes are wiped and no reference to the password is kept.
        A hide the window system makes on its own (minimising) keeps the text."""
        super().hideEvent(event)
        if not event.spontaneous():
            self.forget_typed()

    def forget_typed(self) -> None:
        """Wipe both boxes, the suggestion and every result made from the password."""
        self._show.setChecked(False)
        for box in (self._password, self._confirm):
            wipe(box)
        self._present.clear()
        self._suggestion.clear()
        self._suggestion.hide()
        clipboard_guard().clear_now()
        self._suggest.setText(_("Su&ggest a passphrase"))
        self._record_status.hide()
        self._run_checks()  # empty boxes: the checker and the results are cleared too

    def set_policy(self, policy: Policy) -> None:
        self._policy = policy
        self._present.policy = policy
        for rule_id, text in explanations(
            self.checklist.rule_ids(), policy, self._origin_of
        ).items():
            if rule_id in self.checklist.why_labels:
                self.checklist.why_labels[rule_id].setText(text)
        self._run_checks()

    # For tests and the screenshot script: what a person sees.
    def verdict_text(self) -> str:
        return self._verdict.text()

    @property
    def accepted(self) -> bool:
        return self._present.accepted

    @property
    def verdict(self) -> Verdict | None:
        """The core's verdict on what is on screen now."""
        return self._present.verdict

    @property
    def slow_result(self) -> CheckResult | None:
        """The reuse and breach findings on screen now, if they are in."""
        return self._present.slow

    @property
    def local_done(self) -> bool:
        """The local rules' results for what is typed now are on screen."""
        return self._present.local is not None or not self._password.text()

    @property
    def slow_done(self) -> bool:
        """No reuse or breach result is on its way: it is on screen, or it waits until
        both boxes match."""
        return self._present.slow is not None or not self._checker.settled
