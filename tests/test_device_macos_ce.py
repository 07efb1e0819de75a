"""macOS readers for the Cyber Essentials checks at their boundary: the documented
outputs of ``socketfilterfw``, ``pwpolicy``, ``id``, ``sw_vers`` and ``launchctl``,
and property lists written with plistlib in Apple's layout. Pinned here; the readers
were not run on a Mac in this suite."""

from __future__ import annotations

import plistlib
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import (
    AdminReading,
    AutoUpdatesReading,
    InboundReading,
    OsReading,
    RemoteAccessReading,
    UnlockReading,
    UpdateHistoryReading,
)
from desktop.platform.device.commands import Output
from desktop.platform.device.macos.ce_sources import (
    MANAGED_SOFTWARE_UPDATE,
    MacAdminSource,
    MacAutoUpdatesSource,
    MacEmptyPasswordsSource,
    MacInboundSource,
    MacOsSource,
    MacRemoteAccessSource,
    MacUnlockSource,
    MacUpdateHistorySource,
)
from desktop.platform.device.macos.sources import SOFTWARE_UPDATE_PLIST


def by_command(outputs: Mapping[str, str], code: int = 0):  # type: ignore[no-untyped-def]
    def run(argv: Sequence[str]) -> Output:
        return Output(code, outputs[argv[-1]])

    return run


def _fw(state: str, block: str, stealth: str) -> MacInboundSource:
    return MacInboundSource(
        by_command({"--getglobalstate": state, "--getblockall": block, "--getstealthmode": stealth})
    )


ON = "Firewall is enabled. (State = 1)\n"
OFF = "Firewall is disabled. (State = 0)\n"


def test_firewall_blocking_all_or_in_stealth_mode_blocks() -> None:
    block14 = "Firewall is set to block all non-essential incoming connections\n"
    assert _fw(ON, block14, "Firewall stealth mode is off\n").read() == InboundReading(
        True, "macOS firewall", "block all incoming"
    )
    assert _fw(ON, "Block all DISABLED! \n", "Stealth mode enabled \n").read() == (
        InboundReading(True, "macOS firewall", "stealth mode")
    )


def test_firewall_on_letting_signed_apps_in_or_off_does_not_block() -> None:
    plain = _fw(ON, "Block all DISABLED! \n", "Stealth mode disabled \n").read()
    assert isinstance(plain, InboundReading) and not plain.blocked
    off = _fw(OFF, "", "").read()
    assert off == InboundReading(False, "macOS firewall", "firewall off")


PWPOLICY = """\
Getting global account policies
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>policyCategoryAuthentication</key>
\t<array>
\t\t<dict>
\t\t\t<key>policyContent</key>
\t\t\t<string>(policyAttributeFailedAuthentications &lt; \
policyAttributeMaximumFailedAuthentications)</string>
\t\t\t<key>policyIdentifier</key>
\t\t\t<string>com.apple.maximumFailedLoginAttempts</string>
\t\t\t<key>policyParameters</key>
\t\t\t<dict>
\t\t\t\t<key>policyAttributeMaximumFailedAuthentications</key>
\t\t\t\t<integer>{tries}</integer>
\t\t\t</dict>
\t\t</dict>
\t</array>
\t<key>policyCategoryPasswordContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>policyContent</key>
\t\t\t<string>policyAttributePassword matches '.{{{length},}}+'</string>
\t\t\t<key>policyIdentifier</key>
\t\t\t<string>com.apple.policy.legacy.minChars</string>
\t\t</dict>
\t</array>
</dict>
</plist>
"""


def test_pwpolicy_maximum_failed_logins_and_minimum_length() -> None:
    out = PWPOLICY.format(tries=10, length=8)
    reading = MacUnlockSource(by_command({"-getaccountpolicies": out})).read()
    assert reading == UnlockReading(10, 8, "password policy")
    many = MacUnlockSource(by_command({"-getaccountpolicies": PWPOLICY.format(tries=50, length=4)}))
    assert many.read() == UnlockReading(50, 4, "password policy")


