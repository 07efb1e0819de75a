"""Security updates installed: none waiting longer than the policy allows, and
installed automatically."""

from __future__ import annotations

from desktop.core.device.base import (
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
)
from desktop.core.device.findings import DeviceFinding, DeviceStatus, System, Value
from desktop.core.device.readings import UpdatesReading
from desktop.core.kit.unchecked import NotChecked, Reason

UPDATES = Fact("updates", UpdatesReading)


class UpdatesCheck(DeviceCheck):
    check_id = UPDATES.id
    title = "Security updates installed"
    noun = "security updates"
    why = (
        "Most attacks use weaknesses that already have a fix. A security update protects "
        "you only once it is installed."
    )
    reads = "How many are waiting and how long, and when the list of updates was last fetched."
    needs = (UPDATES,)
    policy_keys = ("updates_grace_days", "updates_lists_max_age_days")
    value_unit = "security updates waiting"
    threshold_unit = "days at most"
    settings = SettingsPages(
        windows="ms-settings:windowsupdate",
        macos="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
        gnome=("gnome-software", "--mode=updates"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        grace = policy.updates_grace_days
        return f"Your organisation asks for them to be installed within {grace} days."

    def threshold(self, policy: DevicePolicy) -> Value:
        return policy.updates_grace_days

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(UPDATES)
        grace = ctx.policy.updates_grace_days
        fix = fix_for(ctx.system)
        asks = self.expects(ctx.policy)
        n, age = reading.pending_security, reading.oldest_pending_days
        some = f"{n} security update{'s' if n != 1 else ''}"
        if n > 0 and age is not None and age > grace:
            return self.failed(ctx, f"{some} waited {age} days. {asks}", fix, n)
        if reading.automatic is False:
            waiting = f"{some} {'is' if n == 1 else 'are'} waiting, and s" if n else "S"
            return self.failed(
                ctx,
                f"{waiting}ecurity updates are not installed automatically on this computer.",
                fix,
                n,
            )
        lists = reading.lists_age_days
        if lists is None or lists > ctx.policy.updates_lists_max_age_days:
            # "Nothing waiting" means little when the list of updates itself is old.
            when = (
                "has not been fetched"
                if lists is None
                else f"was last fetched {lists} day{'s' if lists != 1 else ''} ago"
            )
            return self.unknown(
                ctx,
                NotChecked(
                    f"this computer's list of available updates {when}, so the app cannot "
                    "tell which security updates are waiting",
                    "",
                    Reason.UNCLEAR,
                ),
            )
        if n > 0 and age is None:
            verb = "is" if n == 1 else "are"
            return self.unknown(
                ctx,
                NotChecked(
                    f"{some} {verb} waiting, and the app cannot tell for how long",
                    "",
                    Reason.UNCLEAR,
                ),
            )
        if n > 0:
            since = f" (for {age} day{'s' if age != 1 else ''})"
            verb = "is" if n == 1 else "are"
            # Waiting within the grace period passes, and still says how to install them.
            return self.result(
                ctx,
                DeviceStatus.PASS,
                f"{some} {verb} waiting{since}. {asks}",
                fix,
                n,
                grace,
            )
        auto = " They are installed automatically." if reading.automatic else ""
        return self.passed(ctx, f"No security updates are waiting.{auto}", 0)


def fix_for(system: System) -> str:
    if system == "windows":
        return "Open Settings > Windows Update and choose 'Install now' or 'Restart now'."
    if system == "macos":
        return (
            "Open System Settings > General > Software Update and install what is waiting. "
            "Under 'Automatic updates', switch on 'Install Security Responses and system "
            "files'."
        )
    return (
        "Open Software Updater (or Software) and install the updates, then restart if "
        "asked. To have security updates installed by themselves, ask IT to switch on "
        "automatic security updates."
    )
