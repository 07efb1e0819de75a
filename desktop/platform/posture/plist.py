"""A copy of the flat posture fields as a macOS property list, for Jamf and osquery.

Written next to ``posture.json`` (``posture.plist``), atomically. A plist has no null,
so a field with no value is left out; Jamf's extension attributes and osquery's
``plist`` table then find no key, which they show as empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from desktop.core.kit.jsonfile import write_atomic
from desktop.core.posture.document import Scalar

FILE_NAME = "posture.plist"


class PlistMirror:
    def __init__(self, path: Path) -> None:
        self.path = path

    def publish(self, fields: Mapping[str, Scalar]) -> None:
        import plistlib  # macOS only (0.4 MiB with the XML parser it loads)

        data = {k: v for k, v in fields.items() if v is not None}
        body = plistlib.dumps(data, fmt=plistlib.FMT_XML, sort_keys=False)
        # Readable by others on purpose, like posture.json: collectors run as another user.
        write_atomic(self.path, body, 0o644, private_folder=False)
