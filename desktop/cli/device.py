"""``hygiene device``: check this computer against the device half of the policy.

Exit codes: 0 when no required check fails, 1 when one does, 2 for a usage error.
``--json`` prints one JSON document (``{"schema": 1, "generated_at", "checks": [...]}``)
and nothing else on standard output; problems with the policy go to standard error.
"""

from __future__ import annotations

import argparse
import json

from desktop.cli.common import EXIT_OK, EXIT_REJECTED, add_policy_option, services
from desktop.core.device import DeviceReport, DeviceRunner, DeviceStatus
from desktop.core.policy.schema import Policy

MARKS = {
    DeviceStatus.PASS: "PASS",
    DeviceStatus.FAIL: "FAIL",
    DeviceStatus.UNKNOWN: "NOT CHECKED",
    DeviceStatus.NOT_APPLICABLE: "N/A",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "device",
        help="check this computer: screen lock, encryption, firewall, updates...",
        description="Check this computer against your organisation's device policy. "
        "Nothing is changed and nothing is sent anywhere.",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_policy_option(p)
    p.set_defaults(run=run)


def render(report: DeviceReport) -> str:
    lines: list[str] = []
    for f in report.findings:
        advice = "" if f.required or f.status is not DeviceStatus.FAIL else " (advice only)"
        lines.append(f"{MARKS[f.status]:<12} {f.title}{advice}")
        lines.append(f"{'':<12} {f.summary}")
        if f.fix and f.status is DeviceStatus.FAIL:
            lines.append(f"{'':<12} How to fix: {f.fix}")
    failing = sum(1 for f in report.findings if f.failing)
    unknown = sum(1 for f in report.findings if f.status is DeviceStatus.UNKNOWN)
    if failing:
        verdict = f"{failing} thing{'s' if failing != 1 else ''} to fix on this computer."
        if unknown:
            verdict += f" {unknown} could not be checked."
    elif unknown:
        verdict = (
            f"No problems found, but {unknown} check{'s' if unknown != 1 else ''} could not "
            "be run, so this is not a clean bill of health."
        )
    else:
        verdict = "Nothing to fix on this computer."
    return "\n".join([*lines, "", verdict])


def run_with(runner: DeviceRunner, policy: Policy, as_json: bool) -> int:
    report = runner.run(policy)
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(render(report))
    return EXIT_REJECTED if report.any_failing else EXIT_OK


def run(args: argparse.Namespace) -> int:
    built = services(args)
    return run_with(built.device_runner(), built.policy.policy, args.json)
