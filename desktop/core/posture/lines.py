"""The collectors' file: one small JSON object per check, one a line, beside the document.

Log collectors that read a file line by line (Wazuh's logcollector with ``log_format
json``) turn each line into one event, and Wazuh's analysis engine raises at most one
alert per event: it walks its rule tree and stops at the first rule that matches. The
posture document is one line, so from it a computer failing five checks would raise one
alert, naming one check. This file gives every check a line of its own, so every check
that fails or could not be read raises its own alert.

The recorder rewrites the file after each document, atomically (a new file each time),
so a collector that follows a file by its inode reads the whole new file from the start.

A line holds fixed words only: the check's id and status, its English title, the Cyber
Essentials requirements behind it, booleans and times. No summary, no product name and
no reason code: a collector's generic rules match words anywhere in an event (Wazuh's
stock rule 1002 takes any event holding "failed", "error", "denied" and so on, before
an organisation's own rules are tried), so free text could hide a line from IT's rules.
Why a check could not be read stays in the document's ``checks`` list.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.device.checks import BY_ID
from desktop.core.device.cyber_essentials import REQUIREMENTS
from desktop.core.posture.document import Scalar
from desktop.core.posture.fields import CHECK_WORDS, STATUSES
from desktop.core.posture.published import DATE_TIME

FILE_NAME = "posture-checks.jsonl"
LINES_SCHEMA_VERSION = 1
# Every line carries this key with this value, so a collector's rules can tell the
# app's lines from any other JSON event.
MARK_KEY, MARK = "hygiene_helper", "check"


@dataclass(frozen=True)
class LineField:
    """One key of a line: its JSON type and what it means."""

    name: str
    kind: str  # "string", "integer" or "boolean"
    description: str
    enum: tuple[str, ...] = ()
    date_time: bool = False


LINE_FIELDS: tuple[LineField, ...] = (
    LineField(MARK_KEY, "string", f'Always "{MARK}": marks a line of this file.', (MARK,)),
    LineField("schema", "integer", "Version of this line's layout; 1 for now."),
    LineField("check", "string", "The check's id, as in the posture document's field names."),
    LineField(
        "check_status",
        "string",
        "The check's result: pass, fail, unknown (could not be read; never a pass) or "
        "not_applicable.",
        STATUSES,
    ),
    LineField("required", "boolean", "Whether the organisation requires the check."),
    LineField(
        "compliant",
        "boolean",
        "Whether the check meets the policy (unknown is never compliant when required).",
    ),
    LineField("title", "string", "The check's name in English, as the app shows it."),
    LineField(
        "cyber_essentials",
        "string",
        "The Cyber Essentials requirements the check stands behind, comma-separated; "
        "empty when none.",
    ),
    LineField(
        "checked_at",
        "string",
        "When the check was read (ISO 8601 with the UTC offset).",
        date_time=True,
    ),
    LineField(
        "generated_at",
        "string",
        "When the posture document holding this reading was written.",
        date_time=True,
    ),
    LineField("app_version", "string", "Version of Hygiene Helper that wrote the line."),
    LineField("system", "string", "Which system this is.", ("linux", "windows", "macos")),
)


def requirements_of(check_id: str) -> tuple[str, ...]:
    """The keys of the Cyber Essentials requirements a check stands behind."""
    return tuple(r.key for r in REQUIREMENTS if any(c.check_id == check_id for c in r.checks))


def _status(value: object) -> str:
    return value if isinstance(value, str) and value in STATUSES else "unknown"


def check_lines(doc: Mapping[str, object]) -> list[dict[str, Scalar]]:
    """One object per check, in the document's order, from the document as written.

    A check the document does not hold (it should hold all) is said to be unknown and
    not compliant, never passing.
    """
    lines: list[dict[str, Scalar]] = []
    when = str(doc.get("generated_at", ""))
    for check_id in CHECK_WORDS:
        status = _status(doc.get(f"{check_id}_status"))
        lines.append(
            {
                MARK_KEY: MARK,
                "schema": LINES_SCHEMA_VERSION,
                "check": check_id,
                "check_status": status,
                "required": doc.get(f"{check_id}_required") is True,
                "compliant": doc.get(f"{check_id}_compliant") is True,
                "title": BY_ID[check_id].title,
                "cyber_essentials": ",".join(requirements_of(check_id)),
                "checked_at": str(doc.get(f"{check_id}_checked_at") or when),
                "generated_at": when,
                "app_version": str(doc.get("app_version", "")),
                "system": str(doc.get("system", "")),
            }
        )
    return lines


def lines_text(doc: Mapping[str, object]) -> str:
    """The file's text: one compact JSON object a line, each line ending in a newline."""
    return "".join(
        json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"
        for line in check_lines(doc)
    )


def _property(f: LineField) -> dict[str, object]:
    prop: dict[str, object] = {"description": f.description, "type": f.kind}
    if f.enum:
        prop["enum"] = list(f.enum)
    if f.name == "schema":
        prop["const"] = LINES_SCHEMA_VERSION
    if f.date_time:
        prop["format"] = "date-time"
        prop["pattern"] = DATE_TIME
    return prop


def lines_json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) each line of the file validates against."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://hygienehelper.invalid/schemas/posture-checks-1.json",
        "title": "Hygiene Helper check line",
        "description": f"One line of {FILE_NAME}: one device check of one person's computer, "
        "written beside the posture document for log collectors. Generated from "
        "desktop/core/posture/lines.py.",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in LINE_FIELDS],
        "properties": {f.name: _property(f) for f in LINE_FIELDS},
    }
