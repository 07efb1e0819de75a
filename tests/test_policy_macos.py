"""macOS managed preferences and configuration profiles, read from generated plists."""

from __future__ import annotations

import os
import plistlib
from pathlib import Path

import pytest

from desktop.core.policy.resolve import load_effective_policy, resolve
from desktop.core.policy.schema import Contact, PolicyError, validate
from desktop.core.settings import UserSettings
from desktop.platform.policy_sources.macos_prefs import (
    BUNDLE_ID,
    macos_readers,
    managed_prefs_paths,
    profile_payloads,
    read_managed_plist,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PROFILE = ROOT / "packaging" / "macos" / "hygiene-helper.mobileconfig"


def _write(path: Path, data: dict[str, object], fmt: plistlib.PlistFormat) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plistlib.dumps(data, fmt=fmt))
    return path


@pytest.mark.parametrize("fmt", [plistlib.FMT_XML, plistlib.FMT_BINARY])
def test_managed_plist_values_are_read(tmp_path: Path, fmt: plistlib.PlistFormat) -> None:
    path = _write(
        tmp_path / f"{BUNDLE_ID}.plist",
        {
            "min_length": 14,
            "smtp_starttls": False,
            "org_words": ["acme", "portal"],
            "report_contacts": [
                {"role": "IT", "email": "it@example.org"},
                "DPO|Ann|dpo@example.org",
            ],
            "PayloadUUID": "5E0C2B9A-0000-4000-8000-000000000001",
        },
        fmt,
    )
    got = read_managed_plist(path)
    assert got is not None
    source, raw = got
    assert validate(raw, source) == {
        "min_length": 14,
        "smtp_starttls": False,
        "org_words": ("acme", "portal"),
        "report_contacts": (
            Contact("IT", "", "it@example.org"),
            Contact("DPO", "Ann", "dpo@example.org"),
        ),
    }


def test_per_user_file_wins_over_computer_wide(tmp_path: Path) -> None:
    _write(tmp_path / f"{BUNDLE_ID}.plist", {"min_length": 12, "nudge_after": 90}, plistlib.FMT_XML)
    user_file = _write(
        tmp_path / "sam" / f"{BUNDLE_ID}.plist", {"min_length": 16}, plistlib.FMT_XML
    )
    readers = macos_readers("sam", root=tmp_path)
    loaded = load_effective_policy(
        tmp_path / "absent.toml", UserSettings(tmp_path / "none.json"), readers=readers
    )
    assert loaded.policy.min_length == 16
    assert loaded.policy.nudge_after == 90
    assert loaded.describe_source("min_length") == f"managed ({user_file})"
    # Each key names the source that set it, from the same reading that gave the value.
    assert loaded.managed_by["nudge_after"] == str(tmp_path / f"{BUNDLE_ID}.plist")
    assert loaded.managed_by["min_length"] == str(user_file)


def test_no_files_means_no_managed_policy(tmp_path: Path) -> None:
    effective = resolve(None, {"nudge_after": 300}, extra_managed=macos_readers("sam", tmp_path))
    assert effective.policy.nudge_after == 300
    assert effective.sources == ()


def test_strange_user_names_do_not_leave_the_folder(tmp_path: Path) -> None:
    assert managed_prefs_paths("../etc", tmp_path) == [tmp_path / f"{BUNDLE_ID}.plist"]


def test_damaged_plist_is_reported_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / f"{BUNDLE_ID}.plist"
    path.write_bytes(b"<?xml version='1.0'?><plist><dict><key>min_length")
    effective = resolve(None, None, extra_managed=macos_readers(None, tmp_path))
    assert effective.policy.min_length == 10
    assert any(str(path) in p and "property list" in p for p in effective.problems)


def test_wrong_plist_type_is_named(tmp_path: Path) -> None:
    _write(tmp_path / f"{BUNDLE_ID}.plist", {"min_length": "12"}, plistlib.FMT_XML)
    effective = resolve(None, None, extra_managed=macos_readers(None, tmp_path))
    assert effective.policy.min_length == 10
    assert any("'min_length' must be a whole number" in p for p in effective.problems)


def test_profile_with_custom_settings_payload(tmp_path: Path) -> None:
    profile = _write(
        tmp_path / "p.mobileconfig",
        {
            "PayloadType": "Configuration",
            "PayloadContent": [
                {"PayloadType": "com.apple.wifi.managed", "SSID_STR": "x"},
                {"PayloadType": BUNDLE_ID, "PayloadUUID": "u", "min_length": 13},
                {
                    "PayloadType": "com.apple.ManagedClient.preferences",
                    "PayloadContent": {
                        BUNDLE_ID: {
                            "Forced": [{"mcx_preference_settings": {"breach_check": "offline"}}]
                        }
                    },
                },
            ],
        },
        plistlib.FMT_XML,
    )
    assert profile_payloads(profile) == [{"min_length": 13}, {"breach_check": "offline"}]


def test_profile_without_our_payload_is_an_error(tmp_path: Path) -> None:
    profile = _write(tmp_path / "p.mobileconfig", {"PayloadContent": []}, plistlib.FMT_XML)
    with pytest.raises(PolicyError, match=BUNDLE_ID):
        profile_payloads(profile)


def test_shipped_example_profile_is_valid_and_sets_real_keys() -> None:
    payloads = profile_payloads(EXAMPLE_PROFILE)
    values = [validate(p, str(EXAMPLE_PROFILE)) for p in payloads]
    assert values and all(values)
    assert values[0]["min_length"] >= 10


def test_per_user_file_is_chosen_by_account_not_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pwd

    from desktop.platform import policy_sources

    monkeypatch.setenv("USER", "someone-else")
    monkeypatch.setenv("LOGNAME", "someone-else")
    assert policy_sources._current_user() == pwd.getpwuid(os.getuid()).pw_name
