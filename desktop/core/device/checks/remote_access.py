"""Remote access and sharing off: no service lets other computers sign in, see the screen
or open files here, unless the policy allows that kind (``remote_access_allowed``)."""

from __future__ import annotations

from desktop.core.device.base import (
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
    names_list,
)
from desktop.core.device.findings import DeviceFinding, System, Value
from desktop.core.device.readings_ce import REMOTE_SERVICES, RemoteAccessReading
from desktop.core.kit.i18n import N_, _, ngettext

REMOTE_ACCESS = Fact("remote_access", RemoteAccessReading)


class RemoteAccessCheck(DeviceCheck):
    check_id = "remote_access"
    title = N_("Remote access and sharing off")
    noun = N_("remote access and sharing")
    why = N_(
        "Each way in from the network is one more door for an attacker to try. Doors no "
        "one needs should stay shut."
    )
    reads = N_(
        "If people on other computers can sign in, see your screen or reach your files (not "
        "who does)."
    )
    needs = (REMOTE_ACCESS,)
    policy_keys = ("remote_access_allowed",)
    settings = SettingsPages(
        windows="ms-settings:remotedesktop",
        macos="x-apple.systempreferences:com.apple.Sharing-Settings.extension",
        gnome=("gnome-control-center", "sharing"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        allowed = [
            _(REMOTE_SERVICES[k]) for k in policy.remote_access_allowed if k in REMOTE_SERVICES
        ]
        if allowed:
            return _(
                "IT allows only {names_list}. The rest must be off.",
                names_list=names_list(allowed),
            )
        return _("IT asks for remote access and sharing to be off.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "off"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(REMOTE_ACCESS)
        allowed = set(ctx.policy.remote_access_allowed)
        on = [s for s in reading.services if s in REMOTE_SERVICES]
        extra = [s for s in on if s not in allowed]
        if extra:
            words = names_list([_(REMOTE_SERVICES[s]) for s in extra])
            said = ngettext(
                "{words} is on. {asks}",
                "{words} are on. {asks}",
                len(extra),
                words=words[:1].upper() + words[1:],
                asks=self.expects(ctx.policy),
            )
            return self.failed(
                ctx,
                said,
                fix_for(ctx.system),
                ", ".join(extra),
            )
        if on:
            words = names_list([_(REMOTE_SERVICES[s]) for s in on])
            return self.passed(
                ctx,
                _("Only what IT allows is on ({words}).", words=words),
                ", ".join(on),
            )
        return self.passed(ctx, _("Remote access and sharing are off."), "off")


def fix_for(system: System) -> str:
    if system == "windows":
        return _(
            "Open Settings > System > Remote Desktop and switch it off. Then turn off file and "
            "printer sharing in the network settings. If they are greyed out, ask IT."
        )
    if system == "macos":
        return _(
            "Open System Settings > General > Sharing. Switch off Remote Login, Remote "
            "Management, Screen Sharing and File Sharing, unless IT asked for them."
        )
    return _(
        "Open Settings > Sharing. Switch off Remote Desktop, Screen Sharing and File "
        "Sharing. If remote sign-in is on, ask IT to switch it off."
    )
