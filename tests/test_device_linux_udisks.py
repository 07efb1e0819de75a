"""The system disk and removable drives through a real udisks2.

Each test starts its own system bus, systemd-udevd and udisksd, and attaches loop
devices: one with a real LUKS header, one vfat "stick" that a udev rule marks as
removable (UDISKS_SYSTEM=0). No device-mapper here, so a LUKS container cannot be
opened; the reader is pointed at the container itself and at a plain filesystem.
"""

from __future__ import annotations

import os
import queue
import signal
import time
from pathlib import Path

import pytest

from desktop.core.device.readings import DiskEncryptionReading, RemovableDrive, Unread
from desktop.platform.device.linux.udisks import UdisksDriveWatch, UdisksSystemDisk, mount_device
from tests.fixtures_device import (
    REMOVABLE_TAG,
    UdisksWorld,
    loop_device,
    make_luks,
    make_vfat,
    private_system_bus,
)
from tests.loaded import LOADED

pytestmark = pytest.mark.device


def _rdev(device: str) -> int:
    return os.stat(device).st_rdev


def test_a_luks_container_reads_as_encrypted(udisks: UdisksWorld, tmp_path: Path) -> None:
    image = make_luks(tmp_path / "system.img")
    with loop_device(image) as device:
        udisks.settle()
        source = UdisksSystemDisk(bus=udisks.bus.address, device_number=_rdev(device))
        reading = _until_known(source)
    assert reading == DiskEncryptionReading(encrypted=True, method="LUKS", device=device)


def test_a_plain_filesystem_reads_as_not_encrypted(udisks: UdisksWorld, tmp_path: Path) -> None:
    image = make_vfat(tmp_path / "plain.img")
    with loop_device(image) as device:
        udisks.settle()
        reading = _until_known(
            UdisksSystemDisk(bus=udisks.bus.address, device_number=_rdev(device))
        )
    assert isinstance(reading, DiskEncryptionReading)
    assert reading.encrypted is False and reading.method == ""


def test_a_removable_stick_is_reported_once_with_its_encryption(
    udisks: UdisksWorld, tmp_path: Path
) -> None:
    plain = make_vfat(tmp_path / f"{REMOVABLE_TAG}-plain.img", label="CLASSWORK")
    locked = make_luks(tmp_path / f"{REMOVABLE_TAG}-luks.img")
    system = make_vfat(tmp_path / "not-removable.img", label="SYSTEMISH")
    got: queue.Queue[RemovableDrive] = queue.Queue()
    watch = UdisksDriveWatch(bus=udisks.bus.address)
    assert watch.start(got.put) is True
    try:
        with loop_device(system), loop_device(plain) as plain_dev:
            first = got.get(timeout=15)
            with loop_device(locked) as luks_dev:
                second = got.get(timeout=15)
                udisks.settle()
                time.sleep(0.5)
                assert got.empty(), "each drive is reported once, system devices never"
    finally:
        watch.stop()
    assert first.encrypted is False and first.label == "CLASSWORK"
    assert first.key.endswith(Path(plain_dev).name)
    assert first.size_bytes == 64 * 1024 * 1024
    assert second.encrypted is True and second.method == "LUKS"
    assert second.key.endswith(Path(luks_dev).name)


def test_the_same_stick_plugged_in_again_is_reported_again(
    udisks: UdisksWorld, tmp_path: Path
) -> None:
    stick = make_vfat(tmp_path / f"{REMOVABLE_TAG}.img")
    got: queue.Queue[RemovableDrive] = queue.Queue()
    watch = UdisksDriveWatch(bus=udisks.bus.address)
    assert watch.start(got.put)
    try:
        with loop_device(stick):
            got.get(timeout=15)
        udisks.settle()
        with loop_device(stick):
            again = got.get(timeout=15)
    finally:
        watch.stop()
    assert again.encrypted is False


def test_the_root_mount_is_found_from_mountinfo(tmp_path: Path) -> None:
    info = tmp_path / "mountinfo"
    info.write_text(
        "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw\n"
        "30 22 0:27 / /home rw shared:2 - btrfs /dev/sda2 rw\n"
    )
    assert mount_device("/", info) == os.makedev(254, 1)
    assert mount_device("/nowhere", info) is None


def test_no_udisks_is_unknown_not_passed() -> None:
    with private_system_bus() as bus:
        reading = UdisksSystemDisk(bus=bus.address, device_number=os.makedev(7, 0)).read()
        assert isinstance(reading, Unread)
        assert "udisks2" in reading.reason
        assert UdisksDriveWatch(bus=bus.address).start(lambda d: None) is False


