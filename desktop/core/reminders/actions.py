"""What the reminder engine asks the app to do, and the plain words it shows.

Each action carries the facts (how long, since when) as well as a ready sentence, so
a window that translates its text can build its own sentence from the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.core.kit.i18n import _


def describe_duration(seconds: float) -> str:
    """'less than a minute', '1 minute', '12 minutes', '1 hour 5 minutes', '3 hours'."""
    minutes = int(max(0.0, seconds) // 60)
    if minutes < 1:
        return _("less than a minute")
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append("1 hour" if hours == 1 else f"{hours} hours")
    if minutes:
        parts.append("1 minute" if minutes == 1 else f"{minutes} minutes")
    return " ".join(parts)


def describe_clock_time(when: datetime) -> str:
    """A 24-hour clock time, as people in the UK read it on a screen: '14:05'."""
    return when.strftime("%H:%M")


@dataclass(frozen=True)
class Nudge:
    """Remind someone who has just gone idle to lock the screen."""

    lock_keys: str

    @property
    def text(self) -> str:
        return _("Stepping away? Lock your screen ({lock_keys}).", lock_keys=_(self.lock_keys))


@dataclass(frozen=True)
class AutoLock:
    """The policy says to lock now: the screen has been idle and unlocked too long."""

    idle_seconds: float


@dataclass(frozen=True)
class ReturnNotice:
    """Someone came back to a screen that was left unlocked; say so once, calmly.

    ``locked_by_itself`` is true when the screen did lock in the end (the computer's
    own timer or the app's auto-lock), but only after it had been left unlocked.
    """

    unlocked_seconds: float
    since: datetime
    locked_by_itself: bool = False

    @property
    def text(self) -> str:
        how_long = describe_duration(self.unlocked_seconds)
        since = describe_clock_time(self.since)
        if self.locked_by_itself:
            return _(
                "Your screen was left unlocked for {how_long} from {since} before it locked.",
                how_long=how_long,
                since=since,
            )
        return _(
            "Your screen was unlocked for {how_long} from {since}.", how_long=how_long, since=since
        )


@dataclass(frozen=True)
class LockFailed:
    """A lock was asked for but did not happen (or cannot be confirmed).

    ``unconfirmed`` is true when nothing on this computer can tell whether the screen
    is locked: the lock may have worked, so the message says to check.
    """

    lock_keys: str
    unconfirmed: bool = False
    detail: str = ""

    @property
    def text(self) -> str:
        if self.unconfirmed:
            first = _(
                "The app asked your screen to lock, but it cannot tell if it did. Check "
                "it now. If it is not locked, press {lock_keys}.",
                lock_keys=_(self.lock_keys),
            )
        else:
            first = _(
                "Your screen did not lock. Lock it yourself now: press {lock_keys}.",
                lock_keys=_(self.lock_keys),
            )
        return f"{first} {self.detail}".strip()


@dataclass(frozen=True)
class LockConfirmed:
    """A lock that was asked for has happened."""


Action = Nudge | AutoLock | ReturnNotice | LockFailed | LockConfirmed
