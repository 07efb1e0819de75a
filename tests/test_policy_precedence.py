"""Defaults < the person's settings < managed policy, and each value knows its source."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.policy.convert import REG_DWORD, REG_SZ
from desktop.core.policy.resolve import load_effective_policy
from desktop.core.policy.schema import Origin, Policy
from desktop.core.settings import UserSettings
from desktop.platform.policy_sources.windows_registry import (
    POLICY_KEY,
    DictRegistry,
    registry_reader,
)


def _settings(tmp_path: Path, values: dict[str, object]) -> UserSettings:
    store = UserSettings(tmp_path / "settings.json")
    store.save(values)
    return store


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_when_nothing_is_set(tmp_path: Path) -> None:
    loaded = load_effective_policy(
        tmp_path / "absent.toml", UserSettings(tmp_path / "none.json"), readers=()
    )
    assert loaded.policy == Policy()
    assert {loaded.describe_source(k) for k in ("min_length", "nudge_after")} == {"default"}
    assert loaded.problems == ()


def test_user_setting_beats_default(tmp_path: Path) -> None:
    loaded = load_effective_policy(
        tmp_path / "absent.toml", _settings(tmp_path, {"nudge_after": 300}), readers=()
    )
    assert loaded.policy.nudge_after == 300
    assert loaded.describe_source("nudge_after") == "your settings"


def test_managed_file_beats_user_setting(tmp_path: Path) -> None:
    policy = _toml(tmp_path, "nudge_after = 30\nbreach_check = 'offline'\n")
    store = _settings(
        tmp_path, {"nudge_after": 300, "breach_check": "off", "reminders_enabled": False}
    )
    loaded = load_effective_policy(policy, store, readers=())
    p = loaded.policy
    assert (p.nudge_after, p.breach_check) == (30, "offline")
    assert loaded.describe_source("nudge_after") == f"managed ({policy})"
    assert loaded.is_managed("breach_check")
    # A user-settable key that policy leaves alone stays the person's choice.
    assert p.reminders_enabled is False
    assert loaded.origin("reminders_enabled") is Origin.USER


def test_user_cannot_set_a_key_only_it_may_set(tmp_path: Path) -> None:
    loaded = load_effective_policy(
        tmp_path / "absent.toml", _settings(tmp_path, {"min_length": 8}), readers=()
    )
    assert loaded.policy.min_length == 10
    assert loaded.describe_source("min_length") == "default"


def test_registry_beats_file_and_names_itself(tmp_path: Path) -> None:
    policy = _toml(tmp_path, "min_length = 12\nsmtp_port = 25\n")
    reg = DictRegistry(
        {POLICY_KEY: [("min_length", REG_DWORD, 14), ("smtp_host", REG_SZ, "relay.example.org")]}
    )
    loaded = load_effective_policy(
        policy, UserSettings(tmp_path / "none.json"), readers=(registry_reader(reg),)
    )
    p = loaded.policy
    assert (p.min_length, p.smtp_port, p.smtp_host) == (14, 25, "relay.example.org")
    assert loaded.describe_source("min_length") == (
        "managed (HKLM\\SOFTWARE\\Policies\\HygieneHelper)"
    )
    assert loaded.describe_source("smtp_port") == f"managed ({policy})"


def test_faulty_managed_source_falls_back_to_defaults_and_says_so(tmp_path: Path) -> None:
    policy = _toml(tmp_path, "min_length = 4\n")  # below the schema's floor of 8
    store = _settings(tmp_path, {"nudge_after": 300})
    loaded = load_effective_policy(policy, store, readers=())
    assert loaded.policy.min_length == 10
    assert any("min_length" in p and str(policy) in p for p in loaded.problems)
    # Nothing weaker than the defaults, and the faulty file is named nowhere as a source.
    assert loaded.describe_source("min_length") == "default"


def test_damaged_settings_file_is_reported_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    loaded = load_effective_policy(tmp_path / "absent.toml", UserSettings(path), readers=())
    assert loaded.policy == Policy()
    assert any("damaged" in p for p in loaded.problems)
    [kept] = tmp_path.glob("settings.json.damaged-*")  # kept aside, never lost
    assert kept.read_text(encoding="utf-8") == "{not json"


def test_settings_values_of_the_wrong_type_are_ignored_not_fatal(tmp_path: Path) -> None:
    store = UserSettings(tmp_path / "settings.json")
    store.path.write_text(json.dumps({"nudge_after": "soon"}), encoding="utf-8")
    loaded = load_effective_policy(tmp_path / "absent.toml", store, readers=())
    assert loaded.policy.nudge_after == 60
    assert any("nudge_after" in p for p in loaded.problems)


def test_a_policy_file_of_ones_own_never_beats_what_the_organisation_manages(
    tmp_path: Path,
) -> None:
    system = tmp_path / "system-policy.toml"
    system.write_text("min_length = 14\n")
    mine = tmp_path / "mine.toml"
    mine.write_text("min_length = 8\nmin_score = 2\n")
    loaded = load_effective_policy(
        mine, UserSettings(tmp_path / "s.json"), readers=(), system_file=system
    )
    # The organisation's key wins; a key it left alone comes from the given file.
    assert loaded.policy.min_length == 14
    assert loaded.policy.min_score == 2
    assert str(system) in loaded.describe_source("min_length")


def test_each_source_is_read_once_and_names_the_keys_it_set(tmp_path: Path) -> None:
    reads: list[str] = []

    def changing_source() -> tuple[str, dict[str, object]]:
        # A source that would say something else if it were read a second time.
        reads.append("registry")
        return ("registry", {"min_length": 12 + len(reads)})

    policy = _toml(tmp_path, "min_length = 11\nsmtp_port = 25\n")
    loaded = load_effective_policy(
        policy, UserSettings(tmp_path / "none.json"), readers=(changing_source,)
    )
    assert reads == ["registry"]
    assert loaded.policy.min_length == 13
    assert loaded.describe_source("min_length") == "managed (registry)"
    assert loaded.describe_source("smtp_port") == f"managed ({policy})"


def test_a_faulty_later_source_leaves_no_earlier_source_named(tmp_path: Path) -> None:
    def broken() -> tuple[str, dict[str, object]]:
        return ("registry", {"min_length": "twelve"})

    policy = _toml(tmp_path, "smtp_port = 25\n")
    loaded = load_effective_policy(policy, UserSettings(tmp_path / "none.json"), readers=(broken,))
    assert loaded.policy.smtp_port == 587
    assert loaded.describe_source("smtp_port") == "default"
    assert loaded.managed_by == {}
