"""Windows device facts: registry values, Windows Security Center, COM through PowerShell.

Importable on every OS; nothing Windows-only is loaded until a source is read.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.device.checks.accounts import ADMIN, EMPTY_PASSWORDS
from desktop.core.device.checks.autorun import AUTORUN
from desktop.core.device.checks.disk_encryption import DISK_ENCRYPTION
from desktop.core.device.checks.firewall import FIREWALL
from desktop.core.device.checks.inbound import INBOUND
from desktop.core.device.checks.malware import MALWARE
from desktop.core.device.checks.remote_access import REMOTE_ACCESS
from desktop.core.device.checks.screen_lock import SCREEN_LOCK
from desktop.core.device.checks.sign_in import SIGN_IN
from desktop.core.device.checks.supported_os import OPERATING_SYSTEM
from desktop.core.device.checks.unlock import UNLOCK
from desktop.core.device.checks.update_history import AUTO_UPDATES, UPDATE_HISTORY
from desktop.core.device.checks.updates import UPDATES
from desktop.core.device.readings import FactSource
from desktop.platform.device.windows.ce_facts import (
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
from desktop.platform.device.windows.facts import (
    BitLockerSource,
    WindowsAutoLoginSource,
    WindowsFirewallSource,
    WindowsMalwareSource,
)
from desktop.platform.device.windows.registry import RegistryValues, WinRegValues
from desktop.platform.device.windows.screen_lock import WindowsScreenLockSource
from desktop.platform.device.windows.updates import WindowsUpdatesSource


def windows_sources(
    cache_dir: Path | None = None, registry: RegistryValues | None = None
) -> dict[str, FactSource[object]]:
    reg = registry if registry is not None else WinRegValues()
    cache = cache_dir / "windows-updates.json" if cache_dir is not None else None
    return {
        SCREEN_LOCK.id: WindowsScreenLockSource(reg),
        DISK_ENCRYPTION.id: BitLockerSource(),
        MALWARE.id: WindowsMalwareSource(),
        FIREWALL.id: WindowsFirewallSource(),
        UPDATES.id: WindowsUpdatesSource(reg, cache),
        SIGN_IN.id: WindowsAutoLoginSource(reg),
        # The checks Cyber Essentials adds.
        INBOUND.id: WindowsInboundSource(),
        REMOTE_ACCESS.id: WindowsRemoteAccessSource(reg),
        AUTORUN.id: WindowsAutorunSource(reg),
        UNLOCK.id: WindowsUnlockSource(),
        ADMIN.id: WindowsAdminSource(),
        EMPTY_PASSWORDS.id: WindowsEmptyPasswordsSource(),
        OPERATING_SYSTEM.id: WindowsOsSource(reg),
        UPDATE_HISTORY.id: WindowsUpdateHistorySource(),
        AUTO_UPDATES.id: WindowsAutoUpdatesSource(reg),
    }


__all__ = ["windows_sources"]
