"""Inbound connections blocked by default: a connection from another computer that no
rule allows is dropped or refused, not let in."""

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
from desktop.core.device.readings_ce import InboundReading
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.untrusted import shown

INBOUND = Fact("inbound_default", InboundReading)


class InboundBlockedCheck(DeviceCheck):
    check_id = "inbound_blocked"
    title = N_("Incoming connections blocked")
    noun = N_("incoming connections")
    why = N_(
        "A firewall that is on can still let in anyone who tries. Blocking by default means "
        "only what IT has agreed can reach your computer from a network."
    )
    reads = N_("Whether other computers can connect when no rule lets them in.")
    needs = (INBOUND,)
    settings = SettingsPages(
        windows="windowsdefender://network",
        macos="x-apple.systempreferences:com.apple.preference.security?Firewall",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for connections from other computers to be blocked by default.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "blocked"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(INBOUND)
        if reading.blocked:
            return self.passed(
                ctx,
                _(
                    "Other computers cannot connect unless a rule lets them ({product}).",
                    product=shown(reading.product),
                ),
                "blocked",
            )
        return self.failed(
            ctx,
            _(
                "Other computers can connect unless a rule stops them ({product}).",
                product=shown(reading.product),
            ),
            fix_for(ctx.system),
            "allowed",
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Open Windows Security > Firewall & network protection. "
            "Choose each network. Make sure Microsoft Defender "
            "Firewall is on and blocks incoming connections. "
            "{ASK_IT_MANAGED}",
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if system == "macos":
        return _(
            "Open System Settings > Network > Firewall > Options. Switch on 'Block all "
            "incoming connections', or 'Enable stealth mode'. Ask IT which apps may stay allowed."
        )
    return _(
        "Ask IT to set the firewall to block incoming connections by default. If you look "
        "after this computer yourself, open the firewall's settings app. Set incoming to "
        "'Deny'."
    )
