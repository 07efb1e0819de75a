"""``hygiene report``: report a problem (opens a window), or list the kinds of report.

``hygiene report`` opens "What happened?", the first question of every report;
``--kind ID`` opens the report of that kind straight away (for a desktop shortcut or a
mail app's toolbar button) and ``--kinds`` lists the kinds the policy offers, with their
ids. The window is Qt, so Qt is only imported when one opens (the rest of the CLI stays
light). A report's step buttons open the same windows as in the tray app ("Check this
computer", the password checker, the leaked-password report), here in this process; the
command ends when the last of them is closed. The answers are saved as the person goes;
if they stop, opening the same kind again offers them back, and so do "What happened?"
and the tray app's next start. Exit code 0 when the chosen report was sent or handed
over, 1 when it was closed first (the draft is kept), 2 for an unknown kind or when no
window can be shown.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping

from desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    add_policy_option,
    services,
    warn,
)
from desktop.core.kit.i18n import _
from desktop.core.report.steps import ReportKind


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help=_("report a leaked password or another problem (opens a window)"),
        description=_(
            "Opens a window that guides you through what to do now and who to "
            "tell if you think a password has leaked, or, with --kind, another problem: a "
            "scam message, a wrong recipient, a lost device and more. It never asks for a "
            "password to send."
        ),
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--kinds", action="store_true", help=_("list the kinds of report and their ids")
    )
    group.add_argument(
        "--kind",
        metavar="ID",
        help=_("open the report of this kind straight away (see --kinds)"),
    )
    add_policy_option(p)
    p.set_defaults(run=run)


def can_show_windows(platform: str, env: Mapping[str, str]) -> bool:
    """False on a Linux machine with no desktop, where Qt would abort instead."""
    if not platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def list_kinds(hidden: tuple[str, ...]) -> str:
    """The kinds the policy offers, one a line: the id, then what it is for."""
    from desktop.core.report.kinds import offered

    kinds = offered(hidden)
    width = max(len(k.kind_id) for k in kinds)
    return "\n".join(f"{k.kind_id:<{width}}  {_(k.label)}" for k in kinds)


def run(args: argparse.Namespace) -> int:
    parts = services(args)
    hidden = parts.policy.policy.report_kinds_hidden
    kind: str | None = getattr(args, "kind", None)
    if getattr(args, "kinds", False):
        print(list_kinds(hidden))
        return EXIT_OK
    if kind is not None and kind not in {k.kind_id for k in _offered(hidden)}:
        warn(
            _(
                "There is no kind of report called {kind!r} here. Run "
                "'hygiene report --kinds' to see the ids there are.",
                kind=kind,
            )
        )
        return EXIT_USAGE
    if not can_show_windows(parts.platform, parts.env):
        warn(
            _(
                "'hygiene report' opens a window, but there is no desktop here. Run it on "
                "your own computer, or tell the IT service desk straight away."
            )
        )
        return EXIT_USAGE
    # Qt and the wizard load only now, through the composition root.
    from desktop.wiring.gui import run_report_wizard

    wizard = run_report_wizard(parts, kind)
    if wizard is None:
        return EXIT_REJECTED
    if wizard.delivery:
        return EXIT_OK
    if wizard.draft_kept():
        again = _("hygiene report --kind {kind_id}", kind_id=wizard.kind.kind_id)
        warn(_("Your answers are saved. Run '{again}' again to carry on.", again=again))
    return EXIT_REJECTED


def _offered(hidden: tuple[str, ...]) -> tuple[ReportKind, ...]:
    from desktop.core.report.kinds import offered

    return offered(hidden)
