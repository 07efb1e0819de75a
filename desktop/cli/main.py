"""Entry point of the ``hygiene`` command. Exit codes: 0 accepted/ok, 1 rejected, 2 usage.

Before anything else: core dumps off (``platform.process``). The rest of the app is
imported inside ``main`` so that Ctrl-C at any moment, even while modules load, ends
with "Stopped." and exit code 130, never a traceback.

A command-line error never repeats what was typed (``kit.cmdline.hide_typed``): a stray
word may be a password given by mistake; passwords are only read from standard input.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from collections.abc import Sequence
from typing import Any

from desktop.core.kit.i18n import _

EXIT_STOPPED = 130

# Each command module has register(subparsers) and sets args.run.
COMMANDS: tuple[str, ...] = (
    "desktop.cli.check",
    "desktop.cli.policy",
    "desktop.cli.history",
    "desktop.cli.breach_file",
    "desktop.cli.report",
    "desktop.cli.device",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        from desktop.cli.common import UsageError
        from desktop.core.kit.cmdline import hide_typed

        self.print_usage(sys.stderr)
        raise UsageError(hide_typed(message))


def build_parser() -> argparse.ArgumentParser:
    from desktop import __version__

    parser = _Parser(
        prog="hygiene",
        description=_(
            "Hygiene Helper: check passwords, keep a "
            "hashed history, report a leaked password, check this computer."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=_("Hygiene Helper {version}", version=__version__),
    )
    from desktop.wiring.logfile import add_log_level_option

    add_log_level_option(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a reader that went away (``| head``) ends it quietly (141)."""
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # a reader that has gone shows here, not at exit
    except BrokenPipeError:
        from desktop.platform.process import output_closed

        return output_closed()


def _main(argv: Sequence[str] | None) -> int:
    held = _HoldCtrlC()  # first: nothing is imported before it
    try:
        with held:
            prepared = _prepare(argv)
        if held.pressed:
            raise KeyboardInterrupt
        return prepared if isinstance(prepared, int) else _run(prepared)
    except KeyboardInterrupt:
        print(_("hygiene: Stopped."), file=sys.stderr)
        return EXIT_STOPPED


class _HoldCtrlC:
    """Ctrl-C while the command line loads is remembered, then a clean stop."""

    def __init__(self) -> None:
        self.pressed = False
        self._previous: Any = None

    def _remember(self, _signum: int, _frame: object) -> None:
        self.pressed = True

    def __enter__(self) -> None:
        try:
            self._previous = signal.signal(signal.SIGINT, self._remember)
        except ValueError:  # not the main thread (a test calling main)
            self._previous = None

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _prepare(argv: Sequence[str] | None) -> argparse.Namespace | int:
    """Everything before the command runs: hardening, imports, the arguments."""
    from desktop.platform.process import no_core_dumps

    no_core_dumps()
    import logging

    from desktop.cli.common import EXIT_USAGE, UsageError, warn

    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 terminal must not crash a message
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    before = list(logging.getLogger().handlers)
    logging.basicConfig(level=logging.WARNING, format="hygiene: %(message)s")
    for handler in logging.getLogger().handlers:
        if handler not in before:  # the terminal gets warnings, whatever the file's level
            handler.setLevel(logging.WARNING)
    try:
        from desktop.wiring import activate_environment_language

        activate_environment_language()  # the help text; the root refines it (Settings, IT)
        parser = build_parser()
        args = parser.parse_args(argv)
    except UsageError as exc:
        warn(str(exc))
        return EXIT_USAGE
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return args


def _run(args: argparse.Namespace) -> int:
    from desktop.cli.common import EXIT_USAGE, UsageError, warn
    from desktop.cli.secret_input import InputError
    from desktop.wiring.logfile import stop_log

    try:
        code: int = args.run(args)
        return code
    except UsageError as exc:
        warn(str(exc))
        return EXIT_USAGE
    except InputError as exc:
        warn(str(exc))
        return EXIT_USAGE
    finally:
        stop_log()


if __name__ == "__main__":
    sys.exit(main())
