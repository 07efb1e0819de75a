"""ClamAV as it really is: whether its scanning service answers, and how old the
signatures it works from are. Never by a process name: any program can be started
under the name ``clamd``.

* The service: ``clamd.conf`` says where clamd listens (``LocalSocket``, or
  ``TCPSocket``/``TCPAddr``); the app connects and sends ``zPING``, and only a clamd
  answers ``PONG``.
* The signatures: freshclam keeps them in ``DatabaseDirectory`` as ``.cvd`` or ``.cld``
  files whose 512-byte header is a colon-separated line starting ``ClamAV-VDB:``; its
  last field is when the database was built (seconds since 1970, UTC). The daily
  database is the one that changes; its age is what counts.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path

from desktop.core.device.readings import ProductState, Unread
from desktop.core.kit.i18n import N_
from desktop.platform.device.linux._common import TIME_LIMIT, read_text, wall_seconds

CLAMD_CONF = Path("/etc/clamav/clamd.conf")
DEFAULT_DATABASE = Path("/var/lib/clamav")
NAMES = frozenset({"clamav-daemon", "clamd", "clamav", "clamd@scan", "clamav-clamonacc"})
PRODUCT = "ClamAV"
HEADER = b"ClamAV-VDB:"


def is_clamav(unit: str) -> bool:
    base = unit.removesuffix(".service").removesuffix(".socket")
    return base in NAMES


def conf_values(text: str) -> dict[str, str]:
    """``Key value`` lines of a clamd.conf (the last one wins; ``#`` starts a comment)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _unused, value = line.partition(" ")
        values[key] = value.strip()
    return values


def build_time(header: bytes) -> int | None:
    """When a ``.cvd``/``.cld`` database was built (Unix time), from its header."""
    if not header.startswith(HEADER):
        return None
    line = header[:512].split(b"\0", 1)[0].decode("ascii", errors="replace").strip()
    last = line.rsplit(":", 1)[-1].strip()
    return int(last) if re.fullmatch(r"\d{9,11}", last) else None


def signatures_built(folder: Path) -> int | None:
    """The build time of the daily database (else the newest one) in ``folder``."""
    built: dict[str, int] = {}
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".cvd", ".cld"))
    except OSError:
        return None
    for path in files:
        try:
            with open(path, "rb") as handle:
                when = build_time(handle.read(512))
        except OSError:
            continue
        if when is not None:
            built[path.stem] = max(when, built.get(path.stem, 0))
    if "daily" in built:
        return built["daily"]
    return max(built.values()) if built else None


def ping(conf: dict[str, str], timeout: float) -> bool | Unread:
    """True when clamd answers ``PONG``; False when nothing listens where it should."""
    local = conf.get("LocalSocket")
    try:
        if local:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(timeout)
                conn.connect(local)
                return _pong(conn)
        port = conf.get("TCPSocket")
        if port and port.isdigit():
            address = (conf.get("TCPAddr") or "127.0.0.1").split()[0]
            with socket.create_connection((address, int(port)), timeout=timeout) as conn:
                return _pong(conn)
    except (FileNotFoundError, ConnectionRefusedError):
        return False
    except PermissionError:
        return Unread(
            N_(
                "ClamAV's scanning service may not be asked from this account, so the app "
                "cannot tell whether it is running."
            ),
            "EACCES on the clamd socket",
        )
    except TimeoutError:
        return Unread(N_("ClamAV's scanning service did not answer in time."), "timeout")
    except OSError as exc:
        return Unread(N_("ClamAV's scanning service could not be asked."), str(exc))
    return False  # no place to listen is configured: clamd cannot be running


def _pong(conn: socket.socket) -> bool:
    conn.sendall(b"zPING\0")
    answer = b""
    while not answer.endswith(b"\0") and len(answer) < 64:
        chunk = conn.recv(64)
        if not chunk:
            break
        answer += chunk
    return answer.rstrip(b"\0\n") == b"PONG"


class ClamavState:
    """ClamAV's service and signatures, as one product."""

    def __init__(
        self,
        conf: Path = CLAMD_CONF,
        clock: Callable[[], float] = wall_seconds,
        timeout: float = TIME_LIMIT,
    ) -> None:
        self.conf, self.clock, self.timeout = conf, clock, timeout

    def read(self) -> ProductState | Unread:
        text = read_text(self.conf)
        if text is None:
            return ProductState(PRODUCT, enabled=False)  # ClamAV's service is not installed
        values = conf_values(text)
        answered = ping(values, self.timeout)
        if isinstance(answered, Unread):
            return answered
        folder = Path(values.get("DatabaseDirectory") or DEFAULT_DATABASE)
        built = signatures_built(folder)
        age = None if built is None else max(0, int((self.clock() - built) // 86400))
        return ProductState(PRODUCT, enabled=answered, signatures_age_days=age)


__all__ = ["ClamavState", "build_time", "conf_values", "is_clamav", "signatures_built"]
