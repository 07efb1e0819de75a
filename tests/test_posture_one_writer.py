"""One writer, no flapping: the posture document keeps, per check, the best-informed
reading, so running the command from outside the desktop (SSH, an agent) never turns a
known status into unknown, and each status change is logged once whoever writes it.

Also ``hygiene device``'s exit codes, which follow the document as written."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import jsonschema
import pytest

from desktop.cli.device import EXIT_UNREAD, exit_code, run_with
from desktop.core.device import DeviceRunner
from desktop.core.device.readings import ScreenLockReading, Unread
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import OUTSIDE, SESSION, most_informed
from desktop.core.posture.store import PostureRecorder, StatusChange
from desktop.platform.posture import reading_context
from tests.device_fakes import Fixed, passing_sources, unread_sources
from tests.posture_helpers import NOW, document, run, schema

VALIDATOR = jsonschema.Draft202012Validator(schema())
POLICY = Policy(malware_products=("clamav-daemon",))


class Log:
    def __init__(self) -> None:
        self.changes: list[tuple[str, str, str]] = []

    def status_changed(self, change: StatusChange, fields: Mapping[str, object]) -> None:
        self.changes.append((change.check_id, change.previous, change.status))


def _doc(lock: object, hours_later: float = 0.0, policy: Policy = POLICY) -> dict[str, object]:
    sources = {**passing_sources(), "screen_lock": Fixed(lock)}
    report = run(sources, policy)
    later = NOW + timedelta(hours=hours_later)
    from desktop.core.posture.document import build_posture
    from tests.posture_helpers import STATE

    return build_posture(
        type(report)(report.findings, later), STATE, "linux", "1.0", generated_at=later
    )


PASSING_LOCK = ScreenLockReading("GNOME", True, 300)
FAILING_LOCK = ScreenLockReading("GNOME", False, None)
NO_DESKTOP = Unread("No desktop session was found")


def test_a_command_run_over_ssh_never_turns_the_tray_apps_result_into_unknown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "posture.json"
    log = Log()
    tray = PostureRecorder(path, sinks=[log], read_in=SESSION)
    ssh = PostureRecorder(path, sinks=[log], read_in=OUTSIDE)
    tray.record(_doc(PASSING_LOCK))
    assert log.changes and all(prev == "" for _c, prev, _s in log.changes)
    log.changes.clear()
    ssh.record(_doc(NO_DESKTOP, hours_later=1))
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert on_disk["screen_lock_status"] == "pass"
    # It still says when the screen lock was really read.
    assert on_disk["screen_lock_checked_at"] == NOW.isoformat(timespec="seconds")
    assert on_disk["unknown_checks"] == 0
    assert log.changes == []
    VALIDATOR.validate(on_disk)
    assert ssh.written == on_disk


def test_a_reading_from_the_session_beats_one_from_outside_while_it_is_fresh(
    tmp_path: Path,
) -> None:
    path = tmp_path / "posture.json"
    log = Log()
    PostureRecorder(path, sinks=[log], read_in=SESSION).record(_doc(PASSING_LOCK))
    log.changes.clear()
    outside = PostureRecorder(path, sinks=[log], read_in=OUTSIDE)
    outside.record(_doc(FAILING_LOCK, hours_later=2))
    assert outside.written["screen_lock_status"] == "pass" and log.changes == []
    # A day later the session reading is stale: the newer one is taken, and logged once.
    outside.record(_doc(FAILING_LOCK, hours_later=25))
    assert outside.written["screen_lock_status"] == "fail"
    assert outside.written["failing_checks"] == 1
    assert log.changes == [("screen_lock", "pass", "fail")]
    outside.record(_doc(FAILING_LOCK, hours_later=26))
    assert log.changes == [("screen_lock", "pass", "fail")]


def test_a_newer_reading_from_the_session_always_replaces_the_earlier_one(tmp_path: Path) -> None:
    path = tmp_path / "posture.json"
    tray = PostureRecorder(path, read_in=SESSION)
    tray.record(_doc(PASSING_LOCK))
    changes = tray.record(_doc(FAILING_LOCK, hours_later=1))
    assert [c.check_id for c in changes] == ["screen_lock"]
    assert tray.written["screen_lock_status"] == "fail"


def test_an_earlier_result_under_another_policy_ask_is_not_kept() -> None:
    earlier = _doc(PASSING_LOCK)
    stricter = Policy(malware_products=("clamav-daemon",), max_lock_minutes=1)
    now, origins = most_informed(_doc(NO_DESKTOP, 1, stricter), earlier, OUTSIDE, {})
    assert now["screen_lock_status"] == "unknown"  # 5 minutes was judged against 15
    assert origins["screen_lock"] == OUTSIDE


def test_status_changes_are_logged_once_when_the_tray_and_the_command_take_turns(
    tmp_path: Path,
) -> None:
    path = tmp_path / "posture.json"
    log = Log()
    tray = PostureRecorder(path, sinks=[log], read_in=SESSION)
    terminal = PostureRecorder(path, sinks=[log], read_in=SESSION)
    tray.record(_doc(PASSING_LOCK))
    log.changes.clear()
    terminal.record(_doc(FAILING_LOCK, 1))
    tray.record(_doc(FAILING_LOCK, 2))  # the tray app learns nothing new
    terminal.record(_doc(FAILING_LOCK, 3))
    assert log.changes == [("screen_lock", "pass", "fail")]


def test_where_a_reading_is_taken_from() -> None:
    desktop = {"XDG_CURRENT_DESKTOP": "GNOME", "WAYLAND_DISPLAY": "wayland-0"}
    assert reading_context("linux", desktop) == SESSION
    assert reading_context("linux", {**desktop, "SSH_CONNECTION": "10.0.0.2 5 10.0.0.1 22"}) == (
        OUTSIDE
    )
    assert reading_context("linux", {"DISPLAY": ":0"}) == OUTSIDE  # ssh -X, no desktop
    assert reading_context("linux", {}) == OUTSIDE
    assert reading_context("windows", {"SESSIONNAME": "Console"}) == SESSION
    assert reading_context("windows", {}) == OUTSIDE  # a service or a scheduled task
    assert reading_context("macos", {"SSH_TTY": "/dev/ttys001"}) == OUTSIDE


# --- exit codes -----------------------------------------------------------------------


def test_exit_0_when_every_required_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    runner = DeviceRunner(passing_sources(), "linux", now=lambda: NOW)
    assert run_with(runner, POLICY, as_json=False) == 0


def test_exit_3_when_a_required_check_could_not_be_read(capsys: pytest.CaptureFixture[str]) -> None:
    sources = {**passing_sources(), "screen_lock": Fixed(NO_DESKTOP)}
    runner = DeviceRunner(sources, "linux", now=lambda: NOW)
    assert run_with(runner, POLICY, as_json=False) == EXIT_UNREAD == 3
    assert "could not" in capsys.readouterr().out
    # Advice only: an unread check does not change the code.
    advice = Policy(malware_products=("clamav-daemon",), device_checks_required=("firewall",))
    assert run_with(runner, advice, as_json=False) == 0


def test_a_failure_outranks_an_unread_check() -> None:
    unread = document(run(unread_sources("x"), POLICY))
    assert exit_code(unread) == 3
    failing = {**unread, "firewall_status": "fail"}
    assert exit_code(failing) == 1


def test_the_command_exits_from_what_it_wrote(tmp_path: Path) -> None:
    """Run over SSH after the tray app read everything: the screen lock is kept, so the
    command does not report it as unread."""
    path = tmp_path / "posture.json"
    PostureRecorder(path, read_in=SESSION).record(_doc(PASSING_LOCK))
    sources = {**passing_sources(), "screen_lock": Fixed(NO_DESKTOP)}
    runner = DeviceRunner(sources, "linux", now=lambda: NOW + timedelta(hours=1))
    recorder = PostureRecorder(path, read_in=OUTSIDE)
    assert run_with(runner, POLICY, True, recorder, lambda: 0, lambda: None) == 0


def test_a_run_that_did_not_look_at_the_password_history_keeps_the_earlier_answer() -> None:
    earlier = {**_doc(PASSING_LOCK), "password_history_available": True}
    later = {**_doc(PASSING_LOCK, 1), "password_history_available": None}
    merged, _origins = most_informed(later, earlier, OUTSIDE, {})
    assert merged["password_history_available"] is True
    looked = {**later, "password_history_available": False}
    assert most_informed(looked, earlier, OUTSIDE, {})[0]["password_history_available"] is False


def test_the_text_shows_what_was_kept_and_when(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "posture.json"
    PostureRecorder(path, read_in=SESSION).record(_doc(FAILING_LOCK))
    sources = {**passing_sources(), "screen_lock": Fixed(NO_DESKTOP)}
    runner = DeviceRunner(sources, "linux", now=lambda: NOW + timedelta(hours=1))
    recorder = PostureRecorder(path, read_in=OUTSIDE)
    assert run_with(runner, POLICY, False, recorder, lambda: 0, lambda: None) == 1
    out = capsys.readouterr().out
    assert "FAIL         Screen locks by itself" in out
    assert "(as read at 14:05 on 2026-03-10)" in out
    assert "How to fix:" in out
