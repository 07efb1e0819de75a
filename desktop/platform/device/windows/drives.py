"""Windows removable drives: ``WM_DEVICECHANGE`` on a hidden window of the watch's own.

Windows broadcasts ``WM_DEVICECHANGE`` with ``DBT_DEVICEARRIVAL`` and a
``DEV_BROADCAST_VOLUME`` (the new drive letters as a bit mask) to every top-level
window when a volume arrives. The watch creates one hidden top-level window on its own
thread and sleeps in ``GetMessageW`` until a message comes: no polling. For each new
letter it asks ``GetDriveTypeW`` whether the drive is removable, reads its label and
volume serial number (``GetVolumeInformationW``; the approved list holds those on
Windows, as ``vol`` shows them: ``1A2B-3C4D``) and whether BitLocker To Go protects it
(the same shell property as the system drive).
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from ctypes import wintypes
from typing import Any

from desktop.core.device.readings import RemovableDrive, Unread
from desktop.platform.device.commands import Run, run_command
from desktop.platform.device.windows.facts import BITLOCKER_OFF, BITLOCKER_ON
from desktop.platform.device.windows.powershell import powershell_json

log = logging.getLogger(__name__)

WM_DEVICECHANGE = 0x0219
WM_CLOSE = 0x0010
WM_DESTROY = 0x0002
DBT_DEVICEARRIVAL = 0x8000
DBT_DEVTYP_VOLUME = 0x00000002
DRIVE_REMOVABLE = 2


# Fixed-width fields: a Windows DWORD is 32 bits, whatever ``c_ulong`` is elsewhere.
class DEV_BROADCAST_HDR(ctypes.Structure):
    _fields_ = [
        ("dbch_size", ctypes.c_uint32),
        ("dbch_devicetype", ctypes.c_uint32),
        ("dbch_reserved", ctypes.c_uint32),
    ]


class DEV_BROADCAST_VOLUME(ctypes.Structure):
    _fields_ = [
        ("dbcv_size", ctypes.c_uint32),
        ("dbcv_devicetype", ctypes.c_uint32),
        ("dbcv_reserved", ctypes.c_uint32),
        ("dbcv_unitmask", ctypes.c_uint32),
        ("dbcv_flags", ctypes.c_uint16),
    ]


def arrived_letters(wparam: int, lparam: int) -> list[str]:
    """The drive letters a ``WM_DEVICECHANGE`` message says have just arrived."""
    if wparam != DBT_DEVICEARRIVAL or not lparam:
        return []
    header = DEV_BROADCAST_HDR.from_address(lparam)
    if header.dbch_devicetype != DBT_DEVTYP_VOLUME:
        return []
    mask = DEV_BROADCAST_VOLUME.from_address(lparam).dbcv_unitmask
    return [f"{chr(ord('A') + i)}:" for i in range(26) if mask & (1 << i)]


def present_letters() -> list[str]:
    """Every drive letter in use now (``GetLogicalDrives``); which are removable is asked
    of each by ``describe_volume``."""
    kernel32: Any = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    mask = int(kernel32.GetLogicalDrives())
    return [f"{chr(ord('A') + i)}:" for i in range(26) if mask & (1 << i)]


def bitlocker_of(letter: str, run: Run = run_command) -> tuple[bool | None, str]:
    script = (
        f"$v = (New-Object -ComObject Shell.Application).NameSpace('{letter}\\').Self"
        ".ExtendedProperty('System.Volume.BitLockerProtection'); "
        "ConvertTo-Json -Compress @{protection = $v}"
    )
    data = powershell_json(script, run)
    if isinstance(data, Unread):
        return None, ""
    value = data.get("protection")
    if isinstance(value, int) and value in BITLOCKER_ON:
        return True, "BitLocker To Go"
    if isinstance(value, int) and value in BITLOCKER_OFF:
        return False, ""
    return None, ""


def describe_volume(letter: str) -> RemovableDrive | None:
    """The drive at ``letter`` if it is removable (Windows only)."""
    kernel32: Any = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    root = letter + "\\"
    if kernel32.GetDriveTypeW(root) != DRIVE_REMOVABLE:
        return None
    label = ctypes.create_unicode_buffer(261)
    serial = wintypes.DWORD(0)
    ok = kernel32.GetVolumeInformationW(root, label, 261, ctypes.byref(serial), None, None, None, 0)
    encrypted, method = bitlocker_of(letter)
    number = f"{serial.value >> 16:04X}-{serial.value & 0xFFFF:04X}" if ok else ""
    return RemovableDrive(
        key=f"{letter}{number}",
        encrypted=encrypted,
        method=method,
        label=label.value if ok else "",
        serial=number,
    )


class WindowsDriveWatch:
    """Tells when a removable drive arrives; ``handle`` is the message boundary."""

    def __init__(
        self,
        describe: Callable[[str], RemovableDrive | None] = describe_volume,
        present: Callable[[], list[str]] | None = None,
    ) -> None:
        self._describe = describe
        self._present = present or present_letters
        self._on_added: Callable[[RemovableDrive], None] | None = None
        self._thread: threading.Thread | None = None
        self._hwnd: int | None = None
        self._ready = threading.Event()

    def handle(self, message: int, wparam: int, lparam: int) -> None:
        if message != WM_DEVICECHANGE or self._on_added is None:
            return
        self._report(arrived_letters(wparam, lparam))

    def report_present(self) -> None:
        """The drives plugged in before the watch started (once it listens)."""
        try:
            letters = self._present()
        except OSError as exc:
            log.info("the drives already there could not be listed: %s", exc)
            return
        self._report(letters)

    def _report(self, letters: list[str]) -> None:
        for letter in letters:
            if self._on_added is None:
                return
            try:
                drive = self._describe(letter)
            except OSError as exc:
                log.info("drive %s could not be read: %s", letter, exc)
                continue
            if drive is not None:
                self._on_added(drive)

    def start(self, on_added: Callable[[RemovableDrive], None]) -> bool:
        if not hasattr(ctypes, "WinDLL"):
            return False
        self._on_added = on_added
        self._thread = threading.Thread(target=self._loop, daemon=True, name="drive-watch")
        self._thread.start()
        self._ready.wait(2.0)
        if self._hwnd is None:
            return False
        self.report_present()
        return True

    def stop(self) -> None:
        self._on_added = None
        if self._hwnd is not None:
            user32: Any = ctypes.WinDLL("user32")  # type: ignore[attr-defined]
            user32.PostMessageW(self._hwnd, WM_CLOSE, 0, 0)
            self._hwnd = None

    def _loop(self) -> None:  # pragma: no cover - runs on Windows only
        user32: Any = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        kernel32: Any = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
        wndproc_type = ctypes.WINFUNCTYPE(  # type: ignore[attr-defined]
            ctypes.c_ssize_t, wintypes.HWND, wintypes.UINT, wintypes.WPARAM, wintypes.LPARAM
        )
        user32.DefWindowProcW.restype = ctypes.c_ssize_t
        user32.DefWindowProcW.argtypes = [
            wintypes.HWND,
            wintypes.UINT,
            wintypes.WPARAM,
            wintypes.LPARAM,
        ]

        def proc(hwnd: int, msg: int, wparam: int, lparam: int) -> int:
            if msg == WM_DEVICECHANGE:
                self.handle(msg, wparam, lparam)
                return 1
            if msg == WM_CLOSE:
                user32.DestroyWindow(hwnd)
                return 0
            if msg == WM_DESTROY:
                user32.PostQuitMessage(0)
                return 0
            return int(user32.DefWindowProcW(hwnd, msg, wparam, lparam))

        callback = wndproc_type(proc)

        class WNDCLASSW(ctypes.Structure):
            _fields_ = [
                ("style", wintypes.UINT),
                ("lpfnWndProc", wndproc_type),
                ("cbClsExtra", ctypes.c_int),
                ("cbWndExtra", ctypes.c_int),
                ("hInstance", wintypes.HINSTANCE),
                ("hIcon", wintypes.HICON),
                ("hCursor", wintypes.HANDLE),
                ("hbrBackground", wintypes.HBRUSH),
                ("lpszMenuName", wintypes.LPCWSTR),
                ("lpszClassName", wintypes.LPCWSTR),
            ]

        instance = kernel32.GetModuleHandleW(None)
        cls = WNDCLASSW()
        cls.lpfnWndProc = callback
        cls.hInstance = instance
        cls.lpszClassName = "HygieneHelperDriveWatch"
        user32.RegisterClassW(ctypes.byref(cls))
        # A top-level window (not message-only), so volume broadcasts reach it.
        hwnd = user32.CreateWindowExW(
            0, cls.lpszClassName, "Hygiene Helper drives", 0, 0, 0, 0, 0, None, None, instance, None
        )
        self._hwnd = int(hwnd) if hwnd else None
        self._ready.set()
        if not hwnd:
            return
        msg = wintypes.MSG()
        while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
            user32.TranslateMessage(ctypes.byref(msg))
            user32.DispatchMessageW(ctypes.byref(msg))
