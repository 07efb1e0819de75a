"""The one verdict on this computer: an overall status and the one sentence that sums up
a run of the device checks.

The window, the tray badge, ``hygiene device`` and the posture document all ask
``device_verdict``; none of them counts findings or words the summary itself.

* a required check that fails makes the computer FAIL ("2 things to fix...");
* otherwise a check that could not be read makes it UNKNOWN, never a pass;
* otherwise it passes. Advice-only failures and checks that do not apply do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus
from desktop.core.kit.i18n import _, ngettext


@dataclass(frozen=True)
class DeviceVerdict:
    """What a run of the device checks comes to, for every place that shows it."""

    status: DeviceStatus  # PASS, FAIL or UNKNOWN
    sentence: str
    failing: tuple[DeviceFinding, ...]  # required checks that fail
    unknown: tuple[DeviceFinding, ...]  # checks that could not be read

    @property
    def unknown_required(self) -> tuple[DeviceFinding, ...]:
        """Required checks that could not be read (the policy could not be confirmed)."""
        return tuple(f for f in self.unknown if f.required)


def device_verdict(report: DeviceReport) -> DeviceVerdict:
    """The verdict on ``report``."""
    failing = tuple(f for f in report.findings if f.failing)
    unknown = tuple(f for f in report.findings if f.status is DeviceStatus.UNKNOWN)
    if failing:
        sentence = ngettext(
            "{n} thing to fix on this computer.",
            "{n} things to fix on this computer.",
            len(failing),
        )
        if unknown:
            sentence += _(" {count} could not be checked.", count=len(unknown))
        return DeviceVerdict(DeviceStatus.FAIL, sentence, failing, unknown)
    if unknown:
        sentence = ngettext(
            "No problems found, but {n} check could not be run, so this is not a pass.",
            "No problems found, but {n} checks could not be run, so this is not a pass.",
            len(unknown),
        )
        return DeviceVerdict(DeviceStatus.UNKNOWN, sentence, failing, unknown)
    sentence = _("This computer meets your organisation's device policy.")
    return DeviceVerdict(DeviceStatus.PASS, sentence, failing, unknown)
