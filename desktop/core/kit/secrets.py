"""The one keyring interface of the app, and the one name its entries are kept under.

Personal words, the hashed password history and the mail relay's sign-in all live in
the keyring under ``KEYRING_SERVICE``. Every part that keeps a secret sees one of these
protocols, never the ``keyring`` library's classes: ``SecretSource`` (reading only, the
mail relay), ``SecretStore`` (the three calls of a keyring backend, personal words) and
``SecretBackend`` (a store that also says how real it is, the history). The OS keyring
(``desktop.platform.keyring.SystemKeyring``) and any ``keyring`` backend satisfy them;
the composition root builds one and hands it to every part. Tests pass the in-memory
double from ``tests/doubles.py`` or a private Secret Service.
"""

from __future__ import annotations

import errno
import re
import sys
from typing import Protocol

KEYRING_SERVICE = "hygiene-helper"


class SecretSource(Protocol):
    """Reads one secret (a keyring backend, or the ``keyring`` module)."""

    def get_password(self, service: str, username: str) -> str | None: ...


class SecretStore(SecretSource, Protocol):
    """Reads, writes and deletes secrets (a keyring backend, or the ``keyring`` module)."""

    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


class SecretBackend(SecretStore, Protocol):
    """A secret store that says how real it is: ``keyring``'s priority, below 1 for its
    ``fail`` and ``null`` stand-ins and plain files, which the history refuses."""

    @property
    def priority(self) -> float: ...


class SecretStoreError(Exception):
    """The app's own Secret Service client could not do what was asked."""


class SecretStoreLocked(SecretStoreError):
    """The keyring stayed locked: its unlock prompt was dismissed or never answered."""


class SecretNotFound(SecretStoreError):
    """Nothing is stored under that name (when deleting)."""


def _keyring_error(name: str) -> type[BaseException] | None:
    """One of the ``keyring`` library's error classes, if that library is loaded at all
    (its errors cannot happen otherwise, and importing it costs about 13 MiB)."""
    errors = sys.modules.get("keyring.errors")
    found = getattr(errors, name, None) if errors is not None else None
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def _is(exc: BaseException, ours: tuple[type[BaseException], ...], theirs: str) -> bool:
    other = _keyring_error(theirs)
    return isinstance(exc, ours + ((other,) if other is not None else ()))


def keyring_locked(exc: BaseException) -> bool:
    """The keyring stayed locked (ours, or the ``keyring`` library's ``KeyringLocked``)."""
    return _is(exc, (SecretStoreLocked,), "KeyringLocked")


def no_keyring(exc: BaseException) -> bool:
    """There is no keyring at all (the ``keyring`` library's ``NoKeyringError``)."""
    return _is(exc, (), "NoKeyringError")


def not_stored(exc: BaseException) -> bool:
    """Deleting found nothing (ours, or the ``keyring`` library's ``PasswordDeleteError``)."""
    return _is(exc, (SecretNotFound,), "PasswordDeleteError")


# Errors that mean "the disk under the keyring is full or cannot be written", per OS:
# errno values, Windows' ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112), the
# macOS Keychain's errSecDiskFull (-34), and gnome-keyring, which answers a failed write
# of its keyring file with PKCS#11's CKR_DEVICE_ERROR text.
_NO_ROOM_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
_NO_ROOM_WINERRORS = frozenset({39, 112})
_NO_ROOM_TEXT = re.compile(
    r"an error occurred on the device|no space left|disk is full|disk full|\(-34\b",
    re.IGNORECASE,
)


def storage_full(exc: BaseException) -> bool:
    """True when a keyring call failed because its files could not be written (a full
    or read-only disk), looking through the exception and what caused it."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _NO_ROOM_ERRNOS:
            return True
        if getattr(current, "winerror", None) in _NO_ROOM_WINERRORS:
            return True
        if _NO_ROOM_TEXT.search(" ".join([str(current), *(str(a) for a in current.args)])):
            return True
        current = current.__cause__ or current.__context__
    return False
