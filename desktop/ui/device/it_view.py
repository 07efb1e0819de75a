"""The page "What IT can see": the posture document as it is for this person right now.

Opened from "Check this computer". The words come from ``desktop.core.posture.explain``;
the document itself is the one on disk (the file IT's tools collect), read on a worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.core.kit.i18n import N_, _
from desktop.core.posture.explain import NEVER, sharing_note, shown_fields
from desktop.ui.kit.plain import plain_value
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel, fit_to_screen

NO_DOCUMENT = N_(
    "Nothing yet: the file is written after this computer is first checked. Choose "
    "Check again in Check this computer."
)


class ItViewPage(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(_("What IT can see - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        heading = QLabel(_("What IT can see"))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(
            WrapLabel(
                _(
                    "After each check, the app writes the results to a small file on this "
                    "computer. IT's own tools may collect it. This is "
                    "everything in it, as it is now. The app itself sends nothing."
                )
            )
        )
        self.where = WrapLabel(_("The file: {path}").format(path=path))
        layout.addWidget(self.where)
        self.sharing = WrapLabel("")
        layout.addWidget(self.sharing)
        layout.addWidget(WrapLabel(_(NEVER)))
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_host)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("m")
        fit_to_screen(self, em * 64, em * 48)
        self.show_document({})

    def show_document(self, doc: Mapping[str, object]) -> None:
        """Show ``doc`` (empty: no file yet). Called on the GUI thread."""
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not doc:
            self.sharing.setText(_(NO_DOCUMENT))
            return
        self.sharing.setText(_(sharing_note(doc)))
        for row, field in enumerate(shown_fields(doc)):
            label = QLabel(field.label)
            note = _(" (shared because your policy says so)") if field.shared_by_policy else ""
            value = WrapLabel(plain_value(field.value) + note)  # from the document: a value
            label.setToolTip(field.name)
            self._grid.addWidget(label, row, 0)
            self._grid.addWidget(value, row, 1)

    def text(self) -> str:
        """What a person reads on the page (for tests and screen readers)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))
