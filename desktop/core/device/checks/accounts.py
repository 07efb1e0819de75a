"""Accounts: the everyday account is not an administrator, and no account signs in
without a password."""

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
from desktop.core.device.readings_ce import AdminReading, EmptyPasswordReading
from desktop.core.kit.i18n import N_, _, ngettext

ADMIN = Fact("account_admin", AdminReading)
EMPTY_PASSWORDS = Fact("empty_passwords", EmptyPasswordReading)
USERS_AND_GROUPS = "x-apple.systempreferences:com.apple.Users-Groups-Settings.extension"


class StandardAccountCheck(DeviceCheck):
    check_id = "everyday_account"
    title = N_("Everyday account is not an admin")
    noun = N_("everyday account")
    why = N_(
        "Anything you open can do what your account can do. On an admin account, a harmful "
        "program or a trick email can change the whole computer. On a standard account, it "
        "cannot."
    )
    reads = N_("Whether your account can change the whole computer.")
    needs = (ADMIN,)
    settings = SettingsPages(
        windows="ms-settings:otherusers",
        macos=USERS_AND_GROUPS,
        gnome=("gnome-control-center", "users"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _(
            "IT asks for a standard account for everyday work, and a separate one for "
            "changing the computer."
        )

    def threshold(self, policy: DevicePolicy) -> Value:
        return "standard"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(ADMIN)
        if reading.admin:
            how = f" ({_(reading.how)})" if reading.how else ""
            return self.failed(
                ctx,
                _("The account you are using is an admin{how}.", how=how),
                admin_fix(ctx.system),
                "administrator",
            )
        return self.passed(ctx, _("The account you are using is a standard account."), "standard")


class EmptyPasswordCheck(DeviceCheck):
    check_id = "no_empty_passwords"
    title = N_("Every account has a password")
    noun = N_("accounts without a password")
    why = N_(
        "If an account has no password, anyone can sign in as that person. They can do it at "
        "the keyboard, and sometimes over the network."
    )
    reads = N_("How many accounts have no password (never the passwords).")
    needs = (EMPTY_PASSWORDS,)
    value_unit = N_("accounts without a password")
    # Only an administrator can see every account's password field on any system.
    required_by_default = False
    settings = SettingsPages(
        windows="ms-settings:otherusers",
        macos=USERS_AND_GROUPS,
        gnome=("gnome-control-center", "users"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for every account to have a password.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return 0

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(EMPTY_PASSWORDS)
        n = reading.count
        if n == 0:
            return self.passed(ctx, _("Every account here has a password."), 0)
        # The accounts' names stay off the summary: it goes into the document IT collects.
        said = ngettext("{n} account has no password.", "{n} accounts have no password.", n)
        return self.failed(ctx, said, empty_fix(ctx.system), n)


def admin_fix(system: System) -> str:
    where = {
        "windows": "Settings > Accounts",
        "macos": _("System Settings > Users & Groups"),
        "linux": "Settings > Users",
    }[system]
    return _(
        "Ask IT for a standard account for everyday work. Keep the admin account only for "
        "changing the computer. If you look after this computer yourself, make a second "
        "account in {where}. Make it a standard account, and use that one every day.",
        where=where,
    )


def empty_fix(system: System) -> str:
    if system == "windows":
        return _("Ask IT to give every account a password or remove the accounts not used.")
    if system == "macos":
        return _(
            "Open System Settings > Users & Groups. Give every account a password, or delete "
            "the accounts no one uses. Ask IT if you cannot."
        )
    return _("Ask IT to give every account a password or to remove the accounts no one uses.")
