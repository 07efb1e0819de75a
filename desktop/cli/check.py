"""``hygiene check``: check a candidate password read from standard input.

The verdict comes from the core (``Pipeline.verdict``), the same one the check window
shows. Exit code 0 means accepted, 1 refused; ``--json`` adds ``complete``, false when
any rule could not run.
"""

from __future__ import annotations

import argparse
import json

from desktop.cli.common import EXIT_OK, EXIT_REJECTED, add_policy_option, argv_text, services
from desktop.cli.secret_input import read_secret
from desktop.core.checks.findings import CheckResult, Status
from desktop.core.checks.verdict import Verdict
from desktop.core.kit.i18n import N_, _

MARKS = {Status.PASS: N_("PASS"), Status.FAIL: N_("FAIL"), Status.NOT_CHECKED: N_("NOT CHECKED")}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help=_("check a new password (read from standard input)"),
        description=_(
            "Check a new password. It is read from standard input, "
            "never from the command line, and is not stored or sent anywhere."
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    p.add_argument(
        "--personal",
        metavar="WORD",
        action="append",
        default=[],
        help=_("a personal word to look for: a name, a pet, a birthday (repeatable)"),
    )
    p.add_argument(
        "--no-network",
        action="store_true",
        help=_(
            "do not use the network (the breach check uses the offline file or "
            "reports 'not checked')"
        ),
    )
    add_policy_option(p)
    p.set_defaults(run=run)


def render(result: CheckResult, verdict: Verdict) -> str:
    lines = []
    marks = {status: _(word) for status, word in MARKS.items()}
    width = max(len(mark) for mark in marks.values()) + 1  # the column fits the language
    for f in result.findings:
        lines.append(f"{marks[f.status]:<{width}} {f.rule_id:<11} {f.message}")
        if f.hint and f.status is not Status.PASS:
            lines.append(f"{'':<{width + 12}} {f.hint}")
    word = _("ACCEPTED") if verdict.accepted else _("REJECTED")
    return "\n".join([*lines, "", f"{word}. {verdict.reason}"])


def as_json(result: CheckResult, verdict: Verdict) -> str:
    data = {
        "accepted": verdict.accepted,
        "complete": verdict.complete,
        "checks": [f.as_dict() for f in result.findings],
        "score": result.score,
    }
    return json.dumps(data, ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    pipeline = services(args).pipeline()
    password = read_secret(_("New password (not shown): "))
    result = pipeline.run(password, [argv_text(word) for word in args.personal])
    del password
    verdict = pipeline.verdict(result.findings)
    print(as_json(result, verdict) if args.json else render(result, verdict))
    return EXIT_OK if verdict.accepted else EXIT_REJECTED
