"""``hygiene device``: check this computer against the device half of the policy.

Exit codes: 0 when no required check fails, 1 when one does, 2 for a usage error.
``--standard cyber-essentials`` prints the same run arranged by the Cyber Essentials
user-device requirements (with ``--json``, that view as JSON); the exit code and the
document written for IT are the same as without it.
``--json`` prints one JSON document, the posture document IT collects (flat fields,
then ``{"schema": 1, "generated_at", "checks": [...]}`` as before), and nothing else on
standard output; problems with the policy go to standard error. Every run also writes
that document to the person's state folder and its mirrors, as the tray app does.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from desktop.cli.common import EXIT_OK, EXIT_REJECTED, add_policy_option, services, warn
from desktop.core.device import DeviceReport, DeviceRunner, DeviceStatus, device_verdict
from desktop.core.device.checks import live_check_ids
from desktop.core.device.cyber_essentials import STANDARD_ID, render_text, standard_view
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import build_posture, carry_over
from desktop.core.posture.state import gather_state
from desktop.core.posture.store import PostureRecorder, read_document

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
    p.add_argument(
        "--standard",
        choices=(STANDARD_ID,),
        help="show the result by the requirements of a standard (Cyber Essentials)",
    )
    add_policy_option(p)
    p.set_defaults(run=run)


def render(report: DeviceReport) -> str:
    lines: list[str] = []
    for f in report.findings:
        advice = " (advice only)" if f.advice_only else ""
        lines.append(f"{MARKS[f.status]:<12} {f.title}{advice}")
        lines.append(f"{'':<12} {f.summary}")
        if f.fix and f.status is DeviceStatus.FAIL:
            lines.append(f"{'':<12} How to fix: {f.fix}")
    return "\n".join([*lines, "", device_verdict(report).sentence])


def run_with(
    runner: DeviceRunner,
    policy: Policy,
    as_json: bool,
    recorder: PostureRecorder | None = None,
    left_unlocked: Callable[[], int] | None = None,
    history_read: Callable[[], object] | None = None,
    standard: str | None = None,
) -> int:
    from desktop import __version__

    report = runner.run(policy)
    state = gather_state(policy, left_unlocked=left_unlocked, history_read=history_read)
    if recorder is not None:
        # This command does not watch for drives: keep the tray app's result for the
        # checks only the tray can read.
        previous = read_document(recorder.path)
        doc = build_posture(report, state, runner.system, __version__)
        for check_id in live_check_ids():
            doc = carry_over(doc, previous, check_id)
        recorder.record(doc)
        for problem in recorder.problems:
            warn(f"The copy for IT could not be fully written ({problem}).")
    else:
        doc = build_posture(report, state, runner.system, __version__)
    if standard == STANDARD_ID:
        view = standard_view(report, policy.mfa_guidance_url)
        if as_json:
            print(json.dumps(view.as_dict(), ensure_ascii=False))
        else:
            print(render_text(view), end="")
    elif as_json:
        print(json.dumps(doc, ensure_ascii=False))
    else:
        print(render(report))
    return EXIT_REJECTED if device_verdict(report).status is DeviceStatus.FAIL else EXIT_OK


def run(args: argparse.Namespace) -> int:
    built = services(args)
    runner = built.device_runner()
    recorder = built.posture_recorder(runner.system)
    return run_with(
        runner,
        built.policy.policy,
        args.json,
        recorder,
        built.left_unlocked,
        built.history_probe,
        standard=args.standard,
    )
