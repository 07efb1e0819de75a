"""One Windows Event Log record per status change, from the source the MSI registers.

The MSI adds the ``Hygiene Helper`` source under the Application log (registering a
source needs an administrator, so the app never does it itself). Records go through
``RegisterEventSourceW`` and ``ReportEventW``; the advapi32 functions are passed in,
so tests record the calls with a stand-in of the same shape.

Event ids: 1000 pass, 1001 fail, 1002 unknown, 1003 not applicable. The one insertion
string is ``key=value`` lines, which SIEMs split without a message file.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from typing import Any, Protocol

from desktop.core.posture.document import Scalar
from desktop.core.posture.store import StatusChange
from desktop.platform.posture.journald import record_fields

SOURCE = "Hygiene Helper"
EVENT_IDS = {"pass": 1000, "fail": 1001, "unknown": 1002, "not_applicable": 1003}
EVENTLOG_SUCCESS = 0x0000
EVENTLOG_ERROR_TYPE = 0x0001
EVENTLOG_WARNING_TYPE = 0x0002
EVENTLOG_INFORMATION_TYPE = 0x0004
EVENT_TYPES = {"fail": EVENTLOG_WARNING_TYPE, "unknown": EVENTLOG_WARNING_TYPE}


class Advapi32Like(Protocol):
    def RegisterEventSourceW(self, server: Any, source: str) -> Any: ...
    def ReportEventW(self, *args: Any) -> int: ...
    def DeregisterEventSource(self, handle: Any) -> int: ...


def event_text(change: StatusChange, fields: Mapping[str, Scalar]) -> str:
    """The record's text: the message, then one ``HYGIENE_...=value`` line per field."""
    record = record_fields(change, fields)
    lines = [record["MESSAGE"]]
    lines += [f"{k}={v}" for k, v in record.items() if k.startswith("HYGIENE_")]
    lines.append(f"MESSAGE_ID={record['MESSAGE_ID']}")
    return "\r\n".join(lines)


class EventLogSink:
    def __init__(self, advapi32: Advapi32Like, source: str = SOURCE) -> None:
        self.advapi32 = advapi32
        self.source = source

    def status_changed(self, change: StatusChange, fields: Mapping[str, Scalar]) -> None:
        api = self.advapi32
        handle = api.RegisterEventSourceW(None, self.source)
        if not handle:
            raise OSError("the Hygiene Helper event source is not registered")
        try:
            strings = (ctypes.c_wchar_p * 1)(event_text(change, fields))  # LPCWSTR[1]
            ok = api.ReportEventW(
                handle,
                EVENT_TYPES.get(change.status, EVENTLOG_INFORMATION_TYPE),
                0,  # category
                EVENT_IDS.get(change.status, 1002),
                None,  # user SID
                1,  # number of strings
                0,  # raw data size
                strings,
                None,
            )
            if not ok:
                raise OSError("ReportEventW failed")
        finally:
            api.DeregisterEventSource(handle)
