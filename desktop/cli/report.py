"""``hygiene report``: open the "I think my password leaked" wizard.

It is a window, so Qt is only imported when the command runs (the rest of the CLI
stays light). The answers are saved as the person goes; if they stop, running the
command again offers them back. Exit code 0 when the report was sent or handed over,
1 when the window was closed first (the draft is kept), 2 when no window can be shown.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from desktop.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    add_policy_option,
    load_policy,
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


def can_show_windows(platform: str = sys.platform, env: dict[str, str] | None = None) -> bool:
    """False on a Linux machine with no desktop, where Qt would abort instead."""
    env = dict(os.environ) if env is None else env
    if not platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    effective = load_policy(args)
    if not can_show_windows():
        warn(
            "'hygiene report' opens a window, but there is no desktop here. Run it on "
            "your own computer, or tell the IT service desk straight away."
        )
        return EXIT_USAGE
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.platform.keyring import system_keyring
    from desktop.ui.report.wizard import create_report_wizard

    app: Any = QApplication.instance() or QApplication(sys.argv[:1])

    def open_checker() -> None:
        QMessageBox.information(
            wizard,
            wizard.tr("Change your password"),
            wizard.tr(
                "Open Hygiene Helper from the tray and choose 'Check a new password', "
                "or run 'hygiene check' in a terminal. Then come back here."
            ),
        )

    from desktop.core.history import keyring_history

    # Blocking the leaked password and finding accounts that share it both run on the
    # wizard's worker thread.
    history = keyring_history(effective.policy.history_depth)
    wizard = create_report_wizard(
        effective.policy,
        open_check_window=open_checker,
        burn_password=history.add_password,
        compare_accounts=history.accounts_sharing,
        passwords=system_keyring(),
    )
    wizard.show()
    app.exec()
    if wizard.delivery:
        return EXIT_OK
    if wizard.draft_kept():
        warn("Your answers are saved. Run 'hygiene report' again to carry on.")
    return EXIT_REJECTED
