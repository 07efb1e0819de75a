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
    title = N_("Updates installed recently")
    noun = N_("last update")
    why = N_(
        "Makers fix serious weaknesses every few days. A computer that has installed nothing "
        "for weeks is missing those fixes, whatever it says is waiting."
    )
    reads = N_("The date updates were last installed, from the computer's own record.")
    needs = (UPDATE_HISTORY,)
    policy_keys = ("updates_grace_days",)
    value_unit = N_("days since the last update")
    threshold_unit = N_("days at most")
    settings = UPDATE_PAGES

    def expects(self, policy: DevicePolicy) -> str:
        return _(
            "Your organisation asks for updates to be installed at least "
            "every {updates_grace_days} days.",
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
        "Updates that install themselves arrive within days; updates that wait for someone "
        "to remember can wait for months."
    )
    reads = N_("Whether the computer gets and installs updates by itself.")
    needs = (AUTO_UPDATES,)
    settings = UPDATE_PAGES

    def expects(self, policy: DevicePolicy) -> str:
        return _("Your organisation asks for updates to install automatically.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "on"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(AUTO_UPDATES)
        if reading.automatic:
            return self.passed(ctx, _("Updates are installed automatically."), "on")
        return self.failed(
            ctx,
            _("Updates are not installed automatically on this computer."),
            auto_fix(ctx.system, reading.admin_locked),
            "off",
        )


def fix_for(system: System) -> str:
    if system == "windows":
        return _("Open Settings > Windows Update, choose 'Check for updates' and install them.")
    if system == "macos":
        return _("Open System Settings > General > Software Update and install what is waiting.")
    return _(
        "Open Software Updater (or Software), install the updates and restart if asked. If "
        "none are offered, ask IT: the computer may not be able to reach its updates."
    )


def auto_fix(system: System, admin_locked: bool) -> str:
    if admin_locked:
        return _("Your organisation sets this for you: ask IT to switch automatic updates on.")
    if system == "windows":
        return _(
            "Open Settings > Windows Update > Advanced options and make sure updates are not "
            "paused. If updates are managed by your organisation, ask IT."
        )
    if system == "macos":
        return _(
            "Open System Settings > General > Software Update, choose the (i) next to "
            "'Automatic updates' and switch every option on."
        )
    return _("Ask IT to switch on automatic security updates on this computer.")