def test_a_root_on_no_block_device_is_unknown(udisks: UdisksWorld, tmp_path: Path) -> None:
    info = tmp_path / "mountinfo"
    info.write_text("22 1 0:33 / / rw - overlay overlay rw\n")
    reading = UdisksSystemDisk(bus=udisks.bus.address, mountinfo=info).read()
    assert isinstance(reading, Unread) and "which disk holds the system" in reading.reason
    unknown = UdisksSystemDisk(bus=udisks.bus.address, device_number=os.makedev(250, 99)).read()
    assert isinstance(unknown, Unread) and "does not know" in unknown.reason


def test_a_hung_udisks_gives_unknown_within_the_time_limit(
    udisks: UdisksWorld, tmp_path: Path
) -> None:
    os.kill(udisks.udisksd.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        reading = UdisksSystemDisk(bus=udisks.bus.address, device_number=os.makedev(7, 0)).read()
        took = time.monotonic() - started
    finally:
        os.kill(udisks.udisksd.pid, signal.SIGCONT)
    assert isinstance(reading, Unread)
    assert took < 2.0 + LOADED  # the readers' 2 s limit, a busy machine


def _until_known(source: UdisksSystemDisk) -> DiskEncryptionReading | Unread:
    """udisks learns of a new loop device a moment after udev has settled."""
    deadline = time.monotonic() + 10
    while True:
        reading = source.read()
        if isinstance(reading, DiskEncryptionReading) or time.monotonic() > deadline:
            return reading
        time.sleep(0.1)


def _block(number: int, **props: object) -> dict[str, dict[str, object]]:
    return {
        "org.freedesktop.UDisks2.Block": {
            "DeviceNumber": number,
            "Device": f"/dev/x{number}".encode() + b"\0",
            "CryptoBackingDevice": "/",
            "IdType": "",
            **props,
        }
    }


def test_the_crypto_backing_chain_and_lvm_on_luks(tmp_path: Path) -> None:
    """The stacks that cannot be built here (no device-mapper), in udisks2's own shapes:
    / on an unlocked LUKS mapping, and / on LVM whose volume group sits on LUKS."""
    from desktop.platform.device.linux.udisks import encryption_of

    base = "/org/freedesktop/UDisks2/block_devices/"
    luks = {
        base + "dm_2d0": _block(os.makedev(254, 0), CryptoBackingDevice=base + "sda3"),
        base + "sda3": {
            **_block(os.makedev(8, 3), IdType="crypto_LUKS"),
            "org.freedesktop.UDisks2.Encrypted": {},
        },
    }
    assert encryption_of(os.makedev(254, 0), luks, tmp_path) == DiskEncryptionReading(
        True, "LUKS", "/dev/x" + str(os.makedev(254, 0))
    )
    # LVM: dm-1 (root volume) -> slaves dm-0 (the unlocked LUKS) -> sda3 (LUKS).
    lvm = {**luks, base + "dm_2d1": _block(os.makedev(254, 1))}
    slaves = tmp_path / "dev/block/254:1/slaves/dm-0"
    slaves.mkdir(parents=True)
    (slaves / "dev").write_text("254:0\n")
    reading = encryption_of(os.makedev(254, 1), lvm, tmp_path)
    assert isinstance(reading, DiskEncryptionReading) and reading.encrypted is True
    # A volume group over one plain and one encrypted disk is not encrypted.
    plain = tmp_path / "dev/block/254:1/slaves/sdb1"
    plain.mkdir()
    (plain / "dev").write_text("8:17\n")
    mixed = {**lvm, base + "sdb1": _block(os.makedev(8, 17), IdType="LVM2_member")}
    reading = encryption_of(os.makedev(254, 1), mixed, tmp_path)
    assert isinstance(reading, DiskEncryptionReading) and reading.encrypted is False
    # A layer udisks does not show (here an unknown 7:99) cannot be vouched for.
    hidden = tmp_path / "dev/block/254:1/slaves/loop99"
    hidden.mkdir()
    (hidden / "dev").write_text("7:99\n")
    (plain / "dev").unlink()
    plain.rmdir()
    reading = encryption_of(os.makedev(254, 1), lvm, tmp_path)
    assert isinstance(reading, DiskEncryptionReading) and reading.encrypted is False
    assert encryption_of(os.makedev(9, 9), luks, tmp_path) is None
