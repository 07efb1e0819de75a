"""``hygiene report``: open the "I think my password leaked" wizard.

It is a window, so Qt is only imported when the command runs (the rest of the CLI
stays light). The answers are saved as the person goes; if they stop, running the
command again offers them back. Exit code 0 when the report was sent or handed over,
1 when the window was closed first (the draft is kept), 2 when no window can be shown.
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


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help="report a password you think has leaked (opens a window)",
        description="Opens a window that guides you through what to do now and who to "
        "tell if you think a password has leaked. It never asks for the password itself.",
    )
    add_policy_option(p)
    p.set_defaults(run=run)


def can_show_windows(platform: str, env: Mapping[str, str]) -> bool:
    """False on a Linux machine with no desktop, where Qt would abort instead."""
    if not platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    parts = services(args)
    if not can_show_windows(parts.platform, parts.env):
        warn(
            "'hygiene report' opens a window, but there is no desktop here. Run it on "
            "your own computer, or tell the IT service desk straight away."
        )
        return EXIT_USAGE
    # Qt and the wizard load only now, through the composition root.
    from desktop.wiring.gui import run_report_wizard

    wizard = run_report_wizard(parts)
    if wizard.delivery:
        return EXIT_OK
    if wizard.draft_kept():
        warn("Your answers are saved. Run 'hygiene report' again to carry on.")
    return EXIT_REJECTED
