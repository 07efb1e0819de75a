"""What every command shares: exit codes, the policy option and printing problems."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import present
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import PolicyError
from desktop.wiring import Options, Services

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A problem with how the command was called or configured (exit code 2)."""


def add_policy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--policy",
        metavar="FILE",
        type=Path,
        help=_("use this policy file instead of the managed one"),
    )


def services(args: argparse.Namespace) -> Services:
    """The app's parts for this command, from its options; policy problems go to stderr.

    An explicit ``--policy FILE`` that does not exist is a usage error: the person
    asked for that file. The person's own settings are read too: managed policy still
    wins over them.
    """
    path: Path | None = getattr(args, "policy", None)
    if path is not None and not present(path):  # a link to nothing is reported, not 'none'
        raise UsageError(_("{path}: no such policy file.", path=path))
    built = root(args, Options(policy_file=path, no_network=getattr(args, "no_network", False)))
    for problem in built.policy.effective.problems:
        warn(problem)
    return built


def root(args: argparse.Namespace, options: Options) -> Services:
    """The composition root for this command, with its log file started at the level
    asked for (``--log-level``)."""
    from desktop.wiring.logfile import DEFAULT_LEVEL, start_log

    built = Services(options)
    built.activate_language()
    start_log(built.paths.log, getattr(args, "log_level", DEFAULT_LEVEL), "cli")
    return built


def load_policy(args: argparse.Namespace) -> EffectivePolicy:
    """The effective policy, with where each key came from; a faulty file is reported on
    stderr and defaults are used."""
    return services(args).policy.effective


def argv_text(text: str) -> str:
    """A command-line word as the person typed it, whatever the locale.

    Under a locale that is not UTF-8, Python decodes the command line in the locale's
    encoding, so "Zoë" typed on a UTF-8 terminal arrives as something else and would
    never match the password (always read as UTF-8). The original bytes are decoded
    as UTF-8 when they are UTF-8; otherwise the word is kept as Python read it.
    """
    try:
        return os.fsencode(text).decode("utf-8")
    except (UnicodeError, ValueError):
        return text


class HeldCtrlC:
    """Ctrl-C inside the ``with`` block is noted, not acted on: for a change that must
    not be reported as "Stopped." once it may have been made (a history addition).

    ``settle()`` once the outcome is printed: Ctrl-C is then ignored until the process
    ends, since nothing is left to stop. Outside the main thread it does nothing.
    """

    def __init__(self) -> None:
        self.pressed = False
        self._previous: Any = None
        self._settled = False

    def _note(self, _signum: int, _frame: object) -> None:
        self.pressed = True

    def __enter__(self) -> HeldCtrlC:
        try:
            self._previous = signal.signal(signal.SIGINT, self._note)
        except ValueError:  # not the main thread (a test calling a command)
            self._previous = None
        return self

    def settle(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            self._settled = True

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None and not self._settled:
            signal.signal(signal.SIGINT, self._previous)
            if self.pressed and exc[0] is None:
                raise KeyboardInterrupt  # the change failed or was refused: stop now


def warn(message: str) -> None:
    print(f"hygiene: {message}", file=sys.stderr)


__all__ = [
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "HeldCtrlC",
    "PolicyError",
    "UsageError",
    "add_policy_option",
    "load_policy",
    "root",
    "services",
    "warn",
]
