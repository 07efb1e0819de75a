"""Every field of the posture document IT collects, declared once.

The document (``document.py``), its published JSON Schema, the table on the IT page, the Intune
rules and the Fleet queries are all made from ``FIELDS``, so a field cannot be added in
one place and forgotten in another (``make check-templates`` fails when they differ).

The document is flat on purpose: Intune's custom compliance, the Windows registry, a
macOS plist and osquery's ``parse_json`` all read one level of ``key: value`` best.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from desktop.core.device.checks import DEVICE_CHECK_IDS, REGISTRY

SCHEMA_VERSION = 1
JsonType = Literal["string", "integer", "boolean", "scalar"]
STATUSES: tuple[str, ...] = ("pass", "fail", "unknown", "not_applicable")

# What each check is called where a person reads the field list (the check's ``noun``).
CHECK_WORDS: dict[str, str] = {c.check_id: c.noun for c in REGISTRY}
# The parts each check has in the flat document: ``<check id>_<part>``.
CHECK_PARTS: tuple[str, ...] = (
    "status",
    "value",
    "threshold",
    "required",
    "compliant",
    "checked_at",
)


@dataclass(frozen=True)
class Field:
    """One top-level field: its JSON type, whether it may be null, and what it means.

    ``check`` names the device check the field belongs to ("" for the app's own state);
    ``optional`` fields appear only when the policy shares them.
    """

    name: str
    kind: JsonType
    description: str
    nullable: bool = False
    enum: tuple[str, ...] = ()
    check: str = ""
    optional: bool = False
    date_time: bool = False


def _check_fields(check_id: str) -> tuple[Field, ...]:
    words = CHECK_WORDS[check_id]
    return (
        Field(
            f"{check_id}_status",
            "string",
            f"Result of the {words} check: pass, fail, unknown (could not be read; never a "
            "pass) or not_applicable.",
            enum=STATUSES,
            check=check_id,
        ),
        Field(
            f"{check_id}_value",
            "scalar",
            f"What the {words} check read (a number or a short word); null when nothing was read.",
            nullable=True,
            check=check_id,
        ),
        Field(
            f"{check_id}_threshold",
            "scalar",
            f"What the policy asks of the {words} check; null when it asks nothing.",
            nullable=True,
            check=check_id,
        ),
        Field(
            f"{check_id}_required",
            "boolean",
            f"Whether the organisation requires the {words} check (false: advice only).",
            check=check_id,
        ),
        Field(
            f"{check_id}_compliant",
            "boolean",
            f"Whether the {words} check meets the policy: true when it passes, does not "
            "apply, or is advice only; false when a required check fails or could not be "
            "read (unknown is never counted as compliant).",
            check=check_id,
        ),
        Field(
            f"{check_id}_checked_at",
            "string",
            f"When the {words} check last ran (ISO 8601 with the UTC offset).",
            check=check_id,
            date_time=True,
        ),
    )


HEAD: tuple[Field, ...] = (
    Field("schema", "integer", "Version of this document's layout; 1 for now."),
    Field("app_version", "string", "Version of Hygiene Helper that wrote the document."),
    Field(
        "generated_at",
        "string",
        "When the document was written (ISO 8601 with the UTC offset).",
        date_time=True,
    ),
    Field("system", "string", "Which system this is.", enum=("linux", "windows", "macos")),
    Field(
        "policy_version",
        "string",
        "The policy_version your organisation set in the policy in force; empty when none.",
    ),
    Field(
        "failing_checks",
        "integer",
        "How many required checks fail right now (unknown ones are not counted here).",
    ),
    Field(
        "unknown_checks",
        "integer",
        "How many checks could not be read (not counted as passing).",
    ),
    Field("reminders_enabled", "boolean", "Whether lock reminders are switched on."),
    Field(
        "password_history_available",
        "boolean",
        "Whether the store of earlier passwords (kept as hashes in the keyring) can be used; "
        "null when it was not looked at.",
        nullable=True,
    ),
    Field(
        "share_lock_counts",
        "boolean",
        "Whether the policy shares the weekly count of screens left unlocked.",
    ),
    Field(
        "left_unlocked_this_week",
        "integer",
        "How many times this week the screen was left unlocked; only when the policy sets "
        "share_lock_counts.",
        optional=True,
    ),
)

FIELDS: tuple[Field, ...] = HEAD + tuple(f for c in DEVICE_CHECK_IDS for f in _check_fields(c))
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
CHECK_ITEM_KEYS: tuple[str, ...] = (
    "id",
    "status",
    "summary",
    "fix",
    "value",
    "threshold",
    "reason",
)
