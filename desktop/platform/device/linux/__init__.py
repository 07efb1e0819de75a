"""The Linux readers for "Check this computer": one per fact, each behind ``FactSource``
(never raises, answers within about 2 s or says why not), plus the removable-drive watch.

``linux_sources()`` builds them all, keyed by check id, for the composition root.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

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
from desktop.core.device.readings import DriveWatch, FactSource
from desktop.platform.device.linux._common import wall_seconds
from desktop.platform.device.linux.accounts import LinuxAdminAccount, LinuxEmptyPasswords
from desktop.platform.device.linux.apt import AptAutoUpdates, AptHistory
from desktop.platform.device.linux.auto_login import LinuxAutoLogin
from desktop.platform.device.linux.autorun import GnomeAutorun
from desktop.platform.device.linux.firewall import LinuxFirewall
from desktop.platform.device.linux.inbound import LinuxInbound
from desktop.platform.device.linux.malware import LinuxMalwareProducts
from desktop.platform.device.linux.os_release import LinuxOsRelease
from desktop.platform.device.linux.remote_access import LinuxRemoteAccess
from desktop.platform.device.linux.screen_lock import LinuxScreenLock
from desktop.platform.device.linux.udisks import UdisksDriveWatch, UdisksSystemDisk
from desktop.platform.device.linux.unlock import PamUnlockLimits
from desktop.platform.device.linux.updates import LinuxUpdates


class LinuxSources(NamedTuple):
    sources: dict[str, FactSource[Any]]
    drive_watch: DriveWatch


def linux_sources(
    malware_products: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cache_dir: Path | None = None,
    clock: Callable[[], float] | None = None,
) -> LinuxSources:
    """Every Linux reader, keyed by the id of the fact it reads, and the drive watch.

    ``malware_products`` are the unit names the policy lists; with none, the malware
    reader reports no products and the check does not apply. ``env`` is the session's
    environment (the desktop and its settings folders); this process's own by default.
    ``cache_dir`` keeps the last updates answer between runs (none: kept in memory only).
    ``clock`` gives the wall time in seconds (the root's clock; the system's by default).
    """
    wall = clock or wall_seconds
    sources: dict[str, FactSource[Any]] = {
        SCREEN_LOCK.id: LinuxScreenLock(env),
        DISK_ENCRYPTION.id: UdisksSystemDisk(),
        FIREWALL.id: LinuxFirewall(),
        UPDATES.id: LinuxUpdates(clock=wall, cache_dir=cache_dir, env=env),
        SIGN_IN.id: LinuxAutoLogin(),
        MALWARE.id: LinuxMalwareProducts(malware_products, clock=wall),
        # The checks Cyber Essentials adds.
        INBOUND.id: LinuxInbound(),
        REMOTE_ACCESS.id: LinuxRemoteAccess(),
        AUTORUN.id: GnomeAutorun(env),
        UNLOCK.id: PamUnlockLimits(),
        ADMIN.id: LinuxAdminAccount(),
        EMPTY_PASSWORDS.id: LinuxEmptyPasswords(),
        OPERATING_SYSTEM.id: LinuxOsRelease(),
        UPDATE_HISTORY.id: AptHistory(),
        AUTO_UPDATES.id: AptAutoUpdates(),
    }
    return LinuxSources(sources, UdisksDriveWatch())


__all__ = ["LinuxSources", "linux_sources"]
