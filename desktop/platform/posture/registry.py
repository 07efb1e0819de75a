"""A copy of the flat posture fields under ``HKCU\\Software\\HygieneHelper\\Posture``.

osquery's ``registry`` table, Intune and Google Endpoint Verification read values here.
True/false and counts are REG_DWORD, everything else REG_SZ; a null is an empty
REG_SZ, so every field is always present. The ``winreg`` module is passed in, so tests
record the calls with a stand-in of the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from desktop.core.posture.document import Scalar

KEY = r"Software\HygieneHelper\Posture"


class WinregLike(Protocol):
    """The part of ``winreg`` this mirror uses."""

    HKEY_CURRENT_USER: int
    KEY_SET_VALUE: int
    REG_DWORD: int
    REG_SZ: int

    def CreateKeyEx(self, key: Any, sub_key: str, reserved: int = 0, access: int = 0) -> Any: ...
    def SetValueEx(self, key: Any, name: str, reserved: int, type: int, value: Any) -> None: ...


def registry_value(winreg: WinregLike, value: Scalar) -> tuple[int, int | str]:
    """The registry type and data for one field."""
    if isinstance(value, bool):
        return winreg.REG_DWORD, int(value)
    if isinstance(value, int) and 0 <= value <= 0xFFFFFFFF:
        return winreg.REG_DWORD, value
    return winreg.REG_SZ, "" if value is None else str(value)


class RegistryMirror:
    """Writes every flat field as a value of the Posture key (per user, no admin)."""

    def __init__(self, winreg: WinregLike) -> None:
        self.winreg = winreg

    def publish(self, fields: Mapping[str, Scalar]) -> None:
        w = self.winreg
        handle = w.CreateKeyEx(w.HKEY_CURRENT_USER, KEY, 0, w.KEY_SET_VALUE)
        try:
            for name, value in fields.items():
                kind, data = registry_value(w, value)
                w.SetValueEx(handle, name, 0, kind, data)
        finally:
            close = getattr(handle, "Close", None)
            if callable(close):
                close()
