""" "Report a problem": the first question, "What happened?", then the kind's own report.

One radio button per kind the policy offers (``core.report.kinds``), each with a line
saying when to choose it; "Continue" opens that kind's report. The window holds no
kind: the list, the words and the order come from the registry.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.kit.i18n import N_, _
from desktop.core.report.steps import ReportKind
from desktop.core.report.unfinished import chooser_line
from desktop.ui.kit.a11y import announce, set_hint
from desktop.ui.kit.focus import keep_focus_visible
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import place_on_screen
from desktop.ui.report.kind_pages import WrappedChoice
from desktop.ui.report.pages import ERROR_STYLE, hint_label, wrap_label

WINDOW_TITLE = N_("Report a problem - Hygiene Helper")


class ReportChooser(QDialog):
    """Asks "What happened?" and opens the chosen kind's report with ``open_kind``."""

    def __init__(
        self,
        kinds: tuple[ReportKind, ...],
        open_kind: Callable[[str], object],
        unfinished: Callable[[str], bool] = lambda _k: False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._open_kind = open_kind
        self.setWindowTitle(_(WINDOW_TITLE))
        self.setWindowIcon(app_icon())
        self.setObjectName("ReportChooser")
        outer = QVBoxLayout(self)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.setSpacing(6)
        scroller.setWidget(inner)
        keep_focus_visible(scroller)
        outer.addWidget(scroller, 1)
        heading = wrap_label(_("What happened?"), bold=True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        heading.setFont(font)
        body.addWidget(heading)
        waiting = tuple(k for k in kinds if unfinished(k.kind_id))
        self.unfinished_line = wrap_label(chooser_line(waiting), bold=True)
        self.unfinished_line.setVisible(bool(waiting))
        body.addWidget(self.unfinished_line)
        body.addWidget(
            wrap_label(
                _(
                    "Choose the one that fits best. You will see what to do straight away, "
                    "then who will be told. Acting fast matters more than getting every "
                    "detail right."
                )
            )
        )
        box = QGroupBox()
        box.setFlat(True)
        box.setAccessibleName(_("What happened?"))
        box.setStyleSheet("QGroupBox { border: 0; margin: 0; padding: 0; }")
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for kind in kinds:
            text = _(kind.label)
            hint = _(kind.hint)
            if unfinished(kind.kind_id):
                hint += " " + _("You have an unfinished report of this kind: it carries on.")
            button = QRadioButton()
            set_hint(button, hint)
            self.group.addButton(button)
            self.choices[kind.kind_id] = button
            choice = WrappedChoice(button, text)
            font = choice.words.font()
            font.setBold(True)
            choice.words.setFont(font)
            lay.addWidget(choice)
            words = hint_label(hint)
            indent = button.sizeHint().width() + 6
            words.setContentsMargins(indent, 0, 0, 8)
            lay.addWidget(words)
        body.addWidget(box)
        self.error = wrap_label(bold=True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        body.addWidget(self.error)
        body.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            _("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.continue_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.chosen = ""
        # A report left half done is offered first: chosen when it is the only one.
        if len(waiting) == 1:
            self.choose(waiting[0].kind_id)
        first = (
            self.choices[waiting[0].kind_id] if waiting else next(iter(self.choices.values()), None)
        )
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._placed = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._placed:  # as much as fits: a zoomed small screen has little room
            self._placed = True
            em = self.fontMetrics().horizontalAdvance("m")
            place_on_screen(self, QSize(em * 50, self.fontMetrics().lineSpacing() * 34))
        super().showEvent(event)

    def choose(self, kind_id: str) -> None:
        """Pick a kind as a person would (tests and ``--kind`` use it)."""
        self.choices[kind_id].setChecked(True)

    def accept(self) -> None:
        # The answer ticked, or else the one the arrow keys are on (they move focus
        # without ticking until one is ticked), so Enter there means "this one".
        chosen = next((k for k, b in self.choices.items() if b.isChecked()), "") or next(
            (k for k, b in self.choices.items() if b.hasFocus()), ""
        )
        if not chosen:
            self.error.setText(_("Choose what happened, then press Continue."))
            self.error.show()
            announce(self.error, self.error.text(), assertive=True)
            next(iter(self.choices.values())).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.chosen = chosen
        super().accept()
        self._open_kind(chosen)
