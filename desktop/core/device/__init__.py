"""Check this computer: the device half of the policy (no Qt, no OS calls here).

OS adapters in ``desktop.platform.device`` read facts and return the readings defined
in ``readings``; the checks here turn a reading and the policy into a finding a person
can act on. A reading that could not be taken is an ``Unread`` with its reason, and a
check given one says "unknown", never "pass".
"""

from desktop.core.device.checks import standard_checks
from desktop.core.device.drives import DriveLog, DriveNotice, drive_notice
from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus, System
from desktop.core.device.grace import GraceDecision, GraceState
from desktop.core.device.runner import DeviceRunner

__all__ = [
    "DeviceFinding",
    "DeviceReport",
    "DeviceRunner",
    "DeviceStatus",
    "DriveLog",
    "DriveNotice",
    "GraceDecision",
    "GraceState",
    "System",
    "drive_notice",
    "standard_checks",
]
