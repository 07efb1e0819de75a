"""Random days at the desk: whatever the input, locks and full-screen windows do, the
engine keeps its promises (never nags, never polls faster than once a second)."""

from __future__ import annotations

import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.reminders import (
    AutoLock,
    ManualClock,
    MemoryTallyStore,
    Nudge,
    ReminderEngine,
    ReminderSettings,
    ReturnNotice,
    WeeklyTally,
)

START = datetime(2025, 3, 12, 8, 0, tzinfo=ZoneInfo("Europe/London"))

event = st.tuples(
    st.floats(min_value=0.1, max_value=900),  # seconds until this happens
    st.sampled_from(
        [
            "touch",
            "lock",
            "unlock",
            "fullscreen",
            "windowed",
            "nothing",
            "pause",
            "resume",
            "clock_back",
            "clock_forward",
        ]
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(event, max_size=60), st.sampled_from([0.0, 120.0, 600.0]))
def test_no_nagging_whatever_happens(
    events: list[tuple[float, str]], auto_lock_after: float
) -> None:
    from datetime import timedelta

    clock = ManualClock(START)
    s = ReminderSettings(auto_lock_after=auto_lock_after)
    store = MemoryTallyStore()
    engine = ReminderEngine(s, clock, WeeklyTally(store))
    last_input, locked, fullscreen = clock.monotonic(), False, False
    nudges: list[float] = []
    notices = 0

    def look() -> None:
        nonlocal locked, notices
        actions = engine.step(clock.monotonic() - last_input, locked, fullscreen)
        for action in actions:
            if isinstance(action, Nudge):
                assert not locked and not fullscreen and not engine.paused
                nudges.append(clock.monotonic())
            elif isinstance(action, ReturnNotice):
                notices += 1
            elif isinstance(action, AutoLock):
                assert auto_lock_after and action.idle_seconds >= auto_lock_after
                engine.lock_requested(by_user=False)
                locked = True

    for delay, what in events:
        due = clock.monotonic() + delay
        while True:
            wait = engine.next_check_in(lock_events=True)
            assert wait is not None and 1.0 <= wait <= 300.0
            if clock.monotonic() + wait > due:
                break
            clock.advance(wait)
            look()
        clock.advance(due - clock.monotonic())
        if what == "touch":
            last_input = clock.monotonic()
        elif what == "lock" and not locked:
            locked, last_input = True, clock.monotonic()
        elif what == "unlock" and locked:
            locked, last_input = False, clock.monotonic()
        elif what in ("fullscreen", "windowed"):
            fullscreen = what == "fullscreen"
        elif what == "pause":
            engine.pause(3600)
        elif what == "resume":
            engine.resume()
        elif what == "clock_back":
            clock.set_wall(clock.now() - timedelta(hours=3))
        elif what == "clock_forward":
            clock.set_wall(clock.now() + timedelta(hours=3))
        look()

    for earlier, later in itertools.pairwise(nudges):
        assert later - earlier >= s.nudge_after, "two nudges for one spell"
    left_unlocked = sum(week.left_unlocked for week in store.weeks.values())
    assert notices <= left_unlocked, "every notice is about a time really counted"
