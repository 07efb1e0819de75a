"""Check this computer: the device half of the policy (no Qt, no OS calls here).

OS adapters in ``desktop.platform.device`` read facts and return the readings defined
in ``readings``; the checks in ``checks`` (one class each, listed in its ``REGISTRY``)
turn readings and the policy into findings a person can act on, and ``verdict`` sums
them up. A reading that could not be taken is a ``NotChecked`` with its reason, and a
check given one says "not checked", never "pass".

The grace period (``grace``) is imported from its module: it is not loaded with this
package, so the policy can read the registry of checks without a circle.
"""

from desktop.core.device.checks import DEVICE_CHECK_IDS, REGISTRY, standard_checks
from desktop.core.device.drives import DriveLog, DriveNotice, drive_notice
from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus, System
from desktop.core.device.runner import DeviceRunner
from desktop.core.device.verdict import DeviceVerdict, device_verdict

__all__ = [
    "DEVICE_CHECK_IDS",
    "REGISTRY",
    "DeviceFinding",
    "DeviceReport",
    "DeviceRunner",
    "DeviceStatus",
    "DeviceVerdict",
    "DriveLog",
    "DriveNotice",
    "System",
    "device_verdict",
    "drive_notice",
    "standard_checks",
]
