"""The heavy parts load when first needed, not with the app (memory: see
bench/bench_memory.py). Each case imports in a fresh interpreter and lists what came
with it; a module-level import added back to one of these paths fails here."""

from __future__ import annotations

import pytest

from tests.support import loaded_after

HEAVY = (
    "keyring",  # about 13 MiB alone: the history store asks for it on first use
    "cryptography",  # Argon2id, on the first derivation
    "smtplib",  # sending a report
    "email",  # building a report
    "requests",  # the online breach check
    "zxcvbn",  # the Python scorer and its dictionaries (the Rust port is used)
    "zxcvbn_rs_py",  # the Rust scorer builds its dictionaries (7 MiB) on the first check
    "desktop.ui.report.wizard",  # opened from the tray
    "regex",  # Unicode properties for hidden characters, on the first check (0.8 MiB)
    "PySide6.QtNetwork",  # only Windows' single-instance pipe needs it (2.7 MiB)
    "logging.handlers",  # its network handlers bring pickle and queue (0.5 MiB)
)


def loaded_with(module: str) -> set[str]:
    return loaded_after(f"import importlib\nimportlib.import_module({module!r})\n")


@pytest.mark.parametrize(
    "module",
    [
        "desktop.wiring.gui",  # the tray app and its windows
        "desktop.ui.check.window",  # the check window
        "desktop.core.history",
        "desktop.core.device",
        "desktop.core.report.files",
    ],
)
def test_importing_loads_none_of_the_heavy_parts(module: str) -> None:
    loaded = loaded_with(module)
    assert not {h for h in HEAVY if h in loaded}, module


OPEN_CHECK_WINDOW = """
import os
from desktop.app import Running, start
started = start(["--check", "--no-network"], instance_name=f"hh-lazy-{os.getpid()}")
assert isinstance(started, Running) and started.controller.check_window is not None
assert started.controller.check_window.isVisible()
"""


def test_the_check_window_opens_without_the_heavy_parts(tmp_path) -> None:
    # Right after the window is shown (before the event loop runs): the keyring is read
    # after it, the scorer's dictionaries with the first check.
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    loaded = loaded_after(
        OPEN_CHECK_WINDOW,
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_RUNTIME_DIR": str(home),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        },
    )
    assert not {h for h in HEAVY if h in loaded}
    # nor hashlib, whose OpenSSL library alone is about 3 MiB resident
    assert "_hashlib" not in loaded


CHECK_ONE = """
from desktop.core.breach.hashing import sha1_hex
from desktop.core.checks import build_pipeline
from desktop.core.policy.schema import Policy
result = build_pipeline(Policy(breach_check="off")).run({password!r})
assert result.findings and sha1_hex({password!r})
"""


def test_checking_an_ascii_password_loads_neither_openssl_nor_regex() -> None:
    # Every local rule, and the SHA-1 the breach check sends the start of: CPython's own
    # SHA-1 serves, so OpenSSL (about 3.4 MiB resident) stays out, and an ASCII password
    # needs no Unicode tables from ``regex`` (about 1.3 MiB).
    loaded = loaded_after(CHECK_ONE.format(password="Summer2024! lantern"))
    assert "zxcvbn_rs_py" in loaded  # the check did run its scorer
    assert "_hashlib" not in loaded and "hashlib" not in loaded
    assert "regex" not in loaded


def test_a_password_beyond_ascii_is_checked_with_the_unicode_tables() -> None:
    loaded = loaded_after(CHECK_ONE.format(password="Pässwort\u200b-Sommer-2024"))
    assert "regex" in loaded
    assert "_hashlib" not in loaded
