"""The "Check this computer" window: one line per device check, each with its symbol and
word, what was read, and "Why?" and "How to fix" to open below it.

The window only displays: the checks run in the core, on a worker through the
``BackgroundRunner`` (reading the computer can take up to two seconds), and opening a
settings page is a callable passed in.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.device import DeviceReport, DeviceStatus, device_verdict
from desktop.core.device.cyber_essentials import StandardView, standard_view
from desktop.core.device.findings import DeviceFinding
from desktop.core.kit.i18n import _
from desktop.ui.device.standard_page import StandardPage
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.flow import FlowLayout
from desktop.ui.kit.plain import sentence_text
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import BusySpinner, LineState, WrapLabel, state_colour, window_header

GLYPHS = {
    DeviceStatus.PASS: "✓",
    DeviceStatus.FAIL: "✗",
    DeviceStatus.UNKNOWN: "?",
    DeviceStatus.NOT_APPLICABLE: "–",
}
COLOURS = {
    DeviceStatus.PASS: LineState.PASS,
    DeviceStatus.FAIL: LineState.FAIL,
    DeviceStatus.UNKNOWN: LineState.NOT_CHECKED,
    DeviceStatus.NOT_APPLICABLE: LineState.WAITING,
}

RunChecks = Callable[[], DeviceReport]
OpenPage = Callable[[str], None]


class CheckRow(QWidget):
    """One check: symbol, word, title and what was read, then Why? / How to fix."""

    def __init__(self, words: Mapping[DeviceStatus, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words = words
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(2, 1)
        self.glyph = QLabel()
        bold = self.glyph.font()
        bold.setBold(True)
        self.glyph.setFont(bold)
        self.glyph.setMinimumWidth(self.fontMetrics().horizontalAdvance("MM"))
        self.glyph.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.status = QLabel()
        self.status.setMinimumWidth(self.fontMetrics().horizontalAdvance(_("Not checked  ")))
        # A long title ("... (advice only)") wraps on a narrow or zoomed screen.
        self.title = WrapLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setFont(bold)
        self.summary = WrapLabel()
        self.why = WrapLabel()
        self.fix = WrapLabel()
        for extra in (self.why, self.fix):
            extra.setFrameShape(QFrame.Shape.StyledPanel)
            extra.setMargin(6)
            extra.hide()
        self.why_button = QPushButton(_("Why?"))
        self.fix_button = QPushButton(_("How to fix"))
        self.settings_button = QPushButton(_("Open settings"))
        buttons = FlowLayout(spacing=6)
        for button, label, box in (
            (self.why_button, _("Why?"), self.why),
            (self.fix_button, _("How to fix"), self.fix),
        ):
            button.setCheckable(True)
            button.setAccessibleName(label)
            button.setText(f"{label} ▸")
            button.toggled.connect(box.setVisible)
            # The arrow says whether the text below is open, not colour or a sunken look.
            button.toggled.connect(
                lambda on, b=button, t=label: b.setText(f"{t} ▾" if on else f"{t} ▸")
            )
        for button in (self.why_button, self.fix_button, self.settings_button):
            buttons.add(button)
        grid.addWidget(self.glyph, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.status, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.title, 0, 2)
        grid.addWidget(self.summary, 1, 2)
        grid.addLayout(buttons, 2, 2)
        grid.addWidget(self.why, 3, 2)
        grid.addWidget(self.fix, 4, 2)

    def show_finding(self, f: DeviceFinding, has_page: bool) -> None:
        self.glyph.setText(GLYPHS[f.status])
        colour = state_colour(COLOURS[f.status], self.palette())
        self.glyph.setStyleSheet(f"color: {colour.name()};")
        self.status.setText(self._words[f.status])
        self.title.setText(f.title + (_(" (advice only)") if f.advice_only else ""))
        # the sentences may carry product names and policy values from outside
        self.summary.setText(sentence_text(f.summary))
        self.why.setText(sentence_text(f.why))
        self.fix.setText(sentence_text(f.fix))
        show_fix = bool(f.fix) and f.status is not DeviceStatus.NOT_APPLICABLE
        self.fix_button.setVisible(show_fix)
        # A problem shows its fix straight away; everything else opens on request.
        self.fix_button.setChecked(show_fix and f.status is DeviceStatus.FAIL)
        self.settings_button.setVisible(has_page and f.status is DeviceStatus.FAIL)
        spoken = f"{f.title}: {self._words[f.status]}. {f.summary}"
        self.setAccessibleName(f.title)
        self.setAccessibleDescription(spoken)

    def text(self) -> str:
        """What a person reads on the line (for tests and screen readers)."""
        parts = [self.glyph.text(), self.status.text(), self.title.text(), self.summary.text()]
        if self.fix.isVisibleTo(self):
            parts.append(self.fix.text())
        return " ".join(p for p in parts if p)


class DeviceWindow(QWidget):
    """Shows every device check and runs them again on request, never on the GUI thread."""

    report_shown = Signal(object)
    open_reads_page = Signal()
    open_it_page = Signal()

    def __init__(
        self,
        run_checks: RunChecks,
        runner: BackgroundRunner,
        pages: Mapping[str, object] | None = None,
        open_page: OpenPage | None = None,
        parent: QWidget | None = None,
        mfa_guidance_url: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(parent)
        self._run_checks, self._runner = run_checks, runner
        self._mfa_guidance_url = mfa_guidance_url
        self.standard_page: StandardPage | None = None
        self._pages = dict(pages or {})
        self._open_page = open_page
        self.rows: dict[str, CheckRow] = {}
        self.report: DeviceReport | None = None
        self._words = {
            DeviceStatus.PASS: _("Passed"),
            DeviceStatus.FAIL: _("Problem"),
            DeviceStatus.UNKNOWN: _("Not checked"),
            DeviceStatus.NOT_APPLICABLE: _("Does not apply"),
        }
        self.setWindowTitle(_("Check this computer - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        self.setObjectName("DeviceWindow")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(14)
        self._init_header(outer)
        self._init_verdict(outer)
        self._init_list(outer)
        self._init_buttons(outer)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)  # as every other window
        em = self.fontMetrics().horizontalAdvance("m")
        line = self.fontMetrics().lineSpacing()
        width, height = em * 64, line * 50
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            width, height = (
                min(width, screen.width() - 2 * em),
                min(height, screen.height() - 4 * line),
            )
        self.resize(width, height)

    # ----- building the window -------------------------------------------------------

    def _init_header(self, outer: QVBoxLayout) -> None:
        row, _icon, _title = window_header(
            self,
            _("Check this computer"),
            _(
                "These checks see if this computer follows the rules IT has set for it. "
                "Nothing is changed and nothing is sent: the results stay here."
            ),
        )
        outer.addLayout(row)

    def _init_verdict(self, outer: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self._spinner = BusySpinner()
        self._spinner.hide()
        self.verdict = WrapLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setFrameShape(QFrame.Shape.StyledPanel)
        self.verdict.setMargin(10)
        self.verdict.setAccessibleDescription(_("Result"))
        font = self.verdict.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.verdict.setFont(font)
        row.addWidget(self._spinner, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.verdict, 1)
        outer.addLayout(row)

    def _init_list(self, outer: QVBoxLayout) -> None:
        body = QWidget()
        self._list = QVBoxLayout(body)
        self._list.setContentsMargins(0, 0, 8, 0)
        self._list.setSpacing(14)
        self._list.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

    def _init_buttons(self, outer: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.checked_at = WrapLabel()  # wraps rather than being cut when squeezed
        self.checked_at.setAccessibleDescription(_("When checked"))
        self.reads_button = QPushButton(_("What this app &reads..."))
        self.reads_button.clicked.connect(lambda _=False: self.open_reads_page.emit())
        self.it_button = QPushButton(_("What &IT can see..."))
        self.it_button.clicked.connect(lambda _=False: self.open_it_page.emit())
        self.standard_button = QPushButton(_("Cyber &Essentials..."))
        self.standard_button.clicked.connect(lambda _=False: self.open_standard_page())
        self.again_button = QPushButton(_("Check &again"))
        self.again_button.setDefault(True)
        self.again_button.clicked.connect(lambda _=False: self.check_again())
        close = QPushButton(_("&Close"))
        close.clicked.connect(lambda _=False: self.close())
        self._close_button = close
        # The buttons wrap onto a second line on a narrow (zoomed) screen.
        buttons = QWidget()
        flow = FlowLayout(buttons)
        for button in (
            self.reads_button,
            self.it_button,
            self.standard_button,
            self.again_button,
            close,
        ):
            flow.add(button)
        row.addWidget(self.checked_at)
        row.addWidget(buttons, 1)
        outer.addLayout(row)

    # ----- running and showing ---------------------------------------------------------

    def check_again(self) -> None:
        """Run every check on a worker; the result arrives on the GUI thread."""
        self.again_button.setEnabled(False)
        self._spinner.show()
        self.verdict.setText(_("Checking this computer..."))
        self._runner.run(self._run_checks, self.show_report, self._failed, key="device-window")

    def _failed(self, error: BaseException) -> None:
        self._spinner.hide()
        self.again_button.setEnabled(True)
        self.verdict.setText(
            _(
                "The checks could not be run ({error}). Choose 'Check again'; if it happens "
                "again, please tell IT."
            ).format(error=type(error).__name__)
        )

    def show_report(self, report: DeviceReport) -> None:
        self.report = report
        self._spinner.hide()
        self.again_button.setEnabled(True)
        for f in report.findings:
            row = self.rows.get(f.check_id)
            if row is None:
                row = CheckRow(self._words)
                row.setObjectName(f"check-{f.check_id}")
                row.settings_button.clicked.connect(
                    lambda _=False, c=f.check_id: self._open_settings(c)
                )
                self._list.insertWidget(self._list.count() - 1, row)
                self.rows[f.check_id] = row
            row.show_finding(f, f.check_id in self._pages and self._open_page is not None)
        self._order_tabs()
        self.verdict.setText(self._verdict_text(report))
        self.checked_at.setText(
            _("Checked at {time}").format(time=report.checked_at.strftime("%H:%M"))
        )
        if self.standard_page is not None:
            self.standard_page.show_view(self._standard_view())
        self.report_shown.emit(report)

    def _standard_view(self) -> StandardView | None:
        if self.report is None:
            return None
        return standard_view(self.report, self._mfa_guidance_url())

    def open_standard_page(self) -> StandardPage:
        """The page "Cyber Essentials", from the last run (kept up to date after each)."""
        if self.standard_page is None:
            self.standard_page = StandardPage(self)
            self.standard_page.setWindowFlag(Qt.WindowType.Window)
        self.standard_page.show_view(self._standard_view())
        self.standard_page.show()
        self.standard_page.raise_()
        self.standard_page.activateWindow()
        return self.standard_page

    def _order_tabs(self) -> None:
        """Tab in reading order: each check's buttons from the top, then the window's own
        buttons (rows made after the buttons would otherwise come last)."""
        chain: list[QWidget] = []
        for i in range(self._list.count()):
            item = self._list.itemAt(i)
            row = item.widget() if item is not None else None
            if isinstance(row, CheckRow):
                chain += [row.why_button, row.fix_button, row.settings_button]
        chain += [
            self.reads_button,
            self.it_button,
            self.standard_button,
            self.again_button,
            self._close_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _verdict_text(self, report: DeviceReport) -> str:
        verdict = device_verdict(report)
        return f"{GLYPHS[verdict.status]} {verdict.sentence}"

    def _open_settings(self, check_id: str) -> None:
        if self._open_page is not None:
            self._open_page(check_id)

    def text_of(self, check_id: str) -> str:
        return self.rows[check_id].text()
