"""The Linux readers for "Check this computer": one per fact, each behind ``FactSource``
(never raises, answers within about 2 s or says why not), plus the removable-drive watch.

``linux_sources()`` builds them all, keyed by check id, for the composition root.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from desktop.core.device.readings import DriveWatch, FactSource
from desktop.platform.device.linux.auto_login import LinuxAutoLogin
from desktop.platform.device.linux.firewall import LinuxFirewall
from desktop.platform.device.linux.malware import LinuxMalwareProducts
from desktop.platform.device.linux.screen_lock import LinuxScreenLock
from desktop.platform.device.linux.udisks import UdisksDriveWatch, UdisksSystemDisk
from desktop.platform.device.linux.updates import LinuxUpdates


class LinuxSources(NamedTuple):
    sources: dict[str, FactSource[Any]]
    drive_watch: DriveWatch


def linux_sources(
    malware_products: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    cache_dir: Path | None = None,
) -> LinuxSources:
    """Every Linux reader, keyed by check id, and the removable-drive watch.

    ``malware_products`` are the unit names the policy lists; with none, the malware
    reader reports no products and the check does not apply. ``env`` is the session's
    environment (the desktop and its settings folders); this process's own by default.
    ``cache_dir`` keeps the last updates answer between runs (none: kept in memory only).
    """
    sources: dict[str, FactSource[Any]] = {
        "screen_lock": LinuxScreenLock(env),
        "disk_encryption": UdisksSystemDisk(),
        "firewall": LinuxFirewall(),
        "updates": LinuxUpdates(cache_dir=cache_dir),
        "auto_login": LinuxAutoLogin(),
        "malware_protection": LinuxMalwareProducts(malware_products),
    }
    return LinuxSources(sources, UdisksDriveWatch())


__all__ = ["LinuxSources", "linux_sources"]
