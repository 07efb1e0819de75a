"""The posture document IT collects: fields, building it from a device report, storing it.

No Qt and no OS calls here; the registry, plist, journald and Event Log mirrors live in
``desktop.platform.posture`` and are passed in.
"""

from desktop.core.posture.document import AppState, build_posture, flat_fields
from desktop.core.posture.fields import FIELDS, SCHEMA_VERSION, Field
from desktop.core.posture.store import (
    ChangeSink,
    PostureMirror,
    PostureRecorder,
    StatusChange,
    posture_path,
    write_atomic,
)

__all__ = [
    "FIELDS",
    "SCHEMA_VERSION",
    "AppState",
    "ChangeSink",
    "Field",
    "PostureMirror",
    "PostureRecorder",
    "StatusChange",
    "build_posture",
    "flat_fields",
    "posture_path",
    "write_atomic",
]
