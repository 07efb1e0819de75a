"""The tests' way into the private Secret Service: never taking gnome-keyring's early
"no default keyring" for an answer.

gnome-keyring learns of a new D-Bus caller while it answers that caller's first calls,
and until it has, it answers ``ReadAlias("default")`` with "no such collection" ("/")
(upstream, still in version 50; the app's own client rides this out, see
``desktop/platform/secret_service.py``). ``secretstorage.get_default_collection`` and
keyring's Secret Service backend believe it at once and ask for a new keyring to be made,
behind a prompt nobody here can answer. The half-made keyring then becomes the default,
locked, and every later test in the run meets a locked keyring (seen once in a CI run
on 7 December 2026: 98 failures from one such answer).

So the tests look the default keyring up here: asked again on the same connection after
a short pause, and never made. Kept apart from ``tests/fixtures_keyring.py``, which pins
the keyring backend for the whole test run when imported, so that a child process can
load ``PatientSecretService`` by name without that side effect.
"""

from __future__ import annotations

import time
from typing import Any

import secretstorage
from keyring.backends.SecretService import Keyring as SecretServiceKeyring
from keyring.errors import KeyringLocked

# Pauses between asking again: about 3 s in all, far beyond the daemon's few milliseconds.
PAUSES = (0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


class NoDefaultKeyring(AssertionError):
    """The private Secret Service has no default keyring, asked again and again."""


def default_collection(conn: Any) -> secretstorage.Collection:
    """The default keyring on this connection; asked again, never created."""
    for pause in PAUSES:
        try:
            return secretstorage.get_collection_by_alias(conn, "default")
        except secretstorage.exceptions.ItemNotFoundException:
            time.sleep(pause)
    try:
        return secretstorage.get_collection_by_alias(conn, "default")
    except secretstorage.exceptions.ItemNotFoundException:
        raise NoDefaultKeyring("the private Secret Service has no default keyring") from None


class PatientSecretService(SecretServiceKeyring):
    """keyring's own Secret Service backend, reading and writing items exactly as it
    does, except that it finds the default keyring with ``default_collection``."""

    def get_preferred_collection(self) -> secretstorage.Collection:
        collection = default_collection(secretstorage.dbus_init())
        if collection.is_locked():
            collection.unlock()
            if collection.is_locked():  # as keyring does: the prompt was dismissed
                raise KeyringLocked("Failed to unlock the collection!")
        return collection
