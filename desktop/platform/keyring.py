"""The operating system's own secret store, found quickly.

``keyring.get_keyring()`` finds a backend by loading the entry points of every
installed package, which costs several MiB and tens of milliseconds in a desktop app
that only ever wants the platform's store. We honour the person's own choice first
(``PYTHON_KEYRING_BACKEND`` or keyring's config file), then ask the platform's store
directly, and only if that is not usable fall back to keyring's full search.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

_cached: KeyringBackend | None = None


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


def system_keyring(platform: str = sys.platform) -> KeyringBackend:
    """The keyring backend to use for this person's secrets (cached after the first call)."""
    global _cached
    if _cached is not None:
        return _cached
    import keyring
    import keyring.core

    chosen = keyring.core.load_env() or keyring.core.load_config()
    if chosen is None:
        candidate = _platform_backend(platform)
        try:
            if candidate is not None and type(candidate).priority >= 1:
                chosen = candidate
        except Exception:  # not viable here (no D-Bus, no Secret Service): search instead
            chosen = None
    if chosen is None:
        chosen = keyring.get_keyring()
    _cached = chosen
    return chosen


def forget_cached() -> None:
    """Forget the cached backend (tests that change the environment call this)."""
    global _cached
    _cached = None
