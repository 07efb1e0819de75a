"""Windows device adapters at their boundary: recorded registry values, ``powercfg``
output and the JSON the PowerShell scripts print on Windows 11 23H2. The formats are
pinned here; the adapters were not run on Windows in this test suite."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

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
from desktop.core.policy.schema import Policy
from desktop.platform.device.commands import Output
from desktop.platform.device.windows.facts import (
    HEALTH_GOOD,
    HEALTH_NOTMONITORED,
    HEALTH_POOR,
    BitLockerSource,
    WindowsAutoLoginSource,
    WindowsFirewallSource,
    WindowsMalwareSource,
)
from desktop.platform.device.windows.registry import DictValues
from desktop.platform.device.windows.screen_lock import WindowsScreenLockSource, powercfg_ac_dc
from desktop.platform.device.windows.updates import WindowsUpdatesSource

# powercfg /query SCHEME_CURRENT SUB_VIDEO VIDEOIDLE (Windows 11 23H2, Balanced plan)
VIDEOIDLE = """\
Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)
  GUID Alias: SCHEME_BALANCED
  Subgroup GUID: 7516b95f-f776-4464-8c53-06167f40cc99  (Display)
    GUID Alias: SUB_VIDEO
    Power Setting GUID: 3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e  (Turn off display after)
      GUID Alias: VIDEOIDLE
      Minimum Possible Setting: 0x00000000
      Maximum Possible Setting: 0xffffffff
      Possible Settings increment: 0x00000001
      Possible Settings units: Seconds
    Current AC Power Setting Index: 0x00000258
    Current DC Power Setting Index: 0x0000012c

"""
# powercfg /query SCHEME_CURRENT SUB_NONE CONSOLELOCK
CONSOLELOCK = """\
Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)
  GUID Alias: SCHEME_BALANCED
  Subgroup GUID: fea3413e-7e05-4911-9a71-700331f1c294  (Settings belonging to no subgroup)
    GUID Alias: SUB_NONE
    Power Setting GUID: 0e796bdb-100d-47d6-a2d5-f7d2daa51f51  (Require a password on wakeup)
      GUID Alias: CONSOLELOCK
      Possible Setting Index: 000
      Possible Setting Friendly Name: No
      Possible Setting Description: Don't require a password on wakeup
      Possible Setting Index: 001
      Possible Setting Friendly Name: Yes
      Possible Setting Description: Require a password on wakeup
    Current AC Power Setting Index: 0x00000001
    Current DC Power Setting Index: 0x00000001

