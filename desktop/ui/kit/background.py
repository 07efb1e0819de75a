"""The one way to run blocking work: on a QThreadPool, results back on the GUI thread.

Work functions run on a pool thread and must not touch widgets; they receive nothing
from Qt and return a plain value. The result (or the exception) comes back through a
queued signal, so the callbacks always run on the thread that owns the runner (the GUI
thread). Work submitted under a ``key`` makes earlier unfinished work under the same key
stale: when a stale result arrives it is dropped, so a slow answer for what the user
typed a moment ago can never overwrite the answer for what is there now.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.ui.kit.guard import log_failure

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the GUI thread; emitting from a pool thread queues the call to it."""

    finished = Signal(int, object, object)


def _done() -> None:
    """What a job holds once its work has run."""


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._ticket, self._fn, self._relay = ticket, fn, relay

    def run(self) -> None:
        fn, self._fn = self._fn, _done  # the binding may keep this object after it ran:
        try:  # it must not keep the work's closure (a typed password) with it
            result, error = fn(), None
        except BaseException as exc:  # delivered to on_error on the GUI thread
            result, error = None, exc
        del fn
        self._relay.finished.emit(self._ticket, result, error)


class BackgroundRunner(QObject):
    """Runs callables off the GUI thread and calls back on it; drops stale results."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._tickets = itertools.count(1)
        self._callbacks: dict[
            int, tuple[Callable[[Any], None], Callable[[BaseException], None] | None]
        ] = {}
        self._latest: dict[str, int] = {}
        self._keys: dict[int, str] = {}

    def run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        key: str | None = None,
    ) -> int:
        """Start ``fn`` on the pool; ``on_done(result)`` or ``on_error(exc)`` runs later here."""
        ticket = next(self._tickets)
        self._callbacks[ticket] = (on_done, on_error)
        if key is not None:
            self._latest[key] = ticket
            self._keys[ticket] = key
        self._pool.start(_Job(ticket, fn, self._relay))
        return ticket

    def cancel(self, key: str) -> None:
        """Make any unfinished work under ``key`` stale."""
        self._latest.pop(key, None)

    def is_busy(self, key: str) -> bool:
        return key in self._latest and self._latest[key] in self._callbacks

    def wait(self, msecs: int = 5000) -> bool:
        """Block until the pool is idle (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))

    @Slot(int, object, object)
    def _deliver(self, ticket: int, result: object, error: object) -> None:
        on_done, on_error = self._callbacks.pop(ticket, (None, None))
        key = self._keys.pop(ticket, None)
        if key is not None:
            if self._latest.get(key) != ticket:
                return  # stale: newer work under this key was started
            del self._latest[key]
        try:  # a failing callback is logged; the next result is still delivered
            if error is not None:
                if on_error is not None:
                    on_error(error)  # type: ignore[arg-type]
            elif on_done is not None:
                on_done(result)
        except Exception as exc:
            log_failure("a background result's callback", exc)
        finally:
            del result, error  # the worker's answer is not kept by this frame
