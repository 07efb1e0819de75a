"""The app's one clock kit: a monotonic clock for durations, a wall clock for display.

Everything that asks the time (the lock reminders, the report's "saved 5 minutes ago",
the UI's fake timers) takes a ``Clock``; the app passes ``SystemClock`` and tests one
``ManualClock`` that only moves when told to, so no test waits on real time.

Durations (how long someone has been away, when a pause ends) are measured on a
monotonic clock, so setting the computer's clock, a time-zone change or a daylight
saving jump cannot make a reminder fire early, late or twice. The wall clock is only
used for what people read ("from 14:05") and for "until tomorrow".
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the app gets the time from; tests pass a ``ManualClock``."""

    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; only differences mean anything."""
        ...

    def now(self) -> datetime:
        """The local wall-clock time, with its time zone attached."""
        ...


def _boot_clock() -> float:
    # CLOCK_BOOTTIME keeps counting while the machine sleeps, so time away with the
    # lid shut still counts as time away; elsewhere the plain monotonic clock is used.
    return time.clock_gettime(time.CLOCK_BOOTTIME)


class SystemClock:
    """The real clocks of this computer."""

    def __init__(self) -> None:
        self._mono = _boot_clock if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic

    def monotonic(self) -> float:
        return self._mono()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class ManualClock:
    """A clock that only moves when told to: for tests, benchmarks and replays.

    ``advance`` moves both clocks together, as real time passing does;
    ``set_wall`` moves only the wall clock, as someone changing the time does.
    """

    def __init__(self, start: datetime, mono_start: float = 1000.0) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs a time with a time zone")
        self._wall = start
        self._mono = mono_start

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time only moves forward; use set_wall to change the clock")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("set_wall needs a time with a time zone")
        self._wall = when
