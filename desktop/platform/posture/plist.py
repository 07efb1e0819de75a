"""A copy of the flat posture fields as a macOS property list, for Jamf and osquery.

Written next to ``posture.json`` (``posture.plist``), atomically. A plist has no null,
so a field with no value is left out; Jamf's extension attributes and osquery's
``plist`` table then find no key, which they show as empty.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import tempfile
from collections.abc import Mapping
from pathlib import Path

from desktop.core.posture.document import Scalar

FILE_NAME = "posture.plist"


class PlistMirror:
    def __init__(self, path: Path) -> None:
        self.path = path

    def publish(self, fields: Mapping[str, Scalar]) -> None:
        data = {k: v for k, v in fields.items() if v is not None}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".posture-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                plistlib.dump(data, out, fmt=plistlib.FMT_XML, sort_keys=False)
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
