"""Which Linux this is: ``/etc/os-release`` (or ``/usr/lib/os-release``, which systemd
reads when the first is absent), as the operating system itself describes it."""

from __future__ import annotations

import shlex
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import OsReading
from desktop.core.kit.i18n import N_
from desktop.platform.device.linux._common import read_text

PLACES = (Path("etc/os-release"), Path("usr/lib/os-release"))


def parse_os_release(text: str) -> dict[str, str]:
    """``KEY=value`` lines with shell quoting, as the os-release manual defines them."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _unused, raw = line.partition("=")
        try:
            parts = shlex.split(raw)
        except ValueError:
            continue
        values[key.strip()] = parts[0] if parts else ""
    return values


class LinuxOsRelease:
    def __init__(self, root: Path = Path("/")) -> None:
        self.root = root

    def read(self) -> OsReading | Unread:
        for place in PLACES:
            text = read_text(self.root / place)
            if text is not None:
                values = parse_os_release(text)
                family = values.get("ID", "linux").lower()
                version = values.get("VERSION_ID", "")
                name = values.get("PRETTY_NAME") or f"{values.get('NAME', 'Linux')} {version}"
                return OsReading(family, version, name.strip())
        return Unread(N_("the app could not find which Linux this is"), "no os-release")
