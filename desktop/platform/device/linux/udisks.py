"""The system disk's encryption and removable drives, through udisks2 on the system bus.

No root is needed: udisks2 lets any user read its objects. The system disk is the block
device holding ``/`` (found from ``/proc/self/mountinfo``); from there the reader walks
``CryptoBackingDevice`` (an unlocked LUKS mapping names the encrypted device under it)
and, for stacks udisks does not link (LVM on LUKS), the kernel's ``slaves`` folders in
``/sys``. An external encrypted drive never counts: only what lies under ``/``.

``UdisksDriveWatch`` listens for ``InterfacesAdded`` signals from udisks2 (no polling)
and reports each new removable filesystem or encrypted container once per drive.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from desktop.core.device.readings import DiskEncryptionReading, RemovableDrive, Unread
from desktop.core.kit.i18n import N_
from desktop.platform.dbus import DBusCaller, DBusCallError, SignalWatcher
from desktop.platform.device.linux._common import SYSTEM_BUS, TIME_LIMIT
from desktop.platform.device.linux.luks import cipher_state, is_null

log = logging.getLogger(__name__)

UDISKS = "org.freedesktop.UDisks2"
UDISKS_PATH = "/org/freedesktop/UDisks2"
OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager"
BLOCK = "org.freedesktop.UDisks2.Block"
DRIVE = "org.freedesktop.UDisks2.Drive"
ENCRYPTED = "org.freedesktop.UDisks2.Encrypted"
FILESYSTEM = "org.freedesktop.UDisks2.Filesystem"

Objects = dict[str, dict[str, dict[str, Any]]]  # path -> interface -> property -> value

NO_UDISKS = Unread(
    N_(
        "The disk service (udisks2) is not running, so the app cannot tell whether this "
        "computer's disk is encrypted."
    ),
)


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    """D-Bus variants (signature, value) to plain values."""
    return {k: (v[1] if isinstance(v, tuple) and len(v) == 2 else v) for k, v in props.items()}


def _bytes_text(value: Any) -> str:
    """udisks gives device paths as NUL-terminated byte arrays."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).rstrip(b"\0").decode(errors="replace")
    return str(value or "")


def managed_objects(caller: DBusCaller) -> Objects:
    (objects,) = caller.call(UDISKS, UDISKS_PATH, OBJECT_MANAGER, "GetManagedObjects")
    return {
        str(path): {str(iface): _plain(props) for iface, props in ifaces.items()}
        for path, ifaces in objects.items()
    }


def mount_device(root: str = "/", mountinfo: Path = Path("/proc/self/mountinfo")) -> int | None:
    """The device number (``st_rdev`` style) of the filesystem mounted at ``root``."""
    try:
        lines = mountinfo.read_text().splitlines()
    except OSError:
        return None
    number: int | None = None
    for line in lines:  # the last mount on a point is the one in effect
        fields = line.split()
        if len(fields) < 10 or fields[4] != root:
            continue
        major, _unused, minor = fields[2].partition(":")
        source = fields[fields.index("-") + 2] if "-" in fields else ""
        if major != "0":
            number = os.makedev(int(major), int(minor))
        elif source.startswith("/dev/"):  # btrfs and others report an anonymous device
            try:
                number = os.stat(source).st_rdev
            except OSError:
                number = None
        else:
            number = None
    return number


def _slaves(number: int, sysfs: Path) -> list[int]:
    folder = sysfs / "dev/block" / f"{os.major(number)}:{os.minor(number)}" / "slaves"
    found: list[int] = []
    try:
        for entry in folder.iterdir():
            major, _unused, minor = (entry / "dev").read_text().strip().partition(":")
            found.append(os.makedev(int(major), int(minor)))
    except (OSError, ValueError):
        pass
    return found


CipherOf = Callable[[Path, bool], "str | Unread"]


