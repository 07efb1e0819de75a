"""The reminder settings in force, taken from the effective policy, plus fixed timings.

The policy keys (``reminders_enabled``, ``nudge_after``, ``auto_lock_after``,
``lock_command``, ``allow_pause``) are declared in ``desktop.core.policy.schema``; the
timings below are not policy because they shape how calm the reminders feel, not
what the organisation requires.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import Policy

# The keys said as a person would say them, not in shortcut notation ("Super+L").
LOCK_KEYS: dict[str, str] = {
    "windows": N_("the Windows key and L"),
    "macos": N_("Control, Command and Q"),
    # GNOME, KDE and most others; Linux desktops call it Super, whatever its cap shows.
    "linux": N_("the Super key (the one with the Windows logo) and L"),
}
# Desktops (XDG_CURRENT_DESKTOP) whose own lock shortcut is different.
DESKTOP_LOCK_KEYS: dict[str, str] = {
    "xfce": N_("Ctrl, Alt and L"),
    "mate": N_("Ctrl, Alt and L"),
    "lxqt": N_("Ctrl, Alt and L"),
}


def lock_keys_for(platform: str = sys.platform, desktop: str = "") -> str:
    """How to lock the screen from the keyboard on this OS and desktop, in words."""
    family = os_family(platform)
    if family == "linux":
        for name in desktop.lower().split(":"):
            if name in DESKTOP_LOCK_KEYS:
                return _(DESKTOP_LOCK_KEYS[name])
    return _(LOCK_KEYS[family])


def os_family(platform: str = sys.platform) -> str:
    """'windows', 'macos' or 'linux' (any other Unix desktop is treated as Linux)."""
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"


@dataclass(frozen=True)
class ReminderSettings:
    """Everything the reminder engine needs to decide; all durations in seconds."""

    enabled: bool = True
    nudge_after: float = 60.0
    auto_lock_after: float = 0.0  # 0 means the app never locks on its own
    allow_pause: bool = True
    lock_keys: str = LOCK_KEYS["linux"]
    # A nudge that would arrive this long after the moment is pointless (the person
    # has gone, or the machine slept) and would land on them as they come back.
    nudge_late_limit: float = 120.0
    # No nudge for this long after someone comes back or unlocks: the most common
    # complaint about break reminders is being nagged straight after returning.
    grace_after_return: float = 180.0
    # Input that starts and stops again within this long (a nudged desk, a cat) is
    # not a return; a real return shows input spread over at least confirm_spread.
    return_confirm_window: float = 30.0
    return_confirm_spread: float = 2.0
    # Someone who moves the mouse this soon after a nudge was still at the desk.
    still_here_after_nudge: float = 30.0
    # How long a requested lock may take to show up before it is reported as failed.
    lock_confirm_timeout: float = 5.0

    @classmethod
    def from_policy(
        cls, policy: Policy, platform: str = sys.platform, desktop: str = ""
    ) -> ReminderSettings:
        """``desktop`` is the XDG_CURRENT_DESKTOP value, passed in by the app."""
        return cls(
            enabled=policy.reminders_enabled,
            nudge_after=float(policy.nudge_after),
            auto_lock_after=float(policy.auto_lock_after),
            allow_pause=policy.allow_pause,
            lock_keys=lock_keys_for(platform, desktop),
        )

    @property
    def auto_lock(self) -> bool:
        return self.auto_lock_after > 0
