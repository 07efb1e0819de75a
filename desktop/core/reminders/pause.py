"""Pausing reminders for a while: for an hour, or until tomorrow.

"For an hour" is measured on the monotonic clock, so changing the computer's clock
does not shorten or stretch it. "Until tomorrow" means the next local midnight on the
wall clock, which is what a person means; in case the wall clock is set back, it
also ends after the time there was until midnight when the pause began plus an hour
(room for a daylight saving change), so it can never last days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from desktop.core.kit import i18n
from desktop.core.kit.clock import Clock
from desktop.core.kit.i18n import _

HOUR = 3600.0


def next_local_midnight(now: datetime) -> datetime:
    """The start of the next day in ``now``'s time zone."""
    tomorrow = (now + timedelta(days=1)).date()
    naive = datetime.combine(tomorrow, time(0, 0))
    # With a named zone (zoneinfo) this is exact across a daylight saving change; with
    # the fixed offset the system clock gives it may be an hour out on those two
    # nights, which the pause's monotonic cap (one hour spare) absorbs.
    return naive.replace(tzinfo=now.tzinfo)


@dataclass(frozen=True)
class Pause:
    """An active pause: ends at ``until_mono`` or, for 'until tomorrow', at ``until_wall``."""

    until_mono: float
    until_wall: datetime | None = None

    def active(self, clock: Clock) -> bool:
        if clock.monotonic() >= self.until_mono:
            return False
        return not (self.until_wall is not None and clock.now() >= self.until_wall)

    def remaining(self, clock: Clock) -> float:
        """Seconds until the pause ends, on the monotonic clock (0 when it has ended)."""
        if not self.active(clock):
            return 0.0
        left = self.until_mono - clock.monotonic()
        if self.until_wall is not None:
            left = min(left, (self.until_wall - clock.now()).total_seconds())
        return max(0.0, left)

    def describe_end(self, clock: Clock) -> str:
        """'until 15:30' or 'until tomorrow', for the tray menu."""
        if self.until_wall is not None:
            return _("until tomorrow")
        end = clock.now() + timedelta(seconds=self.remaining(clock))
        return _("until {time}", time=i18n.time(end))


def pause_for(clock: Clock, seconds: float) -> Pause:
    if seconds <= 0:
        raise ValueError("a pause must last some time")
    return Pause(until_mono=clock.monotonic() + seconds)


def pause_until_tomorrow(clock: Clock) -> Pause:
    now = clock.now()
    midnight = next_local_midnight(now)
    cap = (midnight - now).total_seconds() + HOUR
    return Pause(until_mono=clock.monotonic() + cap, until_wall=midnight)
