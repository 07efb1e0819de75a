"""The posture document: one small JSON file per person that IT's tools collect.

It holds statuses only. Each check gives its status, what was compared (a number of
minutes, "on", "encrypted") and when it ran; the app adds its own state IT may fairly
see (reminders on or off, the policy version in force, whether the password history can
be used). Never a password, a hash, a personal word, a file name, a drive's label or
serial, or an account name: the document is built from findings, whose words the checks
write themselves, and never from readings.

The document is a superset of what ``hygiene device --json`` always printed
(``schema``, ``generated_at``, ``checks``): flat fields first, for engines that read one
level of keys, then the same ``checks`` list with each check's words for people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus, System
from desktop.core.device.verdict import device_verdict
from desktop.core.posture.fields import (
    BY_NAME,
    CHECK_PARTS,
    CHECK_WORDS,
    FIELD_NAMES,
    SCHEMA_VERSION,
    STATUSES,
)

Scalar = int | str | bool | None


@dataclass(frozen=True)
class AppState:
    """The app's own state that goes into the document."""

    reminders_enabled: bool
    policy_version: str = ""
    password_history_available: bool | None = None
    share_lock_counts: bool = False
    left_unlocked_this_week: int = 0


def _stamp(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _scalar(value: object) -> Scalar:
    """Only plain scalars reach the document; anything else is dropped to null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return None


def compliant(f: DeviceFinding) -> bool:
    """Meets the policy: passes, does not apply, or is advice only. A required check that
    fails or could not be read is not compliant: unknown never counts as a pass."""
    if not f.required:
        return True
    return f.status in (DeviceStatus.PASS, DeviceStatus.NOT_APPLICABLE)


def _check_fields(f: DeviceFinding, checked_at: datetime) -> dict[str, Scalar]:
    c = f.check_id
    return {
        f"{c}_status": f.status.value,
        f"{c}_value": _scalar(f.value),
        f"{c}_threshold": _scalar(f.threshold),
        f"{c}_required": f.required,
        f"{c}_compliant": compliant(f),
        f"{c}_checked_at": _stamp(checked_at),
    }


def build_posture(
    report: DeviceReport,
    state: AppState,
    system: System,
    app_version: str,
    generated_at: datetime | None = None,
) -> dict[str, object]:
    """The whole document, flat fields in ``FIELDS`` order, then ``checks``.

    Checks the report does not hold (an older runner) are written as unknown, so an
    engine never finds a field missing and never reads a missing one as a pass.
    """
    when = generated_at or report.checked_at
    verdict = device_verdict(report)
    flat: dict[str, Scalar] = {
        "schema": SCHEMA_VERSION,
        "app_version": app_version,
        "generated_at": _stamp(when),
        "system": system,
        "policy_version": state.policy_version,
        "failing_checks": len(verdict.failing),
        "unknown_checks": len(verdict.unknown),
        "reminders_enabled": state.reminders_enabled,
        "password_history_available": state.password_history_available,
        "share_lock_counts": state.share_lock_counts,
    }
    if state.share_lock_counts:
        flat["left_unlocked_this_week"] = max(0, int(state.left_unlocked_this_week))
    for check_id in CHECK_WORDS:
        finding = report.get(check_id)
        if finding is None:
            flat.update(
                {
                    f"{check_id}_status": DeviceStatus.UNKNOWN.value,
                    f"{check_id}_value": None,
                    f"{check_id}_threshold": None,
                    f"{check_id}_required": False,
                    f"{check_id}_compliant": False,
                    f"{check_id}_checked_at": _stamp(report.checked_at),
                }
            )
        else:
            flat.update(_check_fields(finding, report.checked_at))
    unknown = set(flat) - set(FIELD_NAMES)
    assert not unknown, f"fields missing from FIELDS: {sorted(unknown)}"
    doc: dict[str, object] = {name: flat[name] for name in FIELD_NAMES if name in flat}
    doc["checks"] = [f.as_dict() for f in report.findings]
    return doc


def flat_fields(doc: Mapping[str, object]) -> dict[str, Scalar]:
    """The document without the ``checks`` list: what the registry, plist and Intune hold."""
    return {k: _scalar(v) for k, v in doc.items() if k in BY_NAME}


def statuses(doc: Mapping[str, object]) -> dict[str, str]:
    """Each check's status in a document, by check id."""
    return {c: str(doc.get(f"{c}_status", "unknown")) for c in CHECK_WORDS}


def carry_over(
    doc: Mapping[str, object], previous: Mapping[str, object], check_id: str
) -> dict[str, object]:
    """``doc`` with ``check_id`` as ``previous`` had it, when ``doc`` could not read it.

    ``hygiene device`` does not watch for drives, so its removable-drives check is always
    unknown; written over the tray app's document, that would flip the status (and log a
    change) each time someone runs the command. The earlier result is kept instead, with
    its own ``checked_at``, so it still says when it was really read.
    """
    out = dict(doc)
    if out.get(f"{check_id}_status") != DeviceStatus.UNKNOWN.value:
        return out
    if previous.get("schema") != out.get("schema"):
        return out
    if previous.get(f"{check_id}_status") not in STATUSES:  # none there, or not ours
        return out
    for part in CHECK_PARTS:
        out[f"{check_id}_{part}"] = _scalar(previous.get(f"{check_id}_{part}"))
    old = previous.get("checks")
    earlier = (
        [c for c in old if isinstance(c, dict) and c.get("id") == check_id]
        if isinstance(old, list)
        else []
    )
    checks = out.get("checks")
    if earlier and isinstance(checks, list):
        out["checks"] = [earlier[0] if c.get("id") == check_id else c for c in checks]
    status = out[f"{check_id}_status"]
    # The counts follow the check's kept status.
    unknown, failing = out.get("unknown_checks"), out.get("failing_checks")
    if isinstance(unknown, int) and status != DeviceStatus.UNKNOWN.value:
        out["unknown_checks"] = max(0, unknown - 1)
    required = out.get(f"{check_id}_required") is True
    if isinstance(failing, int) and status == DeviceStatus.FAIL.value and required:
        out["failing_checks"] = failing + 1
    return out
