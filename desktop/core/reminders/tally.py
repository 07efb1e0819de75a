"""A weekly count, kept on this computer, of how often the screen was locked before
the person left it, and how often it was left unlocked.

Only counts are kept, filed under the ISO week (``2025-W03``): no times, no window
titles, nothing about what was on the screen. The file is written atomically and
readable only by its owner. A damaged file is moved aside, never overwritten, so
nothing is lost without a trace; counting then starts again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import load_json, write_json

KEEP_WEEKS = 12
FILE_NAME = "lock-tally.json"


def iso_week(when: datetime) -> str:
    year, week, _unused = when.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class WeekCounts:
    """How many times in one week the screen was locked before leaving, or left unlocked."""

    locked: int = 0
    left_unlocked: int = 0


class TallyStore(Protocol):
    """Keeps the weekly counts between runs."""

    def load(self) -> dict[str, WeekCounts]: ...
    def save(self, weeks: dict[str, WeekCounts]) -> None: ...


class MemoryTallyStore:
    """Keeps counts for this run only (tests, and when the file cannot be written)."""

    def __init__(self) -> None:
        self.weeks: dict[str, WeekCounts] = {}

    def load(self) -> dict[str, WeekCounts]:
        return dict(self.weeks)

    def save(self, weeks: dict[str, WeekCounts]) -> None:
        self.weeks = dict(weeks)


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value


def _weeks_shape(data: Any) -> dict[str, WeekCounts]:
    return {
        str(week): WeekCounts(_count(v["locked"]), _count(v["left_unlocked"]))
        for week, v in data["weeks"].items()
    }


class JsonTallyStore:
    """The counts in a small JSON file in the person's settings folder."""

    def __init__(self, path: Path) -> None:
        self.path = path  # FILE_NAME in the config folder, from the composition root
        self.problem = ""

    def load(self) -> dict[str, WeekCounts]:
        empty: dict[str, WeekCounts] = {}
        loaded = load_json(
            self.path,
            _weeks_shape,
            empty,
            what=_("The lock count"),
            instead=_("counting starts again"),
        )
        self.problem = loaded.problem
        return loaded.value

    def save(self, weeks: dict[str, WeekCounts]) -> None:
        data = {
            "version": 1,
            "weeks": {
                week: {"locked": c.locked, "left_unlocked": c.left_unlocked}
                for week, c in sorted(weeks.items())
            },
        }
        write_json(self.path, data)


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


class WeeklyTally:
    """Counts leaving the screen locked or unlocked, per ISO week, and describes them."""

    def __init__(self, store: TallyStore | None = None, keep_weeks: int = KEEP_WEEKS) -> None:
        self._store: TallyStore = store if store is not None else MemoryTallyStore()
        self._keep = keep_weeks
        self._weeks = self._store.load()
        self.problem = getattr(self._store, "problem", "")

    def record(self, when: datetime, locked: bool) -> None:
        week = iso_week(when)
        old = self._weeks.get(week, WeekCounts())
        self._weeks[week] = (
            WeekCounts(old.locked + 1, old.left_unlocked)
            if locked
            else WeekCounts(old.locked, old.left_unlocked + 1)
        )
        for stale in sorted(self._weeks)[: -self._keep]:
            del self._weeks[stale]
        try:
            self._store.save(self._weeks)
        except OSError as exc:
            # The count is a nicety: keep counting in memory and say why it is not kept.
            self.problem = _(
                "The lock count could not be saved ({value}).", value=exc.strerror or exc
            )

    def week(self, when: datetime) -> WeekCounts:
        return self._weeks.get(iso_week(when), WeekCounts())

    def summary_text(self, when: datetime) -> str:
        counts = self.week(when)
        if counts.locked == 0 and counts.left_unlocked == 0:
            return _("This week: no time away from the screen counted yet.")
        return _(
            "This week: locked before leaving {times}, left unlocked {times2}.",
            times=_times(counts.locked),
            times2=_times(counts.left_unlocked),
        )
