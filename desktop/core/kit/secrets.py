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
