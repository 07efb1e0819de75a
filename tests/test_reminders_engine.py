"""Lock reminder scenarios driven by a manual clock: leave and come back, a full-screen
presentation, pausing, auto-lock, a lock that fails, flapping input, clock changes.

A small desk simulation plays the part of the person and the computer. It looks at
the computer exactly when the engine asks to be woken (as the app's timer does), so
these tests also show that the adaptive schedule never misses a moment.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.core.reminders import (
    Action,
    AutoLock,
    LockConfirmed,
    LockFailed,
    ManualClock,
    MemoryTallyStore,
    Nudge,
    PauseNotAllowed,
    ReminderEngine,
    ReminderSettings,
    ReturnNotice,
    WeeklyTally,
)
from desktop.core.reminders.settings import LOCK_KEYS

UK = ZoneInfo("Europe/London")
START = datetime(2025, 3, 12, 14, 0, tzinfo=UK)  # a Wednesday afternoon


class Desk:
    """A person at a computer, and the computer's idle time and lock state."""

    def __init__(
        self,
        settings: ReminderSettings | None = None,
        start: datetime = START,
        lock_works: bool = True,
    ) -> None:
        self.clock = ManualClock(start)
        self.store = MemoryTallyStore()
        self.engine = ReminderEngine(
            settings or ReminderSettings(), self.clock, WeeklyTally(self.store)
        )
        self.last_input = self.clock.monotonic()
        self.locked: bool | None = False
        self.fullscreen = False
        self.dnd = False
        self.lock_works = lock_works
        self.seen: list[tuple[float, Action]] = []
        self.looks = 0

    @property
    def t(self) -> float:
        """Seconds since the scenario began."""
        return self.clock.monotonic() - 1000.0

    def idle(self) -> float:
        return self.clock.monotonic() - self.last_input

    def look(self) -> list[Action]:
        self.looks += 1
        actions = self.engine.step(self.idle(), self.locked, self.fullscreen, self.dnd)
        for action in actions:
            self.seen.append((self.t, action))
            if isinstance(action, AutoLock):
                self.engine.lock_requested(by_user=False)
                if self.lock_works:
                    self.locked = True
                    self.look()
        return actions

    def wait(self, seconds: float, typing: bool = False) -> None:
        """Let time pass, looking whenever the engine asked to be woken."""
        end = self.clock.monotonic() + seconds
        while True:
            wait = self.engine.next_check_in(lock_events=True)
            assert wait is None or wait >= 1.0, "never faster than once a second"
            if wait is None or self.clock.monotonic() + wait > end:
                self.clock.advance(end - self.clock.monotonic())
                if typing:
                    self.last_input = self.clock.monotonic()
                return
            self.clock.advance(wait)
            if typing:
                self.last_input = self.clock.monotonic() - 0.2
            self.look()

    def touch(self) -> None:
        """One bit of input (a key, a mouse nudge)."""
        self.last_input = self.clock.monotonic()

    def come_back(self) -> None:
        self.touch()
        self.look()
        self.wait(10, typing=True)

    def press_lock_keys(self) -> None:
        self.touch()
        self.locked = True
        self.look()  # the lock state arrives as an event

    def unlock(self) -> None:
        self.touch()
        self.locked = False
        self.look()

    def of(self, kind: type) -> list[tuple[float, Action]]:
        return [(t, a) for t, a in self.seen if isinstance(a, kind)]

    def counts(self) -> tuple[int, int]:
        week = self.engine.tally.week(self.clock.now())
        return week.locked, week.left_unlocked


def test_leave_and_come_back_gives_one_nudge_and_one_calm_notice() -> None:
    desk = Desk()
    desk.wait(300, typing=True)
    assert desk.seen == []
    desk.clock.set_wall(datetime(2025, 3, 12, 14, 5, tzinfo=UK))  # leave at 14:05
    leave = desk.t
    desk.wait(12 * 60)
    nudges = desk.of(Nudge)
    assert len(nudges) == 1
    assert nudges[0][0] - leave == pytest.approx(60, abs=1)
    assert (
        nudges[0][1].text
        == "Stepping away? Lock your screen (the Super key (the one with the Windows logo) and L)."
    )
    desk.come_back()
    notices = desk.of(ReturnNotice)
    assert len(notices) == 1
    assert notices[0][1].text == "Your screen was unlocked for 12 minutes from 14:05."
    assert desk.counts() == (0, 1)
    desk.wait(30 * 60, typing=True)
    assert len(desk.of(ReturnNotice)) == 1 and len(desk.of(Nudge)) == 1, "no nag loop"


