"""The keyring the app sees in a benchmark: a private Secret Service, never the person's.

``secret-service`` (the default) starts gnome-keyring on a private D-Bus session, as the
tests do, so the app keeps and reads its secrets as it does on a Linux desktop (through
its own Secret Service client). ``fail`` gives keyring's "fail" backend instead, as the
benchmarks did before: every keyring answer is then "not checked" at once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KINDS = ("secret-service", "fail")


@contextmanager
def keyring_env(kind: str) -> Iterator[dict[str, str]]:
    """Environment for the app's process, for as long as the keyring runs."""
    if kind == "fail":
        yield {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        return
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.fixtures_keyring import private_secret_service

    with private_secret_service() as session:
        yield {"DBUS_SESSION_BUS_ADDRESS": session.bus_address, "PYTHON_KEYRING_BACKEND": ""}
