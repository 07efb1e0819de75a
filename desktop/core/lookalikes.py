"""The one table of look-alike swaps, shared by the personal-words rule and the history.

People write ``M@isie``, ``P4ssw0rd`` or ``|iverpoo|``; each symbol or digit here
stands for the letters it is used in place of. The personal rule tries every letter
a symbol may stand for; the history's near forms need one fixed reading per symbol,
``CANONICAL``, and read ``l`` as ``i`` as well, so that ``1``, ``l``, ``i``, ``!`` and
``|`` all meet.
"""

from __future__ import annotations

LOOKALIKES: dict[str, str] = {
    "@": "a",
    "4": "a",
    "8": "b",
    "(": "c",
    "3": "e",
    "6": "g",
    "1": "il",
    "!": "i",
    "|": "li",
    "0": "o",
    "$": "s",
    "5": "s",
    "7": "t",
    "+": "t",
}

# One reading per character for the history forms: every symbol to its first letter,
# and the easily confused i/l pair to one letter.
_FOLD = {"l": "i"}
CANONICAL = str.maketrans({**{k: _FOLD.get(v[0], v[0]) for k, v in LOOKALIKES.items()}, **_FOLD})


def canonical(text: str) -> str:
    """``text`` (already case folded) with every look-alike read one fixed way."""
    return text.translate(CANONICAL)
