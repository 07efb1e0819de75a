"""Report references people can read out over the phone without mix-ups.

A reference looks like ``PW-250603-K7QX``: the date the report was started and four
characters from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 2/Z). It is
made once, when the report is started, and kept in the draft, so a report that is
resumed after a crash keeps the same reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
_PATTERN = re.compile(rf"^PW-\d{{6}}-[{ALPHABET}]{{4}}$")


def make_reference(now: datetime, choose: Callable[[str], str] | None = None) -> str:
    """A new reference for a report started at ``now``. ``choose`` picks one character
    (tests pass a seeded chooser to get a known value); by default ``secrets.choice``,
    loaded only when a report is started (it brings OpenSSL, about 3 MiB, with it)."""
    if choose is None:
        import secrets

        choose = secrets.choice
    tail = "".join(choose(ALPHABET) for _ in range(4))
    return f"PW-{now:%y%m%d}-{tail}"


def is_reference(text: str) -> bool:
    return bool(_PATTERN.match(text))
