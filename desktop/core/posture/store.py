"""Where the posture document lives, writing it atomically, and telling the mirrors.

``posture_path`` gives the per-person location on each system: the app's state folder
from ``desktop.core.kit.paths`` (the composition root passes the environment and home).
``PostureRecorder.record`` is called after every device check and whenever the app's
own state changes: it writes the file (through the kit's one atomic writer, so a
collector never reads half a document), hands the flat fields to every mirror (the
Windows registry, a macOS plist) and, for each check whose status changed, tells every
change sink (journald, the Windows Event Log). A mirror or sink that fails is noted in
``problems`` and the others still run: IT's copy must never stop the person's own check.
Beside the document it writes the collectors' file, one line per check (``lines.py``).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop.core.device.findings import System
from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import write_atomic as write_atomic_bytes
from desktop.core.kit.paths import state_dir
from desktop.core.posture.document import SESSION, Scalar, flat_fields, most_informed, statuses
from desktop.core.posture.lines import FILE_NAME as LINES_NAME
from desktop.core.posture.lines import lines_text

FILE_NAME = "posture.json"
# Beside the document, for this app only: where each check's reading was taken (inside the
# person's session or outside it), so the next writer knows which reading is better
# informed. Not part of what IT collects.
ORIGINS_NAME = ".posture-read-in.json"
LOCK_NAME = ".posture.lock"


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


def _write_small(path: Path, data: Mapping[str, str]) -> None:
    text = json.dumps(dict(data), sort_keys=True) + "\n"
    write_atomic_bytes(path, text.encode("utf-8"), private_folder=False)


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


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Holds ``path`` locked against the app's other processes (the tray app and the
    command), so one read-merge-write never interleaves with another. Where no lock can
    be taken (no ``fcntl``, a read-only folder) the write still happens."""
    try:
        import fcntl
    except ImportError:  # Windows: the tray app and the command rarely overlap there
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError:
        yield
        return
    with handle:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


def _read_origins(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


class PostureRecorder:
    """The document's one writer: keeps, per check, the best-informed reading, writes the
    document, keeps the mirrors in step and logs each status change once.

    ``read_in`` says where this process takes its readings: ``SESSION`` (inside the
    person's desktop session, as the tray app does) or ``OUTSIDE`` (an SSH session, an
    agent). Before writing, the document on disk is read under a lock shared with the
    app's other processes; a check this run could not read, or read only from outside
    the session, keeps the earlier reading (see ``most_informed``). Status changes are
    worked out against the document on disk, so a change written by one process is not
    logged again by another.
    """

    def __init__(
        self,
        path: Path,
        mirrors: Sequence[PostureMirror] = (),
        sinks: Sequence[ChangeSink] = (),
        read_in: str = SESSION,
    ) -> None:
        self.path = path
        self.mirrors = tuple(mirrors)
        self.sinks = tuple(sinks)
        self.read_in = read_in
        self.problems: list[str] = []
        self.written: dict[str, object] = {}  # the document as last written
        self._lock = threading.Lock()  # two workers never write or compare at once

    def record(self, doc: Mapping[str, object]) -> list[StatusChange]:
        """Write ``doc`` (merged with the better-informed earlier readings); returns the
        status changes it made (and logged). ``written`` holds what was written."""
        with self._lock, _file_lock(self.path.with_name(LOCK_NAME)):
            return self._record(doc)

    def _write_lines(self, doc: Mapping[str, object]) -> None:
        """The collectors' file beside the document, one line per check (``lines.py``),
        replaced whole like the document and readable by collectors the same way."""
        text = lines_text(doc).encode("utf-8")
        try:
            write_atomic_bytes(self.path.with_name(LINES_NAME), text, 0o644, private_folder=False)
        except OSError as exc:
            self.problems.append(
                _("posture file: {value}", value=exc.strerror or type(exc).__name__)
            )

    def _record(self, new: Mapping[str, object]) -> list[StatusChange]:
        self.problems = []
        previous = read_document(self.path)
        before = statuses(previous) if previous else {}
        origins_path = self.path.with_name(ORIGINS_NAME)
        doc, origins = most_informed(new, previous, self.read_in, _read_origins(origins_path))
        self.written = doc
        fields = flat_fields(doc)
        try:
            write_atomic(self.path, doc)
        except OSError as exc:
            self.problems.append(
                _("posture file: {value}", value=exc.strerror or type(exc).__name__)
            )
        else:
            with contextlib.suppress(OSError):
                _write_small(origins_path, origins)
            self._write_lines(doc)
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
        return changes
