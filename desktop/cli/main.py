"""Entry point of the ``hygiene`` command. Exit codes: 0 accepted/ok, 1 rejected, 2 usage."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.cli.common import EXIT_USAGE, UsageError, warn
from desktop.cli.secret_input import InputError

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
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hygiene",
        description="Hygiene Helper: check passwords, keep a "
        "hashed history, report a leaked password, check this computer.",
    )
    parser.add_argument("--version", action="version", version=f"Hygiene Helper {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="hygiene: %(message)s")
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        code: int = args.run(args)
        return code
    except UsageError as exc:
        warn(str(exc))
        return EXIT_USAGE
    except InputError as exc:
        warn(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        warn("Stopped.")
        return 130


if __name__ == "__main__":
    sys.exit(main())
