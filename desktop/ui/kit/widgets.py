"""Small display widgets for the check window: checklist, strength meter, spinner.

Status is never shown by colour alone: every line has a symbol and a word
(✓ Passed, ✗ Problem, ? Not checked), and the colours are picked from the current
palette so they stay readable in dark and high-contrast themes.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.checks.findings import Finding, Status
from desktop.ui.kit.resources import app_icon


class LineState(str, Enum):
    """What a checklist line shows: a finding's status, or that it is on its way."""

    PASS = "pass"
    FAIL = "fail"
    NOT_CHECKED = "not_checked"
    WAITING = "waiting"  # runs when typing pauses
    CHECKING = "checking"  # running now


def state_of(item: Finding) -> LineState:
    return {
        Status.PASS: LineState.PASS,
        Status.FAIL: LineState.FAIL,
        Status.NOT_CHECKED: LineState.NOT_CHECKED,
    }[item.status]


GLYPHS = {
    LineState.PASS: "✓",
    LineState.FAIL: "✗",
    LineState.NOT_CHECKED: "?",
    LineState.WAITING: "…",
    LineState.CHECKING: "",
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def state_colour(state: LineState, palette: QPalette) -> QColor:
    """A colour for the symbol that keeps good contrast on the window background."""
    dark = is_dark(palette)
    table = {
        LineState.PASS: ("#116329", "#7ee2a0"),
        LineState.FAIL: ("#b3261e", "#ffb4ab"),
        LineState.NOT_CHECKED: ("#7a4d00", "#ffd58a"),
    }
    if state in table:
        return QColor(table[state][1 if dark else 0])
    return palette.color(QPalette.ColorRole.WindowText)


class WrapLabel(QLabel):
    """A word-wrapped label that asks its layout for the height its text needs.

    Plain wrapped QLabels in nested layouts are often given too little height and
    clip their last line; this one sets its minimum height from its actual width.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 1:
            wanted = self._height_for(self.width())
            if wanted > 0:
                return QSize(hint.width(), wanted)
        return hint

    def _fit(self) -> None:
        width = self.width() if self.width() > 1 else super().sizeHint().width()
        wanted = self._height_for(width)
        if wanted > 0 and wanted != self.minimumHeight():
            self.setMinimumHeight(wanted)

    def _height_for(self, width: int) -> int:
        # QLabel.heightForWidth never answers less than the minimum height, which
        # would make a label that once wrapped to three lines keep that height.
        current = self.minimumHeight()
        if current == 0:
            return self.heightForWidth(width)
        self.setMinimumHeight(0)
        wanted = self.heightForWidth(width)
        self.setMinimumHeight(current)
        return wanted


def window_header(
    owner: QWidget, title_text: str, intro_text: str
) -> tuple[QHBoxLayout, QLabel, QLabel]:
    """The top of a main window: the app icon, a large bold title and a wrapped intro.

    Returns the row to add to the window's layout, the icon and the title, for callers
    that name them for screen readers."""
    row = QHBoxLayout()
    icon = QLabel()
    side = owner.fontMetrics().height() * 3
    icon.setPixmap(app_icon().pixmap(side, side))
    title = WrapLabel(title_text)  # a longer language or a large zoom wraps it
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    title.setFont(font)
    text = QVBoxLayout()
    text.setSpacing(4)
    text.addWidget(title)
    text.addWidget(WrapLabel(intro_text))
    row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
    row.addSpacing(8)
    row.addLayout(text, 1)
    return row, icon, title


class BusySpinner(QWidget):
    """A small turning ring shown while a check runs; animates only while visible."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._angle = 0
        self._timer = QTimer(self)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self._step)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        side = self.fontMetrics().height()
        return QSize(side, side)

    def showEvent(self, event: object) -> None:
        self._timer.start()

    def hideEvent(self, event: object) -> None:
        self._timer.stop()

    def _step(self) -> None:
        self._angle = (self._angle + 30) % 360
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        pen_width = max(2.0, side / 7)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), pen_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        inset = pen_width
        rect = QRectF(inset, inset, side - 2 * inset, side - 2 * inset)
        painter.drawArc(rect, -self._angle * 16, 270 * 16)
        painter.end()


