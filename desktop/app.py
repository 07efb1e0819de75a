"""Starts Hygiene Helper: the tray app, with the "Check a new password" window.

``python -m desktop.app`` starts it (``--check`` opens the check window at once; it
also opens on the very first start). Only one copy runs per user session: a second
launch asks the first to show its window and exits.

Everything is built in one place, ``desktop.wiring`` (the Qt-free services) and
``desktop.wiring.gui`` (tray, windows, reminders). Start-up is kept short by importing
only Qt and the app's own light modules before the window is shown; zxcvbn, the
keyring and the HTTP client load on workers when the first check runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import APP_ID, APP_NAME, __version__
from desktop.core.kit.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.core.kit.i18n import Language
    from desktop.ui.shell.controller import AppController
    from desktop.ui.shell.single_instance import SingleInstance
    from desktop.ui.shell.tray import TrayShell
    from desktop.wiring import Services
    from desktop.wiring.gui import BuiltApp

FIRST_RUN_MARKER = "first-start-done"


def _speak(app: QApplication, language: Language) -> None:
    """Lays the windows out for the language (right to left where it runs so) and gives
    Qt's own words (standard buttons, text boxes' menus) in it where Qt has them."""
    from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator

    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft
        if language.direction == "rtl"
        else Qt.LayoutDirection.LeftToRight
    )
    QLocale.setDefault(QLocale(language.locale_code))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language.locale_code.split('_')[0]}", folder):
        app.installTranslator(translator)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    from desktop.core.kit.cmdline import QuietArgumentParser

    parser = QuietArgumentParser(
        prog="hygiene-helper",
        description=(
            _(
                "{APP_NAME}: choose a good password, report a leaked one, lock your screen.",
                APP_NAME=APP_NAME,
            )
        ),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=_("open the 'Check a new password' window straight away"),
    )
    parser.add_argument("--settings", action="store_true", help=_("open the settings"))
    parser.add_argument(
        "--menu",
        action="store_true",
        help=_("open the tray menu where the keyboard can reach it (for a desktop shortcut)"),
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        type=Path,
        help=_("use this policy file instead of the managed one"),
    )
    parser.add_argument(
        "--no-network", action="store_true", help=_("do not use the network for the breach check")
    )
    from desktop.wiring.logfile import add_log_level_option

    add_log_level_option(parser)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    return parser.parse_args(list(argv))


@dataclass
class Running:
    """Everything a started app is made of (kept together so nothing is collected)."""

    app: QApplication
    controller: AppController
    shell: TrayShell
    instance: SingleInstance
    parts: BuiltApp

    def stop(self) -> None:
        """Shut down in order: reminders and their adapters, the tray, the single-instance
        name, then wait for work still running on the workers."""
        self.parts.devices.stop()
        self.parts.reminders.stop()
        self.parts.adapters_close()
        self.parts.notifier.close()  # nothing shown after this, even a late worker answer
        if self.shell.tray is not None:
            self.shell.tray.hide()
        self.instance.close()
        self.controller.local_runner.wait(2000)
        self.controller.slow_runner.wait(2000)
        from desktop.wiring.logfile import stop_log

        stop_log()


def start(
    argv: Sequence[str],
    services: Services | None = None,
    instance_name: str | None = None,
) -> Running | int:
    """Build and show the app; an exit code when another copy took over or on error.

    ``services`` are the app's Qt-free parts (built from ``argv`` unless given; tests
    pass their own through the same root).
    """
    if services is None:  # the help text, before the root knows the person's settings
        from desktop.wiring import activate_environment_language

        activate_environment_language()
    args = parse_args(argv)
    from desktop.platform.memory import forget_source_lines

    forget_source_lines()  # before PySide6 loads: see the module for why
    from PySide6.QtWidgets import QApplication

    from desktop.core.kit.jsonfile import present
    from desktop.ui.kit.focus import install_focus_ring
    from desktop.ui.kit.plain import install_plain_text
    from desktop.ui.kit.resources import app_icon
    from desktop.ui.shell.single_instance import SingleInstance
    from desktop.ui.shell.single_instance import instance_name as default_instance_name
    from desktop.wiring import Options, Services
    from desktop.wiring.gui import build_app
    from desktop.wiring.logfile import start_log

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
    install_plain_text(app)  # no label anywhere renders markup from outside

    if services is None:
        services = Services(Options(policy_file=args.policy, no_network=args.no_network))
    _speak(app, services.activate_language())
    instance = SingleInstance(instance_name or default_instance_name(services.env))
    wanted = (
        "settings" if args.settings else "check" if args.check else "menu" if args.menu else "show"
    )
    if instance.send_to_running(wanted):
        print(
            _(
                "{APP_NAME} is already running; its window was brought to the front.",
                APP_NAME=APP_NAME,
            ),
            file=sys.stderr,
        )
        return 0
    if not instance.listen():
        print(
            _(
                "{APP_NAME}: could not tell other copies that it is running; starting anyway.",
                APP_NAME=APP_NAME,
            ),
            file=sys.stderr,
        )
    # Only the copy that runs writes the log, so two processes never rotate one file.
    start_log(services.paths.log, args.log_level, "app")
    import logging

    logging.getLogger(__name__).info("%s %s starting", APP_NAME, __version__)

    built = build_app(services, app)
    controller, shell = built.controller, built.shell

    def on_message(word: str) -> None:
        shell.bring_to_front()
        if word == "menu":
            shell.show_menu()
        elif word != "show" or shell.fallback is None:
            controller.handle_message(word)

    instance.message_received.connect(on_message)
    marker = services.paths.config / FIRST_RUN_MARKER
    # present(): a folder that cannot be entered is not a first start, and no traceback
    first_start = not present(marker)
    if args.settings:
        controller.open_settings()
    elif args.menu:
        shell.show_menu()
    elif args.check or first_start:
        controller.open_check_window()
    if first_start:
        _remember_first_start(controller, marker)
    return Running(app, controller, shell, instance, built)


def _remember_first_start(controller: AppController, marker: Path) -> None:
    def write() -> None:
        from desktop.core.kit.paths import private_dir

        private_dir(marker.parent)  # the app's folder is the person's alone (0700)
        marker.touch(mode=0o600)

    # Failing to write the marker only means the window opens again next time.
    controller.slow_runner.run(write, lambda _r: None, lambda _e: None)


def main(
    argv: Sequence[str] | None = None,
    services: Services | None = None,
    instance_name: str | None = None,
) -> int:
    """Run the app; Ctrl-C at any point, even while starting, ends quietly (130).

    ``services`` and ``instance_name`` are as for ``start`` (tests run the whole app
    through here with their own parts)."""
    from desktop.platform.process import no_core_dumps

    no_core_dumps()  # before any password can be typed
    try:
        try:
            return _run(argv, services, instance_name)
        except KeyboardInterrupt:  # the start is held (see _run); this is the rest
            print(f"{APP_NAME}: stopped.", file=sys.stderr)
            return 130
        finally:
            sys.stdout.flush()  # '--help | head -0' shows here, not at exit
    except BrokenPipeError:
        from desktop.platform.process import output_closed

        return output_closed()


def _run(argv: Sequence[str] | None, services: Services | None, instance_name: str | None) -> int:
    import signal

    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda *_: pressed.append(1))
    try:  # no traceback from a Ctrl-C while Qt and the app load
        started = start(sys.argv[1:] if argv is None else argv, services, instance_name)
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
    if isinstance(started, int):
        return started
    from desktop.ui.kit.quit_signals import QuitOnSignals

    # From here on Ctrl-C, SIGTERM and SIGHUP quit through the event loop, never
    # inside a slot; the exit code is then 128 + the signal's number.
    controller = started.controller

    def sending() -> bool:  # a report on its way through the relay finishes first
        return bool(getattr(controller.report_wizard, "sending", False))

    stopper = QuitOnSignals(started.app, busy=sending)
    try:
        code = started.app.exec()
    finally:
        stopper.close()
    started.stop()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
