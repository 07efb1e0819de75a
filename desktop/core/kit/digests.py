"""SHA-1 and BLAKE2b without loading OpenSSL where Python has its own.

Importing ``hashlib`` loads ``_hashlib`` and with it OpenSSL's ``libcrypto``: about
3.4 MiB resident in the tray app, for one SHA-1 per breach check. CPython ships its own
implementations of both hashes (the ``_sha1`` and ``_blake2`` modules, part of the
Debian, Windows and macOS builds), which give the same bytes. They are
used when present; otherwise ``hashlib`` is, so any build of Python still works.

What needs OpenSSL anyway (TLS for the online breach check, Argon2id through
``cryptography`` for the password history) still loads it, when first used.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

_OWN_MODULES = {"sha1": "_sha1", "blake2b": "_blake2"}  # CPython's own, by hash


def _builtin(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


@cache
def _constructor(name: str) -> Any:
    """CPython's own constructor for hash ``name``, else ``hashlib``'s; looked up once."""
    found = _builtin(_OWN_MODULES[name], name)
    if found is None:
        import hashlib

        return getattr(hashlib, name)
    return found


def sha1_hex(data: bytes) -> str:
    """Lower-case hex SHA-1 of ``data`` (for looking data up, never to protect anything)."""
    return str(_constructor("sha1")(data, usedforsecurity=False).hexdigest())


def blake2b(data: bytes, *, digest_size: int, key: bytes = b"") -> bytes:
    """BLAKE2b of ``data`` (keyed when ``key`` is given), ``digest_size`` bytes long."""
    return bytes(_constructor("blake2b")(data, digest_size=digest_size, key=key).digest())
