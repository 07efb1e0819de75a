"""Supported operating system: the vendor still makes security updates for this version,
by the dated end-of-support table shipped with the app (IT can add rows in the policy).
When no date is known the answer is "not checked", never a pass."""

from __future__ import annotations

from desktop.core.device.base import (
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
)
from desktop.core.device.findings import DeviceFinding, System, Value
from desktop.core.device.readings_ce import OsReading
from desktop.core.device.support import find_row
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.kit.untrusted import shown

OPERATING_SYSTEM = Fact("operating_system", OsReading)


class SupportedOsCheck(DeviceCheck):
    check_id = "supported_os"
    title = N_("System still supported")
    noun = N_("operating system support")
    why = N_(
        "When its maker stops fixing a system, each new weakness found in it stays open for "
        "good, however careful you are."
    )
    reads = N_("Which system and version this is, and the date its maker stops fixing it.")
    needs = (OPERATING_SYSTEM,)
    policy_keys = ("os_end_of_support",)
    settings = SettingsPages(
        windows="ms-settings:windowsupdate",
        macos="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for a version its maker still fixes.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "supported"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(OPERATING_SYSTEM)
        name = shown(reading.name)  # the system's own name for itself
        row = find_row(reading, ctx.policy.os_end_of_support)
        if row is None:
            return self.unknown(
                ctx,
                NotChecked(
                    _(
                        "the app does not know until when {name} gets security "
                        "updates. IT can add its date to the policy",
                        name=name,
                    ),
                    "",
                    Reason.UNCLEAR,
                ),
            )
        if row.end is None:
            return self.unknown(
                ctx,
                NotChecked(
                    _(
                        "the maker of {name} does not say until when it gets "
                        "security updates. IT can add a date to the policy",
                        name=name,
                    ),
                    "",
                    Reason.UNCLEAR,
                ),
            )
        when = i18n.date(row.end)  # "30 June 2024", "30 Mehefin 2024", "30 czerwca 2024"
        if ctx.now.date() > row.end:
            return self.failed(
                ctx,
                _(
                    "{name} stopped getting security updates on {when}.",
                    name=name,
                    when=when,
                ),
                fix_for(ctx.system),
                row.end.isoformat(),
            )
        return self.passed(
            ctx,
            _("{name} gets security updates until {when}.", name=name, when=when),
            row.end.isoformat(),
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Open Settings > Windows Update and install the newest version offered. If none "
            "is offered, ask IT: this computer may need replacing."
        )
    if system == "macos":
        return _(
            "Open System Settings > General > Software Update. Upgrade to the newest macOS "
            "offered. If none is offered, ask IT: this Mac may need replacing."
        )
    return _("Ask IT to upgrade this computer to a version that still gets security updates.")
