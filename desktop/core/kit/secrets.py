"""What the core asks of the OS keyring, and the one name its entries are kept under.

Personal words, the hashed password history and the mail relay's sign-in all live in
the keyring under ``KEYRING_SERVICE``. The core only sees ``SecretStore`` (the three
calls of a ``keyring`` backend); the real one is an OS adapter
(``desktop.platform.keyring``) handed in by the composition root.
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
