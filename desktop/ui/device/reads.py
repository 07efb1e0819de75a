"""The page "What this app reads, and what it never reads", opened from the device window.

The words come from ``desktop.core.device.honesty``, next to the checks they describe.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.core.device import honesty
from desktop.core.device.checks import standard_checks
from desktop.core.kit.i18n import _
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel


class ReadsPage(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("What this app reads - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("m")
        self.resize(em * 56, self.sizeHint().height())

    def _heading(self, layout: QVBoxLayout, text: str, scale: float) -> None:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
        layout.addSpacing(4)
        layout.addWidget(label)

    def text(self) -> str:
        return "\n".join(label.text() for label in self.findChildren(QLabel))
