"""Ends an app that has no tray once none of its windows is shown any more.

``hygiene report`` shows "What happened?", then the chosen report, and from there the
windows a step opens ("Check this computer", the password checker, the leaked-password
report). Qt's own "quit when the last window closes" would end it in the moment between
"What happened?" closing and the report opening; this looks again on the next turn of
the event loop after any window hides, and quits only if nothing is shown by then.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class QuitWhenNoWindow(QObject):
    """Installed on the application; turns Qt's own last-window rule off."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.setQuitOnLastWindowClosed(False)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QWidget) and watched.isWindow():
            QTimer.singleShot(0, self._look)
        return False

    def _look(self) -> None:
        if not any(w.isVisible() for w in QApplication.topLevelWidgets()):
            self._app.quit()

    def close(self) -> None:
        self._app.removeEventFilter(self)
