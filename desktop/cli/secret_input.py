"""Reading a password safely: from standard input only, never from an argument.

On a terminal the input is not echoed. From a pipe, exactly one line ending is
removed and nothing else, so a password that ends in a space stays as it is.
"""

from __future__ import annotations

import getpass
import sys
from typing import BinaryIO, TextIO

from desktop.core.kit.i18n import N_, _

MAX_INPUT_BYTES = 1 << 20  # far more than any password; stops a runaway pipe


class InputError(ValueError):
    """The input could not be read as a password; the message says why and what to do."""


def strip_one_line_ending(text: str) -> str:
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text


def read_secret(prompt: str = N_("Password: "), stdin: TextIO | None = None) -> str:
    stream = stdin if stdin is not None else sys.stdin
    if stream is None:
        raise InputError(_("No input is available. Pipe the password in or run it in a terminal."))
    if stream.isatty():
        try:
            return getpass.getpass(prompt, stream=sys.stderr)
        except (EOFError, KeyboardInterrupt):
            raise InputError(_("No password was entered.")) from None
    raw_stream: BinaryIO = stream.buffer
    data = raw_stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(_("The input is far too long to be a password (over 1 MiB)."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            _(
                "The input is not valid UTF-8 text. "
                "Save or type the password as UTF-8 and try again."
            )
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return strip_one_line_ending(text)
