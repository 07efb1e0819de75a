"""Posture documents for tests: from real device runs over in-memory sources, and one
finding of every status for every check."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from desktop.core.device import DeviceFinding, DeviceReport, DeviceRunner, DeviceStatus
from desktop.core.policy.schema import DEVICE_CHECK_IDS, Policy
from desktop.core.posture.document import AppState, build_posture
from tests.device_fakes import failing_sources, passing_sources, unread_sources

ROOT = Path(__file__).resolve().parents[1]
IT = ROOT / "packaging" / "it"
NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
STATE = AppState(reminders_enabled=True, policy_version="2026-03", password_history_available=True)


def schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads((IT / "posture.schema.json").read_text("utf-8"))
    return loaded


def run(sources: object, policy: Policy, system: str = "linux") -> DeviceReport:
    runner = DeviceRunner(sources, system, now=lambda: NOW)  # type: ignore[arg-type]
    return runner.run(policy)


def real_reports() -> dict[str, DeviceReport]:
    """Reports from the real checks: a passing, a failing and an unreadable computer,
    and one where the policy makes checks not apply."""
    clam = Policy(malware_products=("clamav-daemon",))
    return {
        "passing": run(passing_sources(), clam),
        "failing": run(failing_sources(NOW), clam),
        "unknown": run(unread_sources("the desktop could not be read"), clam),
        "not_applicable": run(passing_sources(), Policy(removable_media_notices=False)),
        "advice_only": run(failing_sources(NOW), Policy(device_checks_required=())),
    }


VALUES: dict[DeviceStatus, tuple[object, object]] = {
    DeviceStatus.PASS: (5, 15),
    DeviceStatus.FAIL: ("off", "on"),
    DeviceStatus.UNKNOWN: (None, "encrypted"),
    DeviceStatus.NOT_APPLICABLE: (None, None),
}


def every_status_report(status: DeviceStatus, required: bool = True) -> DeviceReport:
    """Every check with ``status`` (what no single computer shows at once)."""
    value, threshold = VALUES[status]
    findings = tuple(
        DeviceFinding(
            c,
            c.replace("_", " "),
            status,
            f"summary of {c}",
            "why",
            fix="fix it" if status is DeviceStatus.FAIL else "",
            value=value,  # type: ignore[arg-type]
            threshold=threshold,  # type: ignore[arg-type]
            required=required,
        )
        for c in DEVICE_CHECK_IDS
    )
    return DeviceReport(findings, NOW)


def document(report: DeviceReport, state: AppState = STATE) -> dict[str, object]:
    return build_posture(report, state, "linux", "0.1.0")
