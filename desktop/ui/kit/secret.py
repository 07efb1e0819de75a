"""The one password box every window uses: it shows, speaks and copies nothing it holds.

Qt's own line edit in password mode still hands the typed characters to screen readers:
every insert, delete and reset sends an accessibility text event carrying the real text
(Orca then speaks each letter, and the whole password when the box is emptied). On
X11 it also puts selected text on the PRIMARY selection once the password is shown, and
Ctrl+C copies it. ``SecretLineEdit`` closes all three doors:

- **Accessibility.** A factory gives it an accessible interface of its own: the role of a
  password field (AT-SPI "password text"), its name and description, and no text
  interface at all. Without a text interface Qt's AT-SPI bridge drops the box's text
  events, so nothing typed reaches the bus; the value reads as empty. A screen reader
  says the field's name and "password text" on focus and nothing while typing.
- **Selections.** Copy and cut do nothing, the context menu has neither, dragging text out
  is off, and a selection is never copied to the PRIMARY selection. Qt copies a shown
  box's selection there at the end of every key press and mouse release, but only in
  normal echo mode, so the box handles those events in password mode for that moment
  (nothing is drawn in between). Pasting in still works.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QContextMenuEvent,
    QFocusEvent,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import QAccessibleWidget, QLineEdit, QWidget

_BLOCKED_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut)
_BLOCKED_ACTIONS = {"edit-copy", "edit-cut"}


class _SecretAccessible(QAccessibleWidget):
    """What assistive technology sees of a ``SecretLineEdit``: a password field with a
    name, a description and an empty value, and no text interface to read or listen to."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.EditableText)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.passwordEdit = True
        state.editable = True
        state.selectableText = False
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Value:
            return ""
        return str(super().text(kind))


# Every interface made here stays referenced for the life of the process: Qt keeps only
# the C++ pointer (and deletes the object with its widget).
_MADE: list[QAccessibleInterface] = []


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    # The class name first: Qt asks about every object, some still being built.
    if key == "SecretLineEdit" and isinstance(obj, SecretLineEdit):
        interface = _SecretAccessible(obj)
        _MADE.append(interface)
        return interface
    return None


_installed = False


def install_secret_accessibility() -> bool:
    """Register the factory once accessibility is in use (a screen reader or other
    assistive technology is listening); True once registered. Not before: with no one
    listening nothing is sent, and Python-made interfaces are then not worth their cost
    (in long test runs that build hundreds of windows they have crashed PySide 6.11)."""
    global _installed
    if not _installed and QAccessible.isActive():
        QAccessible.installFactory(_factory)
        _installed = True
    return _installed


class SecretLineEdit(QLineEdit):
    """A password box: hidden by default, never read out, copied or dragged out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        install_secret_accessibility()
        super().__init__(parent)
        self._own = False
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setDragEnabled(False)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)

    @property
    def shown(self) -> bool:
        return self.echoMode() is QLineEdit.EchoMode.Normal

    def set_shown(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    # ----- nothing leaves the box -----------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Claim copy and cut before any window or application shortcut sees them.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _BLOCKED_KEYS)
        ):
            event.accept()
            return True
        return super().event(event)

    def own_interface(self) -> None:
        """Before anything is typed: if assistive technology came along after this box was
        made, use the app's own interface from now on (dropping Qt's, if it made one)."""
        if self._own or not install_secret_accessibility():
            return
        current = QAccessible.queryAccessibleInterface(self)
        if current is not None and not isinstance(current, _SecretAccessible):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(current))
        self._own = True

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.own_interface()
        super().focusInEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self.own_interface()
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.own_interface()
        if any(event.matches(key) for key in _BLOCKED_KEYS):
            event.accept()
            return
        with self._masked():
            super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.own_interface()  # a middle-click pastes
        with self._masked():
            super().mouseReleaseEvent(event)

    @contextmanager
    def _masked(self) -> Iterator[None]:
        """Password echo mode for the length of one event, when the box is shown."""
        shown = self.shown
        if shown:
            self.setEchoMode(QLineEdit.EchoMode.Password)
        try:
            yield
        finally:
            if shown:
                self.setEchoMode(QLineEdit.EchoMode.Normal)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() in _BLOCKED_ACTIONS:
                menu.removeAction(action)
        menu.exec(event.globalPos())
        menu.deleteLater()