def encryption_of(
    number: int,
    objects: Objects,
    sysfs: Path = Path("/sys"),
    cipher: CipherOf = cipher_state,
) -> DiskEncryptionReading | Unread | None:
    """Whether the block device ``number`` sits (all the way down) on LUKS with a real
    cipher.

    None when udisks does not know the device. Every branch of the stack must be
    encrypted (an LVM volume spread over a plain and an encrypted disk is not), and no
    LUKS layer may use the null cipher; Unread when a layer's cipher cannot be told.
    """
    by_number = {
        int(ifaces[BLOCK].get("DeviceNumber", -1)): path
        for path, ifaces in objects.items()
        if BLOCK in ifaces
    }
    start = by_number.get(number)
    if start is None:
        return None
    device = _bytes_text(
        objects[start][BLOCK].get("PreferredDevice") or objects[start][BLOCK].get("Device")
    )

    luks: list[str] = []

    def encrypted(path: str, depth: int) -> bool:
        ifaces = objects.get(path, {})
        block = ifaces.get(BLOCK, {})
        if ENCRYPTED in ifaces or block.get("IdType") == "crypto_LUKS":
            luks.append(path)
            return True
        backing = str(block.get("CryptoBackingDevice", "/"))
        if backing not in ("", "/") and backing in objects:
            return encrypted(backing, depth + 1) if depth < 16 else False
        below = _slaves(int(block.get("DeviceNumber", -1)), sysfs)
        if not below or depth >= 16 or any(n not in by_number for n in below):
            return False  # a layer udisks does not show cannot be vouched for
        return all(encrypted(by_number[n], depth + 1) for n in below)

    is_encrypted = encrypted(start, 0)
    if is_encrypted:
        for path in luks:
            node = Path(_bytes_text(objects[path][BLOCK].get("Device")))
            used = cipher(node, True)  # under the mounted system: it is open
            if isinstance(used, Unread):
                return Unread(
                    N_(
                        "The app could not read which cipher the system disk's encryption uses, "
                        "so it cannot tell whether the disk is really encrypted."
                    ),
                    used.detail,
                )
            if is_null(used):
                return DiskEncryptionReading(encrypted=False, method="", device=device)
    return DiskEncryptionReading(
        encrypted=is_encrypted, method="LUKS" if is_encrypted else "", device=device
    )


class UdisksSystemDisk:
    """Whether the disk holding ``/`` is encrypted, read from udisks2."""

    def __init__(
        self,
        bus: str = SYSTEM_BUS,
        root: str = "/",
        sysfs: Path = Path("/sys"),
        mountinfo: Path = Path("/proc/self/mountinfo"),
        device_number: int | None = None,
        cipher: CipherOf = cipher_state,
    ) -> None:
        self.bus, self.root, self.sysfs, self.mountinfo = bus, root, sysfs, mountinfo
        self.device_number = device_number  # tests: a known device instead of the mount
        self.cipher = cipher

    def read(self) -> DiskEncryptionReading | Unread:
        number = self.device_number
        if number is None:
            number = mount_device(self.root, self.mountinfo)
        if number is None:
            return Unread(
                N_(
                    "The app could not tell which disk holds the system, so it cannot say whether "
                    "it is encrypted."
                ),
                f"no block device mounted at {self.root}",
            )
        caller = DBusCaller(self.bus, timeout=TIME_LIMIT)
        try:
            objects = managed_objects(caller)
        except DBusCallError as exc:
            return Unread(NO_UDISKS.reason, str(exc))
        finally:
            caller.close()
        reading = encryption_of(number, objects, self.sysfs, self.cipher)
        if reading is None:
            return Unread(
                N_(
                    "The disk service (udisks2) does not know the disk that holds the system, so "
                    "the app cannot say whether it is encrypted."
                ),
                f"device {os.major(number)}:{os.minor(number)} not in udisks",
            )
        return reading


def removable_drive(
    path: str,
    ifaces: Mapping[str, Mapping[str, Any]],
    drive: Mapping[str, Any],
    cipher: CipherOf = cipher_state,
) -> RemovableDrive | None:
    """The drive a new udisks block object stands for, or None when it is not one to tell
    the person about (a system device, an unlocked mapping, a bare partition table).

    A LUKS drive counts as encrypted only when its cipher is a real one; when the cipher
    cannot be read (the drive's header is root's only and it is not open yet) whether it
    is encrypted cannot be told."""
    block = ifaces.get(BLOCK)
    if block is None:
        return None
    if block.get("HintSystem", True) or block.get("HintIgnore", False):
        return None
    if str(block.get("CryptoBackingDevice", "/")) not in ("", "/"):
        return None  # the unlocked side of a drive already reported
    usage, kind = str(block.get("IdUsage", "")), str(block.get("IdType", ""))
    if usage not in ("filesystem", "crypto"):
        return None
    encrypted: bool | None
    if kind == "crypto_LUKS" or ENCRYPTED in ifaces:
        opened = str(ifaces.get(ENCRYPTED, {}).get("CleartextDevice", "/")) not in ("", "/")
        used = cipher(Path(_bytes_text(block.get("Device"))), opened)
        if isinstance(used, Unread):
            encrypted, method = None, "LUKS"
        elif is_null(used):
            encrypted, method = False, "LUKS with no cipher"
        else:
            encrypted, method = True, "LUKS"
    elif kind == "BitLocker":
        encrypted, method = True, "BitLocker To Go"
    elif usage == "crypto":
        encrypted, method = True, kind
    else:
        encrypted, method = False, ""
    return RemovableDrive(
        key=str(block.get("Drive", "/")) if str(block.get("Drive", "/")) != "/" else path,
        encrypted=encrypted,
        method=method,
        label=str(block.get("IdLabel", "")),
        serial=str(drive.get("Serial", "") or drive.get("WWN", "")),
        vendor=str(drive.get("Vendor", "")),
        model=str(drive.get("Model", "")),
        size_bytes=int(block.get("Size", 0) or drive.get("Size", 0) or 0),
    )


