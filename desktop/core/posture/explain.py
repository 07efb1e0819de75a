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
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _
from desktop.core.posture.fields import BY_NAME, CHECK_WORDS

STATUS_WORDS = {
    "pass": N_("Passes"),
    "fail": N_("Needs fixing"),
    "unknown": N_("Not checked (could not be read)"),
    "not_applicable": N_("Does not apply"),
}
HEAD_LABELS = {
    "schema": N_("Layout version of this file"),
    "app_version": N_("Version of this app"),
    "generated_at": N_("When this file was last written"),
    "system": N_("Kind of computer"),
    "policy_version": N_("Version of your organisation's policy in force"),
    "failing_checks": N_("Required checks that need fixing"),
    "unknown_checks": N_("Checks that could not be read"),
    "reminders_enabled": N_("Lock reminders"),
    "password_history_available": N_("Store of earlier passwords (as hashes) can be used"),
    "share_lock_counts": N_("Your organisation asks for the weekly lock count"),
    "left_unlocked_this_week": N_("Times your screen was left unlocked this week"),
}
PART_LABELS = {
    "status": N_("result"),
    "value": N_("what was read"),
    "threshold": N_("what your organisation asks"),
    "required": N_("required or advice only"),
    "compliant": N_("meets the policy"),
    "checked_at": N_("when it was checked"),
}
# Units for the numbers a check compares, so "30" reads as "30 minutes".
UNITS = {
    f"{c.check_id}_{part}": unit
    for c in REGISTRY
    for part, unit in (("value", c.value_unit), ("threshold", c.threshold_unit))
    if unit
}
NOUNS = {c.check_id: c.noun for c in REGISTRY}  # marked where each check is written
SYSTEMS = {"linux": N_("Linux"), "windows": N_("Windows"), "macos": N_("macOS")}
NEVER = N_(
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
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    return i18n.datetime(moment, "medium")


def _value_words(name: str, value: object) -> str:
    if name.endswith("_status") and isinstance(value, str):
        return _(STATUS_WORDS.get(value, value))
    if name.endswith("_required"):
        return _("Required") if value else _("Advice only")
    if name == "reminders_enabled":
        return _("On") if value else _("Off")
    if BY_NAME[name].date_time and isinstance(value, str):
        return _when(value)
    if value is None:
        return _("Nothing") if name.endswith(("_value", "_threshold")) else _("Not looked at")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value == "":
        return _("(none set)")
    if name == "system" and isinstance(value, str):
        return _(SYSTEMS.get(value, value))
    if isinstance(value, int) and name in UNITS:
        return _("{value} {unit}", value=value, unit=_(UNITS[name]))
    return _(value) if isinstance(value, str) else str(value)  # a marked word, or as read


def _label(name: str) -> str:
    if name in HEAD_LABELS:
        return _(HEAD_LABELS[name])
    check = BY_NAME[name].check
    part = name[len(check) + 1 :]
    words = _(NOUNS.get(check, CHECK_WORDS[check]))
    return _("{check}: {part}", check=words[:1].upper() + words[1:], part=_(PART_LABELS[part]))


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
                _("For each check, the words you see"),
                _("The same sentences as in Check this computer, and how to fix it"),
            )
        )
    return shown


def sharing_note(doc: Mapping[str, object]) -> str:
    """What the policy chose to share, in words."""
    if doc.get("share_lock_counts"):
        return _(
            "It also shares how many times this week your screen was left unlocked (a count "
            "only, no times). Your organisation chose this."
        )
    return _(
        "It does not share how many times your screen was left unlocked. Your organisation "
        "chose this: that count stays here."
    )
