"""macOS device facts, read in the person's session with system commands and plists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from desktop.core.device.checks.accounts import ADMIN, EMPTY_PASSWORDS
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
from desktop.platform.device.macos.ce_sources import (
    MacAdminSource,
    MacAutoUpdatesSource,
    MacEmptyPasswordsSource,
    MacInboundSource,
    MacOsSource,
    MacRemoteAccessSource,
    MacUnlockSource,
    MacUpdateHistorySource,
)
from desktop.platform.device.macos.sources import (
    FileVaultSource,
    MacAutoLoginSource,
    MacFirewallSource,
    MacMalwareSource,
    MacScreenLockSource,
    MacUpdatesSource,
)


def macos_sources(now: Callable[[], datetime] | None = None) -> dict[str, FactSource[object]]:
    """Every macOS reader, keyed by fact id; ``now`` is the root's clock."""
    return {
        SCREEN_LOCK.id: MacScreenLockSource(),
        DISK_ENCRYPTION.id: FileVaultSource(),
        MALWARE.id: MacMalwareSource(now=now) if now is not None else MacMalwareSource(),
        FIREWALL.id: MacFirewallSource(),
        UPDATES.id: MacUpdatesSource(now=now) if now is not None else MacUpdatesSource(),
        SIGN_IN.id: MacAutoLoginSource(),
        # The checks Cyber Essentials adds (auto-run does not apply on a Mac).
        INBOUND.id: MacInboundSource(),
        REMOTE_ACCESS.id: MacRemoteAccessSource(),
        UNLOCK.id: MacUnlockSource(),
        ADMIN.id: MacAdminSource(),
        EMPTY_PASSWORDS.id: MacEmptyPasswordsSource(),
        OPERATING_SYSTEM.id: MacOsSource(),
        UPDATE_HISTORY.id: MacUpdateHistorySource(),
        AUTO_UPDATES.id: MacAutoUpdatesSource(),
    }


__all__ = ["macos_sources"]
