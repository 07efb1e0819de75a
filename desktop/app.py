"""Starts Hygiene Helper: the tray app, with the "Check a new password" window.

``python -m desktop.app`` starts it (``--check`` opens the check window at once; it
also opens on the very first start). Only one copy runs per user session: a second
launch asks the first to show its window and exits.

Start-up is kept short by importing only Qt and the app's own light modules before
the window is shown; zxcvbn, the keyring and the HTTP client load on workers when
the first check runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core.checks import Pipeline
    from desktop.core.policy.schema import EffectivePolicy
    from desktop.core.settings import UserSettings
    from desktop.ui.shell.controller import AppController, Collaborators
    from desktop.ui.shell.notify import Notifier
    from desktop.ui.shell.reminders import ReminderController
    from desktop.ui.shell.single_instance import SingleInstance
    from desktop.ui.shell.tray import TrayShell

FIRST_RUN_MARKER = "first-start-done"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="hygiene-helper",
        description=(f"{APP_NAME}: choose a good password, report a leaked one, lock your screen."),
    )
    parser.add_argument(
        "--check", action="store_true", help="open the 'Check a new password' window straight away"
    )
    parser.add_argument("--settings", action="store_true", help="open the settings")
    parser.add_argument(
        "--menu",
        action="store_true",
        help="open the tray menu where the keyboard can reach it (for a desktop shortcut)",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        type=Path,
        help="use this policy file instead of the managed one",
    )
    parser.add_argument(
        "--no-network", action="store_true", help="do not use the network for the breach check"
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_args(list(argv))


@dataclass
class Running:
    """Everything a started app is made of (kept together so nothing is collected)."""

    app: QApplication
    controller: AppController
    shell: TrayShell
    instance: SingleInstance


class _Late:
    """Parts built after the controller (the tray, reminders, the wizard), reached from
    the callables the controller was given."""

    def __init__(self) -> None:
        self.controller: AppController | None = None
        self.reminders: ReminderController | None = None
        self.notifier: Notifier | None = None
        self.wizard: QWidget | None = None


def make_collaborators(
    args: argparse.Namespace, settings: UserSettings, late: _Late | None = None
) -> Collaborators:
    """The real parts: policy from the managed sources and the person's settings, the
    pipeline from the core services, personal words in the OS keyring, the leak report
    wizard, and locking and pausing through the reminders (built once the tray is up).
    """
    from desktop.core.managed import load_effective_policy
    from desktop.core.words import PersonalWordsStore, SystemKeyring
    from desktop.ui.shell.controller import Collaborators

    late = late if late is not None else _Late()

    def resolve_policy() -> EffectivePolicy:
        return load_effective_policy(args.policy, settings).effective

    def make_pipeline(effective: EffectivePolicy) -> Pipeline:
        from desktop.core.services import make_pipeline as build

        return build(effective.policy, no_network=args.no_network)

    def record_password(password: str) -> None:
        # Runs on a worker (the keyring may ask to be unlocked); only tags are stored.
        from desktop.core.history import keyring_history

        keyring_history(resolve_policy().policy.history_depth).add_password(password)

    def open_report_wizard() -> None:
        from desktop.core.history import keyring_history
        from desktop.ui.report.wizard import create_report_wizard

        if late.wizard is not None and late.wizard.isVisible():
            late.wizard.raise_()
            late.wizard.activateWindow()
            return
        policy = resolve_policy().policy
        history = keyring_history(policy.history_depth)
        controller = late.controller
        notifier = late.notifier

        def notify_later(seconds: int, message: str) -> None:
            if notifier is not None:
                notifier.later(seconds, APP_NAME, message)

        wizard = create_report_wizard(
            policy,
            open_check_window=(lambda: controller.open_check_window())
            if controller
            else (lambda: None),
            notify_later=notify_later,
            burn_password=history.add_password,
            compare_accounts=history.accounts_sharing,
            passwords=SystemKeyring(),
        )
        late.wizard = wizard
        wizard.show()

    def lock_now() -> None:
        if late.reminders is not None:
            late.reminders.lock_now()

    def pause_reminders(seconds: int | None) -> None:
        if late.reminders is not None:
            late.reminders.pause_reminders(seconds)

    notices = [settings.problem] if settings.problem else []
    return Collaborators(
        make_pipeline=make_pipeline,
        resolve_policy=resolve_policy,
        settings=settings,
        words_store=PersonalWordsStore(SystemKeyring()),
        record_password=record_password,
        open_report_wizard=open_report_wizard,
        lock_now=lock_now,
        pause_reminders=pause_reminders,
        notices=notices,
    )


def _start_reminders(
    late: _Late, controller: AppController, shell: TrayShell, parent: QObject
) -> None:
    """Lock reminders on this computer's own idle, lock-state and lock adapters."""
    from desktop.ui.shell.notify import Notifier
    from desktop.ui.shell.reminders import build_reminders

    late.notifier = Notifier(shell.tray, parent)
    reminders, adapters = build_reminders(controller.effective.policy, late.notifier, parent)
    late.reminders = reminders
    controller.unavailable = list(adapters.missing)
    reminders.status_changed.connect(controller.set_status_text)
    controller.policy_changed.connect(lambda: reminders.update_policy(controller.effective.policy))
    controller.quit_requested.connect(reminders.stop)
    controller.quit_requested.connect(adapters.close)
    reminders.start()
    controller.set_status_text(reminders.status_text())


