"""Sign-in needs a password, and no guest account: two checks of one fact, read together
(the sign-in settings hold both)."""

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
from desktop.core.device.readings import AutoLoginReading
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.unchecked import NotChecked
from desktop.core.kit.untrusted import shown

SIGN_IN = Fact("auto_login", AutoLoginReading)

WRITTEN_DOWN = {
    "windows": N_("(DefaultPassword in the registry), where any program can read it"),
    "macos": N_("(in /etc/kcpassword, only lightly scrambled), where it can be read back"),
    "linux": N_("in a settings file, where it can be read back"),
}
USERS_AND_GROUPS = "x-apple.systempreferences:com.apple.Users-Groups-Settings.extension"


class AutoLoginCheck(DeviceCheck):
    check_id = SIGN_IN.id
    title = N_("Sign-in needs a password")
    noun = N_("automatic sign-in")
    why = N_(
        "If the computer signs in by itself, anyone who switches it on gets your files, "
        "your email and everything you are signed in to."
    )
    reads = N_("Whether the computer signs in by itself, and if a password is saved for that.")
    needs = (SIGN_IN,)
    settings = SettingsPages(
        windows="ms-settings:signinoptions",
        macos=USERS_AND_GROUPS,
        gnome=("gnome-control-center", "users"),
        kde=("systemsettings", "kcm_sddm"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for a password every time someone signs in.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "off"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(SIGN_IN)
        fix = auto_login_fix(ctx.system, reading.source, reading.plaintext_password)
        if reading.plaintext_password:
            return self.failed(
                ctx,
                _(
                    "A password is written down on this computer for automatic sign-in {get}.",
                    get=WRITTEN_DOWN.get(ctx.system, ""),
                ),
                fix,
                _("password written down"),
            )
        if reading.auto_login:
            where = _(" (set in {source})", source=shown(reading.source)) if reading.source else ""
            return self.failed(
                ctx,
                _(
                    "This computer signs someone in without asking for a password{where}.",
                    where=where,
                ),
                fix,
                "on",
            )
        return self.passed(
            ctx, _("Automatic sign-in is off. You need a password to sign in."), "off"
        )


class GuestAccountCheck(DeviceCheck):
    check_id = "guest_account"
    title = N_("No guest account")
    noun = N_("guest account")
    why = N_(
        "A guest account lets someone use this computer without a password of their own. "
        "Nothing they do can be traced back to them."
    )
    reads = N_("Whether a guest account is switched on.")
    needs = (SIGN_IN,)  # read together with automatic sign-in
    settings = SettingsPages(windows="ms-settings:otherusers", macos=USERS_AND_GROUPS)

    def expects(self, policy: DevicePolicy) -> str:
        return _("IT asks for no guest account.")

    def threshold(self, policy: DevicePolicy) -> Value:
        return "off"

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(SIGN_IN)
        if reading.guest_account is None and reading.guest_reason:
            return self.unknown(ctx, NotChecked(reading.guest_reason))
        if reading.guest_account is None:
            return self.skipped(ctx, _("This computer has no guest account."))
        if reading.guest_account:
            return self.failed(
                ctx, _("A guest account is switched on."), guest_fix(ctx.system), "on"
            )
        return self.passed(ctx, _("The guest account is off."), "off")


def auto_login_fix(system: System, source: str, plaintext: bool) -> str:
    if system == "windows":
        if plaintext:
            return _(
                "Tell IT now. They should switch off automatic sign-in and remove the "
                "password saved for it. That account's password must be changed too: "
                "anyone who can read the computer's settings can read it."
            )
        return _(
            "Ask IT to switch off automatic sign-in. Or open the User Accounts settings "
            "and tick 'Users must enter a user name and password to use this computer'."
        )
    if system == "macos":
        return _("Open System Settings > Users & Groups. Set 'Automatically log in as' to Off.")
    if source in ("LightDM", "SDDM"):
        return _("Ask IT to remove the automatic login from {source}'s settings.", source=source)
    return _(
        "Open Settings > Users and choose Unlock. Then switch 'Automatic Login' off. If the "
        "switch is greyed out, ask IT."
    )


def guest_fix(system: System) -> str:
    if system == "macos":
        return _(
            "Open System Settings > Users & Groups. Choose the (i) next to Guest User. "
            "Switch off 'Allow guests to log in to this computer'."
        )
    if system == "windows":
        return _("Ask IT to disable the Guest account.")
    return _("Ask IT to switch off the guest session on this computer.")
