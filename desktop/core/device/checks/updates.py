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
from desktop.core.kit.i18n import N_, _, ngettext
from desktop.core.kit.unchecked import NotChecked, Reason

UPDATES = Fact("updates", UpdatesReading)


class UpdatesCheck(DeviceCheck):
    check_id = UPDATES.id
    title = N_("Security updates installed")
    noun = N_("security updates")
    why = N_(
        "Most attacks use weak spots that already have a fix. A fix only protects you once "
        "it is installed."
    )
    reads = N_(
        "How many are waiting, and for how long. When the computer last looked for new updates."
    )
    needs = (UPDATES,)
    policy_keys = ("updates_grace_days", "updates_lists_max_age_days")
    value_unit = N_("security updates waiting")
    threshold_unit = N_("days at most")
    settings = SettingsPages(
        windows="ms-settings:windowsupdate",
        macos="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
        gnome=("gnome-software", "--mode=updates"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        grace = policy.updates_grace_days
        return _("IT asks for them to be installed within {grace} days.", grace=grace)

    def threshold(self, policy: DevicePolicy) -> Value:
        return policy.updates_grace_days

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(UPDATES)
        grace = ctx.policy.updates_grace_days
        fix = fix_for(ctx.system)
        asks = self.expects(ctx.policy)
        n, age = reading.pending_security, reading.oldest_pending_days
        if n > 0 and age is not None and age > grace:
            said = ngettext(
                "{n} security update waited {age} days. {asks}",
                "{n} security updates waited {age} days. {asks}",
                n,
                age=age,
                asks=asks,
            )
            return self.failed(ctx, said, fix, n)
        if reading.automatic is False:
            said = (
                ngettext(
                    "{n} security update is waiting. Security updates do not install by "
                    "themselves on this computer.",
                    "{n} security updates are waiting. Security updates do not install by "
                    "themselves on this computer.",
                    n,
                )
                if n
                else _("Security updates do not install by themselves on this computer.")
            )
            return self.failed(ctx, said, fix, n)
        lists = reading.lists_age_days
        if lists is None or lists > ctx.policy.updates_lists_max_age_days:
            # "Nothing waiting" means little when the list of updates itself is old.
            when = (
                _("has not been fetched")
                if lists is None
                else ngettext(
                    "was last fetched {n} day ago", "was last fetched {n} days ago", lists
                )
            )
            return self.unknown(
                ctx,
                NotChecked(
                    _(
                        "this computer's list of available updates {when}, so the "
                        "app cannot tell which security updates are waiting",
                        when=when,
                    ),
                    "",
                    Reason.UNCLEAR,
                ),
            )
        if n > 0 and age is None:
            return self.unknown(
                ctx,
                NotChecked(
                    ngettext(
                        "{n} security update is waiting, and the app cannot tell for how long",
                        "{n} security updates are waiting, and the app cannot tell for how long",
                        n,
                    ),
                    "",
                    Reason.UNCLEAR,
                ),
            )
        if n > 0:
            waiting = ngettext(
                "{n} security update is waiting", "{n} security updates are waiting", n
            )
            if age is not None:
                waiting = ngettext(
                    "{waiting} (for {n} day)", "{waiting} (for {n} days)", age, waiting=waiting
                )
            # Waiting within the grace period passes, and still says how to install them.
            return self.result(
                ctx,
                DeviceStatus.PASS,
                _("{waiting}. {asks}", waiting=waiting, asks=asks),
                fix,
                n,
                grace,
            )
        auto = _(" They install by themselves.") if reading.automatic else ""
        return self.passed(ctx, _("No security updates are waiting.{auto}", auto=auto), 0)


def fix_for(system: System) -> str:
    if system == "windows":
        return _("Open Settings > Windows Update and choose 'Install now' or 'Restart now'.")
    if system == "macos":
        return _(
            "Open System Settings > General > Software Update. Install what is waiting. "
            "Under 'Automatic updates', switch on 'Install Security Responses and system "
            "files'."
        )
    return _(
        "Open Software Updater (or Software). Install the updates, then restart if asked. "
        "Ask IT to switch on automatic security updates, so they install by themselves."
    )
