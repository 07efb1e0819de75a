"""macOS device adapters at their boundary: outputs recorded on macOS 14 Sonoma and 15
Sequoia (``sysadminctl``, ``pmset``, ``defaults``, ``fdesetup``, ``socketfilterfw``,
``spctl``, ``softwareupdate``) and the plists they read. The formats are pinned here; the
adapters were not run on a Mac in this test suite."""

from __future__ import annotations

import plistlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.core.device import DeviceStatus
from desktop.core.device.base import DeviceContext
from desktop.core.device.checks import MalwareCheck, MalwareSignaturesCheck
from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FirewallReading,
    MalwareReading,
    ProductState,
    ScreenLockReading,
    Unread,
    UpdatesReading,
)
from desktop.core.kit import i18n
from desktop.core.kit.untrusted import shown
from desktop.core.policy.schema import Policy
from desktop.platform.device.commands import Output
from desktop.platform.device.macos.sources import (
    KCPASSWORD,
    LOGINWINDOW_PLIST,
    SOFTWARE_UPDATE_PLIST,
    XPROTECT_PLISTS,
    FileVaultSource,
    MacAutoLoginSource,
    MacFirewallSource,
    MacMalwareSource,
    MacScreenLockSource,
    MacUpdatesSource,
    display_sleep_seconds,
    lock_delay_seconds,
    read_install_history,
    read_plist,
)

PASS, FAIL, UNKNOWN = DeviceStatus.PASS, DeviceStatus.FAIL, DeviceStatus.UNKNOWN
MAC = DeviceContext(Policy(), "macos", datetime(2026, 12, 7, tzinfo=UTC))

PMSET = """\
Battery Power:
 lidwake              1
 lowpowermode         0
 standby              1
 ttyskeepawake        1
 hibernatemode        3
 powernap             0
 hibernatefile        /var/vm/sleepimage
 displaysleep         2
 womp                 0
 networkoversleep     0
 sleep                1
 tcpkeepalive         1
 halfdim              1
 acwake               0
 disksleep            10
AC Power:
 lidwake              1
 lowpowermode         0
 standby              1
 ttyskeepawake        1
 hibernatemode        3
 powernap             1
 hibernatefile        /var/vm/sleepimage
 displaysleep         10
 womp                 1
 networkoversleep     0
 sleep                1
 tcpkeepalive         1
 halfdim              1
 acwake               0
 disksleep            10
"""
LOCK_IMMEDIATE = "2024-11-04 10:12:33.512 sysadminctl[8812:215573] screenLock delay is immediate\n"
LOCK_DELAY = "2024-11-04 10:12:33.512 sysadminctl[8812:215573] screenLock delay is 300 seconds\n"
LOCK_OFF = "2024-11-04 10:12:33.512 sysadminctl[8812:215573] screenLock is off\n"


class Commands:
    def __init__(self, answers: dict[str, Output | Unread]) -> None:
        self.answers = answers

    def __call__(self, argv: Sequence[str]) -> Output | Unread:
        line = " ".join(argv)
        for word, answer in self.answers.items():
            if word in line:
                return answer
        return Unread("not recorded", line)


def session(lock: str = LOCK_IMMEDIATE, idle: str = "600\n", pmset: str = PMSET) -> Commands:
    return Commands(
        {
            "sysadminctl": Output(0, "", lock),  # sysadminctl reports on stderr
            "pmset": Output(0, pmset),
            "idleTime": Output(0, idle),
        }
    )


def test_recorded_formats_are_pinned() -> None:
    assert display_sleep_seconds(PMSET) == 600  # the longer of battery (2) and AC (10)
    assert lock_delay_seconds(LOCK_IMMEDIATE) == 0
    assert lock_delay_seconds(LOCK_DELAY) == 300
    assert lock_delay_seconds(LOCK_OFF) is None
    with pytest.raises(ValueError):
        lock_delay_seconds("sysadminctl: unrecognised option")


