"""What every command shares: exit codes, the policy option and printing problems."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
        help="use this policy file instead of the managed one",
    )


def services(args: argparse.Namespace) -> Services:
    """The app's parts for this command, from its options; policy problems go to stderr.

    An explicit ``--policy FILE`` that does not exist is a usage error: the person
    asked for that file. The person's own settings are read too: managed policy still
    wins over them.
    """
    path: Path | None = getattr(args, "policy", None)
    if path is not None and not path.exists():
        raise UsageError(f"{path}: no such policy file.")
    built = Services(Options(policy_file=path, no_network=getattr(args, "no_network", False)))
    for problem in built.policy.effective.problems:
        warn(problem)
    return built


def load_policy(args: argparse.Namespace) -> EffectivePolicy:
    """The effective policy, with where each key came from; a faulty file is reported on
    stderr and defaults are used."""
    return services(args).policy.effective


def warn(message: str) -> None:
    print(f"hygiene: {message}", file=sys.stderr)


__all__ = [
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "PolicyError",
    "UsageError",
    "add_policy_option",
    "load_policy",
    "services",
    "warn",
]
