"""Screen locks by itself: idle time until the screen locks, against the policy's limit."""

from __future__ import annotations

from desktop.core.device.base import (
    ASK_IT_MANAGED,
    DeviceCheck,
    DeviceContext,
    DevicePolicy,
    Fact,
    Got,
    SettingsPages,
    duration_words,
)
from desktop.core.device.findings import DeviceFinding, System, Value
from desktop.core.device.readings import ScreenLockReading
from desktop.core.kit.i18n import N_, _, ngettext

SCREEN_LOCK = Fact("screen_lock", ScreenLockReading)


class ScreenLockCheck(DeviceCheck):
    check_id = SCREEN_LOCK.id
    title = N_("Screen locks by itself")
    noun = N_("screen lock")
    why = N_(
        "If you leave your computer unlocked, anyone who walks past can read your email, "
        "send messages as you or open your files. The rules say to lock your screen each "
        "time you leave it. Locking by itself is there for the times you forget."
    )
    reads = N_("How long your screen waits before it locks, and if locking is on.")
    needs = (SCREEN_LOCK,)
    policy_keys = ("max_lock_minutes",)
    value_unit = N_("minutes")
    threshold_unit = N_("minutes or less")
    settings = SettingsPages(
        windows="ms-settings:signinoptions",
        macos="x-apple.systempreferences:com.apple.Lock-Screen-Settings.extension",
        gnome=("gnome-control-center", "privacy"),
        kde=("systemsettings", "kcm_screenlocker"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        limit = duration_words(policy.max_lock_minutes * 60)
        return _("IT asks for {limit} or less.", limit=limit)

    def threshold(self, policy: DevicePolicy) -> Value:
        return policy.max_lock_minutes

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(SCREEN_LOCK)
        limit = ctx.policy.max_lock_minutes
        asks = self.expects(ctx.policy)
        fix = fix_for(ctx.system, reading.desktop, limit, reading.how_set)
        if reading.admin_locked:
            fix = _("IT sets this for you, so only IT can change it. Please tell them.")
        if not reading.lock_enabled:
            return self.failed(
                ctx, _("Your screen does not lock by itself. {asks}", asks=asks), fix, None
            )
        seconds = reading.seconds_to_lock
        if seconds is None:
            return self.failed(
                ctx,
                _(
                    "Your screen is set never to go blank, so it never locks by itself. {asks}",
                    asks=asks,
                ),
                fix,
                None,
            )
        minutes = -(-seconds // 60)
        said = _(
            "Your screen locks {duration_words} after you stop using it. {asks}",
            duration_words=duration_words(seconds),
            asks=asks,
        )
        if seconds <= limit * 60:
            return self.passed(ctx, said, minutes)
        return self.failed(ctx, said, fix, minutes)


def fix_for(system: System, desktop: str, max_minutes: int, how_set: str = "") -> str:
    limit = ngettext("{n} minute or less", "{n} minutes or less", max_minutes)
    if how_set:
        return _(
            "Open {how_set}. Make the screen lock after {limit}. {ASK_IT_MANAGED}",
            how_set=how_set,
            limit=limit,
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if system == "windows":
        return _(
            "Open Settings > Accounts > Sign-in options. Set 'If you've been away, "
            "when should Windows require you to sign in again?' to 'When PC wakes up "
            "from sleep'. Then open Settings > System > Power. Make the screen turn off "
            "after {limit}. {ASK_IT_MANAGED}",
            limit=limit,
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if system == "macos":
        return _(
            "Open System Settings > Lock Screen. Set 'Turn display off when "
            "inactive' to {limit}. Set 'Require password after screen saver begins or "
            "display is turned off' to 'Immediately'. {ASK_IT_MANAGED}",
            limit=limit,
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if desktop.startswith("KDE"):
        return _(
            "Open System Settings > Screen Locking. Tick 'Lock screen automatically' "
            "and set it to {limit}. {ASK_IT_MANAGED}",
            limit=limit,
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    if desktop.lower() == "xfce":
        return _(
            "Open Settings > Xfce Screensaver. Switch on 'Lock Screen' and 'Enable "
            "Lock Screen'. Make it start after {limit}. {ASK_IT_MANAGED}",
            limit=limit,
            ASK_IT_MANAGED=_(ASK_IT_MANAGED),
        )
    return _(
        "Open Settings > Privacy & Security > Screen Lock. On older versions it is "
        "Privacy > Screen. Switch on 'Automatic Screen Lock'. Then make 'Blank Screen "
        "Delay' plus 'Automatic Screen Lock Delay' add up to {limit}. {ASK_IT_MANAGED}",
        limit=limit,
        ASK_IT_MANAGED=_(ASK_IT_MANAGED),
    )
