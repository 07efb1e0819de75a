"""Timers the app owns, so tests can swap in a fake one and never wait for real time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer


class Timer(Protocol):
    """A timer that calls ``callback`` after ``interval_ms`` (once or repeatedly)."""

    def start(self, interval_ms: int) -> None: ...
    def stop(self) -> None: ...
    def is_active(self) -> bool: ...


TimerFactory = Callable[[Callable[[], None], bool], Timer]
"""Makes a timer from (callback, single_shot)."""


class QtTimer:
    """A real QTimer; coarse timer type where precision does not matter (fewer wake-ups)."""

    def __init__(
        self, callback: Callable[[], None], single_shot: bool = False, parent: QObject | None = None
    ) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(single_shot)
        self._timer.timeout.connect(callback)

    def start(self, interval_ms: int) -> None:
        self._timer.start(max(0, int(interval_ms)))

    def stop(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return bool(self._timer.isActive())


def qt_timer_factory(parent: QObject | None = None) -> TimerFactory:
    return lambda callback, single_shot: QtTimer(callback, single_shot, parent)


class FakeTimer:
    """A timer for tests: nothing happens until ``fire()`` is called."""

    def __init__(self, callback: Callable[[], None], single_shot: bool = False) -> None:
        self.callback, self.single_shot = callback, single_shot
        self.interval_ms: int | None = None
        self.starts = 0

    def start(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        self.starts += 1

    def stop(self) -> None:
        self.interval_ms = None

    def is_active(self) -> bool:
        return self.interval_ms is not None

    def fire(self) -> None:
        if self.interval_ms is None:
            return
        if self.single_shot:
            self.interval_ms = None
        self.callback()


class FakeTimerFactory:
    """Makes FakeTimers and remembers them, so a test can find and fire them."""

    def __init__(self) -> None:
        self.timers: list[FakeTimer] = []

    def __call__(self, callback: Callable[[], None], single_shot: bool) -> FakeTimer:
        timer = FakeTimer(callback, single_shot)
        self.timers.append(timer)
        return timer
