"""Ctrl-C, SIGTERM and SIGHUP become an orderly quit, handled once by the event loop.

Python runs a signal handler at the next bytecode it executes, which in a Qt app is
usually inside some slot: the default SIGINT handler then raises KeyboardInterrupt in
the middle of, say, the reminders' timer slot, and that slot's work is lost. Here the
handlers only note the signal; the C-level part of Python's signal handling writes the
signal's number to a socket (``signal.set_wakeup_fd``), a ``QSocketNotifier`` wakes
the event loop, and the quit happens there, between slots.

Quitting closes every window the normal way (so a wizard keeps its draft), then ends
the event loop with 128 + the signal's number. When ``busy()`` says work must finish
first (a report being sent), the quit waits for it, up to ``MAX_WAIT_MS``; a second
signal quits at once.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

# SIGHUP (the session ended) does not exist on Windows.
HANDLED = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
POLL_MS = 100
MAX_WAIT_MS = 60_000  # longer than the relay's own time limit


def _noted(_signum: int, _frame: object) -> None:
    """Runs at Python's next bytecode, wherever that is: so it does nothing at all."""


class QuitOnSignals(QObject):
    """Turns the signals in ``HANDLED`` into ``app.exit(128 + signum)`` from the loop.

    Must be made on the main thread (the only one that may set signal handlers).
    ``close()`` puts the previous handlers back.
    """

    def __init__(
        self,
        app: QApplication,
        busy: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app, self._busy = app, busy
        self.received: list[int] = []
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, _noted) for sig in HANDLED}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._readable)
        self._waited_ms = 0
        self._wait = QTimer(self)
        self._wait.setInterval(POLL_MS)
        self._wait.timeout.connect(self._check_idle)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        self._wait.stop()
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()

    def _readable(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        numbers = [n for n in data if n in HANDLED]
        if not numbers:
            return
        first_time = not self.received
        self.received.extend(numbers)
        log.info("quitting on signal %s", signal.Signals(numbers[0]).name)
        if first_time and self._busy():
            self._wait.start()  # let the work finish; the loop keeps running meanwhile
            return
        self._quit()

    def _check_idle(self) -> None:
        self._waited_ms += POLL_MS
        if not self._busy() or self._waited_ms >= MAX_WAIT_MS:
            self._quit()

    def _quit(self) -> None:
        self._wait.stop()
        self._app.closeAllWindows()  # each window's own closing (drafts are kept)
        self._app.exit(128 + self.received[0])
