"""The adaptive schedule: how often the app looks at the computer in each situation.

These count looks on a manual clock (no waiting); the CPU cost of those looks is
measured for real by bench/bench_reminders_idle.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desktop.core.reminders import ManualClock, ReminderEngine, ReminderSettings
from desktop.core.reminders.schedule import MAX_INTERVAL, MIN_INTERVAL

START = datetime(2025, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/London"))


def _run(
    engine: ReminderEngine,
    clock: ManualClock,
    seconds: float,
    *,
    last_input: float,
    typing: bool = False,
    locked: bool = False,
    lock_events: bool = True,
) -> int:
    """Step the engine whenever it asks; return how many looks that took."""
    end, looks = clock.monotonic() + seconds, 0
    while True:
        wait = engine.next_check_in(lock_events=lock_events)
        assert wait is not None and MIN_INTERVAL <= wait <= MAX_INTERVAL
        if clock.monotonic() + wait > end:
            return looks
        clock.advance(wait)
        if typing:
            last_input = clock.monotonic()
        engine.step(clock.monotonic() - last_input, locked)
        looks += 1


def test_someone_working_is_looked_at_about_once_a_nudge_period() -> None:
    clock = ManualClock(START)
    engine = ReminderEngine(ReminderSettings(nudge_after=60), clock)
    looks = _run(engine, clock, 3600, last_input=clock.monotonic(), typing=True)
    assert 55 <= looks <= 61  # a fixed 1 s poll would look 3600 times


def test_away_looks_start_quick_and_slow_down() -> None:
    clock = ManualClock(START)
    engine = ReminderEngine(ReminderSettings(nudge_after=60), clock)
    start = clock.monotonic()
    first_ten_minutes = _run(engine, clock, 600, last_input=start)
    next_hour = _run(engine, clock, 3600, last_input=start)
    assert first_ten_minutes < 60
    assert next_hour <= 3600 / 15 + 1  # one look every 15 s at most, once well away


def test_a_locked_screen_with_lock_events_is_barely_looked_at() -> None:
    clock = ManualClock(START)
    engine = ReminderEngine(ReminderSettings(), clock)
    engine.step(0.0, True)
    assert _run(engine, clock, 3600, last_input=clock.monotonic(), locked=True) == 12
    assert engine.next_check_in(lock_events=False) == 5.0


def test_the_auto_lock_moment_is_met_exactly() -> None:
    clock = ManualClock(START)
    engine = ReminderEngine(ReminderSettings(nudge_after=60, auto_lock_after=200), clock)
    start = clock.monotonic()
    engine.step(0.0, False)
    seen_idle = []
    while clock.monotonic() - start < 200:
        wait = engine.next_check_in(lock_events=True)
        assert wait is not None
        clock.advance(wait)
        seen_idle.append(clock.monotonic() - start)
        engine.step(clock.monotonic() - start, False)
    assert 60.0 in seen_idle and seen_idle[-1] == 200.0


def test_a_pending_lock_is_checked_every_second() -> None:
    clock = ManualClock(START)
    engine = ReminderEngine(ReminderSettings(), clock)
    engine.step(5.0, False)
    engine.lock_requested(by_user=True)
    assert engine.next_check_in() == 1.0


def test_while_paused_the_pause_end_is_a_wake_up() -> None:
    clock = ManualClock(START)
    engine = ReminderEngine(ReminderSettings(nudge_after=600), clock)
    engine.pause(100)
    engine.step(0.0, False)
    assert engine.next_check_in() == 100.0
