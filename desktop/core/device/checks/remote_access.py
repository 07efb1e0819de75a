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

REMOTE_ACCESS = Fact("remote_access", RemoteAccessReading)


class RemoteAccessCheck(DeviceCheck):
    check_id = "remote_access"
    title = "Remote access and sharing off"
    noun = "remote access and sharing"
    why = (
        "Each way in from the network is one more door for an attacker to try. Doors no "
        "one needs should stay shut."
    )
    reads = (
        "Whether others can sign in, see your screen or reach your files from another "
        "computer (not who does)."
    )
    needs = (REMOTE_ACCESS,)
    policy_keys = ("remote_access_allowed",)
    settings = SettingsPages(
        windows="ms-settings:remotedesktop",
        macos="x-apple.systempreferences:com.apple.Sharing-Settings.extension",
        gnome=("gnome-control-center", "sharing"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        allowed = [REMOTE_SERVICES[k] for k in policy.remote_access_allowed if k in REMOTE_SERVICES]
        if allowed:
            return f"Your organisation allows only {names_list(allowed)}; the rest must be off."
        return "Your organisation asks for remote access and sharing to be off."

    def threshold(self, policy: DevicePolicy) -> Value:
        return "off"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(REMOTE_ACCESS)
        allowed = set(ctx.policy.remote_access_allowed)
        on = [s for s in reading.services if s in REMOTE_SERVICES]
        extra = [s for s in on if s not in allowed]
        if extra:
            words = names_list([REMOTE_SERVICES[s] for s in extra])
            verb = "is" if len(extra) == 1 else "are"
            return self.failed(
                ctx,
                f"{words[:1].upper()}{words[1:]} {verb} on. {self.expects(ctx.policy)}",
                fix_for(ctx.system),
                ", ".join(extra),
            )
        if on:
            words = names_list([REMOTE_SERVICES[s] for s in on])
            return self.passed(
                ctx, f"Only what your organisation allows is on ({words}).", ", ".join(on)
            )
        return self.passed(ctx, "Remote access and sharing are off.", "off")


def fix_for(system: System) -> str:
    if system == "windows":
        return (
            "Open Settings > System > Remote Desktop and switch it off, and turn off file and "
            "printer sharing in the network settings. If they are greyed out, ask IT."
        )
    if system == "macos":
        return (
            "Open System Settings > General > Sharing and switch off Remote Login, Remote "
            "Management, Screen Sharing and File Sharing unless IT asked for them."
        )
    return (
        "Open Settings > Sharing and switch off Remote Desktop, Screen Sharing and File "
        "Sharing. If remote sign-in is on, ask IT to switch it off."
    )
