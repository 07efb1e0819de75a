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
from datetime import datetime, timedelta

from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus, System
from desktop.core.device.verdict import device_verdict
from desktop.core.kit import i18n
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
    # The organisation's language (the policy's report_language): the checks' sentences
    # in the document are written in it, whatever the person reads on screen. Not a
    # field of the document; empty leaves the sentences as the report has them.
    language: str = ""


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
    if state.language:
        report = report.told_in(i18n.for_organisation(state.language))
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


SESSION, OUTSIDE = "session", "outside"
# A reading from inside the person's desktop session stands against one from outside it
# (an SSH session, an agent) for this long; after that the newer reading is taken.
SESSION_READING_LASTS = timedelta(hours=24)
_KNOWN = (DeviceStatus.PASS.value, DeviceStatus.FAIL.value)


def _when(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _same_ask(doc: Mapping[str, object], previous: Mapping[str, object], check_id: str) -> bool:
    """The earlier reading was judged against what the policy asks now."""
    if previous.get(f"{check_id}_required") != doc.get(f"{check_id}_required"):
        return False
    asked = doc.get(f"{check_id}_threshold")
    return asked is None or previous.get(f"{check_id}_threshold") == asked


def _keep_earlier(
    doc: Mapping[str, object],
    previous: Mapping[str, object],
    check_id: str,
    read_in: str,
    earlier_read_in: str,
) -> bool:
    """Whether ``previous`` holds the better-informed reading of ``check_id``.

    A known status (pass or fail) is never replaced by "unknown", and a reading from inside
    the person's session is not replaced by one from outside it while it is fresh; either
    only when the earlier reading answered what the policy asks now.
    """
    if previous.get(f"{check_id}_status") not in _KNOWN or not _same_ask(doc, previous, check_id):
        return False
    if doc.get(f"{check_id}_status") == DeviceStatus.UNKNOWN.value:
        return True
    if read_in == OUTSIDE and earlier_read_in == SESSION:
        then = _when(previous.get(f"{check_id}_checked_at"))
        now = _when(doc.get(f"{check_id}_checked_at"))
        return then is not None and now is not None and now - then <= SESSION_READING_LASTS
    return False


def _take_earlier(out: dict[str, object], previous: Mapping[str, object], check_id: str) -> None:
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


def _recount(out: dict[str, object]) -> None:
    """The counts follow the statuses the document now holds."""
    states = statuses(out)
    out["failing_checks"] = sum(
        1
        for c, s in states.items()
        if s == DeviceStatus.FAIL.value and out.get(f"{c}_required") is True
    )
    out["unknown_checks"] = sum(1 for s in states.values() if s == DeviceStatus.UNKNOWN.value)


def most_informed(
    doc: Mapping[str, object],
    previous: Mapping[str, object],
    read_in: str = SESSION,
    earlier_read_in: Mapping[str, str] | None = None,
) -> tuple[dict[str, object], dict[str, str]]:
    """``doc`` with, per check, the better-informed of its reading and ``previous``'s.

    ``read_in`` says where ``doc``'s readings were taken (``SESSION`` or ``OUTSIDE``);
    ``earlier_read_in`` where each of ``previous``'s were. Returns the document to write
    and, per check, where its reading was taken, to keep beside it. Earlier readings keep
    their own ``checked_at``, so the document still says when each was really read.
    """
    out = dict(doc)
    origins: dict[str, str] = {}
    same_layout = bool(previous) and previous.get("schema") == out.get("schema")
    kept = False
    # The password history is looked at by the tray app only: a run that did not look
    # (null) keeps the earlier answer.
    earlier_history = previous.get("password_history_available")
    looked = out.get("password_history_available") is not None
    if same_layout and not looked and isinstance(earlier_history, bool):
        out["password_history_available"] = earlier_history
    for check_id in CHECK_WORDS:
        earlier = (earlier_read_in or {}).get(check_id, OUTSIDE)
        if same_layout and _keep_earlier(out, previous, check_id, read_in, earlier):
            _take_earlier(out, previous, check_id)
            origins[check_id] = earlier
            kept = True
        else:
            origins[check_id] = read_in
    if kept:
        _recount(out)
    return out, origins


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
    if not previous or previous.get("schema") != out.get("schema"):
        return out
    if previous.get(f"{check_id}_status") not in STATUSES:  # none there, or not ours
        return out
    _take_earlier(out, previous, check_id)
    _recount(out)
    return out
