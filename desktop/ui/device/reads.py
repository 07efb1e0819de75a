"""The page "What this app reads, and what it never reads", opened from the device window.

The words come from ``desktop.core.device.honesty``, next to the checks they describe.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.core.device import honesty
from desktop.core.device.checks import standard_checks
from desktop.core.kit.i18n import _
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel, fit_to_screen, scrolling


class ReadsPage(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("What this app reads - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(22, 18, 22, 18)
        # The words scroll (with the keyboard too) when the screen is short or zoomed.
        body = QWidget()
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        body.setAccessibleName(_("What this app reads, and what it never reads"))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(8)
        titles = {c.check_id: _(c.title) for c in standard_checks()}
        self._heading(layout, _("What this app reads, and what it never reads"), 1.4)
        self._heading(layout, _("It reads"), 1.1)
        for check_id, read in honesty.READS:
            text = _(read)
            layout.addWidget(WrapLabel(f"• {titles[check_id]}: {text[:1].lower()}{text[1:]}"))
        self._heading(layout, _("It never reads"), 1.1)
        for text in honesty.NEVER_READS:
            layout.addWidget(WrapLabel(f"• {_(text)}"))
        self._heading(layout, _("Where the results go"), 1.1)
        layout.addWidget(WrapLabel(_(honesty.WHERE_IT_GOES)))
        layout.addWidget(WrapLabel(_(honesty.CANNOT_CHANGE)))
        layout.addStretch(1)
        self._words_area = scrolling(body)
        outer.addWidget(self._words_area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("m")
        body.setMinimumWidth(em * 12)
        fit_to_screen(self, em * 56, body.sizeHint().height() + buttons.sizeHint().height() + 60)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys and Page Up/Down scroll the words (Esc still closes)."""
        bar = self._words_area.verticalScrollBar()
        steps = {
            Qt.Key.Key_Down: bar.singleStep(),
            Qt.Key.Key_Up: -bar.singleStep(),
            Qt.Key.Key_PageDown: bar.pageStep(),
            Qt.Key.Key_PageUp: -bar.pageStep(),
        }
        if event.key() in steps:
            bar.setValue(bar.value() + steps[Qt.Key(event.key())])
            return
        super().keyPressEvent(event)

    def _heading(self, layout: QVBoxLayout, text: str, scale: float) -> None:
        label = WrapLabel(text)  # a long heading wraps on a narrow screen
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
        layout.addSpacing(4)
        layout.addWidget(label)

    def text(self) -> str:
        return "\n".join(label.text() for label in self.findChildren(QLabel))
