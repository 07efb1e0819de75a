"""The macOS drive watch at its boundary: a DiskArbitration description as recorded on
macOS 14 for a USB stick (turned into a dict, as the watch does), and the
``diskutil info -plist`` answer for it. The CoreFoundation run loop runs only on a Mac
and was not run here."""

from __future__ import annotations

import plistlib
from typing import Any

from desktop.core.device.readings import RemovableDrive
from desktop.platform.device.commands import Output
from desktop.platform.device.macos.drives import (
    MacDriveWatch,
    diskutil_info,
    drive_from_description,
    encryption_of,
)

STICK = {
    "DAMediaBSDName": "disk4s1",
    "DAMediaRemovable": True,
    "DAMediaEjectable": True,
    "DAMediaSize": 15_997_624_320,
    "DADeviceInternal": False,
    "DADeviceVendor": "SanDisk",
    "DADeviceModel": "Ultra           ",
    "DAVolumeName": "TRANSFER",
    "DAVolumeKind": "msdos",
    "DAVolumeMountable": True,
    "DAMediaUUID": "6C1F2A9E-1B7D-4E53-9F0A-3D2B8C4E5F61",
}
INTERNAL = {**STICK, "DAMediaBSDName": "disk3s1", "DADeviceInternal": True}
WHOLE_DISK = {**STICK, "DAMediaBSDName": "disk4", "DAVolumeMountable": None}

DISKUTIL_FAT = {"DeviceIdentifier": "disk4s1", "FilesystemType": "msdos", "Encrypted": False}
DISKUTIL_APFS = {
    "DeviceIdentifier": "disk5s1",
    "FilesystemType": "apfs",
    "Encrypted": True,
    "FileVault": True,
    "Locked": False,
}


def info_of(data: dict[str, Any] | None):  # type: ignore[no-untyped-def]
    return lambda bsd: data


def test_a_usb_stick_is_a_removable_drive() -> None:
    drive = drive_from_description(STICK, info_of(DISKUTIL_FAT))
    assert drive == RemovableDrive(
        key="disk4s1:6C1F2A9E-1B7D-4E53-9F0A-3D2B8C4E5F61",
        encrypted=False,
        label="TRANSFER",
        vendor="SanDisk",
        model="Ultra",
        size_bytes=15_997_624_320,
    )


def test_internal_disks_and_whole_disks_are_not_drives() -> None:
    assert drive_from_description(INTERNAL, info_of(DISKUTIL_FAT)) is None
    assert drive_from_description(WHOLE_DISK, info_of(DISKUTIL_FAT)) is None


def test_encryption_from_diskutil() -> None:
    assert encryption_of(DISKUTIL_APFS) == (True, "APFS encrypted")
    assert encryption_of(DISKUTIL_FAT) == (False, "")
    assert encryption_of({"FilesystemType": "exfat"}) == (None, "")
    assert encryption_of(None) == (None, "")


def test_diskutil_plist_is_parsed_and_a_bad_answer_cannot_tell() -> None:
    xml = plistlib.dumps(DISKUTIL_APFS).decode()
    assert diskutil_info("disk5s1", lambda argv: Output(0, xml)) == DISKUTIL_APFS
    assert diskutil_info("disk5s1", lambda argv: Output(1, "", "Could not find disk")) is None
    assert diskutil_info("disk5s1", lambda argv: Output(0, "not a plist")) is None


def test_disks_already_there_at_start_are_checked_too() -> None:
    seen: list[RemovableDrive] = []
    watch = MacDriveWatch(info_of(DISKUTIL_FAT))
    watch._on_added = seen.append  # what start() sets before the run loop runs
    watch.disk_appeared(STICK)  # reported while DiskArbitration lists what is there
    assert [d.label for d in seen] == ["TRANSFER"]
    watch.settled()
    watch.disk_appeared(STICK)  # plugged in again later
    assert [d.label for d in seen] == ["TRANSFER", "TRANSFER"]


def test_start_off_macos_says_it_cannot_watch() -> None:
    assert MacDriveWatch().start(lambda d: None) is False
