"""Auto-run off: plugging in a drive or a disc never opens or runs anything by itself."""

from __future__ import annotations

from desktop.core.device.base import (
    ASK_IT_MANAGED,
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
)
from desktop.core.device.findings import DeviceFinding, System, Value
from desktop.core.device.readings_ce import AutorunReading
from desktop.core.kit.i18n import N_, _

AUTORUN = Fact("autorun", AutorunReading)


class AutorunCheck(DeviceCheck):
    check_id = "autorun_off"
    title = N_("Auto-run off")
    noun = "auto-run"
    why = N_(
        "A drive that opens or runs a program by itself can put harmful software on the "
        "computer as soon as it is plugged in. This happens before you have chosen anything."
    )
    reads = N_("If a drive or disc you plug in can open or run something by itself.")
    needs = (AUTORUN,)
    # macOS never runs programs from a drive by itself.
    applies_on = ("linux", "windows")
    settings = SettingsPages(
        windows="ms-settings:autoplay",
        gnome=("gnome-control-center", "removable-media"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for nothing to open or run by itself from a drive.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "off"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(AUTORUN)
        if reading.autorun_off:
            return self.passed(
                ctx, _("Nothing opens or runs by itself from a drive or disc."), "off"
            )
        return self.failed(
            ctx,
            _("A drive or disc you plug in can open or run something by itself."),
            fix_for(ctx.system, reading.admin_locked),
            "on",
        )


def fix_for(system: System, admin_locked: bool = False) -> str:
    if admin_locked:
        return _("IT sets this for you: ask IT to switch auto-run off.")
    if system == "windows":
        return _(
            "Open Settings > Bluetooth & devices > AutoPlay. Switch "
            "'Use AutoPlay for all media and devices' off. "
            "{ASK_IT_MANAGED}",
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    return _(
        "Open Settings > Removable Media. Tick 'Never prompt or start programs on media "
        "insertion'. If your desktop has no such page, ask IT."
    )
