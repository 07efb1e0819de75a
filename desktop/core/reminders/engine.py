"""The lock-reminder rules: a plain function of time, idle time, lock state and settings.

The app calls ``step`` whenever it looks at the computer (on its timer, or when the
lock state changes) with what it saw; the engine returns what to do (``Nudge``,
``AutoLock``, ``ReturnNotice``, ``LockFailed``, ``LockConfirmed``) and says when it
next needs to look (``next_check_in``). All state is in this object, and time comes
from the injected clock, so every rule is tested with a fake clock and no waiting.

An *away spell* starts when the screen has been idle and unlocked for
``nudge_after`` seconds. It ends when the person comes back (input spread over a few
seconds, so a bumped mouse is not a return) or when the screen locks. Each spell
gives at most one nudge and one notice: there is no nag loop.

Nudges and notices are held back by a full-screen window, do-not-disturb, a pause
and the grace time after a return. The policy's auto-lock is held back only by a
full-screen window (someone is watching a presentation or a video): a pause is the
person's choice and do-not-disturb is often left on all day, and neither should
switch off what the organisation requires. The weekly count is kept in all cases,
so it stays honest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from desktop.core.kit.clock import Clock
from desktop.core.kit.i18n import _
from desktop.core.kit.quiet import held_back
from desktop.core.reminders.actions import (
    Action,
    AutoLock,
    LockConfirmed,
    LockFailed,
    Nudge,
    ReturnNotice,
)
from desktop.core.reminders.pause import Pause, pause_for, pause_until_tomorrow
from desktop.core.reminders.schedule import Schedule, next_check_in
from desktop.core.reminders.settings import ReminderSettings
from desktop.core.reminders.tally import WeeklyTally

# Idle readings are whole milliseconds or seconds and are taken a little apart, so
# the estimated moment of the last input wobbles; less than this is the same input.
SAME_INPUT = 0.75


class PauseNotAllowed(Exception):
    """The policy does not let people pause lock reminders."""


class Phase(str, Enum):
    PRESENT = "present"  # someone is using the computer
    AWAY = "away"  # idle and unlocked for nudge_after or more
    RETURNING = "returning"  # input after an away spell, not yet sure it is a person
    LOCKED = "locked"


@dataclass
class _Spell:
    """One away spell: when the last input before it was, and what was done about it."""

    since_mono: float
    nudged_at: float | None = None
    return_input: float = 0.0  # first input seen after the spell, while RETURNING
    seen_input: float = 0.0  # the latest input already looked at (a blip, say)

    def __post_init__(self) -> None:
        self.seen_input = self.since_mono


class ReminderEngine:
    """Decides when to nudge, lock, and tell someone their screen was left unlocked."""

    def __init__(
        self, settings: ReminderSettings, clock: Clock, tally: WeeklyTally | None = None
    ) -> None:
        self.settings = settings
        self._clock = clock
        self.tally = tally if tally is not None else WeeklyTally()
        self.phase = Phase.PRESENT
        self._spell: _Spell | None = None
        self._grace_until = float("-inf")
        self._presence_floor = float("-inf")  # an unlock counts as input
        self._auto_locked_input: float | None = None
        self._lock_pending_since: float | None = None
        self._lock_requester: str | None = None
        self._notice_on_unlock: ReturnNotice | None = None
        self._pause: Pause | None = None
        self._last = Schedule(idle=None, locked=None, quiet=False, fullscreen=False)

    # -- settings and pausing ------------------------------------------------------

    def update_settings(self, settings: ReminderSettings) -> None:
        self.settings = settings
        if not settings.allow_pause:
            self._pause = None

    def pause(self, seconds: float) -> None:
        if not self.settings.allow_pause:
            raise PauseNotAllowed(_("Your organisation does not allow pausing lock reminders."))
        self._pause = pause_for(self._clock, seconds)

    def pause_until_tomorrow(self) -> None:
        if not self.settings.allow_pause:
            raise PauseNotAllowed(_("Your organisation does not allow pausing lock reminders."))
        self._pause = pause_until_tomorrow(self._clock)

    def resume(self) -> None:
        self._pause = None

    @property
    def paused(self) -> bool:
        if self._pause is not None and not self._pause.active(self._clock):
            self._pause = None
        return self._pause is not None

    def status_text(self) -> str:
        """One line for the tray menu: whether reminders are on, off or paused."""
        if not self.settings.enabled:
            return _("Lock reminders are off.")
        if self.paused and self._pause is not None:
            return _(
                "Lock reminders are paused {describe_end}.",
                describe_end=self._pause.describe_end(self._clock),
            )
        return _("Lock reminders are on.")

    def weekly_summary_text(self) -> str:
        return self.tally.summary_text(self._clock.now())

    # -- locking -------------------------------------------------------------------

    def lock_requested(self, by_user: bool) -> None:
        """The app has just asked the computer to lock; confirm it on the next steps."""
        self._lock_pending_since = self._clock.monotonic()
        self._lock_requester = "user" if by_user else "app"

    def lock_call_failed(self, detail: str = "") -> list[Action]:
        """Every way of locking refused straight away: say so now, not in a few seconds."""
        self._lock_pending_since = None
        self._lock_requester = None
        return [LockFailed(self.settings.lock_keys, detail=detail)]

    @property
    def lock_pending(self) -> bool:
        return self._lock_pending_since is not None

    # -- the rules -----------------------------------------------------------------

    def step(
        self,
        idle_seconds: float | None,
        locked: bool | None,
        fullscreen: bool = False,
        dnd: bool = False,
    ) -> list[Action]:
        """Look at the computer's state now and return what to do.

        ``idle_seconds`` and ``locked`` are None when they could not be read; then
        nothing is claimed about them (no notice says the screen was unlocked).
        ``fullscreen`` means a full-screen window or a presentation is in front;
        ``dnd`` means the system's do-not-disturb or focus mode is on.
        """
        mono = self._clock.monotonic()
        actions: list[Action] = []
        self._confirm_lock(mono, locked, actions)
        if idle_seconds is not None:
            idle_seconds = max(0.0, min(idle_seconds, mono - self._presence_floor))
        quiet = held_back(fullscreen, dnd, self.paused)
        self._last = Schedule(
            idle=idle_seconds, locked=locked, quiet=quiet, fullscreen=fullscreen, dnd=dnd
        )
        if not self.settings.enabled:
            self._forget_spell()
            return actions
        if locked is True:
            self._on_locked(mono, idle_seconds)
            return actions
        if self.phase is Phase.LOCKED:
            if locked is False:
                self._on_unlocked(mono, quiet, actions)
            return actions
        if idle_seconds is None:
            return actions
        self._follow_idle(mono, idle_seconds, locked, quiet, actions)
        self._maybe_auto_lock(mono, idle_seconds, fullscreen, actions)
        return actions

    def next_check_in(self, lock_events: bool = False) -> float | None:
        """Seconds until the engine next needs a look, or None when it needs none.

        ``lock_events`` says the lock state arrives as events, so a locked screen
        needs no polling to notice the unlock.
        """
        if not self.settings.enabled and not self.lock_pending:
            return None
        pause_left = self._pause.remaining(self._clock) if self.paused and self._pause else None
        return next_check_in(
            self._last,
            self.settings,
            self._clock.monotonic(),
            phase=self.phase.value,
            spell_since=self._spell.since_mono if self._spell else None,
            nudged=bool(self._spell and self._spell.nudged_at is not None),
            grace_until=self._grace_until,
            auto_locked_input=self._auto_locked_input,
            lock_pending_since=self._lock_pending_since,
            pause_left=pause_left,
            lock_events=lock_events,
            returning_since=self._spell.return_input if self._spell else None,
        )

    # -- the parts of step ---------------------------------------------------------

    def _confirm_lock(self, mono: float, locked: bool | None, actions: list[Action]) -> None:
        if self._lock_pending_since is None:
            return
        if locked is True:
            self._lock_pending_since = None
            actions.append(LockConfirmed())
        elif mono - self._lock_pending_since >= self.settings.lock_confirm_timeout:
            self._lock_pending_since = None
            self._lock_requester = None
            actions.append(LockFailed(self.settings.lock_keys, unconfirmed=locked is None))

    def _on_locked(self, mono: float, idle: float | None) -> None:
        if self.phase is Phase.LOCKED:
            return
        spell, requester = self._spell, self._lock_requester
        if spell is None and idle is not None and idle >= self.settings.nudge_after:
            spell = _Spell(since_mono=mono - idle)  # the spell began before anyone looked
        self.phase, self._spell, self._lock_requester = Phase.LOCKED, None, None
        if requester == "user":
            left_unlocked = False  # "Lock now" in the tray: locking before leaving
        elif requester == "app":
            left_unlocked = True  # the policy's auto-lock had to do it
        elif idle is None:
            return  # nothing says whether the person locked it or a timer did
        else:
            # Win+L is a key press, so a lock with input since the spell began was the
            # person; a lock with none was the computer's own timer.
            fresh_input = spell is None or mono - idle > spell.since_mono + SAME_INPUT
            left_unlocked = not fresh_input
        if left_unlocked:
            unlocked_for = mono - spell.since_mono if spell is not None else (idle or 0.0)
            self._notice_on_unlock = ReturnNotice(
                unlocked_for,
                self._clock.now() - timedelta(seconds=unlocked_for),
                locked_by_itself=True,
            )
        self.tally.record(self._clock.now(), locked=not left_unlocked)

    def _on_unlocked(self, mono: float, quiet: bool, actions: list[Action]) -> None:
        self.phase = Phase.PRESENT
        self._presence_floor = mono
        self._grace_until = mono + self.settings.grace_after_return
        self._auto_locked_input = None
        notice, self._notice_on_unlock = self._notice_on_unlock, None
        if notice is not None and not quiet:
            actions.append(notice)

    def _follow_idle(
        self, mono: float, idle: float, locked: bool | None, quiet: bool, actions: list[Action]
    ) -> None:
        last_input = mono - idle
        s = self.settings
        if self.phase is Phase.PRESENT:
            if idle < s.nudge_after:
                return
            self.phase = Phase.AWAY
            self._spell = _Spell(since_mono=last_input)
        spell = self._spell
        assert spell is not None
        if self.phase is Phase.AWAY:
            if last_input > spell.seen_input + SAME_INPUT:
                self.phase = Phase.RETURNING
                spell.return_input = spell.seen_input = last_input
            else:
                self._maybe_nudge(mono, idle, quiet, spell, actions)
                return
        # RETURNING: a real return shows input spread over a few seconds.
        spell.seen_input = max(spell.seen_input, last_input)
        if last_input - spell.return_input >= s.return_confirm_spread:
            self._on_return(mono, locked, quiet, spell, actions)
        elif idle >= s.return_confirm_window:
            self.phase = Phase.AWAY  # a blip: the same spell goes on, no second nudge

    def _maybe_nudge(
        self, mono: float, idle: float, quiet: bool, spell: _Spell, actions: list[Action]
    ) -> None:
        s = self.settings
        if spell.nudged_at is not None or quiet or mono < self._grace_until:
            return
        if idle < s.nudge_after:
            return  # input a little while ago (a blip): the idle clock started again
        if idle - s.nudge_after > s.nudge_late_limit:
            return  # too late to be about standing up; the return notice covers it
        spell.nudged_at = mono
        actions.append(Nudge(s.lock_keys))

    def _on_return(
        self, mono: float, locked: bool | None, quiet: bool, spell: _Spell, actions: list[Action]
    ) -> None:
        s = self.settings
        self.phase = Phase.PRESENT
        self._spell = None
        self._grace_until = mono + s.grace_after_return
        still_here = (
            spell.nudged_at is not None
            and spell.return_input - spell.nudged_at <= s.still_here_after_nudge
        )
        if still_here or locked is None:
            return  # answered the nudge at the desk, or nothing can say it was unlocked
        unlocked_for = spell.return_input - spell.since_mono
        self.tally.record(self._clock.now(), locked=False)
        if not quiet:
            since = self._clock.now() - timedelta(seconds=mono - spell.since_mono)
            actions.append(ReturnNotice(unlocked_for, since))

    def _maybe_auto_lock(
        self, mono: float, idle: float, fullscreen: bool, actions: list[Action]
    ) -> None:
        s = self.settings
        if not s.auto_lock or idle < s.auto_lock_after or fullscreen or self.lock_pending:
            return
        last_input = mono - idle
        if (
            self._auto_locked_input is not None
            and abs(last_input - self._auto_locked_input) < SAME_INPUT
        ):
            return  # asked once for this stretch of idleness; no retry loop
        self._auto_locked_input = last_input
        actions.append(AutoLock(idle))

    def _forget_spell(self) -> None:
        self.phase = Phase.PRESENT
        self._spell = None
