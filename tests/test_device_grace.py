"""The grace period, the one notice a day, quiet times, and the removable-drive notice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.core.device import DeviceRunner, drive_notice
from desktop.core.device.drives import DriveLog
from desktop.core.device.grace import GraceState
from desktop.core.device.readings import FirewallReading, RemovableDrive
from desktop.core.policy.schema import Policy
from tests.device_fakes import Fixed, failing_sources, passing_sources

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def run_at(when: datetime, sources: dict, policy: Policy | None = None) -> object:  # type: ignore[type-arg]
    return DeviceRunner(sources, "linux", now=lambda: when).run(policy or Policy())


def only_firewall_off() -> dict:  # type: ignore[type-arg]
    return {**passing_sources(), "firewall": Fixed(FirewallReading(False, "ufw"))}


def test_no_badge_before_the_grace_period_then_one_notice(tmp_path: Path) -> None:
    state = GraceState(tmp_path / "device-state.json")
    policy = Policy()
    first = state.decide(run_at(START, only_firewall_off()), policy)  # type: ignore[arg-type]
    assert not first.badge and not first.notice
    almost = state.decide(  # type: ignore[arg-type]
        run_at(START + timedelta(days=2, hours=23), only_firewall_off()), policy
    )
    assert not almost.badge
    due = state.decide(run_at(START + timedelta(days=3), only_firewall_off()), policy)  # type: ignore[arg-type]
    assert due.badge
    assert due.notice.startswith("One thing on this computer needs fixing: firewall on.")
    later = state.decide(run_at(START + timedelta(days=3, hours=5), only_firewall_off()), policy)  # type: ignore[arg-type]
    assert later.badge and not later.notice  # at most one notice a day
    next_day = state.decide(run_at(START + timedelta(days=4), only_firewall_off()), policy)  # type: ignore[arg-type]
    assert next_day.notice


def test_the_first_failing_time_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "device-state.json"
    GraceState(path).decide(run_at(START, only_firewall_off()), Policy())  # type: ignore[arg-type]
    saved = json.loads(path.read_text())
    assert saved["first_failing"] == {"firewall": START.isoformat()}
    assert path.stat().st_mode & 0o777 == 0o600
    again = GraceState(path).decide(  # type: ignore[arg-type]
        run_at(START + timedelta(days=3), only_firewall_off()), Policy()
    )
    assert again.badge


def test_a_fix_stops_the_clock_and_unknown_does_not(tmp_path: Path) -> None:
    state = GraceState(tmp_path / "s.json")
    state.decide(run_at(START, only_firewall_off()), Policy())  # type: ignore[arg-type]
    # The firewall could not be read for a day: the clock keeps running.
    state.decide(run_at(START + timedelta(days=1), {}), Policy())  # type: ignore[arg-type]
    assert state.failing_since("firewall") == START
    state.decide(run_at(START + timedelta(days=2), passing_sources()), Policy())  # type: ignore[arg-type]
    assert state.failing_since("firewall") is None
    back = state.decide(run_at(START + timedelta(days=3), only_firewall_off()), Policy())  # type: ignore[arg-type]
    assert not back.badge


def test_never_a_notice_during_a_presentation_or_do_not_disturb(tmp_path: Path) -> None:
    state = GraceState(tmp_path / "s.json")
    state.decide(run_at(START, only_firewall_off()), Policy())  # type: ignore[arg-type]
    when = START + timedelta(days=5)
    shown = state.decide(run_at(when, only_firewall_off()), Policy(), fullscreen=True)  # type: ignore[arg-type]
    assert shown.badge and not shown.notice
    assert not state.decide(run_at(when, only_firewall_off()), Policy(), dnd=True).notice  # type: ignore[arg-type]
    assert state.decide(run_at(when, only_firewall_off()), Policy()).notice  # type: ignore[arg-type]


def test_grace_days_from_the_policy_and_advice_only_checks(tmp_path: Path) -> None:
    state = GraceState(tmp_path / "s.json")
    now = state.decide(run_at(START, only_firewall_off()), Policy(device_grace_days=0))  # type: ignore[arg-type]
    assert now.badge
    advice = Policy(device_grace_days=0, device_checks_required=("screen_lock",))
    assert not GraceState(None).decide(run_at(START, only_firewall_off(), advice), advice).badge  # type: ignore[arg-type]


def test_a_damaged_state_file_starts_again_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{not json")
    state = GraceState(path)
    assert state.problem
    result = state.decide(run_at(START, failing_sources(START)), Policy())  # type: ignore[arg-type]
    assert not result.badge
    assert json.loads(path.read_text())["first_failing"]


# ----- the drive notice ----------------------------------------------------------------

STICK = RemovableDrive(
    "/org/freedesktop/UDisks2/block_devices/sdb1",
    False,
    label="HOLIDAY",
    serial="AA 0011 2233",
    vendor="Kingston",
    model="DataTraveler",
    size_bytes=16_000_000_000,
)


def test_unencrypted_unlisted_drive_notice_on_linux() -> None:
    notice = drive_notice(STICK, Policy(approved_drives=("BB99",)), "linux")
    assert notice.allowed is False
    assert notice.title == "Drive plugged in: check before you use it"
    text = notice.text
    assert text.startswith("Your organisation's policy: use a memory stick")
    # the drive's own words are isolated (U+2068 ... U+2069) inside the app's sentence
    assert (
        '"\u2068HOLIDAY\u2069" (\u2068Kingston DataTraveler\u2069, 16 GB) is not encrypted' in text
    )
    assert "it is not on your organisation's list of approved drives" in text
    assert "Hygiene Helper cannot block a drive" in text
    assert "mount-removable-storage-devices-as-read-only" in text


def test_approved_encrypted_drive_notice_on_windows() -> None:
    drive = RemovableDrive("USBSTOR\\1", True, "BitLocker To Go", "", "aa00112233", "", "", 0)
    notice = drive_notice(drive, Policy(approved_drives=("AA0011 2233",)), "windows")
    assert notice.allowed is True
    assert notice.title == "Drive plugged in"
    assert "this drive is encrypted (BitLocker To Go), and it is on your organisation's" in (
        notice.text
    )
    assert "You can use it." in notice.text
    assert "RDVDenyWriteAccess" in notice.text


def test_a_drive_whose_encryption_cannot_be_told_is_treated_as_unencrypted() -> None:
    drive = RemovableDrive("disk4s1", None, label="CARD")
    notice = drive_notice(drive, Policy(), "macos")
    assert notice.allowed is None
    assert (
        'could not tell whether "\u2068CARD\u2069" is encrypted, so treat it as not encrypted'
        in (notice.text)
    )
    assert "has not listed approved drives" in notice.text
    assert "mount-controls" in notice.text


def test_one_plug_raising_several_signals_gives_one_entry() -> None:
    log = DriveLog()
    assert log.add(STICK, START)
    assert not log.add(STICK, START + timedelta(seconds=2))
    assert log.add(STICK, START + timedelta(minutes=5))  # plugged in again later
    assert len(log.read().drives) == 2
