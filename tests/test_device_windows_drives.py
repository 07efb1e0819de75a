"""The Windows drive watch at its message boundary: a ``WM_DEVICECHANGE`` carrying a
``DEV_BROADCAST_VOLUME`` built in memory as Windows lays it out. The hidden window and
its message loop run only on Windows and were not run here."""

from __future__ import annotations

import ctypes
import json

from desktop.core.device.readings import RemovableDrive
from desktop.platform.device.commands import Output
from desktop.platform.device.windows.drives import (
    DBT_DEVICEARRIVAL,
    DBT_DEVTYP_VOLUME,
    DEV_BROADCAST_VOLUME,
    WM_DEVICECHANGE,
    WindowsDriveWatch,
    arrived_letters,
    bitlocker_of,
)

DBT_DEVICEREMOVECOMPLETE = 0x8004
DBT_DEVTYP_PORT = 0x00000003


def volume(mask: int, devicetype: int = DBT_DEVTYP_VOLUME) -> DEV_BROADCAST_VOLUME:
    return DEV_BROADCAST_VOLUME(ctypes.sizeof(DEV_BROADCAST_VOLUME), devicetype, 0, mask, 0)


def test_the_structure_has_the_windows_size() -> None:
    # dbt.h: three DWORDs, a DWORD mask and a WORD flag, padded to 20 bytes.
    assert ctypes.sizeof(DEV_BROADCAST_VOLUME) == 20


def test_letters_from_the_unit_mask() -> None:
    e_and_g = volume((1 << 4) | (1 << 6))
    assert arrived_letters(DBT_DEVICEARRIVAL, ctypes.addressof(e_and_g)) == ["E:", "G:"]
    assert arrived_letters(DBT_DEVICEREMOVECOMPLETE, ctypes.addressof(e_and_g)) == []
    port = volume(1, DBT_DEVTYP_PORT)
    assert arrived_letters(DBT_DEVICEARRIVAL, ctypes.addressof(port)) == []
    assert arrived_letters(DBT_DEVICEARRIVAL, 0) == []


def test_a_removable_drive_arriving_is_reported_and_a_fixed_one_is_not() -> None:
    stick = RemovableDrive("E:1A2B-3C4D", False, label="KINGSTON", serial="1A2B-3C4D")
    watch = WindowsDriveWatch(describe=lambda letter: stick if letter == "E:" else None)
    seen: list[RemovableDrive] = []
    watch._on_added = seen.append  # what start() sets before its message loop runs
    message = volume((1 << 4) | (1 << 3))  # E: (the stick) and D: (a fixed disk)
    watch.handle(WM_DEVICECHANGE, DBT_DEVICEARRIVAL, ctypes.addressof(message))
    assert seen == [stick]
    watch.stop()
    watch.handle(WM_DEVICECHANGE, DBT_DEVICEARRIVAL, ctypes.addressof(message))
    assert seen == [stick]  # stopped: nothing more is reported


def test_drives_already_there_when_the_watch_starts_are_reported() -> None:
    stick = RemovableDrive("F:9Z", True, method="BitLocker To Go", serial="9Z")
    watch = WindowsDriveWatch(
        describe=lambda letter: stick if letter == "F:" else None,
        present=lambda: ["C:", "F:"],  # GetLogicalDrives: the system disk and a stick
    )
    seen: list[RemovableDrive] = []
    watch._on_added = seen.append
    watch.report_present()
    assert seen == [stick]


def test_start_off_windows_says_it_cannot_watch() -> None:
    assert WindowsDriveWatch().start(lambda d: None) is False


def test_bitlocker_to_go_from_the_shell_property() -> None:
    def answer(value: object):  # type: ignore[no-untyped-def]
        return lambda argv: Output(0, json.dumps({"protection": value}))

    assert bitlocker_of("E:", answer(1)) == (True, "BitLocker To Go")
    assert bitlocker_of("E:", answer(2)) == (False, "")
    assert bitlocker_of("E:", answer(None)) == (None, "")  # e.g. a card reader with no card
