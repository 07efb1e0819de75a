"""Windows readers for the Cyber Essentials checks at their boundary: registry values as
Windows 11 23H2 keeps them, and the output of ``net accounts``, ``whoami /groups /fo
csv`` and the PowerShell scripts in the documented formats. The formats are pinned
here; the readers were not run on Windows in this suite."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import (
    AdminReading,
    AutorunReading,
    AutoUpdatesReading,
    InboundReading,
    OsReading,
    RemoteAccessReading,
    UnlockReading,
    UpdateHistoryReading,
)
from desktop.platform.device.commands import Output
from desktop.platform.device.windows.ce_facts import (
    AU_POLICY,
    AUTOPLAY,
    CURRENT_VERSION,
    EXPLORER_POLICY,
    SSHD_SERVICE,
    TS_POLICY,
    TS_SYSTEM,
    UX_SETTINGS,
    WindowsAdminSource,
    WindowsAutorunSource,
    WindowsAutoUpdatesSource,
    WindowsEmptyPasswordsSource,
    WindowsInboundSource,
    WindowsOsSource,
    WindowsRemoteAccessSource,
    WindowsUnlockSource,
    WindowsUpdateHistorySource,
)
from desktop.platform.device.windows.registry import DictValues

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def answers(stdout: str, code: int = 0):  # type: ignore[no-untyped-def]
    seen: list[Sequence[str]] = []

    def run(argv: Sequence[str]) -> Output:
        seen.append(argv)
        return Output(code, stdout)

    return run


# ----- inbound -------------------------------------------------------------------------


def _fw(**over: object) -> str:
    data = {"current": 4, "on1": True, "in1": 0, "all1": False, "on2": True, "in2": 0}
    data.update({"all2": False, "on4": True, "in4": 0, "all4": False})
    data.update(over)
    return json.dumps(data)


def test_every_profile_in_use_blocking_by_default_passes() -> None:
    reading = WindowsInboundSource(answers(_fw())).read()
    assert reading == InboundReading(True, "Windows Firewall", "inbound blocked by default")


def test_the_public_profile_allowing_inbound_fails() -> None:
    reading = WindowsInboundSource(answers(_fw(in4=1))).read()
    assert isinstance(reading, InboundReading) and not reading.blocked


def test_an_unused_profile_does_not_count_but_off_in_use_does() -> None:
    # Connected on a private network only: the domain profile's allow is not in force.
    assert WindowsInboundSource(answers(_fw(current=2, in1=1))).read().blocked  # type: ignore[union-attr]
    off = WindowsInboundSource(answers(_fw(current=2, on2=False))).read()
    assert isinstance(off, InboundReading) and not off.blocked


def test_a_failing_script_is_not_checked() -> None:
    assert isinstance(WindowsInboundSource(answers("", 1)).read(), Unread)


# ----- auto-run ------------------------------------------------------------------------


def test_autorun_policies_and_the_persons_autoplay_switch() -> None:
    policy = DictValues({f"HKLM\\{EXPLORER_POLICY}": {"NoDriveTypeAutoRun": 255}})
    assert WindowsAutorunSource(policy).read() == AutorunReading(
        True, admin_locked=True, source="Group Policy"
    )
    no_autorun = DictValues({f"HKCU\\{EXPLORER_POLICY}": {"NoAutorun": 1}})
    assert WindowsAutorunSource(no_autorun).read().autorun_off  # type: ignore[union-attr]
    # Windows' own default 0x91 leaves removable drives and discs to AutoPlay.
    default = DictValues({f"HKLM\\{EXPLORER_POLICY}": {"NoDriveTypeAutoRun": 0x91}})
    assert WindowsAutorunSource(default).read() == AutorunReading(False, source="AutoPlay settings")
    switched_off = DictValues({f"HKCU\\{AUTOPLAY}": {"DisableAutoplay": 1}})
    assert WindowsAutorunSource(switched_off).read() == AutorunReading(
        True, source="AutoPlay settings"
    )


def test_autorun_keys_refused_are_not_checked() -> None:
    denied = DictValues({}, denied=(f"HKLM\\{EXPLORER_POLICY}",))
    assert isinstance(WindowsAutorunSource(denied).read(), Unread)


# ----- unlock guesses ------------------------------------------------------------------

NET_ACCOUNTS = """\
Force user logoff how long after time expires?:       Never
Minimum password age (days):                          0
Maximum password age (days):                          42
Minimum password length:                              {length}
Length of password history maintained:                None
Lockout threshold:                                    {threshold}
Lockout duration (minutes):                           10
Lockout observation window (minutes):                 10
Computer role:                                        WORKSTATION
The command completed successfully.

