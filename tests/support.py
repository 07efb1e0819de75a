"""Test helpers with no Qt in them: real tools (Xvfb, a tray host) and small in-memory parts.

Kept apart from the window fixtures so that the core tests (``pytest -m "not gui"``)
can use them without loading Qt.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from desktop.core.history import MemoryStore, PasswordHistory
from tests.doubles import MemoryKeyring
from tests.xserver import XvfbError, start_xvfb, stop

if TYPE_CHECKING:
    from desktop.wiring import Services

ROOT = Path(__file__).resolve().parents[1]

__all__ = [
    "MemoryKeyring",
    "app_env",
    "loaded_after",
    "memory_history",
    "private_root",
    "require_tool",
    "xvfb",
]


def require_tool(*names: str) -> None:
    """Skip when a real component is missing here; in CI that is a failure instead."""
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        message = f"needs {', '.join(missing)} (install with scripts/setup.sh)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def xvfb(size: str = "1280x900x24") -> Iterator[str]:
    """A private Xvfb on a display number it picks itself (-displayfd); yields ":N"."""
    require_tool("Xvfb")
    try:
        proc, display = start_xvfb(size)
    except XvfbError as exc:
        pytest.fail(str(exc))
    try:
        yield display
    finally:
        stop(proc)


def app_env(tmp_path: Path, display: str) -> dict[str, str]:
    """The environment for the real app started as a child on ``display``: this
    process's, without its session bus or platform choice, with a private home, state
    and runtime folder under ``tmp_path`` and keyring's "fail" backend (nothing touches
    the person's own settings or keyring)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    env.update(
        DISPLAY=display,
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / "config"),
        XDG_STATE_HOME=str(tmp_path / "home" / "state"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
    )
    (tmp_path / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules loaded after running ``code`` in a fresh interpreter of the checkout."""
    code = f"import json, sys\n{code}print(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


@contextmanager
def tray_host(display: str) -> Iterator[subprocess.Popen[bytes]]:
    """Debian's ``trayer`` as the system tray on ``display``."""
    require_tool("trayer")
    proc = subprocess.Popen(
        [
            "trayer",
            "--edge",
            "top",
            "--align",
            "right",
            "--widthtype",
            "request",
            "--height",
            "32",
            "--SetDockType",
            "true",
        ],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def memory_history(depth: int = 24) -> PasswordHistory:
    """The real history logic on an in-memory store, for tests that need no keyring."""
    return PasswordHistory(MemoryStore(), depth)


def private_root(home: Path, env: Mapping[str, str] | None = None, **parts: Any) -> Services:
    """The app's composition root on a private home folder: its settings, drafts, lock
    count and IT's document all go under ``home``, and the environment the root sees is
    ``env`` (nothing else from this process's own). The keyring is the failing one
    unless ``parts`` gives another, so nothing reaches the developer's own."""
    from desktop.wiring import Options, Services

    seen = {"HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    seen.update(env or {})
    parts.setdefault("readers", ())
    parts.setdefault("system_policy", home / "no-managed-policy.toml")
    options = parts.pop("options", Options(no_network=True))
    return Services(options, env=seen, home=home, platform="linux", **parts)
