"""Remote access and sharing on Linux: the services listening for other computers, read
from the kernel's own socket tables (``/proc/net/tcp`` and ``tcp6``, readable by every
user), by the ports those services use. A socket bound only to the computer itself
(127.0.0.1, ::1) cannot be reached from the network and does not count.

Ports: remote sign-in 22 (SSH); remote desktop and screen sharing 3389 (RDP, also
GNOME Remote Desktop) and 5900-5909 (VNC); file sharing 139 and 445 (Samba), 2049
(NFS) and 548 (AFP). A service moved to another port is not seen.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import RemoteAccessReading
from desktop.core.kit.i18n import N_
from desktop.platform.device.linux._common import read_text

LISTEN = "0A"
PORTS: dict[int, str] = {
    22: "remote_login",
    3389: "remote_desktop",
    **{port: "remote_desktop" for port in range(5900, 5910)},
    139: "file_sharing",
    445: "file_sharing",
    2049: "file_sharing",
    548: "file_sharing",
}


def _address(hex_addr: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """A /proc/net address: 32-bit words, each in the kernel's (little-endian) order."""
    try:
        raw = bytes.fromhex(hex_addr)
    except ValueError:
        return None
    words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
    try:
        return ipaddress.ip_address(words)
    except ValueError:
        return None


def listening(table: str) -> set[tuple[str, int]]:
    """(service, port) for every listening socket of one table not bound to loopback."""
    found: set[tuple[str, int]] = set()
    for line in table.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4 or fields[3] != LISTEN or ":" not in fields[1]:
            continue
        addr_hex, port_hex = fields[1].rsplit(":", 1)
        addr = _address(addr_hex)
        if addr is None or addr.is_loopback:
            continue
        mapped = getattr(addr, "ipv4_mapped", None)
        if mapped is not None and mapped.is_loopback:
            continue
        port = int(port_hex, 16)
        if port in PORTS:
            found.add((PORTS[port], port))
    return found


class LinuxRemoteAccess:
    def __init__(self, net: Path = Path("/proc/net")) -> None:
        self.net = net

    def read(self) -> RemoteAccessReading | Unread:
        tables = [read_text(self.net / name) for name in ("tcp", "tcp6")]
        if all(t is None for t in tables):
            return Unread(N_("the list of network services could not be read"), "no /proc/net/tcp")
        found: set[tuple[str, int]] = set()
        for table in tables:
            if table is not None:
                found |= listening(table)
        services = tuple(sorted({service for service, _port in found}))
        return RemoteAccessReading(services, "listening sockets")
