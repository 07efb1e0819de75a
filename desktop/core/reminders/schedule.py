"""When the app next needs to look at the computer: adaptive, never faster than 1 s.

Rather than polling on a fixed beat, the app sleeps until the next moment something
could happen: while someone is active that is when the idle time would reach
``nudge_after`` if they stopped now (so one look a minute, not sixty); while they are
away it looks every few seconds at first and slower as the spell goes on, to notice
their return; a locked screen with lock events needs almost no looks at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.reminders.settings import ReminderSettings

MIN_INTERVAL = 1.0  # never faster than once a second
MAX_INTERVAL = 300.0  # look at least every five minutes, whatever happens
# Checking whether input after a spell is a person coming back: soon at first (a
# real return keeps producing input), then less often, so a bumped desk costs little.
RETURNING_POLL_MIN, RETURNING_POLL_MAX = 2.0, 10.0
LOCKED_POLL = 5.0  # a locked screen without lock events: how soon an unlock is seen
QUIET_POLL = 15.0  # a full-screen window or do-not-disturb: how soon its end is seen
NO_IDLE_POLL = 60.0  # no idle time on this desktop: only lock changes matter
AWAY_POLL_MIN, AWAY_POLL_MAX = 2.0, 15.0


@dataclass(frozen=True)
class Schedule:
    """What the engine saw at its last step, as far as timing is concerned."""

    idle: float | None
    locked: bool | None
    quiet: bool  # nudges held back for any reason, a pause included
    fullscreen: bool
    dnd: bool = False


def next_check_in(
    last: Schedule,
    settings: ReminderSettings,
    mono: float,
    *,
    phase: str,
    spell_since: float | None,
    nudged: bool,
    grace_until: float,
    auto_locked_input: float | None,
    lock_pending_since: float | None,
    pause_left: float | None,
    lock_events: bool,
    returning_since: float | None = None,
) -> float:
    """Seconds to sleep before the next look, between MIN_INTERVAL and MAX_INTERVAL."""
    waits = [MAX_INTERVAL]
    if lock_pending_since is not None:
        waits.append(MIN_INTERVAL)
    if settings.enabled:
        if pause_left is not None:
            waits.append(pause_left)
        waits.extend(
            _enabled_waits(
                last,
                settings,
                mono,
                phase,
                spell_since,
                nudged,
                grace_until,
                auto_locked_input,
                lock_events,
                returning_since,
            )
        )
    return min(MAX_INTERVAL, max(MIN_INTERVAL, min(waits)))


def _enabled_waits(
    last: Schedule,
    s: ReminderSettings,
    mono: float,
    phase: str,
    spell_since: float | None,
    nudged: bool,
    grace_until: float,
    auto_locked_input: float | None,
    lock_events: bool,
    returning_since: float | None,
) -> list[float]:
    if phase == "locked":
        return [] if lock_events else [LOCKED_POLL]
    if phase == "returning":
        since = mono - (returning_since if returning_since is not None else mono)
        return [min(RETURNING_POLL_MAX, max(RETURNING_POLL_MIN, since / 3))]
    idle = last.idle
    if idle is None:
        return [NO_IDLE_POLL]
    waits: list[float] = []
    if phase == "present":
        # Also while paused: the spell must be seen to be counted, even if not nudged.
        waits.append(s.nudge_after - idle)
    elif spell_since is not None:
        away_for = mono - spell_since
        waits.append(min(AWAY_POLL_MAX, max(AWAY_POLL_MIN, away_for / 8)))
        if not nudged and not last.quiet and idle - s.nudge_after <= s.nudge_late_limit:
            waits.append(max(grace_until - mono, s.nudge_after - idle))
    if (last.fullscreen or last.dnd) and not nudged:
        waits.append(QUIET_POLL)  # nothing announces the end of these; a pause's end is known
    last_input = mono - idle
    if s.auto_lock and (auto_locked_input is None or abs(last_input - auto_locked_input) > 0.75):
        wait = s.auto_lock_after - idle
        waits.append(max(wait, QUIET_POLL) if last.fullscreen else wait)
    return waits
