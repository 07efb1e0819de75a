"""macOS device facts, read in the person's session with system commands and plists."""

from __future__ import annotations

from desktop.core.device.readings import FactSource
from desktop.platform.device.macos.sources import (
    FileVaultSource,
    MacAutoLoginSource,
    MacFirewallSource,
    MacMalwareSource,
    MacScreenLockSource,
    MacUpdatesSource,
)


def macos_sources() -> dict[str, FactSource[object]]:
    return {
        "screen_lock": MacScreenLockSource(),
        "disk_encryption": FileVaultSource(),
        "malware_protection": MacMalwareSource(),
        "firewall": MacFirewallSource(),
        "updates": MacUpdatesSource(),
        "auto_login": MacAutoLoginSource(),
    }


__all__ = ["macos_sources"]
