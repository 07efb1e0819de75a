"""macOS removable drives: DiskArbitration's disk-appeared callback, on a run loop thread.

``DARegisterDiskAppearedCallback`` calls back once per disk that appears; the watch's
thread sleeps in ``CFRunLoopRun`` in between (no polling). DiskArbitration first
reports every disk already there, so appearances count only after its first idle
callback. A disk counts as a removable drive when it is external and has a mountable
volume. Whether it is encrypted comes from ``diskutil info -plist`` (``Encrypted`` for
APFS, ``FileVault``): DiskArbitration's description does not say.

The description is turned into a plain dict first; ``drive_from_description`` is the
boundary the tests pin with a recorded description. The CoreFoundation glue runs only
on a Mac.
"""

from __future__ import annotations

import ctypes
import logging
import plistlib
import threading
from collections.abc import Callable
from typing import Any

from desktop.core.device.readings import RemovableDrive, Unread
from desktop.platform.device.commands import Run, run_command

log = logging.getLogger(__name__)

CF_PATH = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
DA_PATH = "/System/Library/Frameworks/DiskArbitration.framework/DiskArbitration"
KEYS = (
    "DAMediaBSDName",
    "DAMediaRemovable",
    "DAMediaEjectable",
    "DAMediaSize",
    "DADeviceInternal",
    "DADeviceVendor",
    "DADeviceModel",
    "DAVolumeName",
    "DAVolumeKind",
    "DAVolumeMountable",
    "DAMediaUUID",
)

Describe = Callable[[str], dict[str, Any] | None]


def diskutil_info(bsd: str, run: Run = run_command) -> dict[str, Any] | None:
    out = run(["diskutil", "info", "-plist", bsd])
    if isinstance(out, Unread) or out.code != 0:
        return None
    try:
        data = plistlib.loads(out.stdout.encode("utf-8"))
    except Exception:  # a damaged answer means "cannot tell", never "encrypted"
        return None
    return data if isinstance(data, dict) else None


def encryption_of(info: dict[str, Any] | None) -> tuple[bool | None, str]:
    """(encrypted, method) from ``diskutil info -plist``; None when it cannot be told."""
    if info is None:
        return None, ""
    if info.get("Encrypted") is True or info.get("FileVault") is True:
        kind = str(info.get("FilesystemType", "")).lower()
        return True, "APFS encrypted" if kind == "apfs" else "encrypted"
    if "Encrypted" in info or "FileVault" in info:
        return False, ""
    return None, ""


def drive_from_description(
    desc: dict[str, Any], info: Describe = diskutil_info
) -> RemovableDrive | None:
    """A removable drive from a DiskArbitration description, or None for other disks."""
    if desc.get("DADeviceInternal") is not False or desc.get("DAVolumeMountable") is not True:
        return None
    bsd = str(desc.get("DAMediaBSDName") or "")
    if not bsd:
        return None
    encrypted, method = encryption_of(info(bsd))
    size = desc.get("DAMediaSize")
    return RemovableDrive(
        key=bsd + ":" + str(desc.get("DAMediaUUID") or ""),
        encrypted=encrypted,
        method=method,
        label=str(desc.get("DAVolumeName") or ""),
        serial="",  # DiskArbitration does not give the USB serial number
        vendor=str(desc.get("DADeviceVendor") or "").strip(),
        model=str(desc.get("DADeviceModel") or "").strip(),
        size_bytes=int(size) if isinstance(size, int) else 0,
    )


