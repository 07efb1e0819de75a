"""Tick boxes and radio buttons whose words wrap onto more lines when room is short.

Qt never wraps a check box's or radio button's text: one long sentence (a longer
language, a large zoom) makes the control, and so the page, wider than a small screen.
``WrapCheckBox`` and ``WrapRadioButton`` are the ordinary Qt buttons, text and all, that
only lay out and paint their words differently: the words wrap at the width the layout
gives, the box sits beside the first line, and the button asks for the height the
wrapped words need. Everything else stays Qt's own: the text (so its ``&`` access key,
the accessible name a screen reader reads and the role), keyboard focus, toggling,
groups and right-to-left mirroring. A click on the words works as on Qt's own button.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QWidget,
)

MARGIN = 4  # Qt's styles add 4 pixels round a check box's words (2 above, 2 below)

_Button = QCheckBox | QRadioButton


def _option(button: _Button) -> QStyleOptionButton:
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return option


def _metrics(button: _Button) -> tuple[int, int, int]:
    """The indicator's width and height and the gap before the words, from the style."""
    style, option = button.style(), _option(button)
    if isinstance(button, QRadioButton):
        names = (
            QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
            QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
            QStyle.PixelMetric.PM_RadioButtonLabelSpacing,
        )
    else:
        names = (
            QStyle.PixelMetric.PM_IndicatorWidth,
            QStyle.PixelMetric.PM_IndicatorHeight,
            QStyle.PixelMetric.PM_CheckBoxLabelSpacing,
        )
    width, height, gap = (style.pixelMetric(name, option, button) for name in names)
    return width, height, gap


