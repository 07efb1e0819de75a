"""A real, private Secret Service (gnome-keyring) for tests, never the developer's own.

Fixtures:

* ``secret_service`` (session): starts ``dbus-daemon`` on a socket in a fresh temp
  folder and ``gnome-keyring-daemon --unlock --components=secrets`` on that bus, with
  its own empty HOME / XDG folders, its login keyring unlocked with a test password.
  Yields a ``SecretServiceSession``:

  - ``.backend``: keyring's Secret Service backend talking to that bus (as
    ``PatientSecretService``: see ``tests/patient_keyring.py`` for why);
  - ``.env``: the environment a subprocess needs to use it (bus address, the fresh
    folders, ``PYTHON_KEYRING_BACKEND`` empty, no DISPLAY): a subprocess finds the
    private Secret Service as the app finds the person's, through its own client;
  - ``.forget_history()``: removes the app's default history entries, so a CLI test
    starts from nothing.

  While it is active, this process's ``DBUS_SESSION_BUS_ADDRESS`` points at the
  private bus; it is put back afterwards.
* ``empty_history`` (function): ``secret_service`` with the default history removed
  before and after the test, for tests that drive ``hygiene`` commands.
* ``private_secret_service()``: the context manager behind them, for a test that needs
  a throw-away instance (for example to lock its keyring).

Loading this module pins ``PYTHON_KEYRING_BACKEND`` to keyring's ``fail`` backend for
the whole test run, so nothing can reach the developer's own keyring by accident;
pass ``.backend`` in, or run subprocesses with ``.env``.

If ``dbus-daemon`` or ``gnome-keyring-daemon`` is missing the tests are skipped with
the reason, except in CI (``CI=true``), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import secretstorage

from desktop.core.kit.secrets import KEYRING_SERVICE
from tests.patient_keyring import PatientSecretService, default_collection
from tests.xserver import stop

# No test may reach the developer's own keyring: whatever asks keyring for its default
# backend gets keyring's "fail" backend, unless it runs with a private session's ``env``.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

TEST_KEYRING_PASSWORD = "test-keyring-unlock"
DEFAULT_SERVICE = KEYRING_SERVICE
START_TIMEOUT = 15.0
_DROPPED_ENV = (
    "DBUS_SESSION_BUS_ADDRESS",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "GNOME_KEYRING_CONTROL",
    "SSH_AUTH_SOCK",
    "PYTHON_KEYRING_BACKEND",
    "PYTHON_KEYRING_PROPERTIES",
)


@dataclass
class SecretServiceSession:
    """A running private Secret Service: its backend, environment and folders."""

    backend: PatientSecretService
    env: dict[str, str]
    root: Path
    bus_address: str
    daemon_pid: int = 0  # gnome-keyring-daemon, for tests that stop it (SIGSTOP)

    def items(self, service: str = DEFAULT_SERVICE) -> list[tuple[str, dict[str, str], bytes]]:
        """Every item of one keyring service, duplicates too (label, attributes,
        secret), read while the connection is open: to look at exactly what is stored."""
        with closing(secretstorage.dbus_init()) as conn:
            collection = default_collection(conn)
            return [
                (item.get_label(), item.get_attributes(), item.get_secret())
                for item in collection.search_items({"service": service})
            ]

    def stored(self, service: str = DEFAULT_SERVICE) -> dict[str, tuple[str, str, bytes]]:
        """Items of one keyring service: username -> (label, attributes as text, secret)."""
        return {
            attributes.get("username", ""): (label, repr(sorted(attributes.items())), secret)
            for label, attributes, secret in self.items(service)
        }

    def forget_history(self, service: str = DEFAULT_SERVICE) -> None:
        with closing(secretstorage.dbus_init()) as conn:
            collection = default_collection(conn)
            for item in collection.search_items({"service": service}):
                item.delete()

    def lock(self) -> None:
        """Lock the default collection, as the desktop does when the screen locks."""
        with closing(secretstorage.dbus_init()) as conn:
            default_collection(conn).lock()


def _missing_tools() -> list[str]:
    return [tool for tool in ("dbus-daemon", "gnome-keyring-daemon") if not shutil.which(tool)]


def _require_tools() -> None:
    missing = _missing_tools()
    if not missing:
        return
    message = (
        f"{', '.join(missing)} not installed: the history tests need a private "
        "Secret Service (run scripts/setup.sh)"
    )
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(message)
    pytest.skip(message)


def _daemon_owns_the_name(conn: Any) -> bool:
    """Our daemon has taken the Secret Service's name. (Asking whether the service is
    "available" also counts a service D-Bus could start on demand: the first call would
    then start a second daemon, with no password, racing ours.)"""
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import Proxy

    return bool(Proxy(message_bus, conn).NameHasOwner("org.freedesktop.secrets")[0] == 1)


def _login_ready(conn: Any) -> bool:
    """Our daemon has made the login keyring from the password on its standard input:
    until then, asking for the default keyring would start a prompt nothing answers."""
    try:
        secretstorage.Collection(conn)  # the "default" alias; never creates one
    except secretstorage.exceptions.ItemNotFoundException:
        return False
    return True


def _wait_for_service(deadline: float, daemon: subprocess.Popen[bytes], log: Path) -> None:
    while True:
        with closing(secretstorage.dbus_init()) as conn:
            if _daemon_owns_the_name(conn) and _login_ready(conn):
                return
        if daemon.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                "gnome-keyring-daemon did not start on the private bus:\n"
                + log.read_text(errors="replace")[-2000:]
            )
        time.sleep(0.05)


@contextmanager
def private_secret_service(password: str = TEST_KEYRING_PASSWORD) -> Iterator[SecretServiceSession]:
    """Start a private D-Bus session and gnome-keyring on it; stop both afterwards."""
    _require_tools()
    # A short folder under /tmp: a unix socket path must stay under about 100 bytes.
    root = Path(tempfile.mkdtemp(prefix="hh-ss-"))
    folders = {name: root / name for name in ("home", "data", "config", "cache", "run")}
    for folder in folders.values():
        folder.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
    env.update(
        HOME=str(folders["home"]),
        XDG_DATA_HOME=str(folders["data"]),
        XDG_CONFIG_HOME=str(folders["config"]),
        XDG_CACHE_HOME=str(folders["cache"]),
        XDG_RUNTIME_DIR=str(folders["run"]),
        # Empty, not absent: the "fail" pin of this test run must not reach a subprocess.
        PYTHON_KEYRING_BACKEND="",
    )
    log = root / "daemons.log"
    previous = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    with open(log, "wb") as log_file:
        bus = subprocess.Popen(
            [
                "dbus-daemon",
                "--session",
                "--nofork",
                "--nopidfile",
                f"--address=unix:path={folders['run'] / 'bus'}",
                "--print-address=1",
            ],
            stdout=subprocess.PIPE,
            stderr=log_file,
            env=env,
            text=True,
        )
        daemon: subprocess.Popen[bytes] | None = None
        try:
            assert bus.stdout is not None
            address = bus.stdout.readline().strip()
            if not address:
                pytest.fail("dbus-daemon did not start:\n" + log.read_text(errors="replace"))
            env["DBUS_SESSION_BUS_ADDRESS"] = address
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                stdin=subprocess.PIPE,
                stdout=log_file,
                stderr=log_file,
                env=env,
            )
            assert daemon.stdin is not None
            daemon.stdin.write(password.encode())
            daemon.stdin.close()
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
            _wait_for_service(time.monotonic() + START_TIMEOUT, daemon, log)
            yield SecretServiceSession(PatientSecretService(), env, root, address, daemon.pid)
        finally:
            if previous is None:
                os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
            else:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = previous
            if daemon is not None:
                stop(daemon)
            stop(bus)
            if bus.stdout is not None:
                bus.stdout.close()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def secret_service() -> Iterator[SecretServiceSession]:
    """The session's private Secret Service (see the module notes)."""
    with private_secret_service() as session:
        yield session


@pytest.fixture
def empty_history(secret_service: SecretServiceSession) -> Iterator[SecretServiceSession]:
    """The private Secret Service with no Hygiene Helper history, before and after."""
    secret_service.forget_history()
    yield secret_service
    secret_service.forget_history()
