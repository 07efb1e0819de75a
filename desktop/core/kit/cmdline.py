"""Command-line error messages that never repeat what was typed.

Passwords are only ever read from standard input, but people still type one after the
command by mistake (``hygiene check hunter2``). argparse would print it back in its
error ("unrecognized arguments: hunter2"), onto the screen and into terminal logs.
``hide_typed`` rewrites argparse's messages so that no word the person typed appears:
extra words are counted, not shown, and a bad value is replaced by "(not shown)". The
valid choices argparse lists ("choose from 'check', 'policy'") are ours and stay.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from desktop.core.kit.i18n import N_, _

NOT_SHOWN = N_("(not shown)")
EXTRA_WORDS = N_(
    "there are words on the command line this command does not take (not shown here, in "
    "case one is a password). Passwords are read from standard input, never from the "
    "command line: pipe it in, or run the command and type it when asked."
)
_TYPED_VALUE = re.compile(r"(invalid (?:choice|[\w ]+ value)): '[^']*'")
_AMBIGUOUS = re.compile(r"ambiguous option: \S+")


def hide_typed(message: str) -> str:
    """An argparse error message without anything the person typed in it."""
    if message.startswith("unrecognized arguments"):
        return _(EXTRA_WORDS)
    message = _TYPED_VALUE.sub(lambda m: f"{m.group(1)}: {_(NOT_SHOWN)}", message)
    return _AMBIGUOUS.sub(f"ambiguous option: {_(NOT_SHOWN)}", message)


class QuietArgumentParser(argparse.ArgumentParser):
    """argparse's parser, with errors passed through ``hide_typed`` (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {hide_typed(message)}\n")
