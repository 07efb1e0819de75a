"""The system disk and removable drives through a real udisks2.

Each test starts its own system bus, systemd-udevd and udisksd, and attaches loop
devices: one with a real LUKS header, one vfat "stick" that a udev rule marks as
removable (UDISKS_SYSTEM=0). No device-mapper here, so a LUKS container cannot be
opened; the reader is pointed at the container itself and at a plain filesystem.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from desktop.core.device.readings import DiskEncryptionReading, RemovableDrive, Unread
from desktop.platform.device.linux.luks import cipher_state, null_cipher_users
from desktop.platform.device.linux.udisks import UdisksDriveWatch, UdisksSystemDisk, mount_device
from tests.fixtures_device import (
    REMOVABLE_TAG,
    UdisksWorld,
    loop_device,
    make_image,
    make_luks,
    make_vfat,
    need,
    private_system_bus,
    read_as_nobody,
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


def null_cipher_luks2(image: Path) -> Path:
    """A real LUKS2 container whose data segment is switched to ``cipher_null-ecb``
    (cryptsetup itself refuses to make one without device-mapper): both header copies
    are rewritten with their checksums, so ``cryptsetup luksDump`` accepts them."""
    make_luks(image)
    data = bytearray(image.read_bytes()[: 1 << 20])
    size = int.from_bytes(data[8:16], "big")
    for start in (0, size):
        header = data[start : start + size]
        meta = json.loads(bytes(header[4096:]).split(b"\0")[0])
        for segment in meta["segments"].values():
            segment["encryption"] = "cipher_null-ecb"
        text = json.dumps(meta).encode()
        header[4096:] = text + bytes(size - 4096 - len(text))
        header[448:512] = bytes(64)
        header[448:480] = hashlib.sha256(header).digest()
        data[start : start + size] = header
    with open(image, "r+b") as out:
        out.write(data)
    dump = subprocess.run(
        [need("cryptsetup"), "luksDump", str(image)], capture_output=True, text=True, timeout=30
    )
    assert "cipher: cipher_null-ecb" in dump.stdout, dump.stderr
    return image


def test_a_luks_container_with_the_null_cipher_is_not_encrypted(
    udisks: UdisksWorld, tmp_path: Path
) -> None:
    image = null_cipher_luks2(tmp_path / "system-null.img")
    with loop_device(image) as device:
        udisks.settle()
        source = UdisksSystemDisk(bus=udisks.bus.address, device_number=_rdev(device))
        reading = _until_known(source)
    assert reading == DiskEncryptionReading(encrypted=False, method="", device=device)


def test_the_cipher_is_read_as_cryptsetup_reads_it(tmp_path: Path) -> None:
    luks2 = make_luks(tmp_path / "two.img")
    dump = subprocess.run(
        [need("cryptsetup"), "luksDump", str(luks2)], capture_output=True, text=True, timeout=30
    ).stdout
    told = re.search(r"^\s*cipher:\s*(\S+)", dump, re.MULTILINE)
    assert told is not None
    assert cipher_state(luks2, is_open=False) == told.group(1)
    # LUKS1 keeps the name and mode at fixed places; with no checksum to redo, a null
    # cipher is two fields rewritten.
    luks1 = make_image(tmp_path / "one.img")
    key = tmp_path / "one.key"
    key.write_bytes(b"test-only key material")
    subprocess.run(
        [
            need("cryptsetup"),
            "luksFormat",
            "--batch-mode",
            "--type",
            "luks1",
            "--pbkdf-force-iterations",
            "1000",
            "--key-file",
            str(key),
            str(luks1),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    with open(luks1, "r+b") as out:
        out.seek(8)
        out.write(b"cipher_null".ljust(32, b"\0") + b"ecb".ljust(32, b"\0"))
    dump = subprocess.run(
        [need("cryptsetup"), "luksDump", str(luks1)], capture_output=True, text=True, timeout=30
    ).stdout
    assert "Cipher name:   \tcipher_null" in dump or re.search(r"Cipher name:\s*cipher_null", dump)
    assert cipher_state(luks1, is_open=False) == "cipher_null-ecb"


PROC_CRYPTO = """name         : ecb(cipher_null)
driver       : ecb-cipher_null
module       : kernel
priority     : 100
refcnt       : {users}
selftest     : passed
internal     : no
type         : skcipher

name         : cipher_null
driver       : cipher_null-generic
module       : kernel
priority     : 0
refcnt       : 1
selftest     : passed
internal     : no
type         : cipher
"""


def test_without_the_header_an_open_volume_counts_only_while_no_volume_uses_the_null_cipher(
    open_tmp: Path,
) -> None:
    """As a user who may not read the disk: the kernel's list of ciphers (recorded from
    this machine's /proc/crypto) says whether the null cipher has users."""
    device = open_tmp / "disk"
    make_luks(device)
    device.chmod(0o600)  # root's only, like /dev/sda
    for users, expected in ((1, "''"), (3, "NotChecked(")):
        crypto = open_tmp / f"crypto-{users}"
        crypto.write_text(PROC_CRYPTO.format(users=users))
        crypto.chmod(0o644)
        got = read_as_nobody(
            "from pathlib import Path; from desktop.platform.device.linux.luks import "
            f"cipher_state as c; print(repr(c(Path({str(device)!r}), True, "
            f"Path({str(crypto)!r}))))"
        )
        assert got.startswith(expected), got
    # Not open (a stick just plugged in): the kernel's list says nothing about it.
    got = read_as_nobody(
        "from pathlib import Path; from desktop.platform.device.linux.luks import "
        f"cipher_state as c; print(repr(c(Path({str(device)!r}), False)))"
    )
    assert got.startswith("NotChecked(") and "really encrypted" in got
    assert null_cipher_users(Path("/proc/crypto")) is not None  # the real list is readable


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


