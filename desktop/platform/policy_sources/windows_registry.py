"""Managed policy from the Windows registry: HKLM\\SOFTWARE\\Policies\\HygieneHelper.

Group Policy (with the ADMX templates in packaging/windows), Intune and the MSI's
public properties all write there. Ordinary users cannot write under
``SOFTWARE\\Policies``, which is what makes it a managed source. Value names are the
policy key names (case does not matter, as in the registry itself); how each kind is
stored is described in ``convert``.

Registry access is behind a small interface so that the reader runs and is tested on
any OS; ``winreg`` is only imported when the real registry is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from desktop.core.policy.convert import REG_EXPAND_SZ, from_registry
from desktop.core.policy.schema import KEYS, PolicyError
from desktop.core.policy.sources import ManagedReader

POLICY_KEY = r"SOFTWARE\Policies\HygieneHelper"
SOURCE_NAME = "HKLM\\" + POLICY_KEY

RegistryValue = tuple[str, int, Any]  # (name, registry type, data)


class RegistryAccess(Protocol):
    """Reads every value of one key under HKEY_LOCAL_MACHINE."""

    def read_values(self, key_path: str) -> Iterable[RegistryValue] | None:
        """All values of the key, or None when the key does not exist."""
        ...


class WinRegAccess:
    """The real registry through ``winreg`` (Windows only), always the 64-bit view."""

    def read_values(self, key_path: str) -> list[RegistryValue] | None:
        # Imported by name so that type checks on other OSes do not see a missing module.
        winreg: Any = importlib.import_module("winreg")
        flags = winreg.KEY_READ | getattr(winreg, "KEY_WOW64_64KEY", 0)
        try:
            key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key_path, 0, flags)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PolicyError(
                f"HKLM\\{key_path}: cannot be read ({exc.strerror or exc})."
            ) from None
        values: list[RegistryValue] = []
        with key:
            index = 0
            while True:
                try:
                    name, data, reg_type = winreg.EnumValue(key, index)
                except OSError:  # no more values
                    break
                if reg_type == REG_EXPAND_SZ and isinstance(data, str):
                    data = winreg.ExpandEnvironmentStrings(data)
                values.append((name, reg_type, data))
                index += 1
        return values


class DictRegistry:
    """An in-memory registry: ``{key path: [(name, type, data), ...]}``.

    Lets the reader run on any OS (tests, tools); behaves like ``WinRegAccess``, and
    key paths compare without regard to case as they do in the registry.
    """

    def __init__(self, keys: Mapping[str, Iterable[RegistryValue]] | None = None) -> None:
        self._keys = {path.lower(): list(values) for path, values in (keys or {}).items()}

    def read_values(self, key_path: str) -> list[RegistryValue] | None:
        values = self._keys.get(key_path.lower())
        return None if values is None else list(values)


def read_registry_policy(
    access: RegistryAccess, key_path: str = POLICY_KEY
) -> tuple[str, dict[str, Any]] | None:
    """The raw policy values under the key, or None when the key is missing or empty.

    The default value of the key (empty name) is ignored; Group Policy never writes it.
    """
    values = access.read_values(key_path)
    if values is None:
        return None
    source = "HKLM\\" + key_path
    raw: dict[str, Any] = {}
    for name, reg_type, data in values:
        if not name:
            continue
        key = name.lower() if name.lower() in KEYS else name
        raw[key] = from_registry(key, reg_type, data, source)
    if not raw:
        return None
    return source, raw


def registry_reader(
    access: RegistryAccess | None = None, key_path: str = POLICY_KEY
) -> ManagedReader:
    """A managed-policy reader for ``policy.resolve(extra_managed=...)``."""
    chosen: RegistryAccess = access if access is not None else WinRegAccess()

    def read() -> tuple[str, dict[str, Any]] | None:
        return read_registry_policy(chosen, key_path)

    return read
