"""SHA-1 and BLAKE2b from CPython's own modules give exactly hashlib's bytes, and so
does the fallback to hashlib where a build of Python has none of its own."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator

import pytest

from desktop.core.kit import digests


def samples() -> list[bytes]:
    rng = random.Random(3)
    out = [b"", b"password", "Pässwort😀".encode(), bytes(range(256)) * 300]
    out += [rng.randbytes(rng.randint(1, 5000)) for _ in range(60)]
    return out


@pytest.fixture(params=["builtin", "hashlib"])
def source(request, monkeypatch) -> Iterator[str]:
    if request.param == "hashlib":
        monkeypatch.setattr(digests, "_builtin", lambda module, name: None)
    digests._constructor.cache_clear()  # each way looks its constructors up afresh
    yield str(request.param)
    digests._constructor.cache_clear()


def test_sha1_is_hashlibs(source: str) -> None:
    for data in samples():
        assert digests.sha1_hex(data) == hashlib.sha1(data).hexdigest()
    # the published SHA-1 of "password", as the breach data is keyed
    assert digests.sha1_hex(b"password") == "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8"


def test_blake2b_is_hashlibs_keyed_or_not(source: str) -> None:
    for i, data in enumerate(samples()):
        size = 1 + i % 64
        key = bytes([i]) * (i % 65)
        want = hashlib.blake2b(data, digest_size=size, key=key).digest()
        assert digests.blake2b(data, digest_size=size, key=key) == want


def test_cpythons_own_modules_are_used_where_present() -> None:
    # Debian's and the upstream builds of CPython have them; without them the app would
    # still work, through hashlib, with OpenSSL loaded.
    assert digests._builtin("_sha1", "sha1") is not None
    assert digests._builtin("_blake2", "blake2b") is not None
    assert digests._constructor("sha1") is digests._builtin("_sha1", "sha1")