class MacDriveWatch:
    def __init__(self, info: Describe = diskutil_info) -> None:
        self._info = info
        self._on_added: Callable[[RemovableDrive], None] | None = None
        self._settled = False
        self._loop: int | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._keep: list[object] = []  # callbacks must outlive the run loop

    def disk_appeared(self, desc: dict[str, Any]) -> None:
        """One appearance, already as a dict (the boundary; called on the watch thread).

        DiskArbitration first reports the disks already there: those are drives plugged
        in before the watch started, and are checked like any other."""
        if self._on_added is None:
            return
        drive = drive_from_description(desc, self._info)
        if drive is not None:
            self._on_added(drive)

    def settled(self) -> None:
        """DiskArbitration has reported the disks that were already there."""
        self._settled = True

    def start(self, on_added: Callable[[RemovableDrive], None]) -> bool:
        try:
            ctypes.CDLL(DA_PATH)
        except OSError:
            return False
        self._on_added = on_added
        self._thread = threading.Thread(target=self._run, daemon=True, name="drive-watch")
        self._thread.start()
        self._ready.wait(2.0)
        return self._loop is not None

    def stop(self) -> None:
        self._on_added = None
        if self._loop is not None:
            cf: Any = ctypes.CDLL(CF_PATH)
            cf.CFRunLoopStop(ctypes.c_void_p(self._loop))
            self._loop = None

    def _run(self) -> None:  # pragma: no cover - runs on macOS only
        cf: Any = ctypes.CDLL(CF_PATH)
        da: Any = ctypes.CDLL(DA_PATH)
        vp = ctypes.c_void_p
        for name, res, args in (
            ("CFRunLoopGetCurrent", vp, []),
            ("CFStringCreateWithCString", vp, [vp, ctypes.c_char_p, ctypes.c_uint32]),
            ("CFDictionaryGetValue", vp, [vp, vp]),
            ("CFGetTypeID", ctypes.c_ulong, [vp]),
            ("CFStringGetTypeID", ctypes.c_ulong, []),
            ("CFBooleanGetTypeID", ctypes.c_ulong, []),
            ("CFNumberGetTypeID", ctypes.c_ulong, []),
            (
                "CFStringGetCString",
                ctypes.c_bool,
                [vp, ctypes.c_char_p, ctypes.c_long, ctypes.c_uint32],
            ),
            ("CFBooleanGetValue", ctypes.c_bool, [vp]),
            ("CFNumberGetValue", ctypes.c_bool, [vp, ctypes.c_int, vp]),
            ("CFRelease", None, [vp]),
        ):
            getattr(cf, name).restype, getattr(cf, name).argtypes = res, args
        da.DASessionCreate.restype, da.DASessionCreate.argtypes = vp, [vp]
        da.DADiskCopyDescription.restype, da.DADiskCopyDescription.argtypes = vp, [vp]
        utf8 = 0x08000100
        keys = {k: cf.CFStringCreateWithCString(None, k.encode(), utf8) for k in KEYS}

        def to_python(ref: int | None) -> object:
            if not ref:
                return None
            kind = cf.CFGetTypeID(ref)
            if kind == cf.CFStringGetTypeID():
                buf = ctypes.create_string_buffer(1024)
                return buf.value.decode() if cf.CFStringGetCString(ref, buf, 1024, utf8) else None
            if kind == cf.CFBooleanGetTypeID():
                return bool(cf.CFBooleanGetValue(ref))
            if kind == cf.CFNumberGetTypeID():
                value = ctypes.c_longlong(0)
                return value.value if cf.CFNumberGetValue(ref, 4, ctypes.byref(value)) else None
            return None

        appeared_type = ctypes.CFUNCTYPE(None, vp, vp)
        idle_type = ctypes.CFUNCTYPE(None, vp)

        def appeared(disk: int, _context: int) -> None:
            ref = da.DADiskCopyDescription(disk)
            if not ref:
                return
            try:
                desc = {k: to_python(cf.CFDictionaryGetValue(ref, key)) for k, key in keys.items()}
            finally:
                cf.CFRelease(ref)
            try:
                self.disk_appeared(desc)
            except Exception as exc:  # one odd disk must not end the watch
                log.info("disk not read: %s", type(exc).__name__)

        def idle(_context: int) -> None:
            self.settled()

        on_appeared, on_idle = appeared_type(appeared), idle_type(idle)
        self._keep = [on_appeared, on_idle, keys]
        session = da.DASessionCreate(None)
        if not session:
            self._ready.set()
            return
        da.DARegisterDiskAppearedCallback(vp(session), None, on_appeared, None)
        da.DARegisterIdleCallback(vp(session), on_idle, None)
        loop = cf.CFRunLoopGetCurrent()
        mode = vp.in_dll(cf, "kCFRunLoopDefaultMode")
        da.DASessionScheduleWithRunLoop(vp(session), vp(loop), mode)
        self._loop = int(loop)
        self._ready.set()
        cf.CFRunLoopRun()
