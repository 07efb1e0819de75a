"""The posture document in plain words, for the page "What IT can see".

Each field the document holds right now becomes one line: what it is, what it says for
this person, and whether it is there because the policy chose to share it. The words
live here, next to the field list, so the page and the IT documentation cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from desktop.core.device.checks import REGISTRY
from desktop.core.posture.fields import BY_NAME, CHECK_WORDS

STATUS_WORDS = {
    "pass": "Passes",
    "fail": "Needs fixing",
    "unknown": "Not checked (could not be read)",
    "not_applicable": "Does not apply",
}
HEAD_LABELS = {
    "schema": "Layout version of this file",
    "app_version": "Version of this app",
    "generated_at": "When this file was last written",
    "system": "Kind of computer",
    "policy_version": "Version of your organisation's policy in force",
    "failing_checks": "Required checks that need fixing",
    "unknown_checks": "Checks that could not be read",
    "reminders_enabled": "Lock reminders",
    "password_history_available": "Store of earlier passwords (as hashes) can be used",
    "share_lock_counts": "Your organisation asks for the weekly lock count",
    "left_unlocked_this_week": "Times your screen was left unlocked this week",
}
PART_LABELS = {
    "status": "result",
    "value": "what was read",
    "threshold": "what your organisation asks",
    "required": "required or advice only",
    "compliant": "meets the policy",
    "checked_at": "when it was checked",
}
# Units for the numbers a check compares, so "30" reads as "30 minutes".
UNITS = {
    f"{c.check_id}_{part}": unit
    for c in REGISTRY
    for part, unit in (("value", c.value_unit), ("threshold", c.threshold_unit))
    if unit
}
SYSTEMS = {"linux": "Linux", "windows": "Windows", "macos": "macOS"}
NEVER = (
    "It never holds a password or any part of one, or a hash of one. It never holds your "
    "personal words, the names of your files or accounts, or the name or serial number of a "
    "drive."
)


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    value: str
    shared_by_policy: bool = False  # there only because the policy chose to share it


def _when(text: str) -> str:
    try:
        return datetime.fromisoformat(text).strftime("%d %b %Y, %H:%M")
    except ValueError:
        return text


def _value_words(name: str, value: object) -> str:
    if name.endswith("_status") and isinstance(value, str):
        return STATUS_WORDS.get(value, value)
    if name.endswith("_required"):
        return "Required" if value else "Advice only"
    if name == "reminders_enabled":
        return "On" if value else "Off"
    if BY_NAME[name].date_time and isinstance(value, str):
        return _when(value)
    if value is None:
        return "Nothing" if name.endswith(("_value", "_threshold")) else "Not looked at"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value == "":
        return "(none set)"
    if name == "system" and isinstance(value, str):
        return SYSTEMS.get(value, value)
    if isinstance(value, int) and name in UNITS:
        return f"{value} {UNITS[name]}"
    return str(value)


def _label(name: str) -> str:
    if name in HEAD_LABELS:
        return HEAD_LABELS[name]
    check = BY_NAME[name].check
    part = name[len(check) + 1 :]
    words = CHECK_WORDS[check]
    return f"{words[:1].upper()}{words[1:]}: {PART_LABELS[part]}"


def shown_fields(doc: Mapping[str, object]) -> list[ShownField]:
    """Every field in ``doc`` (the list of checks' words is summed up, not repeated)."""
    shown = [
        ShownField(
            name,
            _label(name),
            _value_words(name, value),
            shared_by_policy=BY_NAME[name].optional,
        )
        for name, value in doc.items()
        if name in BY_NAME
    ]
    if "checks" in doc:
        shown.append(
            ShownField(
                "checks",
                "For each check, the words you see",
                "The same sentences as in Check this computer, and how to fix it",
            )
        )
    return shown


def sharing_note(doc: Mapping[str, object]) -> str:
    """What the policy chose to share, in words."""
    if doc.get("share_lock_counts"):
        return (
            "It also shares how many times this week your screen was left unlocked (a count "
            "only, no times). Your organisation chose this."
        )
    return (
        "It does not share how many times your screen was left unlocked. Your organisation "
        "chose this: that count stays here."
    )
