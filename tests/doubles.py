"""The test doubles the suite shares, each written once (no Qt here).

``MemoryKeyring`` stands in for the OS keyring wherever the point of a test is not the
keyring itself (that is tested against a private Secret Service): the personal-words
store, the mail relay's sign-in, the app started in tests, screenshots and the
accessibility probe. It satisfies the app's one keyring interface
(``desktop.core.kit.secrets.SecretBackend``) and behaves as a real backend does where
that matters: deleting what is not there raises keyring's ``PasswordDeleteError``.
"""

from __future__ import annotations

from keyring.errors import PasswordDeleteError


class KeyringLocked(RuntimeError):
    """What a locked or broken keyring raises in these tests."""


class MemoryKeyring:
    """A keyring held in a dict. ``asked`` lists every (service, username) read;
    with ``fail`` every call raises, as a locked keyring does."""

    priority: float = 5.0  # a real store, as far as the history is concerned

    def __init__(
        self, entries: dict[tuple[str, str], str] | None = None, fail: bool = False
    ) -> None:
        self.items: dict[tuple[str, str], str] = dict(entries or {})
        self.fail = fail
        self.asked: list[tuple[str, str]] = []

    def _check(self) -> None:
        if self.fail:
            raise KeyringLocked("keyring is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self.asked.append((service, username))
        self._check()
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("nothing is stored under that name")
