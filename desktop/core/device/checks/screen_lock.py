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

SCREEN_LOCK = Fact("screen_lock", ScreenLockReading)


class ScreenLockCheck(DeviceCheck):
    check_id = SCREEN_LOCK.id
    title = "Screen locks by itself"
    noun = "screen lock"
    why = (
        "A computer left unlocked lets anyone walking past read your email, send messages "
        "as you or open your files. The policy says to lock your screen whenever you leave "
        "it; locking by itself is the safety net for the times you forget."
    )
    reads = "How long your screen waits before it locks, and whether locking is on."
    needs = (SCREEN_LOCK,)
    policy_keys = ("max_lock_minutes",)
    value_unit = "minutes"
    threshold_unit = "minutes or less"
    settings = SettingsPages(
        windows="ms-settings:signinoptions",
        macos="x-apple.systempreferences:com.apple.Lock-Screen-Settings.extension",
        gnome=("gnome-control-center", "privacy"),
        kde=("systemsettings", "kcm_screenlocker"),
    )

    def expects(self, policy: DevicePolicy) -> str:
        limit = duration_words(policy.max_lock_minutes * 60)
        return f"Your organisation asks for {limit} or less."

    def threshold(self, policy: DevicePolicy) -> Value:
        return policy.max_lock_minutes

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        reading = got.of(SCREEN_LOCK)
        limit = ctx.policy.max_lock_minutes
        asks = self.expects(ctx.policy)
        fix = fix_for(ctx.system, reading.desktop, limit, reading.how_set)
        if reading.admin_locked:
            fix = "This is set by your organisation, so only IT can change it: please tell them."
        if not reading.lock_enabled:
            return self.failed(ctx, f"Your screen does not lock by itself. {asks}", fix, None)
        seconds = reading.seconds_to_lock
        if seconds is None:
            return self.failed(
                ctx,
                f"Your screen never locks by itself, because it is set never to go blank. {asks}",
                fix,
                None,
            )
        minutes = -(-seconds // 60)
        said = f"Your screen locks {duration_words(seconds)} after you stop using it. {asks}"
        if seconds <= limit * 60:
            return self.passed(ctx, said, minutes)
        return self.failed(ctx, said, fix, minutes)


def fix_for(system: System, desktop: str, max_minutes: int, how_set: str = "") -> str:
    limit = f"{max_minutes} minute{'s' if max_minutes != 1 else ''} or less"
    if how_set:
        return f"Open {how_set} and make the screen lock after {limit}. {ASK_IT_MANAGED}"
    if system == "windows":
        return (
            "Open Settings > Accounts > Sign-in options and set 'If you've been away, when "
            "should Windows require you to sign in again?' to 'When PC wakes up from sleep'. "
            f"Then in Settings > System > Power, make the screen turn off after {limit}. "
            f"{ASK_IT_MANAGED}"
        )
    if system == "macos":
        return (
            "Open System Settings > Lock Screen. Set 'Turn display off when inactive' to "
            f"{limit} and 'Require password after screen saver begins or display is turned "
            f"off' to 'Immediately'. {ASK_IT_MANAGED}"
        )
    if desktop.startswith("KDE"):
        return (
            "Open System Settings > Screen Locking, tick 'Lock screen automatically' and set "
            f"it to {limit}. {ASK_IT_MANAGED}"
        )
    if desktop.lower() == "xfce":
        return (
            "Open Settings > Xfce Screensaver, switch on 'Lock Screen' and 'Enable Lock "
            f"Screen', and make it start after {limit}. {ASK_IT_MANAGED}"
        )
    return (
        "Open Settings > Privacy & Security > Screen Lock (on older versions: Privacy > "
        "Screen), switch on 'Automatic Screen Lock', and make 'Blank Screen Delay' plus "
        f"'Automatic Screen Lock Delay' add up to {limit}. {ASK_IT_MANAGED}"
    )