def test_nudge_uses_the_keys_of_each_system() -> None:
    for platform, keys in (
        ("win32", "the Windows key and L"),
        ("darwin", "Control, Command and Q"),
        ("linux", "the Super key (the one with the Windows logo) and L"),
    ):
        from desktop.core.policy.schema import Policy

        settings = ReminderSettings.from_policy(Policy(), platform=platform)
        desk = Desk(settings)
        desk.wait(90)
        assert desk.of(Nudge)[0][1].text.endswith(f"({keys}).")
    assert set(LOCK_KEYS) == {"windows", "macos", "linux"}


def test_the_lock_keys_are_the_desktops_own_and_in_words() -> None:
    from desktop.core.policy.schema import Policy

    xfce = ReminderSettings.from_policy(Policy(), platform="linux", desktop="XFCE")
    assert xfce.lock_keys == "Ctrl, Alt and L"
    gnome = ReminderSettings.from_policy(Policy(), platform="linux", desktop="ubuntu:GNOME")
    assert gnome.lock_keys == "the Super key (the one with the Windows logo) and L"
    for settings in (xfce, gnome):
        assert "+" not in settings.lock_keys


def test_locking_before_leaving_is_counted_and_never_nagged() -> None:
    desk = Desk()
    desk.wait(120, typing=True)
    desk.press_lock_keys()
    desk.wait(40 * 60)
    desk.unlock()
    desk.wait(60, typing=True)
    assert desk.seen == []
    assert desk.counts() == (1, 0)
    assert desk.engine.weekly_summary_text() == (
        "This week: locked before leaving once, left unlocked 0 times."
    )


def test_reading_without_touching_then_locking_counts_as_locked() -> None:
    desk = Desk()
    desk.wait(100)  # reading: nudged at 60 s, no input
    assert len(desk.of(Nudge)) == 1
    desk.press_lock_keys()
    assert desk.counts() == (1, 0)


def test_moving_the_mouse_straight_after_a_nudge_means_still_here() -> None:
    desk = Desk()
    desk.wait(70)
    assert len(desk.of(Nudge)) == 1
    desk.come_back()
    desk.wait(600, typing=True)
    assert desk.of(ReturnNotice) == []
    assert desk.counts() == (0, 0)


def test_no_reminders_during_a_full_screen_presentation() -> None:
    desk = Desk(ReminderSettings(auto_lock_after=300))
    desk.fullscreen = True
    desk.wait(20 * 60)  # a long slide nobody touches
    assert desk.of(Nudge) == [] and desk.of(AutoLock) == []
    desk.come_back()
    assert desk.of(ReturnNotice) == []
    assert not desk.locked


def test_do_not_disturb_stops_nudges_but_not_the_policy_auto_lock() -> None:
    desk = Desk(ReminderSettings(auto_lock_after=300))
    desk.dnd = True
    desk.wait(400)
    assert desk.of(Nudge) == []
    assert len(desk.of(AutoLock)) == 1 and desk.locked


def test_presentation_ending_while_still_away_brings_the_nudge_if_still_timely() -> None:
    desk = Desk()
    desk.fullscreen = True
    desk.wait(90)
    desk.fullscreen = False
    desk.wait(30)
    nudges = desk.of(Nudge)
    assert len(nudges) == 1 and 90 <= nudges[0][0] <= 110


def test_pause_for_an_hour_then_reminders_come_back() -> None:
    desk = Desk()
    desk.engine.pause(3600)
    assert desk.engine.status_text() == "Lock reminders are paused until 15:00."
    desk.wait(30 * 60)
    desk.come_back()
    assert desk.of(Nudge) == [] and desk.of(ReturnNotice) == []
    assert desk.counts() == (0, 1), "the count is honest even while paused"
    desk.wait(40 * 60, typing=True)
    assert desk.engine.status_text() == "Lock reminders are on."
    desk.wait(120)
    assert len(desk.of(Nudge)) == 1


def test_pause_until_tomorrow_ends_at_local_midnight() -> None:
    desk = Desk(start=datetime(2025, 3, 12, 22, 30, tzinfo=UK))
    desk.engine.pause_until_tomorrow()
    assert desk.engine.status_text() == "Lock reminders are paused until tomorrow."
    desk.wait(95 * 60, typing=True)  # past midnight
    assert desk.engine.status_text() == "Lock reminders are on."
    desk.wait(90)
    assert len(desk.of(Nudge)) == 1