def _flags(button: _Button) -> int:
    align = QStyle.visualAlignment(
        button.layoutDirection(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    )
    flags = int(align.value) | int(Qt.TextFlag.TextWordWrap.value)
    hint = QStyle.StyleHint.SH_UnderlineShortcut
    if button.style().styleHint(hint, _option(button), button):
        flags |= int(Qt.TextFlag.TextShowMnemonic.value)
    else:
        flags |= int(Qt.TextFlag.TextHideMnemonic.value)
    return flags


def _words_width(button: _Button, width: int) -> int:
    """Room for the words in a button ``width`` pixels wide."""
    indicator, _height, gap = _metrics(button)
    return max(1, width - indicator - gap - MARGIN)


def _words_size(button: _Button, room: int) -> QSize:
    """The size of the button's words wrapped at ``room`` pixels."""
    if not button.text():
        return QSize(0, 0)
    box = QRect(0, 0, room, 1_000_000)
    return button.fontMetrics().boundingRect(box, _flags(button), button.text()).size()


def _natural_width(button: _Button) -> int:
    """The words on one line (what Qt's own button would ask for)."""
    flags = _flags(button) & ~int(Qt.TextFlag.TextWordWrap.value)
    return button.fontMetrics().boundingRect(QRect(), flags, button.text()).width()


def _longest_word(button: _Button) -> int:
    metrics = button.fontMetrics()
    words = button.text().replace("&&", "&").replace("&", "").split()
    return max((metrics.horizontalAdvance(word) for word in words), default=0)


def _outer(button: _Button, words: QSize) -> QSize:
    """The whole button around words of size ``words`` (the style's own sums)."""
    indicator, indicator_height, gap = _metrics(button)
    if not button.text():
        return QSize(indicator, indicator_height)
    return QSize(
        words.width() + indicator + gap + MARGIN,
        max(indicator_height, words.height() + MARGIN),
    )


def _height_for(button: _Button, width: int) -> int:
    return _outer(button, _words_size(button, _words_width(button, width))).height()


def _parts(button: _Button) -> tuple[QRect, QRect, QRect]:
    """Where the indicator goes, the room the words wrap in (the very width they were
    measured at, so they break at the same places) and the part of it they fill; laid
    out for the button's direction."""
    option = _option(button)
    style = button.style()
    first_line = QRect(option.rect)
    _w, indicator_height, _gap = _metrics(button)
    first_line.setHeight(max(indicator_height, button.fontMetrics().height() + MARGIN))
    option.rect = first_line  # the indicator sits beside the first line, not the middle
    radio = isinstance(button, QRadioButton)
    indicator = style.subElementRect(
        QStyle.SubElement.SE_RadioButtonIndicator
        if radio
        else QStyle.SubElement.SE_CheckBoxIndicator,
        option,
        button,
    )
    option.rect = button.rect()
    contents = style.subElementRect(
        QStyle.SubElement.SE_RadioButtonContents
        if radio
        else QStyle.SubElement.SE_CheckBoxContents,
        option,
        button,
    )
    width = _words_width(button, button.width())
    words = _words_size(button, width)
    room = QStyle.alignedRect(
        button.layoutDirection(),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        QSize(width, words.height()),
        contents.adjusted(0, MARGIN // 2, 0, 0),
    )
    shown = QStyle.alignedRect(
        button.layoutDirection(),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        QSize(min(words.width(), width), words.height()),
        room,
    )
    return indicator, room, shown


def _paint(button: _Button) -> None:
    option = _option(button)
    style = button.style()
    indicator, room, words = _parts(button)
    painter = QPainter(button)
    try:
        part = QStyleOptionButton(option)
        part.rect = indicator
        primitive = (
            QStyle.PrimitiveElement.PE_IndicatorRadioButton
            if isinstance(button, QRadioButton)
            else QStyle.PrimitiveElement.PE_IndicatorCheckBox
        )
        style.drawPrimitive(primitive, part, painter, button)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        style.drawItemText(
            painter,
            room,
            _flags(button),
            option.palette,
            enabled,
            button.text(),
            button.foregroundRole(),
        )
        if option.state & QStyle.StateFlag.State_HasFocus and button.text():
            ring = QStyleOptionFocusRect()
            ring.initFrom(button)
            ring.rect = words.adjusted(-1, -1, 1, 1).intersected(button.rect())
            style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, ring, painter, button)
    finally:
        painter.end()


def _prepare(button: _Button) -> None:
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    button.setSizePolicy(policy)


def _fit(button: _Button) -> None:
    """Keeps the minimum height at what the words need at the current width: some nested
    layouts ask a child's height before its width is known and would cut a line off."""
    wanted = _height_for(button, button.width())
    if wanted != button.minimumHeight():
        button.setMinimumHeight(wanted)


def _size_hint(button: _Button) -> QSize:
    return _outer(button, QSize(_natural_width(button), button.fontMetrics().height()))


def _minimum_size_hint(button: _Button) -> QSize:
    """As narrow as the longest word, one line high."""
    return QSize(
        min(_size_hint(button).width(), _outer(button, QSize(_longest_word(button), 0)).width()),
        _outer(button, QSize(0, button.fontMetrics().height())).height(),
    )


def _hit(button: _Button, pos: QPoint) -> bool:
    """A click counts on the indicator or on the words, not on the empty room beside."""
    indicator, _room, words = _parts(button)
    return indicator.united(words).contains(pos)


# The two classes below differ only in their Qt base: each override is one call to the
# functions above (a shared mixin needs casts throughout under strict mypy).
class WrapCheckBox(QCheckBox):
    """A ``QCheckBox`` whose words wrap (see the module's note)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        _prepare(self)

    def sizeHint(self) -> QSize:
        return _size_hint(self)

    def minimumSizeHint(self) -> QSize:
        return _minimum_size_hint(self)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return _height_for(self, width)

    def hitButton(self, pos: QPoint) -> bool:
        return _hit(self, pos)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _fit(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        _paint(self)


class WrapRadioButton(QRadioButton):
    """A ``QRadioButton`` whose words wrap (see the module's note)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        _prepare(self)

    def sizeHint(self) -> QSize:
        return _size_hint(self)

    def minimumSizeHint(self) -> QSize:
        return _minimum_size_hint(self)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return _height_for(self, width)

    def hitButton(self, pos: QPoint) -> bool:
        return _hit(self, pos)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _fit(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        _paint(self)
