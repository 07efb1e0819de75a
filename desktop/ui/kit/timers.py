"""Timers the app owns, so tests can swap in a fake one and never wait for real time.

The fake runs on the same ``ManualClock`` as the core's time-keeping, so one
``advance`` moves both the clock and every timer that is due.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from desktop.core.kit.clock import ManualClock
from desktop.ui.kit.guard import guarded


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
        # guarded: a failing callback is logged and the loop goes on (see kit.guard)
        what = getattr(callback, "__qualname__", "a timer")
        self._timer.timeout.connect(guarded(callback, what))

    def start(self, interval_ms: int) -> None:
        self._timer.start(max(0, int(interval_ms)))

    def stop(self) -> None:
        self._timer.stop()

    def is_active(self) -> bool:
        return bool(self._timer.isActive())


def qt_timer_factory(parent: QObject | None = None) -> TimerFactory:
    return lambda callback, single_shot: QtTimer(callback, single_shot, parent)


class FakeTimer:
    """A timer for tests: nothing happens until ``fire()`` is called, or until the
    factory's ``ManualClock`` is moved past the time it is due."""

    def __init__(
        self,
        callback: Callable[[], None],
        single_shot: bool = False,
        clock: ManualClock | None = None,
    ) -> None:
        self.callback, self.single_shot = callback, single_shot
        self.interval_ms: int | None = None
        self.starts = 0
        self.intervals: list[int] = []  # every interval it was started with
        self.due: float | None = None  # on the clock's monotonic side
        self._clock = clock

    def start(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        self.starts += 1
        self.intervals.append(interval_ms)
        if self._clock is not None:
            self.due = self._clock.monotonic() + interval_ms / 1000

    def stop(self) -> None:
        self.interval_ms = None
        self.due = None

    def is_active(self) -> bool:
        return self.interval_ms is not None

    def fire(self) -> None:
        if self.interval_ms is None:
            return
        if self.single_shot:
            self.interval_ms = None
            self.due = None
        elif self.due is not None:
            self.due += self.interval_ms / 1000
        self.callback()


class FakeTimerFactory:
    """Makes FakeTimers and remembers them, so a test can find and fire them.

    Given the test's ``ManualClock``, ``advance(seconds)`` moves it on and fires each
    timer when its time comes, in order, as real time passing would.
    """

    def __init__(self, clock: ManualClock | None = None) -> None:
        self.timers: list[FakeTimer] = []
        self.clock = clock

    def __call__(self, callback: Callable[[], None], single_shot: bool) -> FakeTimer:
        timer = FakeTimer(callback, single_shot, self.clock)
        self.timers.append(timer)
        return timer

    def advance(self, seconds: float) -> None:
        clock = self.clock
        if clock is None:
            raise RuntimeError("FakeTimerFactory.advance needs the ManualClock it was given")
        end = clock.monotonic() + seconds
        while True:
            due = [t for t in self.timers if t.due is not None and t.due <= end]
            if not due:
                break
            timer = min(due, key=lambda t: t.due or 0.0)
            clock.advance(max(0.0, (timer.due or 0.0) - clock.monotonic()))
            timer.fire()
        clock.advance(max(0.0, end - clock.monotonic()))
