"""Messages from the app to the person: tray balloons, or a small window without a tray.

Reminders and the leak report's one-hour follow-up speak through a ``Notifier``:
``(title, text, actions)``, where ``actions`` are ``(button label, what it does)``.
A tray balloon has no buttons of its own, so clicking it runs the first action
(for a lock nudge, "Lock now"); without a mouse, the same action is in the tray menu,
which ``hygiene-helper --menu`` opens for the keyboard. Without a tray, a small
non-modal box shows the message with a button for each action, each with its own
access key; it never steals the keyboard from what the person is typing elsewhere
(Alt+Tab reaches it), and its text is announced to screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QSystemTrayIcon

from desktop.core.kit.i18n import _
from desktop.ui.kit.a11y import announce, mark_notification, mnemonic_of
from desktop.ui.kit.plain import notice_text

NotifyAction = tuple[str, Callable[[], None]]
BALLOON_MS = 15_000


def with_access_keys(labels: Sequence[str]) -> list[str]:
    """Give each label an access key (the first letter of a word not taken yet)."""
    taken = {mnemonic_of(t) for t in labels if mnemonic_of(t)}
    out: list[str] = []
    for text in labels:
        if mnemonic_of(text):
            out.append(text)
            continue
        marked = text.replace("&", "&&")
        starts = [i for i, ch in enumerate(marked) if i == 0 or marked[i - 1] == " "]
        others = [i for i in range(len(marked)) if i not in starts]
        for i in starts + others:  # a word's first letter if free, else any free letter
            ch = marked[i]
            if ch.isalnum() and ch.lower() not in taken and (i == 0 or marked[i - 1] != "&"):
                taken.add(ch.lower())
                marked = marked[:i] + "&" + marked[i:]
                break
        out.append(marked)
    return out


class Notifier(QObject):
    """Shows messages through the tray when there is one, otherwise in a small box."""

    def __init__(self, tray: QSystemTrayIcon | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._on_click: Callable[[], None] | None = None
        self._box: QMessageBox | None = None
        self._timers: list[QTimer] = []
        self._closed = False
        if tray is not None:
            tray.messageClicked.connect(self._clicked)

    def close(self) -> None:
        """The app is stopping: close the open notice, drop the ones waiting, and show
        nothing that arrives later (a worker's answer delivered after the stop)."""
        self._closed = True
        for timer in self._timers:
            timer.stop()
        self._timers.clear()
        if self._box is not None:
            self._box.close()
            self._box = None

    def __call__(self, title: str, text: str, actions: Sequence[NotifyAction] = ()) -> None:
        self.show(title, text, actions)

    def show(self, title: str, text: str, actions: Sequence[NotifyAction] = ()) -> None:
        if self._closed:
            return
        if self._tray is not None and self._tray.supportsMessages():
            self._on_click = actions[0][1] if actions else None
            hint = (
                f"\n{_('Click here to: {action}').format(action=actions[0][0])}" if actions else ""
            )
            self._tray.showMessage(
                notice_text(title),
                notice_text(text + hint),
                QSystemTrayIcon.MessageIcon.Information,
                BALLOON_MS,
            )
            return
        self._show_box(title, text, actions)

    def later(self, seconds: int, title: str, text: str) -> None:
        """Show a message after ``seconds`` (the report's one-hour follow-up)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # to the second is plenty
        timer.timeout.connect(lambda: self.show(title, text))
        timer.timeout.connect(lambda: self._timers.remove(timer))
        self._timers.append(timer)
        timer.start(max(0, seconds) * 1000)

    def _clicked(self) -> None:
        action, self._on_click = self._on_click, None
        if action is not None:
            action()

    def _show_box(self, title: str, text: str, actions: Sequence[NotifyAction]) -> None:
        if self._box is not None:
            self._box.close()
        box = QMessageBox()
        # Before the title and text: setting them makes Qt build the box's accessible
        # object, and the one built first is kept.
        mark_notification(box, f"{title}. {text}")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a drive's label is never markup
        box.setText(text)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        labels = with_access_keys([label for label, _unused in actions] + [_("Close")])
        for label, (_plain, action) in zip(labels, actions, strict=False):
            button = box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
            button.setAccessibleName(_plain)
            button.clicked.connect(lambda _=False, a=action: a())
        close = box.addButton(labels[-1], QMessageBox.ButtonRole.RejectRole)
        close.setAccessibleName(_("Close"))
        box.setEscapeButton(close)
        box.show()
        announce(box, f"{title}. {text}")
        self._box = box
