"""The device checks: every status of every check, in the words a person reads, and the
runner's time limit with a source that hangs."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from desktop.core.device import DeviceRunner, DeviceStatus, device_verdict, standard_checks
from desktop.core.device.base import DeviceContext
from desktop.core.device.checks import (
    AutoLoginCheck,
    AutorunCheck,
    DiskEncryptionCheck,
    FirewallCheck,
    GuestAccountCheck,
    InboundBlockedCheck,
    MalwareCheck,
    MalwareSignaturesCheck,
    RemovableMediaCheck,
    ScreenLockCheck,
    UpdatesCheck,
)
from desktop.core.device.drives import DrivesSeen, SeenDrive, drive_notice
from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FirewallReading,
    MalwareReading,
    ProductState,
    RemovableDrive,
    ScreenLockReading,
    Unread,
    UpdatesReading,
)
from desktop.core.device.readings_ce import InboundReading
from desktop.core.kit.unchecked import Reason
from desktop.core.kit.untrusted import shown
from desktop.core.policy.schema import DEVICE_CHECK_IDS, Policy
from tests.device_fakes import Blocking, Fixed, Raising, failing_sources, passing_sources
from tests.loaded import LOADED

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
PASS, FAIL = DeviceStatus.PASS, DeviceStatus.FAIL
UNKNOWN, NA = DeviceStatus.UNKNOWN, DeviceStatus.NOT_APPLICABLE


def ctx(system: str = "linux", **policy: object) -> DeviceContext:
    return DeviceContext(Policy(**policy), system, NOW)  # type: ignore[arg-type]


# ----- screen lock ---------------------------------------------------------------------


def test_screen_lock_within_the_limit_passes_and_says_both_times() -> None:
    f = ScreenLockCheck().evaluate_one(ScreenLockReading("GNOME", True, 300), ctx())
    assert f.status is PASS
    assert f.summary == (
        "Your screen locks 5 minutes after you stop using it. IT asks for 15 minutes or less."
    )
    assert (f.value, f.threshold) == (5, 15)


def test_screen_lock_slower_than_the_policy_fails_with_a_fix_for_that_desktop() -> None:
    f = ScreenLockCheck().evaluate_one(ScreenLockReading("KDE Plasma", True, 1800), ctx())
    assert f.status is FAIL
    assert "locks 30 minutes after" in f.summary
    assert "System Settings > Screen Locking" in f.fix
    assert "15 minutes or less" in f.fix


def test_screen_lock_follows_the_policy_limit() -> None:
    f = ScreenLockCheck().evaluate_one(
        ScreenLockReading("GNOME", True, 600), ctx(max_lock_minutes=5)
    )
    assert f.status is FAIL
    assert "asks for 5 minutes or less" in f.summary


def test_a_screen_that_never_blanks_never_locks() -> None:
    # GNOME idle-delay = 0 means "never": it must not read as "locks at once".
    f = ScreenLockCheck().evaluate_one(ScreenLockReading("GNOME", True, None), ctx())
    assert f.status is FAIL
    assert f.summary.startswith(
        "Your screen is set never to go blank, so it never locks by itself."
    )


def test_locking_switched_off_fails_and_an_admin_value_sends_the_person_to_it() -> None:
    f = ScreenLockCheck().evaluate_one(
        ScreenLockReading("GNOME", False, 300, admin_locked=True), ctx()
    )
    assert f.status is FAIL
    assert f.summary.startswith("Your screen does not lock by itself.")
    assert "only IT can change it" in f.fix


def test_screen_lock_fix_uses_where_the_adapter_says_it_is_set() -> None:
    reading = ScreenLockReading("Windows", True, 3600, how_set="Settings > Accounts")
    f = ScreenLockCheck().evaluate_one(reading, ctx("windows"))
    assert "Open Settings > Accounts" in f.fix
    assert "1 hour after" in f.summary


def test_an_unreadable_desktop_is_unknown_with_its_reason() -> None:
    f = ScreenLockCheck().evaluate_one(Unread("This desktop (Sway) cannot be read"), ctx())
    assert f.status is UNKNOWN
    assert f.summary == "Not checked: this desktop (Sway) cannot be read."


# ----- disk encryption -----------------------------------------------------------------


def test_disk_encryption_pass_fail_and_unknown() -> None:
    check = DiskEncryptionCheck()
    ok = check.evaluate_one(DiskEncryptionReading(True, "BitLocker", "C:"), ctx("windows"))
    assert ok.status is PASS and f"encrypted with {shown('BitLocker')}" in ok.summary
    assert ok.value == "BitLocker"  # IT's document: the name, cleaned but not wrapped
    bad = check.evaluate_one(DiskEncryptionReading(False), ctx("macos"))
    assert bad.status is FAIL and "FileVault" in bad.fix
    assert check.evaluate_one(Unread("Permission denied"), ctx()).status is UNKNOWN
    assert "not be read" not in bad.summary
    # The private device name never reaches what IT collects.
    assert "C:" not in str(ok.as_dict())


# ----- malware -------------------------------------------------------------------------


def test_malware_on_linux_without_named_products_does_not_apply() -> None:
    check = MalwareCheck()
    assert check.not_applicable(ctx("linux"))
    assert not check.not_applicable(ctx("linux", malware_products=("clamav-daemon",)))
    assert not check.not_applicable(ctx("windows"))


@pytest.mark.parametrize(
    ("products", "status", "words"),
    [
        ((ProductState("Microsoft Defender Antivirus", True, True),), PASS, "is on."),
        # Old signatures are the signatures check's failure, not this one's.
        ((ProductState("Sophos", True, False),), PASS, f"{shown('Sophos')} is on."),
        ((ProductState("Microsoft Defender Antivirus", False, True),), FAIL, "switched off"),
        ((), FAIL, "No anti-malware protection was found"),
        (
            (ProductState("XProtect", None),),
            UNKNOWN,
            f"could not tell whether {shown('XProtect')} is on",
        ),
        (
            (ProductState("Microsoft Defender Antivirus", False), ProductState("ESET", True, True)),
            PASS,
            f"{shown('ESET')} is on.",
        ),
        ((ProductState("ClamAV", True),), PASS, f"{shown('ClamAV')} is on."),
        (
            (ProductState("ClamAV", True, signatures_age_days=30),),
            PASS,
            f"{shown('ClamAV')} is on.",
        ),
        ((ProductState("ClamAV", True), ProductState("Sophos", True)), PASS, "are on."),
    ],
)
def test_malware_states(
    products: tuple[ProductState, ...], status: DeviceStatus, words: str
) -> None:
    f = MalwareCheck().evaluate_one(MalwareReading(products), ctx("windows"))
    assert f.status is status
    assert words in f.summary


@pytest.mark.parametrize(
    ("products", "protection", "signatures"),
    [
        # One problem, one failure: on with old signatures fails only the signatures...
        ((ProductState("ClamAV", True, signatures_age_days=30),), PASS, FAIL),
        ((ProductState("Sophos", True, False),), PASS, FAIL),
        # ...switched off with fresh ones fails only "protection on"...
        ((ProductState("ClamAV", False, signatures_age_days=1),), FAIL, PASS),
        # ...and neither known is never a pass.
        ((ProductState("ClamAV", True),), PASS, UNKNOWN),
        ((ProductState("XProtect", None),), UNKNOWN, UNKNOWN),
        ((ProductState("ClamAV", True, signatures_age_days=2),), PASS, PASS),
        ((ProductState("Windows Defender", True, True),), PASS, PASS),
    ],
)
def test_each_anti_malware_check_judges_its_own_fact(
    products: tuple[ProductState, ...], protection: DeviceStatus, signatures: DeviceStatus
) -> None:
    reading = MalwareReading(products)
    assert MalwareCheck().evaluate_one(reading, ctx("windows")).status is protection
    assert MalwareSignaturesCheck().evaluate_one(reading, ctx("windows")).status is signatures


# ----- firewall, updates ---------------------------------------------------------------


def test_firewall_on_off_unknown() -> None:
    check = FirewallCheck()
    assert check.evaluate_one(FirewallReading(True, "firewalld"), ctx()).summary == (
        f"The firewall ({shown('firewalld')}) is on."
    )
    off = check.evaluate_one(FirewallReading(False, "ufw"), ctx())
    assert off.status is FAIL and "(ufw)" in off.fix
    # Plain words for a learner: the product's name, never a command to type.
    assert "sudo" not in off.fix and "systemctl" not in off.fix
    unread = Unread("It cannot be read without administrator rights")
    assert check.evaluate_one(unread, ctx()).status is UNKNOWN


@pytest.mark.parametrize(
    ("reading", "status", "words"),
    [
        (
            UpdatesReading(0, None, True, lists_age_days=0),
            PASS,
            "No security updates are waiting. They install by themselves.",
        ),
        (
            UpdatesReading(2, 3, True, lists_age_days=1),
            PASS,
            "2 security updates are waiting (for 3 days)",
        ),
        (UpdatesReading(2, 20, True), FAIL, "2 security updates waited 20 days"),
        (UpdatesReading(0, None, False), FAIL, "Security updates do not install by themselves"),
        (UpdatesReading(1, None, False), FAIL, "1 security update is waiting. Security updates"),
        # Nothing waiting means nothing when the list of updates was never fetched or is old.
        (UpdatesReading(0, None, True), UNKNOWN, "list of available updates has not been"),
        (UpdatesReading(0, None, True, lists_age_days=40), UNKNOWN, "last fetched 40 days ago"),
        # Waiting for an unknown time is not a pass.
        (
            UpdatesReading(1, None, None, lists_age_days=0),
            UNKNOWN,
            "cannot tell for how long",
        ),
    ],
)
def test_updates_states(reading: UpdatesReading, status: DeviceStatus, words: str) -> None:
    f = UpdatesCheck().evaluate_one(reading, ctx())
    assert f.status is status
    assert words in f.summary


def test_updates_grace_comes_from_the_policy() -> None:
    f = UpdatesCheck().evaluate_one(
        UpdatesReading(1, 5, True, lists_age_days=0), ctx(updates_grace_days=3)
    )
    assert f.status is FAIL
    assert "within 3 days" in f.summary


# ----- sign-in -------------------------------------------------------------------------


def test_auto_login_states_and_a_written_down_password() -> None:
    check = AutoLoginCheck()
    assert check.evaluate_one(AutoLoginReading(False), ctx()).status is PASS
    on = check.evaluate_one(AutoLoginReading(True, source="LightDM"), ctx())
    assert (
        on.status is FAIL and f"(set in {shown('LightDM')})" in on.summary and "LightDM" in on.fix
    )
    written = check.evaluate_one(AutoLoginReading(True, plaintext_password=True), ctx("windows"))
    assert written.status is FAIL
    assert "password is written down" in written.summary
    assert "must be changed" in written.fix
    assert check.evaluate_one(Unread("AccountsService is not running"), ctx()).status is UNKNOWN


def test_guest_account_states() -> None:
    check = GuestAccountCheck()
    assert check.evaluate_one(AutoLoginReading(False, guest_account=None), ctx()).status is NA
    unread = AutoLoginReading(False, guest_account=None, guest_reason="PowerShell did not answer")
    assert check.evaluate_one(unread, ctx()).status is UNKNOWN
    assert check.evaluate_one(AutoLoginReading(False, guest_account=False), ctx()).status is PASS
    on = check.evaluate_one(AutoLoginReading(False, guest_account=True), ctx("macos"))
    assert on.status is FAIL and "Guest User" in on.fix


# ----- removable drives ----------------------------------------------------------------


def _seen(encrypted: bool | None, serial: str = "S1", when: datetime = NOW) -> DrivesSeen:
    drive = RemovableDrive("k" + serial, encrypted, label="WORK", serial=serial)
    return DrivesSeen(True, (SeenDrive(drive, when),))


def test_removable_media_states() -> None:
    check = RemovableMediaCheck()
    assert check.evaluate_one(DrivesSeen(True, ()), ctx()).status is PASS
    bad = check.evaluate_one(_seen(False), ctx())
    assert bad.status is FAIL
    assert bad.summary == "A drive that is not encrypted was plugged in at 14:05."
    listed = ctx(approved_drives=("S9",))
    both = check.evaluate_one(_seen(False), listed)
    assert "is not encrypted and is not on the approved list" in both.summary
    assert check.evaluate_one(_seen(True, "S9"), listed).status is PASS
    assert check.evaluate_one(_seen(None), ctx()).status is UNKNOWN
    assert check.evaluate_one(DrivesSeen(False, ()), ctx()).status is UNKNOWN
    # Yesterday's stick is not held against today.
    yesterday = _seen(False, when=NOW - timedelta(days=1))
    assert check.evaluate_one(yesterday, ctx()).status is PASS
    assert check.not_applicable(ctx(removable_media_notices=False))


def test_an_encrypted_drive_without_an_approved_list_cannot_be_called_approved() -> None:
    check = RemovableMediaCheck()
    unlisted = check.evaluate_one(_seen(True), ctx())
    assert unlisted.status is UNKNOWN
    assert "has not listed approved drives" in unlisted.summary
    assert check.evaluate_one(_seen(None), ctx()).summary.endswith(
        "could not tell if it is encrypted."
    )
    notice = drive_notice(_seen(True).drives[0].drive, Policy(), "linux")
    assert notice.allowed is None and "has not listed approved drives" in notice.text


@pytest.mark.parametrize(
    ("firewall", "inbound", "statuses"),
    [
        # On but letting strangers in: one problem, failed by the inbound check alone.
        (FirewallReading(True, "ufw"), InboundReading(False, "ufw"), (PASS, FAIL)),
        (FirewallReading(True, "ufw"), InboundReading(True, "ufw"), (PASS, PASS)),
        # Off: nothing blocks a stranger either, as the inbound reading says.
        (FirewallReading(False, "ufw"), InboundReading(False, "ufw", "ufw is off"), (FAIL, FAIL)),
        # On, and the inbound default could not be read: never a pass.
        (FirewallReading(True, "firewalld"), Unread("only an administrator"), (PASS, UNKNOWN)),
    ],
)
def test_each_firewall_check_judges_its_own_fact(
    firewall: FirewallReading, inbound: object, statuses: tuple[DeviceStatus, DeviceStatus]
) -> None:
    got = (
        FirewallCheck().evaluate_one(firewall, ctx()).status,
        InboundBlockedCheck().evaluate_one(inbound, ctx()).status,
    )
    assert got == statuses


def test_a_firewall_that_is_not_running_fails() -> None:
    check = FirewallCheck()
    idle = check.evaluate_one(FirewallReading(False, "ufw", configured_on=True), ctx())
    assert idle.status is FAIL and "switched on in its settings" in idle.summary


# ----- the runner ----------------------------------------------------------------------


def test_every_check_has_a_stable_id_known_to_the_policy() -> None:
    ids = [c.check_id for c in standard_checks()]
    assert sorted(ids) == sorted(DEVICE_CHECK_IDS)


def test_a_passing_computer_passes_every_check() -> None:
    runner = DeviceRunner(passing_sources(), "windows", now=lambda: NOW)
    report = runner.run(Policy())
    assert {f.check_id: f.status for f in report.findings} == {
        "screen_lock": PASS,
        "disk_encryption": PASS,
        "malware_protection": PASS,
        "firewall": PASS,
        "updates": PASS,
        "auto_login": PASS,
        "guest_account": PASS,
        "removable_media": PASS,
        "inbound_blocked": PASS,
        "remote_access": PASS,
        "autorun_off": PASS,
        "unlock_attempts": PASS,
        "everyday_account": PASS,
        "no_empty_passwords": PASS,
        "supported_os": PASS,
        "updates_recent": PASS,
        "automatic_updates": PASS,
        "malware_signatures": PASS,
    }
    assert device_verdict(report).status is PASS
    assert report.checked_at == NOW


def test_a_source_still_working_is_not_checked_yet_and_says_so() -> None:
    """A slow search still running: not a pass, and the report says a run soon will know
    (the tray checks again then); an updates service that could not be asked does not."""
    looking = Unread("the update service is still looking for updates", "", Reason.WAITING)
    runner = DeviceRunner(
        {**passing_sources(), "updates": Fixed(looking)}, "linux", now=lambda: NOW
    )
    report = runner.run(Policy())
    assert report.get("updates").status is UNKNOWN  # type: ignore[union-attr]
    assert report.still_reading
    assert device_verdict(report).status is UNKNOWN
    absent = Unread("the update service is not running")
    runner = DeviceRunner({**passing_sources(), "updates": Fixed(absent)}, "linux", now=lambda: NOW)
    assert not runner.run(Policy()).still_reading


def test_a_failing_computer_fails_every_check() -> None:
    runner = DeviceRunner(failing_sources(NOW), "windows", now=lambda: NOW)
    report = runner.run(Policy())
    assert {f.status for f in report.findings} == {FAIL}
    assert device_verdict(report).status is FAIL


def test_advice_only_checks_do_not_count_as_failing() -> None:
    runner = DeviceRunner(failing_sources(NOW), "windows", now=lambda: NOW)
    report = runner.run(Policy(device_checks_required=("screen_lock",)))
    assert report.get("firewall").status is FAIL  # type: ignore[union-attr]
    assert [f.check_id for f in report.findings if f.failing] == ["screen_lock"]


def test_a_missing_source_is_unknown_never_pass() -> None:
    report = DeviceRunner({}, "macos", now=lambda: NOW).run(Policy())
    for f in report.findings:
        if f.check_id == AutorunCheck.check_id:  # macOS runs nothing from a drive by itself
            assert f.status is NA
            continue
        assert f.status is UNKNOWN, f
        assert f.summary.startswith("Not checked:")


def test_permission_denied_and_a_raising_source_are_unknown() -> None:
    sources = {
        "firewall": Fixed(Unread("It cannot be read without administrator rights", "EACCES")),
        "disk_encryption": Raising(),
    }
    report = DeviceRunner(sources, "linux").run(Policy())
    fw, disk = report.get("firewall"), report.get("disk_encryption")
    assert fw is not None and fw.status is UNKNOWN
    assert "administrator rights" in fw.summary and fw.detail == "EACCES"
    assert disk is not None and disk.status is UNKNOWN
    assert disk.summary == "Not checked: the app could not read it."


def test_a_hung_source_gives_unknown_in_time_and_is_not_started_twice() -> None:
    hung = Blocking()
    sources = {**passing_sources(), "firewall": hung}
    runner = DeviceRunner(sources, "linux", timeout=0.2)
    try:
        start = time.monotonic()
        report = runner.run(Policy())
        took = time.monotonic() - start
        fw = report.get("firewall")
        assert fw is not None and fw.status is UNKNOWN
        assert "did not answer within 0.2 seconds" in fw.summary
        assert report.get("screen_lock").status is PASS  # type: ignore[union-attr]
        assert took < 0.2 + LOADED  # the source blocks until the test lets it go
        again = runner.run(Policy()).get("firewall")
        assert again is not None and "still not answered" in again.summary
        assert hung.calls == 1
    finally:
        hung.release.set()
    time.sleep(0.05)
    third = runner.run(Policy()).get("firewall")
    assert third is not None and third.status is PASS


def test_sources_are_read_at_the_same_time() -> None:
    ids = ("screen_lock", "disk_encryption", "firewall", "updates", "auto_login")
    # Each read waits until all five are under way: read one after another, the first
    # would give up and every check would be unknown.
    together = threading.Barrier(len(ids), timeout=LOADED)
    met: list[int] = []

    class Together:
        def read(self) -> object:
            met.append(together.wait())  # raises BrokenBarrierError when left alone
            return FirewallReading(True, "ufw")

    DeviceRunner({i: Together() for i in ids}, "linux", timeout=2 * LOADED).run(Policy())
    assert sorted(met) == list(range(len(ids)))


def test_json_form_has_only_the_shared_fields() -> None:
    report = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW).run(Policy())
    doc = report.as_dict()
    assert doc["schema"] == 1 and doc["generated_at"] == "2026-03-10T14:05:00+00:00"
    for item in doc["checks"]:  # type: ignore[attr-defined]
        assert set(item) == {"id", "status", "summary", "fix", "value", "threshold", "reason"}
        # Why a check could not be read is a code; a failing check was read.
        assert item["reason"] == ""
    # The drive's private label and serial are not in what IT collects.
    assert "AA00112233" not in str(doc) and "HOLIDAY" not in str(doc)


def test_the_device_core_imports_without_qt() -> None:
    code = (
        "import sys, desktop.core.device, desktop.core.device.runner, desktop.core.device.grace;"
        "assert 'PySide6' not in sys.modules and 'desktop.platform' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_reads_page_has_a_line_for_every_check() -> None:
    from desktop.core.device import honesty

    assert sorted(i for i, _text in honesty.READS) == sorted(DEVICE_CHECK_IDS)


def test_the_signatures_age_limit_comes_from_the_policy() -> None:
    check = MalwareSignaturesCheck()
    ten_days = MalwareReading((ProductState("ClamAV", True, signatures_age_days=10),))
    # The default allows a week: ten-day-old signatures are out of date.
    assert check.evaluate_one(ten_days, ctx(malware_products=("clamav",))).status is FAIL
    lenient = ctx(malware_products=("clamav",), malware_signatures_max_age_days=14)
    assert check.evaluate_one(ten_days, lenient).status is PASS
    assert "at most 14 days old" in check.expects(lenient.policy)


def test_the_update_list_age_limit_comes_from_the_policy() -> None:
    check = UpdatesCheck()
    five_days = UpdatesReading(0, None, True, lists_age_days=5)
    assert check.evaluate_one(five_days, ctx()).status is UNKNOWN  # the default is 3 days
    assert check.evaluate_one(five_days, ctx(updates_lists_max_age_days=7)).status is PASS