def test_no_account_policies_is_no_limit() -> None:
    out = "Getting global account policies\nNo account policies\n"
    reading = MacUnlockSource(by_command({"-getaccountpolicies": out})).read()
    assert reading == UnlockReading(None, None, "password policy")


def test_admin_group_and_standard_user() -> None:
    admin = "staff everyone localaccounts _appserverusr admin _appserveradm\n"
    assert MacAdminSource(by_command({"-Gn": admin})).read() == AdminReading(True, "admin group")
    plain = "staff everyone localaccounts _appstore _lpadmin\n"
    assert MacAdminSource(by_command({"-Gn": plain})).read() == AdminReading(False, "standard user")


def test_macos_version_and_empty_passwords_not_checked() -> None:
    assert MacOsSource(by_command({"-productVersion": "14.5\n"})).read() == OsReading(
        "macos", "14.5", "macOS 14.5"
    )
    assert isinstance(MacOsSource(by_command({"-productVersion": ""})).read(), Unread)
    assert isinstance(MacEmptyPasswordsSource().read(), Unread)


def _history(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    path = tmp_path / "InstallHistory.plist"
    path.write_bytes(plistlib.dumps(items))
    return path


def test_install_history_leaves_out_background_security_data(tmp_path: Path) -> None:
    items = [
        {
            "date": datetime(2026, 10, 29, 18, 2),
            "displayName": "macOS Sonoma 14.8.1",
            "displayVersion": "14.8.1",
            "processName": "softwareupdated",
        },
        {
            "contentType": "config-data",
            "date": datetime(2026, 12, 6, 3, 0),
            "displayName": "XProtectPlistConfigData",
            "processName": "softwareupdated",
        },
        {
            "date": datetime(2026, 12, 1, 9, 0),
            "displayName": "Slack",
            "processName": "Installer",
        },
    ]
    reading = MacUpdateHistorySource(_history(tmp_path, items)).read()
    assert reading == UpdateHistoryReading(date(2026, 10, 29), "install history")


def test_no_install_history_is_not_checked(tmp_path: Path) -> None:
    assert isinstance(MacUpdateHistorySource(tmp_path / "none.plist").read(), Unread)


def _plists(local: dict[str, Any], managed: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    files = {SOFTWARE_UPDATE_PLIST: local, MANAGED_SOFTWARE_UPDATE: managed}
    return lambda path: files.get(path)


def test_automatic_updates_need_macos_updates_installed_automatically() -> None:
    on = {"AutomaticallyInstallMacOSUpdates": True, "AutomaticCheckEnabled": True}
    assert MacAutoUpdatesSource(_plists(on)).read() == AutoUpdatesReading(
        True, admin_locked=False, source="Software Update"
    )
    # Apple's default leaves macOS updates to the person: off.
    assert MacAutoUpdatesSource(_plists({})).read().automatic is False  # type: ignore[union-attr]
    no_download = {**on, "AutomaticDownload": False}
    assert MacAutoUpdatesSource(_plists(no_download)).read().automatic is False  # type: ignore[union-attr]


def test_a_managed_setting_wins_and_is_marked_as_its() -> None:
    reading = MacAutoUpdatesSource(
        _plists(
            {"AutomaticallyInstallMacOSUpdates": True}, {"AutomaticallyInstallMacOSUpdates": False}
        )
    ).read()
    assert reading == AutoUpdatesReading(False, admin_locked=True, source="Software Update")


PRINT_DISABLED = """\
disabled services = {{
\t"com.apple.ftpd" => disabled
\t"com.openssh.sshd" => {ssh}
\t"com.apple.screensharing" => {screen}
\t"com.apple.smbd" => disabled
}}
"""


def test_remote_login_and_screen_sharing_from_launchd() -> None:
    out = PRINT_DISABLED.format(ssh="enabled", screen="disabled")
    reading = MacRemoteAccessSource(by_command({"system": out})).read()
    assert reading == RemoteAccessReading(("remote_login",), "Sharing settings")
    off = PRINT_DISABLED.format(ssh="disabled", screen="disabled")
    assert MacRemoteAccessSource(by_command({"system": off})).read() == RemoteAccessReading(
        (), "Sharing settings"
    )
