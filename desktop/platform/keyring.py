"""The operating system's own secret store, found quickly and only when first used.

``keyring.get_keyring()`` finds a backend by loading the entry points of every
installed package, which costs several MiB and tens of milliseconds in a desktop app
that only ever wants the platform's store. ``SystemKeyring`` honours the person's own
choice first (``PYTHON_KEYRING_BACKEND`` in the environment the composition root
passes, or keyring's config file), then asks the platform's store directly, and only if
that is not usable falls back to keyring's full search. On Linux the platform's store is
the Secret Service through the app's own small client (``desktop.platform.secret_service``),
so ``keyring`` is not loaded at all unless the person named a backend or no Secret
Service is there. The composition root builds one and hands it to everything that keeps
a secret; it looks the backend up on first use (on a worker: the first call may wait
for an unlock prompt) and keeps it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.kit.secrets import SecretBackend

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


def _platform_backend(platform: str) -> KeyringBackend | None:
    try:
        if platform.startswith("win"):
            from keyring.backends.Windows import WinVaultKeyring

            return WinVaultKeyring()  # type: ignore[no-untyped-call]
        if platform == "darwin":
            from keyring.backends.macOS import Keyring as MacKeyring

            return MacKeyring()  # type: ignore[no-untyped-call]
        from keyring.backends.SecretService import Keyring as SecretServiceKeyring

        return SecretServiceKeyring()  # type: ignore[no-untyped-call]
    except Exception:  # a missing optional module: let keyring's own search decide
        return None


def keyring_config(platform: str, env: Mapping[str, str]) -> Path | None:
    """Where ``keyring`` reads a person's choice of backend on Linux (its
    ``keyringrc.cfg``), or None where the app does not look for one itself (Windows,
    macOS, or no home folder known: ``keyring`` then decides)."""
    if platform.startswith(("win", "darwin")):
        return None
    home = env.get("HOME")
    root = env.get("XDG_CONFIG_HOME") or (str(Path(home, ".config")) if home else "")
    return Path(root, "python_keyring", "keyringrc.cfg") if root else None


def find_backend(platform: str, env: Mapping[str, str]) -> SecretBackend:
    """The keyring backend to use for this person's secrets (looked up afresh)."""
    named = env.get("PYTHON_KEYRING_BACKEND")
    config = keyring_config(platform, env)
    if not named and config is not None and not config.exists():
        # Linux, and no backend chosen: the Secret Service, without ``keyring``.
        from desktop.platform.secret_service import SecretServiceStore, service_available

        bus = env.get("DBUS_SESSION_BUS_ADDRESS") or ""
        if bus and service_available(bus):
            return SecretServiceStore(bus)
    return _keyring_backend(platform, named)


def _keyring_backend(platform: str, named: str | None) -> KeyringBackend:
    import keyring
    import keyring.core

    chosen = keyring.core.load_keyring(named) if named else keyring.core.load_config()
    if chosen is None:
        candidate = _platform_backend(platform)
        try:
            if candidate is not None and type(candidate).priority >= 1:
                chosen = candidate
        except Exception:  # not viable here (no D-Bus, no Secret Service): search instead
            chosen = None
    if chosen is None:
        chosen = keyring.get_keyring()
    return chosen


class SystemKeyring:
    """The OS keyring: finds its backend on first use, then keeps it."""

    def __init__(self, platform: str, env: Mapping[str, str]) -> None:
        self._platform = platform
        self._env = env
        self._backend: SecretBackend | None = None
        self._lock = threading.Lock()  # two workers may ask first at the same time

    def backend(self) -> SecretBackend:
        with self._lock:
            if self._backend is None:
                self._backend = find_backend(self._platform, self._env)
            return self._backend

    def get_password(self, service: str, username: str) -> str | None:
        value: str | None = self.backend().get_password(service, username)
        return value

    def set_password(self, service: str, username: str, password: str) -> None:
        self.backend().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.backend().delete_password(service, username)