def test_screen_saver_first_then_the_lock_delay() -> None:
    assert MacScreenLockSource(session(idle="300\n")).read() == ScreenLockReading(
        "macOS", True, 300
    )
    delayed = MacScreenLockSource(session(LOCK_DELAY, idle="300\n")).read()
    assert delayed == ScreenLockReading("macOS", True, 600)


def test_display_sleep_when_it_comes_before_the_screen_saver() -> None:
    assert MacScreenLockSource(session(idle="0\n")).read() == ScreenLockReading("macOS", True, 600)


def test_unset_screen_saver_uses_the_default_of_twenty_minutes() -> None:
    commands = session(pmset=PMSET.replace("displaysleep         10", "displaysleep         0"))
    commands.answers["idleTime"] = Output(
        1, "", "The domain/default pair of (com.apple.screensaver, idleTime) does not exist\n"
    )
    assert MacScreenLockSource(commands).read() == ScreenLockReading("macOS", True, 1200)


def test_never_sleeping_and_no_screen_saver_never_locks() -> None:
    never = PMSET.replace("displaysleep         10", "displaysleep         0")
    assert MacScreenLockSource(session(idle="0\n", pmset=never)).read() == ScreenLockReading(
        "macOS", True, None
    )


def test_screen_lock_off_and_unreadable() -> None:
    assert MacScreenLockSource(session(LOCK_OFF)).read() == ScreenLockReading("macOS", False, None)
    missing = Commands({"sysadminctl": Unread("sysadminctl is not on this computer", "ENOENT")})
    assert isinstance(MacScreenLockSource(missing).read(), Unread)
    odd = MacScreenLockSource(session("usage: sysadminctl ..."))
    assert isinstance(odd.read(), Unread)


@pytest.mark.parametrize(
    ("out", "expected"),
    [
        ("FileVault is On.\n", DiskEncryptionReading(True, "FileVault", "/")),
        ("FileVault is Off.\n", DiskEncryptionReading(False, "", "/")),
        (
            "FileVault is Off, but will be enabled after the next restart.\n",
            DiskEncryptionReading(False, "", "/"),
        ),
        (
            "FileVault is On.\nEncryption in progress: Percent completed = 42.1\n",
            DiskEncryptionReading(True, "FileVault", "/"),
        ),
    ],
)
def test_fdesetup_status(out: str, expected: DiskEncryptionReading) -> None:
    assert FileVaultSource(Commands({"fdesetup": Output(0, out)})).read() == expected


@pytest.mark.parametrize(
    ("out", "active"),
    [
        ("Firewall is enabled. (State = 1)\n", True),
        ("Firewall is blocking all non-essential incoming connections. (State = 2)\n", True),
        ("Firewall is disabled. (State = 0)\n", False),
    ],
)
def test_socketfilterfw_global_state(out: str, active: bool) -> None:
    source = MacFirewallSource(Commands({"socketfilterfw": Output(0, out)}))
    assert source.read() == FirewallReading(active, "macOS firewall")


def test_firewall_unrecognised_output_is_unread() -> None:
    source = MacFirewallSource(Commands({"socketfilterfw": Output(0, "Usage: ...")}))
    assert isinstance(source.read(), Unread)


def plists(files: dict[Path, dict[str, Any] | None]) -> Any:
    def read(path: Path) -> dict[str, Any] | None:
        return files.get(path)

    return read


XPROTECT = {"CFBundleShortVersionString": "5284", "CFBundleIdentifier": "com.apple.XProtect"}
SOFTWARE_UPDATE = {
    "AutomaticCheckEnabled": True,
    "AutomaticDownload": True,
    "ConfigDataInstall": True,
    "CriticalUpdateInstall": True,
    "LastRecommendedUpdatesAvailable": 1,
    "LastSuccessfulDate": "2024-11-03T08:41:12Z",
    "RecommendedUpdates": [
        {
            "Display Name": "macOS Sequoia 15.1.1",
            "Display Version": "15.1.1",
            "Identifier": "MSU_UPDATE_24B91_patch_15.1.1_minor",
            "Product Key": "MSU_UPDATE_24B91_patch_15.1.1_minor",
        }
    ],
}


