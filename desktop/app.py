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
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_ID, APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core.checks import Pipeline
    from desktop.core.device import DeviceReport, DeviceRunner, DriveLog, System
    from desktop.core.policy.schema import EffectivePolicy
    from desktop.core.settings import UserSettings
    from desktop.platform.device import DeviceSources
    from desktop.ui.device.monitor import DeviceMonitor
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
        self.device_runner: DeviceRunner | None = None
        self.device_sources: DeviceSources | None = None
        self.drives: DriveLog | None = None
        self.device_monitor: DeviceMonitor | None = None


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

    def run_device_checks() -> DeviceReport:
        # Runs on a worker, like building the sources the first time.
        return device_runner(late).run(resolve_policy().policy)

    from desktop.platform.device import system_of
    from desktop.platform.device.settings_pages import settings_pages

    pages = settings_pages(system_of())

    def open_device_page(check_id: str) -> None:
        from desktop.ui.device.pages import open_settings_page

        if check_id in pages:
            open_settings_page(pages[check_id])

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
        run_device_checks=run_device_checks,
        device_pages=pages,
        open_device_page=open_device_page,
        posture_path=_posture_path(system_of()),
    )


def _posture_path(system: System) -> Path:
    """Where IT's posture document is kept for this person."""
    import os

    from desktop.core.posture.store import posture_path

    return posture_path(system, os.environ, Path.home())


def _start_posture(monitor: DeviceMonitor, controller: AppController, system: System) -> None:
    """Write IT's posture document, and its mirrors, after every device check."""
    from desktop.core.reminders.tally import JsonTallyStore, WeeklyTally
    from desktop.platform.posture import check_history_store, posture_recorder
    from desktop.ui.device.posture_link import PostureLink

    def left_unlocked() -> int:
        return WeeklyTally(JsonTallyStore()).week(datetime.now()).left_unlocked

    link = PostureLink(
        posture_recorder(system),
        lambda: controller.effective.policy,
        controller.slow_runner,
        system,
        __version__,
        history_read=check_history_store,
        left_unlocked=left_unlocked,
        parent=monitor,
    )
    monitor.report_ready.connect(link.take_report)
    controller.policy_changed.connect(link.republish)


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


_DEVICE_BUILD = threading.Lock()


def device_runner(late: _Late) -> DeviceRunner:
    """The device runner for this computer, built on first use (on a worker: building
    the sources may connect to system services)."""
    from desktop.core.device import DriveLog
    from desktop.core.settings import user_config_dir
    from desktop.platform.device import build_runner

    with _DEVICE_BUILD:
        if late.device_runner is None:
            late.drives = DriveLog()
            late.device_runner, late.device_sources = build_runner(
                cache_dir=user_config_dir(), drives=late.drives
            )
        return late.device_runner


def _start_device_checks(late: _Late, controller: AppController, parent: QObject) -> None:
    """Check this computer now and then, show the badge after the grace period, and give
    one notice per drive plugged in. The sources are built on a worker first."""
    from desktop.core.device import GraceState
    from desktop.core.device.grace import STATE_FILE
    from desktop.core.settings import user_config_dir
    from desktop.ui.device.monitor import DeviceMonitor
    from desktop.ui.kit.timers import qt_timer_factory

    run = controller.parts.run_device_checks
    if run is None:
        return
    notifier = late.notifier

    def open_window() -> None:
        controller.open_device_window()

    def notify(title: str, text: str) -> None:
        if notifier is not None:
            notifier(title, text, [("Check this computer", open_window)])

    def quiet() -> tuple[bool, bool]:
        if late.reminders is None:
            return (False, False)
        shown = late.reminders.presentation_state()
        return (shown.fullscreen, shown.dnd)

    def built(_runner: DeviceRunner) -> None:
        found = late.device_sources
        if found is None or late.device_monitor is not None:
            return
        monitor = DeviceMonitor(
            run,
            lambda: controller.effective.policy,
            GraceState(user_config_dir() / STATE_FILE),
            controller.slow_runner,
            qt_timer_factory(parent),
            notify,
            found.system,
            quiet=quiet,
            drives=late.drives,
            watch=found.drive_watch,
            parent=parent,
        )
        late.device_monitor = monitor
        monitor.badge_changed.connect(controller.set_device_badge)
        _start_posture(monitor, controller, found.system)
        controller.device_report_shown.connect(monitor.take_report)
        controller.quit_requested.connect(monitor.stop)
        monitor.start()

    controller.slow_runner.run(lambda: device_runner(late), built, lambda _e: None)


def start(
    argv: Sequence[str],
    collaborators: Collaborators | None = None,
    instance_name: str | None = None,
) -> Running | int:
    """Build and show the app; an exit code when another copy took over or on error."""
    args = parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from desktop.core.settings import UserSettings, user_config_dir
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

    instance = SingleInstance(instance_name)
    wanted = "settings" if args.settings else "check" if args.check else "show"
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
        _start_device_checks(late, controller, app)

    def on_message(word: str) -> None:
        shell.bring_to_front()
        if word != "show" or shell.fallback is None:
            controller.handle_message(word)

    instance.message_received.connect(on_message)
    marker = user_config_dir() / FIRST_RUN_MARKER
    first_start = not marker.exists()
    if args.settings:
        controller.open_settings()
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