"""
DESKTOP = r"HKCU\Control Panel\Desktop"
DESKTOP_POLICY = r"HKCU\Software\Policies\Microsoft\Windows\Control Panel\Desktop"
SYSTEM_POLICY = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System"
USER_POLICY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Policies\System"
WINLOGON = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
# What a person's own screen saver settings look like (all REG_SZ, as Windows writes them).
USER_SAVER = {
    "ScreenSaveActive": "1",
    "ScreenSaverIsSecure": "1",
    "ScreenSaveTimeOut": "900",
    "SCRNSAVE.EXE": "C:\\Windows\\system32\\scrnsave.scr",
}


class Commands:
    """Answers commands with recorded outputs, keyed by a word in the command line."""

    def __init__(self, answers: dict[str, Output | Unread]) -> None:
        self.answers = answers
        self.calls: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> Output | Unread:
        self.calls.append(list(argv))
        line = " ".join(argv)
        for word, answer in self.answers.items():
            if word in line:
                return answer
        return Unread("not recorded", line)


def power(video: str = VIDEOIDLE, lock: str = CONSOLELOCK) -> Commands:
    return Commands({"VIDEOIDLE": Output(0, video), "CONSOLELOCK": Output(0, lock)})


def test_powercfg_format_is_pinned() -> None:
    assert powercfg_ac_dc(Output(0, VIDEOIDLE)) == (600, 300)
    assert powercfg_ac_dc(Output(0, CONSOLELOCK)) == (1, 1)
    assert powercfg_ac_dc(Output(1, 'Invalid Parameters -- try "/?" for help')) is None


def test_display_off_with_password_on_wake_is_the_lock_time() -> None:
    source = WindowsScreenLockSource(DictValues({}), power())
    # The longer of mains (10 min) and battery (5 min) counts.
    assert source.read() == ScreenLockReading("Windows", True, 600)


def test_the_shortest_of_screen_saver_inactivity_limit_and_display_wins() -> None:
    reg = DictValues({DESKTOP: USER_SAVER, SYSTEM_POLICY: {"InactivityTimeoutSecs": 480}})
    reading = WindowsScreenLockSource(reg, power()).read()
    assert reading == ScreenLockReading("Windows", True, 480, admin_locked=True)


def test_a_screen_saver_that_is_not_secure_does_not_lock() -> None:
    saver = {**USER_SAVER, "ScreenSaverIsSecure": "0", "ScreenSaveTimeOut": "60"}
    never_on_wake = CONSOLELOCK.replace("0x00000001", "0x00000000")
    reading = WindowsScreenLockSource(DictValues({DESKTOP: saver}), power(lock=never_on_wake))
    assert reading.read() == ScreenLockReading("Windows", False, None)


def test_group_policy_screen_saver_wins_over_the_persons_own() -> None:
    managed = {"ScreenSaveTimeOut": "300", "ScreenSaverIsSecure": "1"}
    reg = DictValues({DESKTOP: USER_SAVER, DESKTOP_POLICY: managed})
    reading = WindowsScreenLockSource(reg, power()).read()
    assert reading == ScreenLockReading("Windows", True, 300, admin_locked=True)


def test_disable_lock_workstation_switches_locking_off() -> None:
    reg = DictValues({USER_POLICY: {"DisableLockWorkstation": 1}, DESKTOP: USER_SAVER})
    reading = WindowsScreenLockSource(reg, power()).read()
    assert isinstance(reading, ScreenLockReading) and not reading.lock_enabled
    # The same value set machine-wide switches it off for everyone.
    machine = DictValues({SYSTEM_POLICY: {"DisableLockWorkstation": 1}, DESKTOP: USER_SAVER})
    reading = WindowsScreenLockSource(machine, power()).read()
    assert isinstance(reading, ScreenLockReading) and not reading.lock_enabled


def test_no_powercfg_and_no_registry_setting_is_unread() -> None:
    missing = Commands({"powercfg": Unread("powercfg is not on this computer", "ENOENT")})
    assert isinstance(WindowsScreenLockSource(DictValues({}), missing).read(), Unread)
    denied = DictValues({}, denied=(USER_POLICY,))
    got = WindowsScreenLockSource(denied, power()).read()
    assert isinstance(got, Unread) and got.detail == "EACCES"


def ps(payload: object, code: int = 0) -> Commands:
    return Commands({"powershell": Output(code, json.dumps(payload) + "\r\n")})


@pytest.mark.parametrize(
    ("protection", "expected"),
    [
        (1, DiskEncryptionReading(True, "BitLocker", "C:")),
        (6, DiskEncryptionReading(True, "BitLocker", "C:")),
        (2, DiskEncryptionReading(False, "", "C:")),
        (5, DiskEncryptionReading(False, "", "C:")),  # suspended: the key is in the clear
    ],
)
def test_bitlocker_shell_property(protection: int, expected: DiskEncryptionReading) -> None:
    assert BitLockerSource(ps({"drive": "C:", "protection": protection})).read() == expected


def test_bitlocker_without_the_property_is_unread() -> None:
    # Windows Home without device encryption answers with an empty property.
    assert isinstance(BitLockerSource(ps({"drive": "C:", "protection": None})).read(), Unread)
    assert isinstance(BitLockerSource(Commands({"powershell": Output(0, "")})).read(), Unread)


def test_firewall_on_for_the_active_profiles_only() -> None:
    # Connected to a private network: the public profile being off does not matter now.
    blocks = {"domain_in": 0, "private_in": 0, "public_in": 0}
    on = ps({"current": 2, "domain": False, "private": True, "public": False, **blocks})
    assert WindowsFirewallSource(on).read() == FirewallReading(True, "Windows Firewall")
    off = ps({"current": 5, "domain": True, "private": True, "public": False, **blocks})
    assert WindowsFirewallSource(off).read() == FirewallReading(False, "Windows Firewall")


def test_firewall_on_whatever_it_does_with_inbound_connections() -> None:
    """What a profile does with inbound connections is the inbound reader's fact
    (``ce_facts``): the firewall reading says only whether the firewall is on."""
    lets_in = ps(
        {"current": 4, "domain": True, "private": True, "public": True}
        | {"domain_in": 0, "private_in": 0, "public_in": 1}
    )
    assert WindowsFirewallSource(lets_in).read() == FirewallReading(True, "Windows Firewall")
    # The state of a profile in use not given: not guessed.
    vague = ps({"current": 2, "domain": True, "public": True})
    assert isinstance(WindowsFirewallSource(vague).read(), Unread)


def test_firewall_error_from_com_is_unread() -> None:
    err = Commands({"powershell": Output(1, "", "New-Object : Retrieving the COM class...")})
    got = WindowsFirewallSource(err).read()
    assert isinstance(got, Unread) and "COM class" in got.detail


DEFENDER_ON = {
    "products": ["Windows Defender"],
    "defender": {"rtp": True, "av": True, "age": 0},
}


def test_malware_health_good_names_the_products() -> None:
    source = WindowsMalwareSource(lambda: HEALTH_GOOD, ps(DEFENDER_ON))
    assert source.read() == MalwareReading((ProductState("Windows Defender", True, True),))


def test_malware_health_poor_with_defender_switched_off() -> None:
    details = {
        "products": ["Microsoft Defender Antivirus"],
        "defender": {"rtp": False, "av": True, "age": 0},
    }
    got = WindowsMalwareSource(lambda: HEALTH_POOR, ps(details)).read()
    assert got == MalwareReading((ProductState("Microsoft Defender Antivirus", False),))


def test_malware_health_poor_with_old_signatures_is_out_of_date() -> None:
    details = {
        "products": ["Microsoft Defender Antivirus"],
        "defender": {"rtp": True, "av": True, "age": 12},
    }
    got = WindowsMalwareSource(lambda: HEALTH_POOR, ps(details)).read()
    assert got == MalwareReading(
        (ProductState("Microsoft Defender Antivirus", True, False, signatures_age_days=12),)
    )


def test_malware_health_poor_without_a_signature_age_is_not_up_to_date() -> None:
    details = {"products": ["Microsoft Defender Antivirus"], "defender": {"rtp": True, "av": True}}
    got = WindowsMalwareSource(lambda: HEALTH_POOR, ps(details)).read()
    assert got == MalwareReading((ProductState("Microsoft Defender Antivirus", True, None),))


def test_malware_not_monitored_and_wsc_missing() -> None:
    none = {"products": [], "defender": None}
    assert WindowsMalwareSource(lambda: HEALTH_NOTMONITORED, ps(none)).read() == MalwareReading(())
    missing = WindowsMalwareSource(lambda: Unread("Windows Security Center cannot be asked"))
    assert isinstance(missing.read(), Unread)


def test_auto_admin_logon_with_a_plain_text_password() -> None:
    reg = DictValues(
        {WINLOGON: {"AutoAdminLogon": "1", "DefaultUserName": "kiosk", "DefaultPassword": "x"}}
    )
    got = WindowsAutoLoginSource(reg, ps({"guest": False})).read()
    assert got == AutoLoginReading(True, True, False, "Winlogon registry")


def test_auto_login_off_guest_unread() -> None:
    reg = DictValues({WINLOGON: {"AutoAdminLogon": "0", "DefaultUserName": "sam"}})
    failed = Commands({"powershell": Unread("powershell.exe did not answer in time", "timeout")})
    got = WindowsAutoLoginSource(reg, failed).read()
    assert isinstance(got, AutoLoginReading)
    assert not got.auto_login and not got.plaintext_password
    assert got.guest_account is None and got.guest_reason


class FakeChild:
    def __init__(self, out: str, code: int = 0) -> None:
        self.out, self.returncode, self.done = out, code, False

    def poll(self) -> int | None:
        return self.returncode if self.done else None

    def communicate(self) -> tuple[str, str]:
        return self.out, ""


def test_windows_update_search_runs_in_a_child_and_is_cached(tmp_path: Path) -> None:
    now = [1000.0]
    children: list[FakeChild] = []

    def spawn() -> subprocess.Popen[str]:
        children.append(FakeChild('{"pending":2,"oldest_days":18}\r\n'))
        return children[-1]  # type: ignore[return-value]

    cache = tmp_path / "windows-updates.json"
    reg = DictValues({r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU": {}})
    source = WindowsUpdatesSource(reg, cache, spawn, lambda: now[0])
    first = source.read()
    assert isinstance(first, Unread) and "still being asked" in first.clause
    assert len(children) == 1
    assert isinstance(source.read(), Unread) and len(children) == 1  # one search at a time
    children[0].done = True
    assert source.read() == UpdatesReading(2, 18, True, lists_age_days=0)
    # A restart uses the cached answer and does not search again while it is fresh.
    again = WindowsUpdatesSource(reg, cache, spawn, lambda: now[0] + 60)
    assert again.read() == UpdatesReading(2, 18, True, lists_age_days=0) and len(children) == 1
    now[0] += 7 * 3600  # stale: answer from the cache and search again in the background
    assert source.read() == UpdatesReading(2, 18, True, lists_age_days=0) and len(children) == 2
    now[0] += 3 * 86400  # the search never finished: the list is as old as the last one
    assert source.read() == UpdatesReading(2, 18, True, lists_age_days=3)


def test_updates_switched_off_by_group_policy() -> None:
    reg = DictValues(
        {r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU": {"NoAutoUpdate": 1}}
    )
    child = FakeChild('{"pending":0,"oldest_days":null}')
    child.done = True
    source = WindowsUpdatesSource(reg, None, lambda: child)  # type: ignore[arg-type, return-value]
    source.read()
    assert source.read() == UpdatesReading(0, None, False, lists_age_days=0)


def test_health_good_with_defender_s_own_age_lets_the_policy_decide() -> None:
    """Security Center says "good" until Defender itself calls its signatures out of
    date; the age Defender gives is kept so the policy's own limit decides."""
    details = {
        "products": ["Microsoft Defender Antivirus"],
        "defender": {"rtp": True, "av": True, "age": 9},
    }
    got = WindowsMalwareSource(lambda: HEALTH_GOOD, ps(details)).read()
    product = ProductState("Microsoft Defender Antivirus", True, True, signatures_age_days=9)
    assert got == MalwareReading((product,))
    ctx = DeviceContext(Policy(), "windows", datetime(2026, 3, 10, tzinfo=UTC))
    assert MalwareCheck().evaluate_one(got, ctx).status is DeviceStatus.PASS
    assert MalwareSignaturesCheck().evaluate_one(got, ctx).status is DeviceStatus.FAIL
    # Standing by for another product (real-time protection off): its age is not the
    # protection's, and Security Center's word for the other product decides.
    standby = {
        "products": ["Microsoft Defender Antivirus", "ESET Security"],
        "defender": {"rtp": False, "av": True, "age": 30},
    }
    both = WindowsMalwareSource(lambda: HEALTH_GOOD, ps(standby)).read()
    assert not isinstance(both, Unread)
    assert all(p.signatures_age_days is None for p in both.products)
    assert MalwareSignaturesCheck().evaluate_one(both, ctx).status is DeviceStatus.PASS
