"""Updates installed recently, and automatic updates on: from what the system records
about its own installations (the package manager's history, Windows Update history,
macOS install history) and its automatic update settings."""

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
from desktop.core.device.readings_ce import AutoUpdatesReading, UpdateHistoryReading
from desktop.core.kit.i18n import N_, _, ngettext

UPDATE_HISTORY = Fact("update_history", UpdateHistoryReading)
AUTO_UPDATES = Fact("auto_updates", AutoUpdatesReading)
UPDATE_PAGES = SettingsPages(
    windows="ms-settings:windowsupdate",
    macos="x-apple.systempreferences:com.apple.Software-Update-Settings.extension",
    gnome=("gnome-software", "--mode=updates"),
)


class UpdateAgeCheck(DeviceCheck):
    check_id = "updates_recent"
    title = N_("Updated recently")
    noun = N_("last update")
    why = N_(
        "Makers fix serious weak spots every few days. If nothing has been installed for "
        "weeks, those fixes are missing, whatever the computer says is waiting."
    )
    reads = N_("The day of the last update, from the computer's own record.")
    needs = (UPDATE_HISTORY,)
    policy_keys = ("updates_grace_days",)
    value_unit = N_("days since the last update")
    threshold_unit = N_("days at most")
    settings = UPDATE_PAGES

    def expects(self, policy: DevicePolicy) -> str:
        return _(
            "IT asks for updates to be installed at least every {updates_grace_days} days.",
            updates_grace_days=policy.updates_grace_days,
        )

    def threshold(self, policy: DevicePolicy) -> Value:
        return policy.updates_grace_days

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(UPDATE_HISTORY)
        grace = ctx.policy.updates_grace_days
        fix = fix_for(ctx.system)
        if reading.last_installed is None:
            return self.failed(
                ctx, _("This computer has no record of any update being installed."), fix, None
            )
        days = max(0, (ctx.now.date() - reading.last_installed).days)
        ago = _("today") if days == 0 else ngettext("{n} day ago", "{n} days ago", days)
        if days > grace:
            return self.failed(
                ctx,
                _(
                    "Updates were last installed {ago}. {expects}",
                    ago=ago,
                    expects=self.expects(ctx.policy),
                ),
                fix,
                days,
            )
        return self.passed(ctx, _("Updates were last installed {ago}.", ago=ago), days)


class AutoUpdatesCheck(DeviceCheck):
    check_id = "automatic_updates"
    title = N_("Automatic updates on")
    noun = N_("automatic updates")
    why = N_(
        "Updates that install by themselves go on within days. Updates that wait for "
        "someone to remember can wait for months."
    )
    reads = N_("Whether updates come and install by themselves.")
    needs = (AUTO_UPDATES,)
    settings = UPDATE_PAGES

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for updates to install by themselves.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "on"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(AUTO_UPDATES)
        if reading.automatic:
            return self.passed(ctx, _("Updates install by themselves."), "on")
        return self.failed(
            ctx,
            _("Updates do not install by themselves."),
            auto_fix(ctx.system, reading.admin_locked),
            "off",
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _("Open Settings > Windows Update, choose 'Check for updates' and install them.")
    if system == "macos":
        return _("Open System Settings > General > Software Update. Install what is waiting.")
    return _(
        "Open Software Updater (or Software). Install the updates and restart if asked. If "
        "none are offered, ask IT: the computer may not be able to reach its updates."
    )


def auto_fix(system: System, admin_locked: bool) -> str:
    if admin_locked:
        return _("IT sets this for you: ask IT to switch automatic updates on.")
    if system == "windows":
        return _(
            "Open Settings > Windows Update > Advanced options. Make sure updates are not "
            "paused. If IT manages your updates, ask them."
        )
    if system == "macos":
        return _(
            "Open System Settings > General > Software Update. Choose the (i) next to "
            "'Automatic updates' and switch every option on."
        )
    return _("Ask IT to switch on automatic security updates.")
