"""The weekly lock count: kept in a private JSON file, per ISO week, never lost."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop.core.reminders import JsonTallyStore, WeekCounts, WeeklyTally
from desktop.core.reminders.actions import describe_duration
from desktop.core.reminders.tally import iso_week

UK = ZoneInfo("Europe/London")
MONDAY = datetime(2025, 3, 10, 9, 0, tzinfo=UK)


def test_counts_survive_a_restart_and_the_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "lock-tally.json"
    tally = WeeklyTally(JsonTallyStore(path))
    tally.record(MONDAY, locked=True)
    tally.record(MONDAY + timedelta(days=2), locked=True)
    tally.record(MONDAY + timedelta(days=4), locked=False)
    again = WeeklyTally(JsonTallyStore(path))
    assert again.week(MONDAY) == WeekCounts(locked=2, left_unlocked=1)
    assert again.summary_text(MONDAY) == (
        "This week: locked before leaving twice, left unlocked once."
    )
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert json.loads(path.read_text())["weeks"] == {"2025-W11": {"locked": 2, "left_unlocked": 1}}
    assert [p.name for p in path.parent.iterdir()] == ["lock-tally.json"], "no temp files left"


def test_a_new_week_starts_from_nothing() -> None:
    tally = WeeklyTally()
    tally.record(MONDAY + timedelta(days=6), locked=False)  # Sunday
    next_monday = MONDAY + timedelta(days=7)
    assert tally.summary_text(next_monday) == (
        "This week: no time away from the screen counted yet."
    )
    tally.record(next_monday, locked=True)
    assert tally.week(next_monday) == WeekCounts(1, 0)
    assert tally.week(MONDAY) == WeekCounts(0, 1)


def test_iso_weeks_cross_the_new_year() -> None:
    assert iso_week(datetime(2024, 12, 30, tzinfo=UK)) == "2025-W01"
    assert iso_week(datetime(2027, 1, 1, tzinfo=UK)) == "2026-W53"


def test_only_recent_weeks_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "lock-tally.json"
    tally = WeeklyTally(JsonTallyStore(path), keep_weeks=3)
    for week in range(6):
        tally.record(MONDAY + timedelta(weeks=week), locked=True)
    weeks = json.loads(path.read_text())["weeks"]
    assert sorted(weeks) == ["2025-W14", "2025-W15", "2025-W16"]


def test_a_damaged_file_is_kept_aside_and_counting_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "lock-tally.json"
    path.write_text('{"weeks": {"2025-W11": {"locked": "lots"}}}')
    tally = WeeklyTally(JsonTallyStore(path))
    [kept] = tmp_path.glob("lock-tally.json.damaged-*")
    assert "damaged" in tally.problem and kept.name in tally.problem
    assert kept.read_text().startswith('{"weeks"')
    tally.record(MONDAY, locked=True)
    assert WeeklyTally(JsonTallyStore(path)).week(MONDAY) == WeekCounts(1, 0)


def test_a_folder_that_cannot_be_written_does_not_stop_the_count(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    tally = WeeklyTally(JsonTallyStore(blocker / "lock-tally.json"))
    tally.record(MONDAY, locked=False)
    assert tally.week(MONDAY) == WeekCounts(0, 1)
    assert tally.problem.startswith("The lock count could not be saved")


def test_durations_in_plain_words() -> None:
    assert describe_duration(20) == "less than a minute"
    assert describe_duration(61) == "1 minute"
    assert describe_duration(12 * 60 + 59) == "12 minutes"
    assert describe_duration(3600) == "1 hour"
    assert describe_duration(3900) == "1 hour 5 minutes"
    assert describe_duration(3 * 3600 + 60) == "3 hours 1 minute"
