"""Remote access on Linux: real listening sockets in a network namespace of the test's
own, read from the kernel's tables as that namespace's processes see them, with decoys:
a service bound only to the computer itself, and an unrelated port."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import RemoteAccessReading
from desktop.platform.device.linux.remote_access import LinuxRemoteAccess
from tests.fixtures_device import NetNs, stop_pid

pytestmark = pytest.mark.device

LISTENER = """
import socket, sys, time
socks = []
for spec in sys.argv[1:]:
    host, port = spec.rsplit(":", 1)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port)))
    s.listen()
    socks.append(s)
print("ready", flush=True)
time.sleep(120)
"""


@contextmanager
def _listening(ns: NetNs, *specs: str) -> Iterator[RemoteAccessReading | Unread]:
    """Sockets listening in the namespace; yields what the reader sees there."""
    ns.run("ip", "link", "set", "lo", "up")
    with subprocess.Popen(
        [*ns.prefix, sys.executable, "-c", LISTENER, *specs], stdout=subprocess.PIPE
    ) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
            # /proc/<pid>/net shows the network namespace of that process.
            yield LinuxRemoteAccess(Path(f"/proc/{proc.pid}/net")).read()
        finally:
            stop_pid(proc)


def test_nothing_listening_is_off(namespace: NetNs) -> None:
    with _listening(namespace) as reading:
        assert reading == RemoteAccessReading((), "listening sockets")


def test_ssh_and_file_sharing_ports_open_to_the_network_are_seen(namespace: NetNs) -> None:
    with _listening(namespace, "0.0.0.0:22", ":::445") as reading:
        assert reading == RemoteAccessReading(("file_sharing", "remote_login"), "listening sockets")


def test_a_service_bound_to_the_computer_itself_or_another_port_does_not_count(
    namespace: NetNs,
) -> None:
    with _listening(namespace, "127.0.0.1:5900", "::1:3389", "0.0.0.0:8080") as reading:
        assert reading == RemoteAccessReading((), "listening sockets")


def test_no_socket_tables_is_not_checked(tmp_path: Path) -> None:
    assert isinstance(LinuxRemoteAccess(tmp_path).read(), Unread)


def test_this_machines_own_tables_are_read() -> None:
    assert isinstance(LinuxRemoteAccess().read(), RemoteAccessReading)
