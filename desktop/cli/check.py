"""``hygiene check``: check a candidate password read from standard input."""

from __future__ import annotations

import argparse
import json

from desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    add_policy_option,
    argv_text,
    load_policy,
)
from desktop.cli.secret_input import read_secret
from desktop.core.checks.findings import CheckResult, Status
from desktop.core.services import make_pipeline

MARKS = {Status.PASS: "PASS", Status.FAIL: "FAIL", Status.NOT_CHECKED: "NOT CHECKED"}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help="check a new password (read from standard input)",
        description="Check a new password. It is read from standard input, "
        "never from the command line, and is not stored or sent anywhere.",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument(
        "--personal",
        metavar="WORD",
        action="append",
        default=[],
        help="a personal word to look for: a name, a pet, a birthday (repeatable)",
    )
    p.add_argument(
        "--no-network",
        action="store_true",
        help="do not use the network (the breach check uses the offline file or "
        "reports 'not checked')",
    )
    add_policy_option(p)
    p.set_defaults(run=run)


def render(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        lines.append(f"{MARKS[f.status]:<12} {f.rule_id:<11} {f.message}")
        if f.hint and f.status is not Status.PASS:
            lines.append(f"{'':<24} {f.hint}")
    verdict = (
        "ACCEPTED: you can use this password."
        if result.accepted
        else "REJECTED: choose a different password."
    )
    return "\n".join([*lines, "", verdict])


def run(args: argparse.Namespace) -> int:
    effective = load_policy(args)
    password = read_secret("New password (not shown): ")
    result = make_pipeline(effective.policy, no_network=args.no_network).run(
        password, [argv_text(word) for word in args.personal]
    )
    del password
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(render(result))
    return EXIT_OK if result.accepted else EXIT_REJECTED