NO_RECORD = "this Mac keeps no record of installed updates the app can read"


def test_xprotect_and_gatekeeper() -> None:
    files = plists({XPROTECT_PLISTS[0]: XPROTECT, SOFTWARE_UPDATE_PLIST: SOFTWARE_UPDATE})
    history = Path("/nonexistent/InstallHistory.plist")
    on = MacMalwareSource(ON, files, history=history)
    reading = on.read()
    assert not isinstance(reading, Unread)
    assert reading.products == (
        ProductState("XProtect", True, age_unread=NO_RECORD),
        ProductState("Gatekeeper", True),
    )
    spctl_off = Commands({"spctl": Output(0, "assessments disabled\n")})
    off = MacMalwareSource(spctl_off, files, history=history).read()
    assert not isinstance(off, Unread) and off.products[1] == ProductState("Gatekeeper", False)


def test_software_update_settings_and_what_the_last_check_found() -> None:
    files = plists({SOFTWARE_UPDATE_PLIST: SOFTWARE_UPDATE})
    schedule = Commands(
        {"softwareupdate": Output(0, "Automatic checking for updates is turned on\n")}
    )
    day_after = lambda: datetime(2024, 11, 3, 20, 0, tzinfo=UTC)  # noqa: E731
    assert MacUpdatesSource(schedule, files, day_after).read() == UpdatesReading(
        1, None, True, lists_age_days=0
    )
    off = Commands({"softwareupdate": Output(0, "Automatic check is off\n")})
    later = lambda: datetime(2024, 11, 13, 9, 0, tzinfo=UTC)  # noqa: E731
    assert MacUpdatesSource(off, files, later).read() == UpdatesReading(
        1, None, False, lists_age_days=10
    )
    assert isinstance(MacUpdatesSource(schedule, plists({})).read(), Unread)


def test_auto_login_user_kcpassword_and_guest() -> None:
    files = plists({LOGINWINDOW_PLIST: {"autoLoginUser": "sam", "GuestEnabled": True}})
    got = MacAutoLoginSource(files, lambda p: p == KCPASSWORD).read()
    assert got == AutoLoginReading(True, True, True, "login window")
    plain = MacAutoLoginSource(
        plists({LOGINWINDOW_PLIST: {"GuestEnabled": False}}), lambda p: False
    )
    assert plain.read() == AutoLoginReading(False, False, False, "login window")


def test_read_plist_handles_binary_damaged_and_missing(tmp_path: Path) -> None:
    good = tmp_path / "a.plist"
    good.write_bytes(plistlib.dumps({"autoLoginUser": "sam"}, fmt=plistlib.FMT_BINARY))
    assert read_plist(good) == {"autoLoginUser": "sam"}
    bad = tmp_path / "b.plist"
    bad.write_bytes(b"bplist00garbage")
    assert read_plist(bad) == {}
    assert read_plist(tmp_path / "none.plist") is None


# ----- XProtect's list of threats: how old it is, from the install history -----------

# The install history as macOS writes it (an XML property list: ``date``,
# ``displayName``, ``displayVersion``, ``packageIdentifiers``, ``processName``,
# ``contentType`` for background security data), with the names Software Update gives
# XProtect's list of threats (XProtectPlistConfigData), its iCloud updates on macOS 15
# and later (XProtectCloudKitUpdate, whose ``processName`` is not relied on) and XProtect
# Remediator (XProtectPayloads). Built to that published shape, not copied from a Mac:
# no Mac runs in this suite.
INSTALL_HISTORY_FILE = Path(__file__).parent / "data/macos/InstallHistory.plist"
ON = Commands({"spctl": Output(0, "assessments enabled\n")})


def _xprotect(when: datetime, history: Path = INSTALL_HISTORY_FILE) -> ProductState:
    files = plists({XPROTECT_PLISTS[0]: XPROTECT})
    reading = MacMalwareSource(ON, files, lambda: when, history).read()
    assert not isinstance(reading, Unread)
    return reading.products[0]


