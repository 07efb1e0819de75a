"""Where the posture document lives, writing it atomically, and telling the mirrors.

``posture_path`` gives the per-person location on each system: the app's state folder
from ``desktop.core.kit.paths`` (the composition root passes the environment and home).
``PostureRecorder.record`` is called after every device check and whenever the app's
own state changes: it writes the file (through the kit's one atomic writer, so a
collector never reads half a document), hands the flat fields to every mirror (the
Windows registry, a macOS plist) and, for each check whose status changed, tells every
change sink (journald, the Windows Event Log). A mirror or sink that fails is noted in
``problems`` and the others still run: IT's copy must never stop the person's own check.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop.core.device.findings import System
from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import write_atomic as write_atomic_bytes
from desktop.core.kit.paths import state_dir
from desktop.core.posture.document import Scalar, flat_fields, statuses

FILE_NAME = "posture.json"


_PLATFORMS: dict[System, str] = {"windows": "win32", "macos": "darwin", "linux": "linux"}


def posture_dir(system: System, environ: Mapping[str, str], home: Path) -> Path:
    """The folder of this person's posture document on ``system``: the app's state
    folder (``kit.paths.state_dir``)."""
    return state_dir(_PLATFORMS[system], environ, home)


def posture_path(system: System, environ: Mapping[str, str], home: Path) -> Path:
    return posture_dir(system, environ, home) / FILE_NAME


def write_atomic(path: Path, doc: Mapping[str, object]) -> None:
    """Write the document so that a reader sees the old one or the new one, never half
    (the kit's one atomic writer)."""
    # One line: log collectors (Wazuh's log_format json) read one JSON object per line.
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
    # Readable by others on purpose: collectors such as osquery or Wazuh run as
    # another account, and the document holds statuses only.
    write_atomic_bytes(path, text.encode("utf-8"), 0o644, private_folder=False)


@dataclass(frozen=True)
class StatusChange:
    """One check whose status differs from the last document written."""

    check_id: str
    previous: str  # "" when there was no earlier document
    status: str
    value: Scalar
    threshold: Scalar


class PostureMirror(Protocol):
    """A native store holding a copy of the flat fields (registry, plist)."""

    def publish(self, fields: Mapping[str, Scalar]) -> None: ...


class ChangeSink(Protocol):
    """A log that gets one record per status change (journald, Windows Event Log)."""

    def status_changed(self, change: StatusChange, fields: Mapping[str, Scalar]) -> None: ...


def read_document(path: Path) -> dict[str, object]:
    """The document on disk; empty when there is none or it cannot be read."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def read_field(path: Path, name: str) -> object:
    """One field of the document on disk, or None."""
    return read_document(path).get(name)


def read_statuses(path: Path) -> dict[str, str]:
    """Statuses in the document on disk; empty when there is none or it cannot be read."""
    doc = read_document(path)
    return statuses(doc) if doc else {}


class PostureRecorder:
    """Writes the document and keeps the mirrors and logs in step with it."""

    def __init__(
        self,
        path: Path,
        mirrors: Sequence[PostureMirror] = (),
        sinks: Sequence[ChangeSink] = (),
    ) -> None:
        self.path = path
        self.mirrors = tuple(mirrors)
        self.sinks = tuple(sinks)
        self.problems: list[str] = []
        self._last: dict[str, str] | None = None
        self._lock = threading.Lock()  # two workers never write or compare at once

    def record(self, doc: Mapping[str, object]) -> list[StatusChange]:
        """Write ``doc``; returns the status changes it made (and logged)."""
        with self._lock:
            return self._record(doc)

    def _record(self, doc: Mapping[str, object]) -> list[StatusChange]:
        self.problems = []
        before = self._last if self._last is not None else read_statuses(self.path)
        fields = flat_fields(doc)
        try:
            write_atomic(self.path, doc)
        except OSError as exc:
            self.problems.append(
                _("posture file: {value}", value=exc.strerror or type(exc).__name__)
            )
        for mirror in self.mirrors:
            try:
                mirror.publish(fields)
            except Exception as exc:  # a broken mirror must not stop the others
                self.problems.append(f"{type(mirror).__name__}: {type(exc).__name__}")
        now = statuses(doc)
        changes = [
            StatusChange(
                c,
                before.get(c, ""),
                status,
                fields.get(f"{c}_value"),
                fields.get(f"{c}_threshold"),
            )
            for c, status in now.items()
            if before.get(c) != status
        ]
        for change in changes:
            for sink in self.sinks:
                try:
                    sink.status_changed(change, fields)
                except Exception as exc:
                    self.problems.append(f"{type(sink).__name__}: {type(exc).__name__}")
        self._last = now
        return changes
