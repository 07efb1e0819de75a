"""A weekly count, kept on this computer, of how often the screen was locked before
the person left it, and how often it was left unlocked.

Only counts are kept, filed under the ISO week (``2025-W03``): no times, no window
titles, nothing about what was on the screen. The file is written atomically and
readable only by its owner. A damaged file is moved aside, never overwritten, so
nothing is lost without a trace; counting then starts again.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from desktop.core.settings import user_config_dir

KEEP_WEEKS = 12
FILE_NAME = "lock-tally.json"


def iso_week(when: datetime) -> str:
    year, week, _ = when.isocalendar()
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


class JsonTallyStore:
    """The counts in a small JSON file in the person's settings folder."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (user_config_dir() / FILE_NAME)
        self.problem = ""

    def load(self) -> dict[str, WeekCounts]:
        self.problem = ""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.problem = f"The lock count could not be read ({exc.strerror}); it starts again."
            return {}
        try:
            data = json.loads(text)
            weeks = {
                str(week): WeekCounts(_count(v["locked"]), _count(v["left_unlocked"]))
                for week, v in data["weeks"].items()
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            aside = self.path.with_name(self.path.name + ".damaged")
            try:
                os.replace(self.path, aside)
                self.problem = f"The lock count file was damaged; it was kept as {aside}."
            except OSError:
                self.problem = "The lock count file is damaged; counting starts again."
            return {}
        return weeks

    def save(self, weeks: dict[str, WeekCounts]) -> None:
        data = {
            "version": 1,
            "weeks": {
                week: {"locked": c.locked, "left_unlocked": c.left_unlocked}
                for week, c in sorted(weeks.items())
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".lock-tally-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


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
            self.problem = f"The lock count could not be saved ({exc.strerror or exc})."

    def week(self, when: datetime) -> WeekCounts:
        return self._weeks.get(iso_week(when), WeekCounts())

    def summary_text(self, when: datetime) -> str:
        counts = self.week(when)
        if counts.locked == 0 and counts.left_unlocked == 0:
            return "This week: no time away from the screen counted yet."
        return (
            f"This week: locked before leaving {_times(counts.locked)}, "
            f"left unlocked {_times(counts.left_unlocked)}."
        )
