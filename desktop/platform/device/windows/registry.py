"""Reading single registry values for device facts, behind a small interface.

``winreg`` is imported only when the real registry is read, so the adapters import and
are tested on any OS with ``DictValues`` holding recorded values.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Protocol

HKLM = "HKLM"
HKCU = "HKCU"
REG_SZ, REG_DWORD = 1, 4


class RegistryValues(Protocol):
    def value(self, hive: str, path: str, name: str) -> Any:
        """The value's data, or None when the key or value does not exist.

        Raises PermissionError when it may not be read.
        """
        ...


class WinRegValues:
    """The real registry (Windows only), always the 64-bit view."""

    def value(self, hive: str, path: str, name: str) -> Any:
        winreg: Any = importlib.import_module("winreg")
        root = winreg.HKEY_LOCAL_MACHINE if hive == HKLM else winreg.HKEY_CURRENT_USER
        flags = winreg.KEY_READ | getattr(winreg, "KEY_WOW64_64KEY", 0)
        try:
            with winreg.OpenKey(root, path, 0, flags) as key:
                data, _type = winreg.QueryValueEx(key, name)
                return data
        except FileNotFoundError:
            return None


class DictValues:
    """Recorded values: ``{"HKLM\\path": {"Name": data}}``; case does not matter."""

    def __init__(self, keys: Mapping[str, Mapping[str, Any]], denied: tuple[str, ...] = ()) -> None:
        self._keys = {
            k.lower(): {n.lower(): v for n, v in vals.items()} for k, vals in keys.items()
        }
        self._denied = {d.lower() for d in denied}

    def value(self, hive: str, path: str, name: str) -> Any:
        full = f"{hive}\\{path}".lower()
        if full in self._denied:
            raise PermissionError(full)
        return self._keys.get(full, {}).get(name.lower())


def as_int(data: Any) -> int | None:
    """REG_DWORD or a REG_SZ number ("600"), as the screen saver keys store them."""
    if isinstance(data, bool):
        return int(data)
    if isinstance(data, int):
        return data
    if isinstance(data, str) and data.strip().lstrip("-").isdigit():
        return int(data.strip())
    return None
