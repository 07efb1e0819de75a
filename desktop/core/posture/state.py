"""Gathering the app's own state for the posture document, and publishing it.

``gather_state`` asks passed-in collaborators (the policy, the weekly lock count, a way
to read the password history) so the CLI and the tray app fill the document the same
way. ``publish`` is the one path from a device report to the file and its mirrors.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from desktop.core.device.findings import DeviceReport, System
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import AppState, build_posture
from desktop.core.posture.store import PostureRecorder, StatusChange


def history_available(read: Callable[[], object]) -> bool:
    """True when the password history can be read (even when it is still empty).

    Any failure of ``read`` (the history's own faults, a keyring that is missing or
    locked) means "cannot be read": the document says false rather than guess, and the
    posture room needs no knowledge of the history's error types.
    """
    try:
        read()
    except Exception:
        return False
    return True


def gather_state(
    policy: Policy,
    left_unlocked: Callable[[], int] | None = None,
    history_read: Callable[[], object] | None = None,
    history_known: bool | None = None,
) -> AppState:
    """The app's state for the document.

    ``history_read`` is called only when given (the tray app, on a worker, because the
    keyring may ask to be unlocked); otherwise ``history_known`` is used as it is.
    The lock count is asked for only when the policy shares it.
    """
    history = history_available(history_read) if history_read is not None else history_known
    count = 0
    if policy.share_lock_counts and left_unlocked is not None:
        try:
            count = left_unlocked()
        except (OSError, ValueError):
            count = 0
    return AppState(
        reminders_enabled=policy.reminders_enabled,
        policy_version=policy.policy_version,
        password_history_available=history,
        share_lock_counts=policy.share_lock_counts,
        left_unlocked_this_week=count,
        language=policy.report_language,
    )


def publish(
    recorder: PostureRecorder,
    report: DeviceReport,
    state: AppState,
    system: System,
    app_version: str,
    now: datetime | None = None,
) -> tuple[dict[str, object], list[StatusChange]]:
    """Build the document, write it and its mirrors; the document and what changed."""
    doc = build_posture(report, state, system, app_version, generated_at=now)
    changes = recorder.record(doc)
    # What was written: the recorder keeps the better-informed earlier readings.
    return (recorder.written or doc), changes