def test_pause_until_tomorrow_cannot_be_stretched_by_setting_the_clock_back() -> None:
    desk = Desk(start=datetime(2025, 3, 12, 22, 0, tzinfo=UK))
    desk.engine.pause_until_tomorrow()
    desk.clock.set_wall(datetime(2025, 3, 10, 22, 0, tzinfo=UK))  # two days back
    desk.wait(3 * 3600 + 60, typing=True)  # 2 h to midnight plus the hour spare
    assert not desk.engine.paused


def test_pause_is_refused_when_the_policy_does_not_allow_it() -> None:
    desk = Desk(ReminderSettings(allow_pause=False))
    with pytest.raises(PauseNotAllowed, match="does not allow"):
        desk.engine.pause(3600)
    with pytest.raises(PauseNotAllowed):
        desk.engine.pause_until_tomorrow()
    desk.wait(90)
    assert len(desk.of(Nudge)) == 1


def test_policy_turning_pause_off_ends_a_pause() -> None:
    desk = Desk()
    desk.engine.pause(3600)
    desk.engine.update_settings(ReminderSettings(allow_pause=False))
    desk.wait(90)
    assert len(desk.of(Nudge)) == 1


def test_auto_lock_locks_once_and_tells_the_person_on_return() -> None:
    desk = Desk(ReminderSettings(auto_lock_after=300))
    desk.clock.set_wall(datetime(2025, 3, 12, 9, 30, tzinfo=UK))
    desk.wait(600)
    locks = desk.of(AutoLock)
    assert len(locks) == 1 and locks[0][0] == pytest.approx(300, abs=1)
    assert desk.locked and len(desk.of(LockConfirmed)) == 1
    assert desk.counts() == (0, 1)
    desk.wait(3600)
    desk.unlock()
    notices = desk.of(ReturnNotice)
    assert [n.text for _, n in notices] == [
        "Your screen was left unlocked for 5 minutes from 09:30 before it locked."
    ]
    desk.wait(120, typing=True)
    assert len(desk.of(AutoLock)) == 1


def test_auto_lock_is_off_by_default() -> None:
    desk = Desk()
    desk.wait(3 * 3600)
    assert desk.of(AutoLock) == [] and desk.locked is False


def test_a_lock_that_does_not_happen_is_reported_with_how_to_lock_by_hand() -> None:
    desk = Desk(ReminderSettings(auto_lock_after=300), lock_works=False)
    desk.wait(310)
    failures = desk.of(LockFailed)
    assert len(failures) == 1
    when, failure = failures[0]
    assert when - 300 == pytest.approx(5, abs=1.01), "reported within a few seconds"
    assert (
        failure.text == "Your screen did not lock. Lock it yourself now: press the Super key "
        "(the one with the Windows logo) and L."
    )
    desk.wait(3600)
    assert len(desk.of(AutoLock)) == 1 and len(desk.of(LockFailed)) == 1, "no retry loop"


def test_a_lock_that_cannot_be_confirmed_says_so_honestly() -> None:
    desk = Desk()
    desk.locked = None  # nothing on this desktop reports the lock state
    desk.engine.lock_requested(by_user=True)
    desk.wait(10)
    ((_, failure),) = desk.of(LockFailed)
    assert failure.unconfirmed
    assert (
        "cannot tell if it did" in failure.text
        and "the Super key (the one with the Windows logo) and L" in failure.text
    )
    assert desk.of(LockConfirmed) == []


def test_lock_now_from_the_menu_counts_as_locking_before_leaving() -> None:
    desk = Desk()
    desk.wait(200)
    desk.engine.lock_requested(by_user=True)
    desk.locked = True
    desk.look()
    assert len(desk.of(LockConfirmed)) == 1
    assert desk.counts() == (1, 0)


def test_lock_call_refused_is_reported_at_once() -> None:
    desk = Desk()
    desk.engine.lock_requested(by_user=True)
    (failure,) = desk.engine.lock_call_failed("No way to lock this desktop was found.")
    assert isinstance(failure, LockFailed)
    assert failure.text.endswith(
        "press the Super key (the one with the Windows logo) and L. "
        "No way to lock this desktop was found."
    )
    assert not desk.engine.lock_pending


def test_flapping_input_is_not_a_return() -> None:
    desk = Desk()
    desk.clock.set_wall(datetime(2025, 3, 12, 11, 0, tzinfo=UK))
    desk.wait(90)
    for _ in range(6):  # the desk is bumped every few minutes
        desk.wait(150)
        desk.touch()
        desk.look()
    desk.wait(120)
    assert len(desk.of(Nudge)) == 1
    assert desk.of(ReturnNotice) == []
    desk.come_back()
    ((_, notice),) = desk.of(ReturnNotice)
    assert notice.text == "Your screen was unlocked for 18 minutes from 11:00."
    assert desk.counts() == (0, 1)