class ChecklistView(QWidget):
    """One line per rule: symbol, status word, the rule's title, message and hint."""

    def __init__(
        self,
        titles: list[tuple[str, str]],
        status_words: dict[LineState, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._words = status_words
        self._rows: dict[str, tuple[QLabel, BusySpinner, QLabel, QWidget, QLabel]] = {}
        self._states: dict[str, LineState] = {}
        self._headings: dict[str, QLabel] = {}
        self._titles = dict(titles)
        self._text_layouts: dict[str, QVBoxLayout] = {}
        self.why_buttons: dict[str, QPushButton] = {}
        self.why_labels: dict[str, WrapLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(2, 1)
        for row, (rule_id, title) in enumerate(titles):
            glyph = QLabel()
            glyph.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            glyph.setMinimumWidth(self.fontMetrics().horizontalAdvance("MM"))
            font = glyph.font()
            font.setBold(True)
            glyph.setFont(font)
            spinner = BusySpinner()
            spinner.hide()
            status = QLabel()
            status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            heading = WrapLabel(title)  # a longer language must not push the column wide
            heading.setFont(font)
            detail = WrapLabel()
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            cell = QWidget()
            cell_layout = QHBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.addWidget(glyph)
            cell_layout.addWidget(spinner, 0, Qt.AlignmentFlag.AlignTop)
            text = QWidget()
            text.setAccessibleName(title)
            text_layout = QVBoxLayout(text)
            text_layout.setContentsMargins(0, 0, 0, 0)
            text_layout.setSpacing(2)
            text_layout.addWidget(heading)
            text_layout.addWidget(detail)
            self._text_layouts[rule_id] = text_layout
            grid.addWidget(cell, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(status, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 2)
            self._rows[rule_id] = (glyph, spinner, status, text, detail)
            self._headings[rule_id] = heading
            self.set_line(rule_id, LineState.WAITING, "")

    def set_line(self, rule_id: str, state: LineState, message: str, hint: str = "") -> None:
        glyph, spinner, status, block, detail = self._rows[rule_id]
        self._states[rule_id] = state
        glyph.setText(GLYPHS[state])
        glyph.setVisible(state is not LineState.CHECKING)
        spinner.setVisible(state is LineState.CHECKING)
        colour = state_colour(state, self.palette())
        glyph.setStyleSheet(f"color: {colour.name()};")
        status.setText(self._words[state])
        shown_hint = hint if state is not LineState.PASS or hint else ""
        detail.setText(message + ("\n" + shown_hint if shown_hint else ""))
        detail.setVisible(bool(message or shown_hint))
        spoken = f"{self._titles[rule_id]}: {self._words[state]}. {message} {shown_hint}".strip()
        block.setAccessibleDescription(spoken)

    def set_why(
        self, texts: dict[str, str], button_text: str, name: str, description: str = ""
    ) -> None:
        """A "Why?" button under each rule's title that shows (and hides) ``texts[rule]``.

        ``name`` is the button's accessible name with ``{title}`` for the rule's title."""
        for rule_id, text in texts.items():
            layout = self._text_layouts.get(rule_id)
            if layout is None or not text or rule_id in self.why_buttons:
                continue
            button = QPushButton(button_text)
            button.setCheckable(True)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("color: palette(link); text-decoration: underline;")
            button.setAccessibleName(name.replace("{title}", self._titles[rule_id]))
            button.setAccessibleDescription(description)
            label = WrapLabel(text)
            label.setAccessibleName(name.replace("{title}", self._titles[rule_id]))
            label.hide()
            button.toggled.connect(label.setVisible)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addWidget(label)
            self.why_buttons[rule_id] = button
            self.why_labels[rule_id] = label

    def set_finding(self, item: Finding) -> None:
        self.set_line(item.rule_id, state_of(item), item.message, item.hint)

    def state(self, rule_id: str) -> LineState:
        return self._states[rule_id]

    def text_of(self, rule_id: str) -> str:
        """What a person reads on the line (used by tests and for screen readers)."""
        glyph, _spinner, status, _block, detail = self._rows[rule_id]
        return " ".join(
            t
            for t in (glyph.text(), status.text(), self._headings[rule_id].text(), detail.text())
            if t
        )

    def rule_ids(self) -> list[str]:
        return list(self._rows)


class StrengthMeter(QWidget):
    """Four segments filled by zxcvbn's score (0-4), always next to words saying it."""

    SEGMENTS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score = 0
        self._active = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(
            self.fontMetrics().horizontalAdvance("M") * 16, max(8, self.fontMetrics().height() // 2)
        )

    def set_score(self, score: int, active: bool) -> None:
        self._score, self._active = max(0, min(4, score)), active
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        filled = max(self._score, 1) if self._active else 0
        state = (
            LineState.PASS
            if self._score >= 3
            else (LineState.NOT_CHECKED if self._score == 2 else LineState.FAIL)
        )
        on = state_colour(state, palette)
        off = palette.color(QPalette.ColorRole.Mid)
        gap = 4.0
        width = (self.width() - gap * (self.SEGMENTS - 1)) / self.SEGMENTS
        for i in range(self.SEGMENTS):
            rect = QRectF(i * (width + gap), 0, width, self.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(on if i < filled else off)
            painter.drawRoundedRect(rect, 3, 3)
        painter.end()


def place_on_screen(window: QWidget, wanted: QSize) -> None:
    """Size ``window`` to ``wanted`` or as much of it as the screen allows, and keep the
    whole window on the screen (a zoomed small screen has little room to spare)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(wanted)
        return
    area = screen.availableGeometry()
    # Room for the title bar and frame the window manager adds around the window.
    frame_w, frame_h = 16, 48
    width = max(1, min(wanted.width(), area.width() - frame_w))
    height = max(1, min(wanted.height(), area.height() - frame_h))
    window.setMaximumSize(16_777_215, 16_777_215)
    if window.minimumWidth() > width or window.minimumHeight() > height:
        window.setMinimumSize(
            min(window.minimumWidth(), width), min(window.minimumHeight(), height)
        )
    window.resize(width, height)
    x = area.x() + max(0, (area.width() - width - frame_w) // 2)
    y = area.y() + max(0, (area.height() - height - frame_h) // 2)
    window.move(x, y)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` x ``height``, or less where the screen's free area
    (less room for the window manager's frame) is smaller, so it never opens larger than
    the screen with its buttons out of reach."""
    screen = window.screen().availableGeometry() if window.screen() else None
    if screen is not None:
        line = window.fontMetrics().lineSpacing()
        width = min(width, screen.width() - line)
        height = min(height, screen.height() - 3 * line)
    window.resize(max(width, 1), max(height, 1))


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area that scrolls up and down only (text wraps
    to the width instead), and brings a control that gets focus into view."""
    from desktop.ui.kit.focus import keep_focus_visible

    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    keep_focus_visible(area)
    return area
