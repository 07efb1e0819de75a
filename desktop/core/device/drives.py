"""Removable drives: what the policy says about one that was plugged in, and a day's log.

The app cannot block a drive, and says so: blocking is the OS policy's job, set by IT
(GNOME's ``mount-removable-storage-devices-as-read-only``, Windows' Group Policy
``RDVDenyWriteAccess``, a macOS configuration profile's media controls). What it can do
is tell the person, calmly and once per drive, whether this drive is one the policy
allows: approved (when the organisation keeps a list) and encrypted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from desktop.core.device.base import DevicePolicy
from desktop.core.device.findings import System
from desktop.core.device.readings import RemovableDrive
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.untrusted import shown

POLICY_WORDS = N_(
    "Your organisation's policy: use a memory stick or other removable drive only if it "
    "is approved, and then only with an approved level of encryption."
)
CANNOT_BLOCK = N_("Hygiene Helper cannot block a drive; it only tells you what the policy says.")
WHERE_BLOCKING_LIVES: dict[System, str] = {
    "linux": (
        N_(
            "IT can make drives read-only with the GNOME setting "
            "org.gnome.desktop.lockdown mount-removable-storage-devices-as-read-only."
        )
    ),
    "windows": (
        N_(
            "IT can block writing to unencrypted drives with the Group Policy 'Deny write "
            "access to removable drives not protected by BitLocker' (RDVDenyWriteAccess)."
        )
    ),
    "macos": (
        N_(
            "IT can block or make drives read-only with a configuration profile's media "
            "controls (mount-controls)."
        )
    ),
}


SAME_PLUG = 10.0  # seconds: signals about one drive closer than this are one plug


def _serial_key(serial: str) -> str:
    return "".join(serial.split()).upper()


@dataclass(frozen=True)
class DriveVerdict:
    """What the policy makes of one drive. ``approved`` is None when no list is kept."""

    encrypted: bool | None
    approved: bool | None

    @property
    def allowed(self) -> bool | None:
        """True: allowed; False: against the policy; None: cannot be told (its encryption
        could not be read, or the organisation keeps no approved list to compare with)."""
        if self.encrypted is False or self.approved is False:
            return False
        if self.encrypted is None or self.approved is None:
            return None
        return True


def assess_drive(drive: RemovableDrive, policy: DevicePolicy) -> DriveVerdict:
    approved: bool | None = None
    if policy.approved_drives:
        listed = {_serial_key(s) for s in policy.approved_drives}
        approved = bool(drive.serial) and _serial_key(drive.serial) in listed
    return DriveVerdict(drive.encrypted, approved)


def drive_name(drive: RemovableDrive) -> str:
    """How the person would recognise the drive: its label, or its make and size."""
    make = " ".join(p for p in (drive.vendor.strip(), drive.model.strip()) if p)
    size = _size_words(drive.size_bytes)
    # label, vendor and model come from the drive itself: isolated, never markup
    parts = [shown(p) for p in (drive.label.strip(), make) if p] + ([size] if size else [])
    if not parts:
        return _("this drive")
    head, *rest = parts
    return f'"{head}"' + (f" ({', '.join(rest)})" if rest else "")


def _size_words(size: int) -> str:
    if size <= 0:
        return ""
    gb = size / 1e9
    return f"{gb:.0f} GB" if gb >= 10 else f"{gb:.1f} GB" if gb >= 1 else f"{size / 1e6:.0f} MB"


@dataclass(frozen=True)
class DriveNotice:
    title: str
    text: str
    allowed: bool | None


def drive_notice(drive: RemovableDrive, policy: DevicePolicy, system: System) -> DriveNotice:
    """The one calm notice for a drive that was just plugged in."""
    verdict = assess_drive(drive, policy)
    name = drive_name(drive)
    if verdict.encrypted is True:
        how = f" ({drive.method})" if drive.method else ""  # the reader's own words
        enc = _("{name} is encrypted{how}", name=name, how=how)
    elif verdict.encrypted is False:
        enc = _("{name} is not encrypted", name=name)
    else:
        enc = _(
            "The app could not tell whether {name} is encrypted, so treat it as not encrypted",
            name=name,
        )
    if verdict.approved is True:
        listed = _(", and it is on your organisation's list of approved drives.")
    elif verdict.approved is False:
        listed = _(", and it is not on your organisation's list of approved drives.")
    else:
        listed = _(". Your organisation has not listed approved drives here, so check with IT.")
    if verdict.allowed is True:
        title, advice = _("Drive plugged in"), _("You can use it.")
    elif verdict.allowed is None and verdict.encrypted is True:
        title = _("Drive plugged in: check before you use it")
        advice = _("Please ask IT whether you may use it before you copy work files to or from it.")
    else:
        title = _("Drive plugged in: check before you use it")
        advice = _("Please do not copy work files to or from it; unplug it and ask IT.")
    text = " ".join(
        (_(POLICY_WORDS), enc + listed, advice, _(CANNOT_BLOCK), _(WHERE_BLOCKING_LIVES[system]))
    )
    return DriveNotice(title, text, verdict.allowed)


@dataclass(frozen=True)
class SeenDrive:
    drive: RemovableDrive
    seen_at: datetime


@dataclass(frozen=True)
class DrivesSeen:
    """The removable-media fact: whether the watch runs, and the drives it saw."""

    watching: bool
    drives: tuple[SeenDrive, ...]


class DriveLog:
    """The drives plugged in since the app started; fed by the watch's own thread.

    It is the FactSource of the removable-drives check. ``watching`` is set by whoever
    starts the watch (False: this computer cannot be watched).
    """

    KEEP = 50

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drives: list[SeenDrive] = []
        self.watching = False

    def add(self, drive: RemovableDrive, when: datetime) -> bool:
        """Record a drive; False when the same drive was reported moments ago (one plug
        can raise several OS signals), so it gives one notice, not three."""
        with self._lock:
            if any(
                s.drive.key == drive.key and abs((when - s.seen_at).total_seconds()) < SAME_PLUG
                for s in self._drives
            ):
                return False
            self._drives = [*self._drives, SeenDrive(drive, when)][-self.KEEP :]
            return True

    def read(self) -> DrivesSeen:
        with self._lock:
            return DrivesSeen(self.watching, tuple(self._drives))
