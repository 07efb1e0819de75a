"""When a notice must wait: the one rule shared by lock reminders and device notices.

A full-screen window (a presentation, a video call shared to a room) or the system's
do-not-disturb means the person asked not to be interrupted; a pause of reminders is
their choice too. Messages wait until these end.
"""

from __future__ import annotations


def held_back(fullscreen: bool, dnd: bool, paused: bool = False) -> bool:
    """True while a nudge or notice must not be shown."""
    return fullscreen or dnd or paused
