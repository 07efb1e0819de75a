"""The person's settings file: what is kept when they save, without any window."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.settings import UserSettings


def test_managed_keys_are_not_saved_and_other_entries_are_kept(tmp_path: Path) -> None:
    settings = UserSettings(tmp_path / "settings.json")
    settings.save({"nudge_after": 90, "breach_check": "off", "from_a_newer_version": 1})
    settings.save_changes(
        {"nudge_after": 300, "breach_check": "online", "reminders_enabled": False},
        managed={"breach_check"},
    )
    saved = json.loads(settings.path.read_text(encoding="utf-8"))
    assert saved == {
        "nudge_after": 300,
        "breach_check": "off",  # the organisation sets it: the old choice is left alone
        "reminders_enabled": False,
        "from_a_newer_version": 1,
    }


def test_a_damaged_file_is_kept_beside_the_new_one(tmp_path: Path) -> None:
    settings = UserSettings(tmp_path / "settings.json")
    settings.path.write_text("{not json", encoding="utf-8")
    settings.save_changes({"nudge_after": 120})
    (copy,) = tmp_path.glob("settings.json.damaged-*")
    assert copy.read_text(encoding="utf-8") == "{not json"
    assert json.loads(settings.path.read_text(encoding="utf-8")) == {"nudge_after": 120}
    assert settings.load() == {"nudge_after": 120} and settings.problem == ""
