"""Where each check's setting lives on this system, for the "Open settings" button.

A page is either an address the OS opens (``ms-settings:``, ``windowsdefender:``,
``x-apple.systempreferences:``) or a settings program to start (GNOME, KDE). Checks
with no page of their own (a Linux disk cannot be encrypted after installation) get no
button rather than a button to the wrong place.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from desktop.core.device.findings import System


@dataclass(frozen=True)
class SettingsPage:
    kind: str  # "url" or "command"
    target: tuple[str, ...]


WINDOWS = {
    "screen_lock": "ms-settings:signinoptions",
    "disk_encryption": "ms-settings:deviceencryption",
    "malware_protection": "windowsdefender://threat",
    "firewall": "windowsdefender://network",
    "updates": "ms-settings:windowsupdate",
    "auto_login": "ms-settings:signinoptions",
    "guest_account": "ms-settings:otherusers",
}
MACOS = {
    "screen_lock": "x-apple.systempreferences:com.apple.Lock-Screen-Settings.extension",
    "disk_encryption": "x-apple.systempreferences:com.apple.preference.security?FileVault",
    "malware_protection": "x-apple.systempreferences:com.apple.preference.security?General",
    "firewall": "x-apple.systempreferences:com.apple.preference.security?Firewall",
    "updates": "x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
    "auto_login": "x-apple.systempreferences:com.apple.Users-Groups-Settings.extension",
    "guest_account": "x-apple.systempreferences:com.apple.Users-Groups-Settings.extension",
}
GNOME = {
    "screen_lock": ("gnome-control-center", "privacy"),
    "updates": ("gnome-software", "--mode=updates"),
    "auto_login": ("gnome-control-center", "users"),
}
KDE = {
    "screen_lock": ("systemsettings", "kcm_screenlocker"),
    "auto_login": ("systemsettings", "kcm_sddm"),
}


def settings_pages(
    system: System,
    env: Mapping[str, str],
    which: Callable[[str], str | None] = shutil.which,
) -> dict[str, SettingsPage]:
    """The pages there are on this system, by check id."""
    if system == "windows":
        return {k: SettingsPage("url", (v,)) for k, v in WINDOWS.items()}
    if system == "macos":
        return {k: SettingsPage("url", (v,)) for k, v in MACOS.items()}
    desktop = env.get("XDG_CURRENT_DESKTOP", "").upper()
    table = KDE if "KDE" in desktop else GNOME if "GNOME" in desktop else {}
    return {
        check: SettingsPage("command", argv)
        for check, argv in table.items()
        if which(argv[0]) is not None
    }
