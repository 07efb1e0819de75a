"""Words the app shows that should not linger on the clipboard or the PRIMARY selection.

The suggested passphrase can be selected with the mouse, and on X11 a selection goes to
the PRIMARY selection at once (a middle-click pastes it anywhere, after the window is
closed too); a person may also copy it. ``ClipboardGuard`` watches both: when the app
clipboard or the selection holds one of the watched texts (or part of one), it clears it
after ``CLEAR_AFTER_MS``, when the window that showed it closes, and when the app quits.
Anything else there (the person copied something else since) is never touched. The
password boxes put nothing on either in the first place (see ``secret.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QClipboard, QGuiApplication

from desktop.ui.kit.timers import Timer, TimerFactory, qt_timer_factory

CLEAR_AFTER_MS = 30_000  # long enough to paste it once, short enough not to linger
_MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)


class ClipboardGuard(QObject):
    """Clears watched texts from the clipboard and the selection, after a while."""

    def __init__(
        self,
        timers: TimerFactory | None = None,
        delay_ms: int = CLEAR_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._watched: set[str] = set()
        self._delay = delay_ms
        make = timers or qt_timer_factory(self)
        self._timer: Timer = make(self.clear_now, True)
        clipboard = QGuiApplication.clipboard()
        clipboard.changed.connect(self._changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_now)

    def watch(self, text: str) -> None:
        """From now on, ``text`` (or any part of it) is cleared wherever the app puts it."""
        if text:
            self._watched.add(text)
            self._changed(QClipboard.Mode.Selection)

    def _holding_watched(self) -> list[QClipboard.Mode]:
        """The modes that hold a watched text now. Whoever owns them, that text came from
        the app (it was made up here), so clearing it loses the person nothing."""
        clipboard = QGuiApplication.clipboard()
        modes = []
        for mode in _MODES:
            if mode is QClipboard.Mode.Selection and not clipboard.supportsSelection():
                continue
            text = clipboard.text(mode).strip()
            if text and any(text in w for w in self._watched):
                modes.append(mode)
        return modes

    def _changed(self, _mode: QClipboard.Mode) -> None:
        if self._holding_watched():
            self._timer.start(self._delay)

    def clear_now(self) -> None:
        """Clear every watched text the app still holds (and forget the texts)."""
        clipboard = QGuiApplication.clipboard()
        for mode in self._holding_watched():
            clipboard.clear(mode)
        self._timer.stop()


_GUARD: ClipboardGuard | None = None


def clipboard_guard() -> ClipboardGuard:
    """The app's one guard (made on first use, after the QApplication)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = ClipboardGuard(parent=QCoreApplication.instance())
    return _GUARD
