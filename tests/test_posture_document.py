"""The posture document: valid against its published schema for every status of every
check, statuses only (marker values never reach it or its mirrors), and written where
each system keeps a person's state."""

from __future__ import annotations

import json
import os
import plistlib
from collections.abc import Mapping
from pathlib import Path

import jsonschema
import pytest

from desktop.core.device import DeviceStatus
from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    MalwareReading,
    ProductState,
    RemovableDrive,
    ScreenLockReading,
    Unread,
    UpdatesReading,
)
from desktop.core.history import PasswordHistory
from desktop.core.history.store import MemoryStore
from desktop.core.policy.schema import DEVICE_CHECK_IDS, Policy
from desktop.core.posture.document import AppState, flat_fields
from desktop.core.posture.fields import FIELDS
from desktop.core.posture.state import gather_state, history_available, publish
from desktop.core.posture.store import PostureRecorder, StatusChange, posture_path
from desktop.platform.posture.eventlog import EventLogSink
from desktop.platform.posture.journald import encode, record_fields
from desktop.platform.posture.plist import PlistMirror
from desktop.platform.posture.registry import RegistryMirror
from tests.device_fakes import Fixed, drive_log
from tests.posture_helpers import (
    NOW,
    STATE,
    document,
    every_status_report,
    real_reports,
    run,
    schema,
)
from tests.test_posture_mirrors import FakeAdvapi32, FakeWinreg

VALIDATOR = jsonschema.Draft202012Validator(schema())


def test_the_published_schema_is_itself_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("status", list(DeviceStatus))
@pytest.mark.parametrize("required", [True, False])
def test_every_status_of_every_check_validates(status: DeviceStatus, required: bool) -> None:
    doc = document(every_status_report(status, required))
    VALIDATOR.validate(doc)
    for check in DEVICE_CHECK_IDS:
        assert doc[f"{check}_status"] == status.value
        meets = not required or status in (DeviceStatus.PASS, DeviceStatus.NOT_APPLICABLE)
        assert doc[f"{check}_compliant"] is meets


@pytest.mark.parametrize("name", ["passing", "failing", "unknown", "not_applicable", "advice_only"])
def test_documents_from_real_checks_validate(name: str) -> None:
    doc = document(real_reports()[name])
    VALIDATOR.validate(doc)
    assert list(doc)[:-1] == [f.name for f in FIELDS if not f.optional]
    assert list(doc)[-1] == "checks"


def test_real_runs_cover_the_statuses_people_will_meet() -> None:
    docs = {name: document(r) for name, r in real_reports().items()}
    assert docs["passing"]["failing_checks"] == 0
    assert docs["failing"]["screen_lock_status"] == "fail"
    assert docs["failing"]["screen_lock_value"] == 30
    assert docs["failing"]["screen_lock_threshold"] == 15
    assert docs["failing"]["screen_lock_compliant"] is False
    # Unknown is never compliant, and never counted as failing either.
    assert docs["unknown"]["firewall_status"] == "unknown"
    assert docs["unknown"]["firewall_compliant"] is False
    assert docs["unknown"]["unknown_checks"] >= 6
    assert docs["not_applicable"]["removable_media_status"] == "not_applicable"
    assert docs["not_applicable"]["removable_media_compliant"] is True
    assert docs["advice_only"]["failing_checks"] == 0
    assert docs["advice_only"]["firewall_compliant"] is True


