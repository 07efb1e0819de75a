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
from desktop.core.kit.untrusted import shown

FIREWALL = Fact("firewall", FirewallReading)


class FirewallCheck(DeviceCheck):
    check_id = FIREWALL.id
    title = N_("Firewall on")
    noun = "firewall"
    why = N_(
        "A firewall stops other computers on the same network, such as public Wi-Fi, from "
        "reaching programs on yours."
    )
    reads = N_("Whether the firewall is on and running.")
    needs = (FIREWALL,)
    settings = SettingsPages(
        windows="windowsdefender://network",
        macos="x-apple.systempreferences:com.apple.preference.security?Firewall",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for the firewall to be on.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "on"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        # Only whether a firewall is in force: what it does with a connection that no
        # rule allows is the incoming-connections check's own fact, so a firewall that
        # is on but lets strangers in fails that check alone, with its own fix.
        reading = got.of(FIREWALL)
        product = reading.product  # a product name read from the system, or none
        fix = fix_for(ctx.system, product or "")
        if reading.active:
            said = (
                _("The firewall ({name}) is on.", name=shown(product))
                if product
                else _("The firewall is on.")
            )
            return self.passed(ctx, said, "on")
        if reading.configured_on:
            said = (
                _(
                    "The firewall ({name}) is switched on in its settings, but "
                    "it is not running, so nothing is blocked.",
                    name=shown(product),
                )
                if product
                else _(
                    "The firewall is switched on in its settings, but it is not "
                    "running, so nothing is blocked."
                )
            )
            return self.failed(ctx, said, fix, "off")
        said = (
            _("The firewall ({name}) is off.", name=shown(product))
            if product
            else _("The firewall is off.")
        )
        return self.failed(ctx, said, fix, "off")


def fix_for(system: System, product: str) -> str:
    if system == "windows":
        return _(
            "Open Windows Security > Firewall & network protection. "
            "Switch Microsoft Defender Firewall on for every network. "
            "{ASK_IT_MANAGED}",
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if system == "macos":
        return _("Open System Settings > Network > Firewall and switch it on.")
    names = {"ufw": "ufw", "firewalld": "firewalld", "nftables": _("the nftables firewall")}
    named = f" ({names.get(product) or shown(product)})" if product else ""
    return _(
        "Ask IT to switch the firewall{named} on and make it start "
        "with the computer. It should block incoming connections that "
        "no rule allows.",
        named=named,
    )
