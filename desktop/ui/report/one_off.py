"""The one-off password box of a report: typed once, used at once, then forgotten.

The leak report ("Do these now") and every kind whose do-this-now step has a ``secret``
field (someone typed a password where they should not have) offer the same box: a
password field, "Use it, then forget it", and a line saying what came of it. The box
hands the text to ``use`` and empties itself at once; it never keeps it, and it is not
part of the answers, the draft or the report. The pages only choose its words.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.core.kit.i18n import _
from desktop.ui.kit.a11y import announce, set_hint
from desktop.ui.kit.secret import SecretLineEdit
from desktop.ui.report.pages import hint_label, wrap_label


class SecretBox(SecretLineEdit):
    """A password box where Enter means "use it now". A plain QLineEdit passes Enter on
    to the wizard, which would go to the next page with the password still in the box."""

    def __init__(self, on_enter: Callable[[], None]) -> None:
        super().__init__()
        self._on_enter = on_enter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self._on_enter()
            return
        super().keyPressEvent(event)


class OneOffPasswordBox(QGroupBox):
    """A framed box: its title, what the password is used for, the password field with
    its use button, and the result, which is spoken when it changes.

    ``title`` and ``name`` are the box's heading and accessible name, ``uses`` the text
    under the title, ``field_name`` the password field's accessible name and
    ``field_hint`` its accessible description (``uses`` when not given)."""

    def __init__(
        self,
        title: str,
        name: str,
        uses: str,
        field_name: str,
        use: Callable[[str], None] | None,
        field_hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._use = use
        self.setAccessibleName(name)
        lay = QVBoxLayout(self)
        # The title is a wrapped line inside the box: a group box's own title never wraps
        # and would make the page wider than a zoomed small screen in a longer language.
        lay.addWidget(wrap_label(title, bold=True))
        lay.addWidget(hint_label(uses))
        row = QHBoxLayout()
        self.password = SecretBox(self.use_now)
        self.password.setAccessibleName(field_name)
        set_hint(self.password, field_hint or uses)
        self.use_button = QPushButton(_("&Use it, then forget it"))
        self.use_button.setAccessibleName(_("Use the password, then forget it"))
        self.use_button.clicked.connect(self.use_now)
        row.addWidget(self.password, 1)
        row.addWidget(self.use_button)
        lay.addLayout(row)
        # Named by its words (a caption as its name would hide them from a screen reader).
        self.result = wrap_label()
        self.result.setAccessibleDescription(_("Result"))
        self.result.hide()
        lay.addWidget(self.result)

    def use_now(self) -> None:
        """Take the password out of the field (it is emptied first, whatever happens
        next) and hand it on; the button waits until ``show_result(..., done=True)``."""
        text = self.password.text()
        self.password.clear()
        if not text or self._use is None:
            return
        self.use_button.setEnabled(False)
        self.show_result(_("Working..."))
        self._use(text)

    def show_result(self, text: str, done: bool = False) -> None:
        """Show and speak what came of it; ``done`` gives the button back."""
        self.result.setText(text)
        self.result.setVisible(bool(text))
        announce(self.result, text)
        if done:
            self.use_button.setEnabled(True)