def test_a_document_that_breaks_the_schema_is_caught() -> None:
    doc = document(real_reports()["passing"])
    for broken in (
        {**doc, "screen_lock_status": "passed"},
        {**doc, "left_behind": "x"},
        {k: v for k, v in doc.items() if k != "firewall_status"},
        {**doc, "generated_at": "yesterday"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            VALIDATOR.validate(broken)


def test_the_weekly_lock_count_is_shared_only_when_the_policy_says_so() -> None:
    report = real_reports()["passing"]
    off = gather_state(Policy(), left_unlocked=lambda: 4)
    on = gather_state(Policy(share_lock_counts=True, policy_version="v7"), left_unlocked=lambda: 4)
    assert "left_unlocked_this_week" not in document(report, off)
    shared = document(report, on)
    VALIDATOR.validate(shared)
    assert shared["left_unlocked_this_week"] == 4
    assert shared["share_lock_counts"] is True and shared["policy_version"] == "v7"


def test_history_availability_is_read_not_guessed() -> None:
    from desktop.core.history.errors import StoreUnavailable

    def locked() -> object:
        raise StoreUnavailable("the keyring is locked")

    assert history_available(MemoryStore().read) is True
    assert history_available(locked) is False
    assert gather_state(Policy(), history_read=locked).password_history_available is False
    assert gather_state(Policy()).password_history_available is None


# --- statuses only --------------------------------------------------------------------

MARKERS = (
    "MARKERLABEL",
    "MARKERSERIAL",
    "MARKERDEVICE",
    "MARKERDETAIL",
    "MARKERWORD",
    "MARKERPASSWORD",
    "MARKERKEY",
    "MARKERVENDOR",
)


def marker_sources() -> dict[str, object]:
    stick = RemovableDrive(
        "/org/freedesktop/UDisks2/block_devices/MARKERKEY",
        False,
        label="MARKERLABEL",
        serial="MARKERSERIAL",
        vendor="MARKERVENDOR",
        model="MARKERVENDOR",
    )
    return {
        "screen_lock": Fixed(ScreenLockReading("GNOME", True, 1800, how_set="Settings")),
        "disk_encryption": Fixed(DiskEncryptionReading(False, "", "/dev/MARKERDEVICE")),
        "malware_protection": Fixed(MalwareReading((ProductState("ClamAV", True, True),))),
        "firewall": Fixed(Unread("the firewall could not be read", "MARKERDETAIL")),
        "updates": Fixed(UpdatesReading(0, None, True)),
        "auto_login": Fixed(AutoLoginReading(False, guest_account=False, source="GDM")),
        "removable_media": drive_log((stick, NOW)),
    }


def test_no_secret_label_serial_or_personal_word_reaches_the_document_or_any_mirror(
    tmp_path: Path,
) -> None:
    # The personal word and approved serial are in the policy; a password is in the history.
    policy = Policy(
        org_words=("markerword",),
        approved_drives=("MARKERSERIAL-OTHER",),
        malware_products=("clamav-daemon",),
        share_lock_counts=True,
    )
    history = PasswordHistory(MemoryStore(), 5)
    history.add_password("MARKERPASSWORD-Winter2026!")
    report = run(marker_sources(), policy)
    assert report.get("removable_media").status is DeviceStatus.FAIL  # the stick was seen
    state = gather_state(policy, left_unlocked=lambda: 2, history_read=history.store.read)
    winreg, advapi = FakeWinreg(), FakeAdvapi32()
    sent: list[bytes] = []

    class CapturingJournal:
        def status_changed(self, change: StatusChange, fields: Mapping[str, object]) -> None:
            sent.append(encode(record_fields(change, fields)))  # type: ignore[arg-type]

    recorder = PostureRecorder(
        tmp_path / "posture.json",
        [RegistryMirror(winreg), PlistMirror(tmp_path / "posture.plist")],  # type: ignore[arg-type]
        [CapturingJournal(), EventLogSink(advapi)],  # type: ignore[arg-type]
    )
    doc, changes = publish(recorder, report, state, "linux", "0.1.0")
    assert changes and not recorder.problems
    everything = "\n".join(
        [
            json.dumps(doc),
            # Every file written beside the document: posture.json, the plist, the
            # collectors' file of one line per check, the app's own notes.
            *(p.read_bytes().decode("utf-8", "replace") for p in sorted(tmp_path.iterdir())),
            repr(winreg.calls),
            repr(advapi.calls),
            b"".join(sent).decode("utf-8", "replace"),
        ]
    ).upper()
    for marker in MARKERS:
        assert marker not in everything, marker
    assert "WINTER2026" not in everything
    VALIDATOR.validate(doc)
    assert doc["password_history_available"] is True


def test_only_plain_scalars_reach_the_flat_fields() -> None:
    doc = document(every_status_report(DeviceStatus.PASS))
    for name, value in flat_fields(doc).items():
        assert value is None or isinstance(value, bool | int | str), name


# --- where and how it is written ------------------------------------------------------


def test_where_each_system_keeps_the_document(tmp_path: Path) -> None:
    home = tmp_path / "home"
    linux = posture_path("linux", {}, home)
    assert linux == home / ".local/state/hygiene-helper/posture.json"
    assert posture_path("linux", {"XDG_STATE_HOME": "/srv/st"}, home) == Path(
        "/srv/st/hygiene-helper/posture.json"
    )
    # A relative XDG value is invalid by the spec and ignored.
    assert posture_path("linux", {"XDG_STATE_HOME": "rel"}, home) == linux
    assert posture_path("windows", {"LOCALAPPDATA": r"C:\Users\ann\AppData\Local"}, home) == (
        Path(r"C:\Users\ann\AppData\Local") / "HygieneHelper" / "posture.json"
    )
    assert posture_path("macos", {}, home) == (
        home / "Library/Application Support/HygieneHelper/posture.json"
    )


def test_written_atomically_as_one_line_and_readable_by_collectors(tmp_path: Path) -> None:
    path = tmp_path / "state" / "posture.json"
    recorder = PostureRecorder(path)
    first = document(real_reports()["failing"])
    recorder.record(first)
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == 1 and json.loads(text) == first
    assert os.stat(path).st_mode & 0o777 == 0o644
    recorder.record(document(real_reports()["passing"]))
    assert json.loads(path.read_text(encoding="utf-8"))["failing_checks"] == 0
    # No temporary file is left; beside the document only the app's own lock, its note
    # of where each reading was taken and the collectors' file of one line per check.
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".posture-read-in.json",
        ".posture.lock",
        "posture-checks.jsonl",
        "posture.json",
    ]


def test_changes_are_logged_once_each_and_a_broken_mirror_stops_nothing(tmp_path: Path) -> None:
    logged: list[tuple[str, str, str]] = []

    class Log:
        def status_changed(self, change: StatusChange, fields: Mapping[str, object]) -> None:
            logged.append((change.check_id, change.previous, change.status))

    class Broken:
        def publish(self, fields: Mapping[str, object]) -> None:
            raise PermissionError("no")

    plist = tmp_path / "posture.plist"
    recorder = PostureRecorder(
        tmp_path / "posture.json",
        [Broken(), PlistMirror(plist)],  # type: ignore[list-item]
        [Log()],  # type: ignore[list-item]
    )
    recorder.record(document(real_reports()["passing"]))
    assert len(logged) == len(DEVICE_CHECK_IDS) and all(p == "" for _c, p, _s in logged)
    assert recorder.problems == ["Broken: PermissionError"]
    assert plistlib.loads(plist.read_bytes())["firewall_status"] == "pass"
    logged.clear()
    recorder.record(document(real_reports()["passing"]))
    assert logged == []  # nothing changed, nothing logged
    recorder.record(document(real_reports()["failing"]))
    assert ("firewall", "pass", "fail") in logged
    # A new recorder (the app restarted) compares with the document on disk.
    logged.clear()
    again = PostureRecorder(tmp_path / "posture.json", sinks=[Log()])  # type: ignore[list-item]
    again.record(document(real_reports()["failing"]))
    assert logged == []


def test_app_state_defaults_say_nothing_was_looked_at() -> None:
    assert AppState(reminders_enabled=False).password_history_available is None
    assert document(real_reports()["passing"], STATE)["policy_version"] == "2026-03"


def test_the_history_check_never_reads_a_secret_and_says_no_without_a_keyring(
    tmp_path: Path,
) -> None:
    from desktop.core.history.errors import StoreUnavailable
    from desktop.core.kit.paths import UserPaths
    from desktop.core.settings import UserSettings
    from desktop.wiring import Services

    # The app's own keyring, chosen from the environment the root was given.
    built = Services(
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        paths=UserPaths.under(tmp_path),
        settings=UserSettings(tmp_path / "settings.json"),
        readers=(),
        system_policy=tmp_path / "none.toml",
    )
    with pytest.raises(StoreUnavailable):
        built.history_probe()
    assert (
        gather_state(Policy(), history_read=built.history_probe).password_history_available is False
    )


def test_the_command_line_keeps_the_tray_apps_drive_result(tmp_path: Path) -> None:
    from desktop.core.posture.document import carry_over
    from tests.device_fakes import failing_sources, unread_sources

    policy = Policy(malware_products=("clamav-daemon",))
    app_doc = document(run(failing_sources(NOW), policy))
    assert app_doc["removable_media_status"] == "fail"
    cli_report = run(
        {**failing_sources(NOW), "removable_media": unread_sources("x")["removable_media"]},
        policy,
    )
    cli_doc = document(cli_report)
    assert cli_doc["removable_media_status"] == "unknown"
    kept = carry_over(cli_doc, app_doc, "removable_media")
    VALIDATOR.validate(kept)
    for part in ("status", "value", "threshold", "compliant", "checked_at"):
        assert kept[f"removable_media_{part}"] == app_doc[f"removable_media_{part}"]
    assert kept["failing_checks"] == app_doc["failing_checks"]
    assert kept["unknown_checks"] == app_doc["unknown_checks"]
    assert [c for c in kept["checks"] if c["id"] == "removable_media"] == [  # type: ignore[union-attr]
        c
        for c in app_doc["checks"]  # type: ignore[union-attr]
        if c["id"] == "removable_media"
    ]
    # Nothing to keep (no earlier document, or one of another layout): unknown stays.
    assert carry_over(cli_doc, {}, "removable_media") == cli_doc
    assert carry_over(cli_doc, {**app_doc, "schema": 2}, "removable_media") == cli_doc


def test_hygiene_device_prints_and_writes_without_flipping_the_drive_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli.device import run_with
    from desktop.core.device import DeviceRunner
    from tests.device_fakes import failing_sources, unread_sources

    logged: list[str] = []

    class Log:
        def status_changed(self, change: StatusChange, fields: Mapping[str, object]) -> None:
            logged.append(change.check_id)

    policy = Policy(malware_products=("clamav-daemon",))
    path = tmp_path / "posture.json"
    PostureRecorder(path).record(document(run(failing_sources(NOW), policy)))
    sources = {**failing_sources(NOW), "removable_media": unread_sources("x")["removable_media"]}
    runner = DeviceRunner(sources, "linux", now=lambda: NOW)  # type: ignore[arg-type]
    recorder = PostureRecorder(path, sinks=[Log()])  # type: ignore[list-item]
    assert run_with(runner, policy, True, recorder, lambda: 0, lambda: None) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(path.read_text(encoding="utf-8"))
    assert printed["removable_media_status"] == "fail" and logged == []
    VALIDATOR.validate(printed)