def _signatures(product: ProductState) -> tuple[DeviceStatus, str]:
    reading = MalwareReading((product, ProductState("Gatekeeper", True)))
    finding = MalwareSignaturesCheck().evaluate_one(reading, MAC)
    return finding.status, finding.summary


def test_the_install_history_file_has_the_shape_macos_writes() -> None:
    items = read_install_history(INSTALL_HISTORY_FILE)
    assert not isinstance(items, Unread) and len(items) == 6
    assert all(isinstance(i["date"], datetime) and i["displayName"] for i in items)


def test_xprotect_age_counts_from_its_newest_list_of_threats() -> None:
    """The iCloud update of 26 November is the newest list of threats; XProtect
    Remediator's update of 3 December is its scanner, not its list, so it does not count."""
    two_days = _xprotect(datetime(2026, 11, 28, 22, 0, tzinfo=UTC))
    assert two_days == ProductState("XProtect", True, signatures_age_days=2)
    assert _signatures(two_days) == (
        PASS,
        f"{shown('XProtect')} updated its list of threats 2 days ago.",
    )
    later = _xprotect(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert later.signatures_age_days == 10
    status, said = _signatures(later)
    assert status is FAIL and "10 days ago" in said and "at most 7 days" in said
    # One fact, one failure: XProtect itself is still on.
    on = MalwareCheck().evaluate_one(MalwareReading((later, ProductState("Gatekeeper", True))), MAC)
    assert on.status is PASS


def test_software_update_alone_dates_the_list_before_macos_15(tmp_path: Path) -> None:
    items = read_install_history(INSTALL_HISTORY_FILE)
    assert not isinstance(items, Unread)
    older = [i for i in items if i["displayName"] != "XProtectCloudKitUpdate"]
    history = tmp_path / "InstallHistory.plist"
    history.write_bytes(plistlib.dumps(older))
    product = _xprotect(datetime(2026, 11, 21, 8, 0, tzinfo=UTC), history)
    assert product.signatures_age_days == 1


def test_xprotect_age_without_a_readable_record_is_not_checked_with_its_reason(
    tmp_path: Path,
) -> None:
    when = datetime(2026, 12, 7, tzinfo=UTC)
    absent = _xprotect(when, tmp_path / "none.plist")
    assert absent.signatures_age_days is None and absent.enabled is True
    assert _signatures(absent) == (
        UNKNOWN,
        "Not checked: this Mac keeps no record of installed updates the app can read.",
    )
    broken = tmp_path / "broken.plist"
    broken.write_bytes(b"<?xml version='1.0'?><plist><array><dict><key>date")
    assert _signatures(_xprotect(when, broken))[1] == (
        "Not checked: the record of installed updates could not be read."
    )
    unrelated = tmp_path / "other.plist"
    unrelated.write_bytes(
        plistlib.dumps([{"date": datetime(2026, 12, 1), "displayName": "XProtectPayloads"}])
    )
    status, said = _signatures(_xprotect(when, unrelated))
    assert status is UNKNOWN and "holds no update of XProtect's list of threats" in said


def test_why_xprotect_s_age_is_unknown_is_told_in_the_sentence_s_language() -> None:
    # Read while the screen is in Welsh, the reason stays unmade (English), so IT's copy
    # can say it in the organisation's language and the screen in the person's.
    files = plists({XPROTECT_PLISTS[0]: XPROTECT})
    with i18n.speaking(i18n.load("cy")):
        reading = MacMalwareSource(ON, files, history=Path("/nonexistent/x.plist")).read()
        assert not isinstance(reading, Unread)
        welsh = _signatures(reading.products[0])
    assert reading.products[0].age_unread == NO_RECORD
    english = _signatures(reading.products[0])
    assert english == (DeviceStatus.UNKNOWN, f"Not checked: {NO_RECORD}.")
    assert welsh[0] is DeviceStatus.UNKNOWN and NO_RECORD not in welsh[1]
