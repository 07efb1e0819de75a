"""The posture document's JSON Schema, made from ``FIELDS`` (published for IT)."""

from __future__ import annotations

from desktop.core.device.checks import DEVICE_CHECK_IDS
from desktop.core.kit.unchecked import Reason
from desktop.core.posture.fields import CHECK_ITEM_KEYS, FIELDS, SCHEMA_VERSION, STATUSES, Field

SCHEMA_ID = "https://hygienehelper.invalid/schemas/posture-1.json"
# An ISO 8601 time with seconds and a UTC offset, as the app writes it. JSON Schema's
# "format" is only advice to validators, so the pattern is what is enforced.
DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"
SCALARS = ["string", "integer", "boolean"]


def _property(f: Field) -> dict[str, object]:
    types: list[str] = SCALARS.copy() if f.kind == "scalar" else [f.kind]
    if f.nullable:
        types.append("null")
    prop: dict[str, object] = {
        "description": f.description,
        "type": types[0] if len(types) == 1 else types,
    }
    if f.enum:
        prop["enum"] = list(f.enum)
    if f.name == "schema":
        prop["const"] = SCHEMA_VERSION
    if f.kind == "integer" and f.name != "schema":
        prop["minimum"] = 0
    if f.date_time:
        prop["format"] = "date-time"
        prop["pattern"] = DATE_TIME
    return prop


def json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) every posture document validates against."""
    properties: dict[str, object] = {f.name: _property(f) for f in FIELDS}
    properties["checks"] = {
        "description": "Every check in the order people read them, with the words they see.",
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": list(CHECK_ITEM_KEYS),
            "properties": {
                "id": {"type": "string", "enum": list(DEVICE_CHECK_IDS)},
                "status": {"type": "string", "enum": list(STATUSES)},
                "summary": {"type": "string"},
                "fix": {"type": "string", "description": "Empty unless the check fails."},
                "value": {"type": [*SCALARS, "null"]},
                "threshold": {"type": [*SCALARS, "null"]},
                "reason": {
                    "type": "string",
                    "enum": ["", *(r.value for r in Reason)],
                    "description": "Why the check could not be read (unknown only): "
                    + ", ".join(r.value for r in Reason)
                    + "; empty when it was read.",
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Hygiene Helper posture document",
        "description": "Statuses of one person's computer, written by Hygiene Helper for the "
        "organisation's endpoint tools. Generated from desktop/core/posture/fields.py.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in FIELDS if not f.optional] + ["checks"],
        "properties": properties,
    }