"""


def test_net_accounts_lockout_threshold_and_minimum_length() -> None:
    out = NET_ACCOUNTS.format(length=8, threshold=10)
    assert WindowsUnlockSource(answers(out)).read() == UnlockReading(10, 8, "account policy")


def test_never_locking_out_and_no_minimum() -> None:
    out = NET_ACCOUNTS.format(length=0, threshold="Never")
    assert WindowsUnlockSource(answers(out)).read() == UnlockReading(None, None, "account policy")


def test_net_accounts_failing_is_not_checked() -> None:
    assert isinstance(
        WindowsUnlockSource(answers("System error 5 has occurred.", 2)).read(), Unread
    )


# ----- administrator -------------------------------------------------------------------

WHOAMI = """\
"Group Name","Type","SID","Attributes"
"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"
"NT AUTHORITY\\Local account and member of Administrators group","Well-known group",\
"S-1-5-114","Group used for deny only"
{admin}"BUILTIN\\Users","Alias","S-1-5-32-545","Mandatory group, Enabled by default, Enabled group"
"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""
"""
ADMIN_ROW = '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"\n'


def test_an_administrator_under_uac_is_still_an_administrator() -> None:
    reading = WindowsAdminSource(answers(WHOAMI.format(admin=ADMIN_ROW))).read()
    assert reading == AdminReading(True, "Administrators group")


def test_a_standard_user_is_not() -> None:
    plain = WHOAMI.format(admin="").replace("member of Administrators", "member of Users")
    reading = WindowsAdminSource(answers(plain)).read()
    assert reading == AdminReading(False, "standard user")


def test_empty_passwords_are_not_checked_on_windows() -> None:
    reading = WindowsEmptyPasswordsSource().read()
    assert isinstance(reading, Unread) and "only an administrator" in reading.clause


# ----- which Windows -------------------------------------------------------------------


def _os(build: str, edition: str, display: str) -> DictValues:
    values = {"CurrentBuild": build, "UBR": 4460, "EditionID": edition}
    values.update({"DisplayVersion": display, "ProductName": "Windows 10 Pro"})
    return DictValues({f"HKLM\\{CURRENT_VERSION}": values})


def test_windows_11_is_told_by_its_build_not_its_product_name() -> None:
    reading = WindowsOsSource(_os("22631", "Professional", "23H2")).read()
    assert reading == OsReading(
        "windows", "10.0.22631", "Windows 11 Pro 23H2", "Professional", "23H2"
    )
    ten = WindowsOsSource(_os("19045", "Enterprise", "22H2")).read()
    assert isinstance(ten, OsReading) and ten.name == "Windows 10 Enterprise 22H2"


def test_an_unreadable_build_is_not_checked() -> None:
    assert isinstance(WindowsOsSource(DictValues({})).read(), Unread)


# ----- update history and automatic updates --------------------------------------------


def test_the_newest_successful_installation_is_the_last_update() -> None:
    out = json.dumps({"count": 3, "installed": ["2026-11-12", "2026-10-15"]})
    reading = WindowsUpdateHistorySource(answers(out)).read()
    assert reading == UpdateHistoryReading(date(2026, 11, 12), "Windows Update history")
    one = json.dumps({"count": 1, "installed": "2026-11-12"})  # PowerShell's one-item list
    assert WindowsUpdateHistorySource(answers(one)).read().last_installed == date(2026, 11, 12)  # type: ignore[union-attr]
    none = json.dumps({"count": 0, "installed": []})
    assert WindowsUpdateHistorySource(answers(none)).read().last_installed is None  # type: ignore[union-attr]


def test_automatic_updates_by_policy_pause_and_default() -> None:
    def read(keys: dict[str, dict[str, object]]) -> object:
        return WindowsAutoUpdatesSource(DictValues(keys), now=lambda: NOW).read()

    assert read({}) == AutoUpdatesReading(True, source="Windows Update")
    assert read({f"HKLM\\{AU_POLICY}": {"NoAutoUpdate": 1}}) == AutoUpdatesReading(
        False, admin_locked=True, source="Group Policy"
    )
    assert read({f"HKLM\\{AU_POLICY}": {"AUOptions": 2}}).automatic is False  # type: ignore[attr-defined]
    assert read({f"HKLM\\{AU_POLICY}": {"AUOptions": 4}}) == AutoUpdatesReading(
        True, admin_locked=True, source="Windows Update"
    )
    paused = {f"HKLM\\{UX_SETTINGS}": {"PauseUpdatesExpiryTime": "2026-12-20T09:00:00Z"}}
    assert read(paused).automatic is False  # type: ignore[attr-defined]
    ended = {f"HKLM\\{UX_SETTINGS}": {"PauseUpdatesExpiryTime": "2026-11-20T09:00:00Z"}}
    assert read(ended).automatic is True  # type: ignore[attr-defined]


# ----- remote desktop ------------------------------------------------------------------


def test_remote_desktop_from_policy_first_then_the_system_key() -> None:
    on = DictValues({f"HKLM\\{TS_SYSTEM}": {"fDenyTSConnections": 0}})
    assert WindowsRemoteAccessSource(on).read() == RemoteAccessReading(
        ("remote_desktop",), "Remote Desktop"
    )
    denied_by_policy = DictValues(
        {
            f"HKLM\\{TS_POLICY}": {"fDenyTSConnections": 1},
            f"HKLM\\{TS_SYSTEM}": {"fDenyTSConnections": 0},
        }
    )
    assert WindowsRemoteAccessSource(denied_by_policy).read() == RemoteAccessReading(
        (), "Remote Desktop"
    )
    refused = DictValues({}, denied=(f"HKLM\\{TS_POLICY}",))
    assert isinstance(WindowsRemoteAccessSource(refused).read(), Unread)


def test_the_openssh_server_starting_with_windows_is_remote_sign_in() -> None:
    keys = {
        f"HKLM\\{SSHD_SERVICE}": {"Start": 2},
        f"HKLM\\{TS_SYSTEM}": {"fDenyTSConnections": 0},
    }
    assert WindowsRemoteAccessSource(DictValues(keys)).read() == RemoteAccessReading(
        ("remote_desktop", "remote_login"), "Remote Desktop"
    )
    manual = DictValues({f"HKLM\\{SSHD_SERVICE}": {"Start": 3}})
    assert WindowsRemoteAccessSource(manual).read() == RemoteAccessReading((), "Remote Desktop")
