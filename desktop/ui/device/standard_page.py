"""The page "Cyber Essentials": the last run of the device checks arranged by the Cyber
Essentials user-device requirements, each with its status, the checks behind it and
what the app cannot see.

Opened from "Check this computer". Everything it says comes from
``desktop.core.device.cyber_essentials``; the page only lays it out. A link to the
organisation's guidance on multi-factor sign-in is shown as a plain address the person
can open (plain text: it comes from the policy, not from the app).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.core.device.cyber_essentials import (
    CHECK_MARKS,
    MFA_UNSEEN,
    NO_GUIDANCE,
    NOT_A_CERTIFICATE,
    STANDARD_NAME,
    STANDARD_VERSION,
    StandardView,
)
from desktop.core.device.findings import DeviceStatus
from desktop.core.kit.i18n import N_, _
from desktop.ui.kit.plain import sentence_text
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel, fit_to_screen, scrolling

GLYPHS = {
    DeviceStatus.PASS: "✓",
    DeviceStatus.FAIL: "✗",
    DeviceStatus.UNKNOWN: "?",
    DeviceStatus.NOT_APPLICABLE: "–",
}
NO_RUN = N_("Nothing yet: choose Check again in Check this computer first.")


def plain(text: str) -> WrapLabel:
    """A label that never reads its text as markup: summaries carry names read from the
    computer (an operating system's own name, a product's), which must show as typed."""
    label = WrapLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class StandardPage(QDialog):
    """Shows one ``StandardView``; ``show_view`` replaces it after each run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Cyber Essentials - Hygiene Helper"))
        self.setWindowIcon(app_icon())
        self.setObjectName("StandardPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        heading = WrapLabel(_(STANDARD_NAME))  # wraps on a narrow or zoomed screen
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(
            WrapLabel(_("The user-device requirements, {version}", version=_(STANDARD_VERSION)))
        )
        layout.addWidget(WrapLabel(_(NOT_A_CERTIFICATE)))
        # The requirements scroll, with the keyboard too (Tab reaches them, the arrow and
        # page keys move them), when the screen is short or zoomed.
        self._body = QWidget()
        self._body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._body.setAccessibleName(_("The requirements"))
        self._list = QVBoxLayout(self._body)
        self._list.setContentsMargins(0, 0, 8, 0)
        self._list.setSpacing(12)
        self._area = scrolling(self._body)
        layout.addWidget(self._area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("m")
        self._body.setMinimumWidth(em * 12)
        fit_to_screen(self, em * 64, em * 48)
        self.show_view(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys and Page Up/Down scroll the requirements (Esc still closes)."""
        bar = self._area.verticalScrollBar()
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

    def show_view(self, view: StandardView | None) -> None:
        """Lay out ``view`` (None: no run yet). Called on the GUI thread."""
        while self._list.count():
            item = self._list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)  # gone from the page now, deleted later
                widget.deleteLater()
        if view is None:
            self._list.addWidget(WrapLabel(_(NO_RUN)))
            self._list.addStretch(1)
            return
        for req in view.requirements:
            box = QFrame()
            box.setObjectName(f"requirement-{req.requirement.key}")
            box.setFrameShape(QFrame.Shape.StyledPanel)
            rows = QVBoxLayout(box)
            status = _(req.status_words)
            title = plain(f"{GLYPHS[req.status]} {_(req.requirement.title)}: {status}")
            bold = title.font()
            bold.setBold(True)
            title.setFont(bold)
            # Heard without the symbol, with the status (a name without it hides it).
            title.setAccessibleName(f"{_(req.requirement.title)}: {status}")
            rows.addWidget(title)
            rows.addWidget(plain(_("Asks: {asks}", asks=_(req.requirement.asks))))
            for f in req.findings:
                mark = _(CHECK_MARKS[f.status]).capitalize()
                # The check's name on one line and what was found below it, as in the
                # device window; the sentence may carry names read from the computer.
                found = f"{GLYPHS[f.status]} {mark} - {f.title}\n{sentence_text(f.summary)}"
                rows.addWidget(plain(found))
            if req.unseen:
                rows.addWidget(plain(_("The app cannot see:")))
            for unseen in req.unseen:
                rows.addWidget(plain(f"• {_(unseen.text)}"))
                if unseen.text == MFA_UNSEEN:
                    more = (
                        _("Your organisation's guidance: {url}", url=unseen.guidance_url)
                        if unseen.guidance_url
                        else _(NO_GUIDANCE)
                    )
                    line = plain(more)
                    line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                    rows.addWidget(line)
            self._list.addWidget(box)
        self._list.addStretch(1)

    def text(self) -> str:
        """What a person reads on the page (for tests and screen readers)."""
        return "\n".join(label.text() for label in self.findChildren(QLabel))
