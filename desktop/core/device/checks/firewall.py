"""Firewall on: the system's firewall protects this computer from the network."""

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
from desktop.core.device.readings import FirewallReading
from desktop.core.kit.i18n import N_, _

FIREWALL = Fact("firewall", FirewallReading)


class FirewallCheck(DeviceCheck):
    check_id = FIREWALL.id
    title = N_("Firewall on")
    noun = "firewall"
    why = N_(
        "A firewall stops other computers on the same network, such as public Wi-Fi, from "
        "reaching programs on yours."
    )
    reads = N_("Whether the firewall is on.")
    needs = (FIREWALL,)
    settings = SettingsPages(
        windows="windowsdefender://network",
        macos="x-apple.systempreferences:com.apple.preference.security?Firewall",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("Your organisation asks for the firewall to be on.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "on"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(FIREWALL)
        name = reading.product or _("The firewall")
        if reading.active:
            return self.passed(ctx, _("The firewall ({name}) is on.", name=name), "on")
        return self.failed(
            ctx, _("The firewall ({name}) is off.", name=name), fix_for(ctx.system, name), "off"
        )


def fix_for(system: System, product: str) -> str:
    if system == "windows":
        return _(
            "Open Windows Security > Firewall & network protection and switch "
            "Microsoft Defender Firewall on for every network. {ASK_IT_MANAGED}",
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if system == "macos":
        return _("Open System Settings > Network > Firewall and switch it on.")
    named = f" ({product})" if product and product != "The firewall" else ""
    return _(
        "Ask IT to switch the firewall{named} on and make it start with the "
        "computer. If you look after this computer yourself, switch it on in its "
        "settings app and make sure it blocks connections from other computers "
        "by default.",
        named=named,
    )