def _until_probed(udisks: UdisksWorld, devices: list[str], limit: float = 20.0) -> None:
    """Wait until udisks2 shows each device as a removable, probed block device."""
    from desktop.platform.dbus import DBusCaller
    from desktop.platform.device.linux.udisks import BLOCK, managed_objects

    names = {Path(d).name for d in devices}
    deadline = time.monotonic() + limit
    while True:
        caller = DBusCaller(udisks.bus.address, timeout=5)
        try:
            objects = managed_objects(caller)
        finally:
            caller.close()
        ready = {
            Path(path).name
            for path, ifaces in objects.items()
            if BLOCK in ifaces
            and not ifaces[BLOCK].get("HintSystem", True)
            and ifaces[BLOCK].get("IdUsage") in ("filesystem", "crypto")
        }
        if names <= ready:
            return
        assert time.monotonic() < deadline, f"udisks2 did not show {names - ready} in time"
        time.sleep(0.1)


def test_drives_plugged_in_before_the_watch_starts_are_reported(
    udisks: UdisksWorld, tmp_path: Path
) -> None:
    plain = make_vfat(tmp_path / f"{REMOVABLE_TAG}-early.img", label="EARLY")
    null = null_cipher_luks2(tmp_path / f"{REMOVABLE_TAG}-null.img")
    got: queue.Queue[RemovableDrive] = queue.Queue()
    with loop_device(plain) as plain_dev, loop_device(null) as null_dev:
        udisks.settle()
        _until_probed(udisks, [plain_dev, null_dev])  # both there before the watch starts
        watch = UdisksDriveWatch(bus=udisks.bus.address)
        deadline = time.monotonic() + 15
        try:
            assert watch.start(got.put) is True
            seen: dict[str, RemovableDrive] = {}
            while len(seen) < 2 and time.monotonic() < deadline:
                try:
                    drive = got.get(timeout=1)
                except queue.Empty:
                    continue
                seen[drive.key] = drive
        finally:
            watch.stop()
    by_dev = {Path(k).name: d for k, d in seen.items()}
    early = by_dev[Path(plain_dev).name]
    assert early.encrypted is False and early.label == "EARLY"
    # A LUKS stick with the null cipher holds its data as it is: not encrypted.
    decoy = by_dev[Path(null_dev).name]
    assert decoy.encrypted is False and decoy.method == "LUKS with no cipher"


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
        assert "udisks2" in reading.clause
        assert UdisksDriveWatch(bus=bus.address).start(lambda d: None) is False


def test_a_root_on_no_block_device_is_unknown(udisks: UdisksWorld, tmp_path: Path) -> None:
    info = tmp_path / "mountinfo"
    info.write_text("22 1 0:33 / / rw - overlay overlay rw\n")
    reading = UdisksSystemDisk(bus=udisks.bus.address, mountinfo=info).read()
    assert isinstance(reading, Unread) and "which disk holds the system" in reading.clause
    unknown = UdisksSystemDisk(bus=udisks.bus.address, device_number=os.makedev(250, 99)).read()
    assert isinstance(unknown, Unread) and "does not know" in unknown.clause


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


def _aes(_device: Path, _open: bool) -> str:
    return "aes-xts-plain64"


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
    assert encryption_of(os.makedev(254, 0), luks, tmp_path, _aes) == DiskEncryptionReading(
        True, "LUKS", "/dev/x" + str(os.makedev(254, 0))
    )
    # LVM: dm-1 (root volume) -> slaves dm-0 (the unlocked LUKS) -> sda3 (LUKS).
    lvm = {**luks, base + "dm_2d1": _block(os.makedev(254, 1))}
    slaves = tmp_path / "dev/block/254:1/slaves/dm-0"
    slaves.mkdir(parents=True)
    (slaves / "dev").write_text("254:0\n")
    reading = encryption_of(os.makedev(254, 1), lvm, tmp_path, _aes)
    assert isinstance(reading, DiskEncryptionReading) and reading.encrypted is True
    # A volume group over one plain and one encrypted disk is not encrypted.
    plain = tmp_path / "dev/block/254:1/slaves/sdb1"
    plain.mkdir()
    (plain / "dev").write_text("8:17\n")
    mixed = {**lvm, base + "sdb1": _block(os.makedev(8, 17), IdType="LVM2_member")}
    reading = encryption_of(os.makedev(254, 1), mixed, tmp_path, _aes)
    assert isinstance(reading, DiskEncryptionReading) and reading.encrypted is False
    # A layer udisks does not show (here an unknown 7:99) cannot be vouched for.
    hidden = tmp_path / "dev/block/254:1/slaves/loop99"
    hidden.mkdir()
    (hidden / "dev").write_text("7:99\n")
    (plain / "dev").unlink()
    plain.rmdir()
    reading = encryption_of(os.makedev(254, 1), lvm, tmp_path, _aes)
    assert isinstance(reading, DiskEncryptionReading) and reading.encrypted is False
    assert encryption_of(os.makedev(9, 9), luks, tmp_path, _aes) is None
    # LVM on a LUKS layer whose cipher is the null one, or cannot be told.
    assert encryption_of(
        os.makedev(254, 0), luks, tmp_path, lambda _d, _o: "cipher_null-ecb"
    ) == DiskEncryptionReading(False, "", "/dev/x" + str(os.makedev(254, 0)))
    unknown = encryption_of(os.makedev(254, 0), luks, tmp_path, lambda _d, _o: Unread("x"))
    assert isinstance(unknown, Unread) and "really encrypted" in unknown.clause
