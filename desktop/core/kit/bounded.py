"""Calls that may never return (a keyring daemon that stopped answering), with a limit.

``BoundedCaller.call`` runs the call on a short-lived daemon thread and waits at most
``limit`` seconds for it. When the limit passes, ``TimedOut`` is raised and the thread
is left to finish or hang on its own (a thread cannot be stopped from outside); while
it is still stuck, later calls through the same caller give up at once instead of
piling up more stuck threads. So one operation made of several calls (reading a split
history record) waits ``limit`` seconds in all, not ``limit`` per call.

Nothing is lost by giving up: the callers write in an order where a call finishing
late either completes the change or leaves the old value (see ``history.keyring_store``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from desktop.core.kit.i18n import _

T = TypeVar("T")


class TimedOut(Exception):
    """The call did not return within the limit; ``seconds`` is the limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(_("no answer within {seconds:g} seconds", seconds=seconds))
        self.seconds = seconds


class _Box(Generic[T]):
    def __init__(self) -> None:
        self.value: T | None = None
        self.error: BaseException | None = None


class BoundedCaller:
    """Runs calls with a time limit; safe to share between threads."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self._stuck: threading.Thread | None = None
        self._guard = threading.Lock()

    def stuck(self) -> bool:
        """True while a call that ran out of time has still not returned."""
        with self._guard:
            return self._stuck is not None and self._stuck.is_alive()

    def call(self, fn: Callable[[], T]) -> T:
        """``fn()``'s result or exception, or TimedOut after ``limit`` seconds."""
        if self.stuck():
            raise TimedOut(self.limit)
        box: _Box[T] = _Box()

        def run() -> None:
            try:
                box.value = fn()
            except BaseException as exc:  # handed to the waiting thread as is
                box.error = exc

        thread = threading.Thread(target=run, name="bounded-call", daemon=True)
        thread.start()
        thread.join(self.limit)
        if thread.is_alive():
            with self._guard:
                self._stuck = thread
            raise TimedOut(self.limit)
        if box.error is not None:
            raise box.error
        return box.value  # type: ignore[return-value]  # set when fn returned
