"""In-memory device sources for tests, screenshots and the benchmark: a passing computer,
a failing one, and sources that refuse, break or hang."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.core.device.checks import facts
from desktop.core.device.drives import DriveLog
from desktop.core.device.readings import (
    AutoLoginReading,
    DiskEncryptionReading,
    FactSource,
    FirewallReading,
    MalwareReading,
    ProductState,
    RemovableDrive,
    ScreenLockReading,
    Unread,
    UpdatesReading,
)
from desktop.core.device.readings_ce import (
    AdminReading,
    AutorunReading,
    AutoUpdatesReading,
    EmptyPasswordReading,
    InboundReading,
    OsReading,
    RemoteAccessReading,
    UnlockReading,
    UpdateHistoryReading,
)


@dataclass
class Fixed:
    """A source that always answers the same."""

    value: object

    def read(self) -> object:
        return self.value


class Blocking:
    """A source that hangs until released, like a daemon that never answers."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls = 0

    def read(self) -> object:
        self.calls += 1
        self.release.wait(30)
        return FirewallReading(True, "ufw")


class Raising:
    def read(self) -> object:
        raise PermissionError("no")


def drive_log(*drives: tuple[RemovableDrive, datetime], watching: bool = True) -> DriveLog:
    log = DriveLog()
    log.watching = watching
    for drive, when in drives:
        log.add(drive, when)
    return log


def passing_sources() -> dict[str, FactSource[object]]:
    return {
        "screen_lock": Fixed(ScreenLockReading("GNOME", True, 300)),
        "disk_encryption": Fixed(DiskEncryptionReading(True, "LUKS", "/dev/nvme0n1p3")),
        "malware_protection": Fixed(
            MalwareReading((ProductState("ClamAV", True, True, signatures_age_days=0),))
        ),
        "firewall": Fixed(FirewallReading(True, "ufw")),
        "updates": Fixed(UpdatesReading(0, None, True, lists_age_days=0)),
        "auto_login": Fixed(AutoLoginReading(False, guest_account=False, source="GDM")),
        "removable_media": drive_log(),
        **_more_passing(),
    }


def _more_passing() -> dict[str, FactSource[object]]:
    """The facts of the Cyber Essentials checks, each meeting the default policy."""
    return {
        "inbound_default": Fixed(InboundReading(True, "nftables", "input policy drop")),
        "remote_access": Fixed(RemoteAccessReading(())),
        "autorun": Fixed(AutorunReading(True, source="GNOME settings")),
        "unlock_limits": Fixed(UnlockReading(5, 8, "PAM")),
        "account_admin": Fixed(AdminReading(False)),
        "empty_passwords": Fixed(EmptyPasswordReading(0)),
        "operating_system": Fixed(OsReading("debian", "13", "Debian 13")),
        "update_history": _RecentUpdate(),
        "auto_updates": Fixed(AutoUpdatesReading(True, source="apt")),
    }


class _RecentUpdate:
    """Updates installed yesterday, whenever the test runs."""

    def read(self) -> object:
        return UpdateHistoryReading(date.today() - timedelta(days=1), "apt history")


def failing_sources(now: datetime) -> dict[str, FactSource[object]]:
    stick = RemovableDrive(
        "/org/freedesktop/UDisks2/block_devices/sdb1",
        False,
        label="HOLIDAY",
        serial="AA00112233",
        vendor="Kingston",
        model="DataTraveler",
        size_bytes=16_000_000_000,
    )
    return {
        "screen_lock": Fixed(ScreenLockReading("GNOME", True, 1800)),
        "disk_encryption": Fixed(DiskEncryptionReading(False)),
        "malware_protection": Fixed(
            MalwareReading((ProductState("ClamAV", False, True, signatures_age_days=30),))
        ),
        "firewall": Fixed(FirewallReading(False, "ufw")),
        "updates": Fixed(UpdatesReading(3, 21, False, lists_age_days=0)),
        "auto_login": Fixed(AutoLoginReading(True, guest_account=True, source="GDM")),
        "removable_media": drive_log((stick, now)),
        "inbound_default": Fixed(InboundReading(False, "nftables", "input policy accept")),
        "remote_access": Fixed(RemoteAccessReading(("remote_login", "file_sharing"))),
        "autorun": Fixed(AutorunReading(False)),
        "unlock_limits": Fixed(UnlockReading(None, None, "PAM")),
        "account_admin": Fixed(AdminReading(True, "in the admin group")),
        "empty_passwords": Fixed(EmptyPasswordReading(1)),
        "operating_system": Fixed(OsReading("debian", "10", "Debian 10")),
        "update_history": Fixed(UpdateHistoryReading(now.date() - timedelta(days=40))),
        "auto_updates": Fixed(AutoUpdatesReading(False)),
    }


def unread_sources(reason: str) -> Mapping[str, FactSource[object]]:
    """Every fact the registered checks read, each unread with ``reason``."""
    return {f.id: Fixed(Unread(reason, "test")) for f in facts()}