def test_no_nudge_in_the_first_minutes_after_coming_back() -> None:
    desk = Desk()
    desk.wait(300)
    back = desk.t
    desk.come_back()
    nudges_before = len(desk.of(Nudge))
    desk.wait(170)  # gone again at once: idle passes 60 s inside the grace time
    assert len(desk.of(Nudge)) == nudges_before
    desk.wait(60)
    ((when, _),) = desk.of(Nudge)[nudges_before:]
    assert when - back >= 180


def test_no_nudge_long_after_the_moment() -> None:
    desk = Desk()
    desk.last_input -= 3 * 3600  # the computer slept; first look finds hours of idleness
    desk.look()
    desk.wait(60)
    assert desk.of(Nudge) == []


def test_wall_clock_jumps_do_not_change_durations() -> None:
    desk = Desk()
    desk.clock.set_wall(datetime(2025, 3, 12, 14, 5, tzinfo=UK))
    desk.wait(5 * 60)
    desk.clock.set_wall(desk.clock.now() + timedelta(hours=1))  # time set forward
    desk.wait(5 * 60)
    desk.clock.set_wall(desk.clock.now() - timedelta(days=1))  # and back a day
    desk.wait(2 * 60)
    desk.come_back()
    ((_, notice),) = desk.of(ReturnNotice)
    assert notice.unlocked_seconds == pytest.approx(12 * 60, abs=16)
    assert notice.text.startswith("Your screen was unlocked for 12 minutes from ")
    assert len(desk.of(Nudge)) == 1


def test_pause_for_an_hour_ignores_the_wall_clock() -> None:
    desk = Desk()
    desk.engine.pause(3600)
    desk.clock.set_wall(desk.clock.now() + timedelta(hours=5))
    assert desk.engine.paused
    desk.wait(59 * 60, typing=True)
    assert desk.engine.paused
    desk.wait(61)
    assert not desk.engine.paused


def test_turned_off_means_nothing_at_all() -> None:
    desk = Desk(ReminderSettings(enabled=False, auto_lock_after=300))
    desk.wait(3600)
    desk.come_back()
    assert desk.seen == []
    assert desk.engine.next_check_in() is None
    assert desk.engine.status_text() == "Lock reminders are off."


def test_unknown_idle_time_makes_no_claims() -> None:
    desk = Desk()
    for _ in range(10):
        desk.clock.advance(60)
        assert desk.engine.step(None, False) == []
    assert desk.counts() == (0, 0)


def test_unknown_lock_state_still_nudges_but_claims_nothing_on_return() -> None:
    desk = Desk()
    desk.locked = None
    desk.wait(600)
    desk.come_back()
    assert len(desk.of(Nudge)) == 1
    assert desk.of(ReturnNotice) == [] and desk.counts() == (0, 0)


def test_settings_from_policy() -> None:
    from desktop.core.policy.schema import Policy

    policy = replace(
        Policy(), nudge_after=120, auto_lock_after=600, allow_pause=False, reminders_enabled=False
    )
    s = ReminderSettings.from_policy(policy, platform="win32")
    assert (s.nudge_after, s.auto_lock_after, s.allow_pause, s.enabled, s.lock_keys) == (
        120.0,
        600.0,
        False,
        False,
        "the Windows key and L",
    )


def test_a_single_touch_during_a_spell_restarts_the_idle_clock_for_the_nudge() -> None:
    desk = Desk()
    desk.engine.pause(300)
    desk.wait(200)  # away, but paused: no nudge yet
    desk.engine.resume()
    desk.touch()  # one key press, then nothing
    desk.look()
    touched, looks_before = desk.t, desk.looks
    desk.wait(120)
    ((when, _),) = desk.of(Nudge)
    assert when - touched == pytest.approx(60, abs=1)
    assert desk.looks - looks_before < 30, "waiting for the nudge is not a 1 s poll"
    assert desk.of(ReturnNotice) == []


def test_a_lock_by_the_computer_before_any_look_is_leaving_it_unlocked() -> None:
    desk = Desk()
    desk.clock.advance(600)  # nothing looked for ten minutes (the app was busy)
    desk.locked = True
    desk.look()
    assert desk.counts() == (0, 1)
    desk.clock.advance(60)
    desk.unlock()
    ((_, notice),) = desk.of(ReturnNotice)
    assert notice.locked_by_itself and notice.unlocked_seconds == pytest.approx(600)
