"""One structured journald record per status change, over the journal's native socket.

The native protocol needs no library: one datagram to ``/run/systemd/journal/socket``
holding ``KEY=value`` lines, or, for a value with a newline in it, the key, a newline,
the value's length as a 64-bit little-endian number, the value and a newline. Field
names are upper case; ``MESSAGE_ID`` is fixed so a SIEM can match every record of this
kind with ``journalctl MESSAGE_ID=...``.
"""

from __future__ import annotations

import re
import socket
import struct
from collections.abc import Mapping

from desktop.core.posture.document import Scalar
from desktop.core.posture.fields import CHECK_WORDS
from desktop.core.posture.store import StatusChange

SOCKET = "/run/systemd/journal/socket"
MESSAGE_ID = "0d67cbe694114fdf8a4996468bec9195"
IDENTIFIER = "hygiene-helper"
# syslog priorities: 4 warning for a failure, 5 notice for unknown, 6 info otherwise.
PRIORITY = {"fail": "4", "unknown": "5"}
_NAME = re.compile(r"^[A-Z0-9][A-Z0-9_]{0,63}$")


def _text(value: Scalar) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def encode(fields: Mapping[str, str]) -> bytes:
    """The native protocol's datagram for ``fields`` (names checked, values binary-safe)."""
    out = bytearray()
    for name, value in fields.items():
        if not _NAME.match(name):
            raise ValueError(f"not a journal field name: {name!r}")
        data = value.encode("utf-8")
        if b"\n" in data:
            out += name.encode("ascii") + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
        else:
            out += name.encode("ascii") + b"=" + data + b"\n"
    return bytes(out)


def record_fields(change: StatusChange, fields: Mapping[str, Scalar]) -> dict[str, str]:
    """The journal fields for one status change."""
    words = CHECK_WORDS.get(change.check_id, change.check_id)
    was = f" (was {change.previous})" if change.previous else ""
    return {
        "MESSAGE": f"Hygiene Helper: {words} check is {change.status}{was}",
        "MESSAGE_ID": MESSAGE_ID,
        "PRIORITY": PRIORITY.get(change.status, "6"),
        "SYSLOG_IDENTIFIER": IDENTIFIER,
        "HYGIENE_CHECK": change.check_id,
        "HYGIENE_STATUS": change.status,
        "HYGIENE_PREVIOUS_STATUS": change.previous,
        "HYGIENE_VALUE": _text(change.value),
        "HYGIENE_THRESHOLD": _text(change.threshold),
        "HYGIENE_COMPLIANT": _text(fields.get(f"{change.check_id}_compliant")),
        "HYGIENE_FAILING_CHECKS": _text(fields.get("failing_checks")),
        "HYGIENE_POLICY_VERSION": _text(fields.get("policy_version")),
        "HYGIENE_APP_VERSION": _text(fields.get("app_version")),
        "HYGIENE_SCHEMA": _text(fields.get("schema")),
    }


class JournalSink:
    """Sends each status change to journald; raises OSError when the journal is absent
    (the recorder notes it and carries on)."""

    def __init__(self, socket_path: str = SOCKET) -> None:
        self.socket_path = socket_path

    def status_changed(self, change: StatusChange, fields: Mapping[str, Scalar]) -> None:
        self.send(record_fields(change, fields))

    def send(self, fields: Mapping[str, str]) -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(encode(fields), self.socket_path)