def start(
    argv: Sequence[str],
    collaborators: Collaborators | None = None,
    instance_name: str | None = None,
) -> Running | int:
    """Build and show the app; an exit code when another copy took over or on error."""
    args = parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from desktop.core.settings import UserSettings, user_config_dir
    from desktop.ui.kit.focus import install_focus_ring
    from desktop.ui.kit.resources import app_icon
    from desktop.ui.shell.controller import AppController
    from desktop.ui.shell.single_instance import SingleInstance
    from desktop.ui.shell.tray import TrayShell

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else APP_ID])
    )
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # it lives in the tray
    install_focus_ring(app)

    instance = SingleInstance(instance_name)
    wanted = (
        "settings" if args.settings else "check" if args.check else "menu" if args.menu else "show"
    )
    if instance.send_to_running(wanted):
        print(
            f"{APP_NAME} is already running; its window was brought to the front.", file=sys.stderr
        )
        return 0
    if not instance.listen():
        print(
            f"{APP_NAME}: could not tell other copies that it is running; starting anyway.",
            file=sys.stderr,
        )

    settings = UserSettings()
    late = _Late()
    parts = collaborators or make_collaborators(args, settings, late)
    controller = AppController(parts)
    late.controller = controller
    shell = TrayShell(controller)
    shell.start()
    if collaborators is None:
        _start_reminders(late, controller, shell, app)

    def on_message(word: str) -> None:
        shell.bring_to_front()
        if word == "menu":
            shell.show_menu()
        elif word != "show" or shell.fallback is None:
            controller.handle_message(word)

    instance.message_received.connect(on_message)
    marker = user_config_dir() / FIRST_RUN_MARKER
    first_start = not marker.exists()
    if args.settings:
        controller.open_settings()
    elif args.menu:
        shell.show_menu()
    elif args.check or first_start:
        controller.open_check_window()
    if first_start:
        _remember_first_start(controller, marker)
    return Running(app, controller, shell, instance)


def _remember_first_start(controller: AppController, marker: Path) -> None:
    def write() -> None:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()

    # Failing to write the marker only means the window opens again next time.
    controller.slow_runner.run(write, lambda _r: None, lambda _e: None)


def main(argv: Sequence[str] | None = None) -> int:
    started = start(sys.argv[1:] if argv is None else argv)
    if isinstance(started, int):
        return started
    code = started.app.exec()
    started.instance.close()
    started.controller.local_runner.wait(2000)
    started.controller.slow_runner.wait(2000)
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
