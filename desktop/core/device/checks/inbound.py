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

INBOUND = Fact("inbound_default", InboundReading)


class InboundBlockedCheck(DeviceCheck):
    check_id = "inbound_blocked"
    title = "Incoming connections blocked"
    noun = "incoming connections"
    why = (
        "A firewall that is on can still let in anyone who tries. Blocking by default means "
        "only what your organisation has agreed can reach your computer from a network."
    )
    reads = "Whether the firewall shuts out other computers unless a rule lets them in."
    needs = (INBOUND,)
    settings = SettingsPages(
        windows="windowsdefender://network",
        macos="x-apple.systempreferences:com.apple.preference.security?Firewall",
    )

    def expects(self, policy: DevicePolicy) -> str:
        return (
            "Your organisation asks for connections from other computers to be blocked by default."
        )

    def threshold(self, policy: DevicePolicy) -> Value:
        return "blocked"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(INBOUND)
        if reading.blocked:
            return self.passed(
                ctx,
                f"Connections from other computers are blocked unless allowed ({reading.product}).",
                "blocked",
            )
        return self.failed(
            ctx,
            "Connections from other computers are let in unless a rule stops them "
            f"({reading.product}).",
            fix_for(ctx.system),
            "allowed",
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return (
            "Open Windows Security > Firewall & network protection, choose each network and "
            f"make sure Microsoft Defender Firewall is on and blocks incoming connections. "
            f"{ASK_IT_MANAGED}"
        )
    if system == "macos":
        return (
            "Open System Settings > Network > Firewall > Options and switch on 'Block all "
            "incoming connections', or 'Enable stealth mode'. Ask IT which apps may stay allowed."
        )
    return (
        "Ask IT to set the firewall to block incoming connections by default. If you look "
        "after this computer yourself, open the firewall's settings app and set incoming "
        "to 'Deny'."
    )
