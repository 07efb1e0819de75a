"""``hygiene device``: check this computer against the device half of the policy.

Exit codes: 0 when every required check passes (or does not apply), 1 when a required
check fails, 3 when none fails but a required check could not be read (so the result is
not a clean bill of health), 2 for a usage error.
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
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from desktop.cli.common import EXIT_OK, EXIT_REJECTED, add_policy_option, services, warn
from desktop.core.device import (
    DeviceFinding,
    DeviceReport,
    DeviceRunner,
    DeviceStatus,
    device_verdict,
)
from desktop.core.device.cyber_essentials import STANDARD_ID, render_text, standard_view
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.untrusted import sentence_text
from desktop.core.policy.schema import Policy
from desktop.core.posture.document import build_posture, statuses
from desktop.core.posture.state import gather_state
from desktop.core.posture.store import PostureRecorder

EXIT_UNREAD = 3  # a required check could not be read, and none failed

MARKS = {
    DeviceStatus.PASS: N_("PASS"),
    DeviceStatus.FAIL: N_("FAIL"),
    DeviceStatus.UNKNOWN: N_("NOT CHECKED"),
    DeviceStatus.NOT_APPLICABLE: N_("N/A"),
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "device",
        help=_("check this computer: screen lock, encryption, firewall, updates..."),
        description=_(
            "Check this computer against your organisation's device policy. "
            "Nothing is changed and nothing is sent anywhere."
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    p.add_argument(
        "--standard",
        choices=(STANDARD_ID,),
        help=_("show the result by the requirements of a standard (Cyber Essentials)"),
    )
    # The app's own background search for security updates (Linux); not for people.
    p.add_argument("--search-updates", metavar="FILE", type=Path, help=argparse.SUPPRESS)
    add_policy_option(p)
    p.set_defaults(run=run)


def with_kept(report: DeviceReport, doc: Mapping[str, object]) -> DeviceReport:
    """The report as the document holds it: a check this run could not read (or read
    only from outside the desktop) shows the earlier reading the document kept, saying
    when it was read."""
    kept = doc.get("checks")
    by_id = {c.get("id"): c for c in kept if isinstance(c, dict)} if isinstance(kept, list) else {}
    findings = []
    for f in report.findings:
        entry = by_id.get(f.check_id)
        if entry is None or _same_reading(doc, entry, f, report.checked_at):
            findings.append(f)  # this run's, in the words of the screen
            continue
        try:
            status = DeviceStatus(str(entry.get("status")))
        except ValueError:
            findings.append(f)
            continue
        when = str(doc.get(f"{f.check_id}_checked_at", ""))
        at = (
            _(" (as read at {value} on {value2})", value=when[11:16], value2=when[:10])
            if len(when) >= 16
            else ""
        )
        findings.append(
            replace(
                f,
                status=status,
                summary=f"{entry.get('summary', '')}{at}",
                fix=str(entry.get("fix") or ""),
                value=entry.get("value"),
            )
        )
    return replace(report, findings=tuple(findings))


def _same_reading(
    doc: Mapping[str, object], entry: Mapping[str, object], f: DeviceFinding, at: datetime
) -> bool:
    """The document holds this run's reading of the check, not an earlier one it kept.
    Its words may be in the organisation's language, so no words are compared."""
    when = doc.get(f"{f.check_id}_checked_at")
    return entry.get("status") == f.status.value and when == at.isoformat(timespec="seconds")


def render(report: DeviceReport) -> str:
    lines: list[str] = []
    marks = {status: _(word) for status, word in MARKS.items()}
    width = max(len(mark) for mark in marks.values()) + 1  # the column fits the language
    indent = " " * (width + 1)
    for f in report.findings:
        advice = _(" (advice only)") if f.advice_only else ""
        lines.append(f"{marks[f.status]:<{width}} {f.title}{advice}")
        # The sentences may hold names read from the computer, or come back from the
        # document on disk: no control character reaches the terminal.
        lines.append(f"{indent}{sentence_text(f.summary)}")
        if f.fix and f.status is DeviceStatus.FAIL:
            lines.append(indent + _("How to fix: {fix}", fix=sentence_text(f.fix)))
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
    doc = build_posture(report, state, runner.system, __version__)
    if recorder is not None:
        # The recorder keeps, per check, the better-informed reading: this command does
        # not watch for drives, and run from outside the desktop (SSH) it may not read
        # the screen lock, so the tray app's readings stay and nothing flaps.
        recorder.record(doc)
        doc = recorder.written or doc
        for problem in recorder.problems:
            warn(_("The copy for IT could not be fully written ({problem}).", problem=problem))
    shown = with_kept(report, doc)  # as the document holds it, kept readings included
    if standard == STANDARD_ID:
        view = standard_view(shown, policy.mfa_guidance_url)
        if as_json:
            print(json.dumps(view.as_dict(), ensure_ascii=False))
        else:
            print(render_text(view), end="")
    elif as_json:
        print(json.dumps(doc, ensure_ascii=False))
    else:
        print(render(shown))
    return exit_code(doc)


def exit_code(doc: Mapping[str, object]) -> int:
    """From the document as written (so a result the tray app read and this run could
    not, such as removable drives, counts as the tray read it): 0 when every required
    check passes or does not apply, 1 when a required check fails, 3 when none fails but
    a required check could not be read. Advice-only checks never change the code."""
    required = [c for c in statuses(doc) if doc.get(f"{c}_required") is True]
    found = {str(doc.get(f"{c}_status")) for c in required}
    if DeviceStatus.FAIL.value in found:
        return EXIT_REJECTED
    if found - {DeviceStatus.PASS.value, DeviceStatus.NOT_APPLICABLE.value}:
        return EXIT_UNREAD
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if getattr(args, "search_updates", None) is not None:
        from desktop.platform.device.linux.updates import search_and_keep

        return search_and_keep(args.search_updates)
    built = services(args)
    runner = built.device_runner()
    recorder = built.posture_recorder(runner.system)
    # Whether the password history can be used is the tray app's to look at (asking the
    # keyring costs a third of a second); the document keeps the tray's answer.
    return run_with(
        runner,
        built.policy.policy,
        args.json,
        recorder,
        built.left_unlocked,
        None,
        standard=args.standard,
    )
