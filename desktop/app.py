"""Starts Hygiene Helper. Until the window exists, this runs the command-line checker."""

from __future__ import annotations

import sys


def main() -> int:
    from desktop.cli.main import main as cli_main

    return cli_main(sys.argv[1:] or ["check"])


if __name__ == "__main__":
    sys.exit(main())