class UdisksDriveWatch:
    """Removable drives plugged in, from udisks2's ``InterfacesAdded`` signals.

    One report per drive (a stick with two partitions is one drive); a drive that is
    removed and plugged in again is reported again. Drives already plugged in when the
    watch starts are reported too, once it listens, so none is missed between the two.
    Signals run on the watcher's thread.
    """

    def __init__(self, bus: str = SYSTEM_BUS, cipher: CipherOf = cipher_state) -> None:
        self.bus = bus
        self.cipher = cipher
        self._added: SignalWatcher | None = None
        self._removed: SignalWatcher | None = None
        self._caller = DBusCaller(bus, timeout=TIME_LIMIT)
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._on_added: Callable[[RemovableDrive], None] | None = None

    def start(self, on_added: Callable[[RemovableDrive], None]) -> bool:
        if not self._caller.has_owner(UDISKS):
            return False
        self._on_added = on_added
        added = SignalWatcher(
            self.bus, OBJECT_MANAGER, "InterfacesAdded", self._interfaces_added, path=UDISKS_PATH
        )
        removed = SignalWatcher(
            self.bus,
            OBJECT_MANAGER,
            "InterfacesRemoved",
            self._interfaces_removed,
            path=UDISKS_PATH,
        )
        try:
            added.start()
            removed.start()
        except DBusCallError as exc:
            log.warning("Cannot watch for removable drives: %s", exc)
            added.close()
            removed.close()
            return False
        self._added, self._removed = added, removed
        self._report_present()
        return True

    def _report_present(self) -> None:
        """The drives plugged in before the watch started."""
        try:
            objects = managed_objects(self._caller)
        except DBusCallError as exc:
            log.info("udisks did not list the drives already there: %s", exc)
            return
        for path, ifaces in sorted(objects.items()):
            if BLOCK in ifaces:
                self._consider(path, dict(ifaces))

    def _interfaces_added(self, body: tuple[Any, ...], _path: str) -> None:
        path, raw = str(body[0]), body[1]
        self._consider(path, {str(i): _plain(p) for i, p in raw.items()})

    def _consider(self, path: str, ifaces: dict[str, dict[str, Any]]) -> None:
        if not {BLOCK, FILESYSTEM, ENCRYPTED} & set(ifaces):
            return
        if BLOCK not in ifaces:
            # An existing block device (a loop device, a card reader's slot) that gained
            # a filesystem or an encrypted container: its block properties are unchanged.
            block_props = self._get_all(path, BLOCK)
            if block_props is None:
                return
            ifaces[BLOCK] = block_props
        block = ifaces[BLOCK]
        drive: Mapping[str, Any] = {}
        drive_path = str(block.get("Drive", "/"))
        if drive_path != "/":
            drive = self._get_all(drive_path, DRIVE) or {}
        found = removable_drive(path, ifaces, drive, self.cipher)
        if found is None:
            return
        with self._lock:
            if found.key in self._seen:
                return
            self._seen.add(found.key)
        if self._on_added is not None:
            self._on_added(found)

    def _get_all(self, path: str, interface: str) -> dict[str, Any] | None:
        try:
            (props,) = self._caller.call(
                UDISKS, path, "org.freedesktop.DBus.Properties", "GetAll", "s", (interface,)
            )
        except DBusCallError as exc:
            log.info("udisks did not give %s of %s: %s", interface, path, exc)
            return None
        return _plain(props)

    def _interfaces_removed(self, body: tuple[Any, ...], _path: str) -> None:
        path, ifaces = str(body[0]), body[1]
        if {DRIVE, BLOCK, FILESYSTEM, ENCRYPTED} & set(ifaces):
            with self._lock:
                self._seen.discard(path)

    def stop(self) -> None:
        for watcher in (self._added, self._removed):
            if watcher is not None:
                watcher.close()
        self._added = self._removed = None
        self._caller.close()
