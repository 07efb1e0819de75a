"""Lock reminders: the rules (no Qt), the weekly count and the polling schedule.

The app feeds ``ReminderEngine.step`` what it sees (idle time, lock state, whether a
full-screen window or do-not-disturb is on) and acts on the actions it returns.
"""

from desktop.core.kit.clock import Clock, ManualClock, SystemClock
from desktop.core.reminders.actions import (
    Action,
    AutoLock,
    LockConfirmed,
    LockFailed,
    Nudge,
    ReturnNotice,
    describe_duration,
)
from desktop.core.reminders.engine import PauseNotAllowed, Phase, ReminderEngine
from desktop.core.reminders.settings import ReminderSettings
from desktop.core.reminders.tally import (
    JsonTallyStore,
    MemoryTallyStore,
    WeekCounts,
    WeeklyTally,
)

__all__ = [
    "Action",
    "AutoLock",
    "Clock",
    "JsonTallyStore",
    "LockConfirmed",
    "LockFailed",
    "ManualClock",
    "MemoryTallyStore",
    "Nudge",
    "PauseNotAllowed",
    "Phase",
    "ReminderEngine",
    "ReminderSettings",
    "ReturnNotice",
    "SystemClock",
    "WeekCounts",
    "WeeklyTally",
    "describe_duration",
]
