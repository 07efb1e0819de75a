"""Look-alike characters, and the one normal form every word comparison uses.

Two tables live here:

* ``LOOKALIKES``: the symbols and digits people type in place of letters (``M@isie``,
  ``P4ssw0rd``, ``|iverpoo|``), each with the letters it stands for. The personal
  rule tries every letter a symbol may stand for; the history's near forms need one
  fixed reading per symbol, ``CANONICAL``, and read ``l`` as ``i`` as well, so that
  ``1``, ``l``, ``i``, ``!`` and ``|`` all meet.
* The skeleton (``skeleton``): how a personal word, an organisation word, a month name
  and the password are all read before they are compared, the same on both sides:

  1. Unicode NFKC (full-width letters, ligatures, circled and mathematical digits);
  2. letters from another script that look like a Latin letter (Cyrillic ``а``, Greek
     ``Ο``, small capitals ``ᴍ``) read as that letter, from the UTS #39 confusables data
     in ``data/confusables.txt``;
  3. case folded;
  4. NFKD, then every mark that sits on a letter (accents, dots, nuktas, viramas, tone
     marks: canonical combining class above 0) and every enclosing mark (the keycap
     of ``1️⃣``) and variation selector dropped; vowel signs (combining class 0, as in
     Devanagari, Tamil, Bengali and Thai) are kept as the letters they are;
  5. every decimal digit of any script read as 0-9 (``unicodedata.decimal``:
     Arabic-Indic ``١٤``, Devanagari ``१४``), ``🔟`` as ``10``;
  6. letters NFKD does not take apart read as a person would (``ø`` as ``o``).

  It works one character at a time (``skeleton_char``), so a matcher can map every
  character it reads back to where it was typed.
"""

from __future__ import annotations

import contextlib
import unicodedata
from functools import cache
from importlib import resources

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

# Letters NFKD does not take apart, read as a person reading them would.
_EXTRA_FOLDS = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
_SPECIAL = {"\U0001f51f": "10"}  # KEYCAP TEN has no decomposition


def canonical(text: str) -> str:
    """``text`` (already case folded) with every look-alike read one fixed way."""
    return text.translate(CANONICAL)


@cache
def confusables() -> dict[str, str]:
    """Other scripts' letters that look like a Latin letter or digit (see the data file)."""
    table: dict[str, str] = {}
    text = resources.files("desktop.core").joinpath("data/confusables.txt").read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            code, latin = line.split()
            table[chr(int(code, 16))] = latin
    return table


def _dropped(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Me" or category == "Cf":
        return True
    if category in ("Mn", "Mc"):
        # Variation selectors and marks placed on a letter go; vowel signs stay.
        return unicodedata.combining(ch) > 0 or 0xFE00 <= ord(ch) <= 0xFE0F
    return False


@cache
def skeleton_char(ch: str) -> str:
    """One character's skeleton (see the module notes); "" for a mark or a format code."""
    if ch.isascii():
        return ch.casefold() if ch.isalpha() else ch
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    try:
        text = unicodedata.normalize("NFKC", ch)
    except UnicodeError:  # a lone surrogate
        return ch
    table = confusables()
    out: list[str] = []
    for c in text:
        c = table.get(c, c).casefold()
        for part in unicodedata.normalize("NFKD", c):
            if _dropped(part):
                continue
            digit = unicodedata.decimal(part, None)
            if digit is not None:
                out.append(str(digit))
                continue
            part = table.get(part, part)
            out.append(_EXTRA_FOLDS.get(part, part))
    return "".join(out)


def skeleton(text: str) -> str:
    """``text`` as every comparison of words reads it (see the module notes)."""
    if text.isascii():
        return text.casefold()
    with contextlib.suppress(UnicodeError):  # a lone surrogate: read as it is
        text = unicodedata.normalize("NFKC", text)
    return "".join(skeleton_char(ch) for ch in text)


def is_letter(ch: str) -> bool:
    """A letter, or a vowel sign that belongs to one (Devanagari ``ि``, Tamil ``ா``)."""
    return ch.isalpha() or unicodedata.category(ch) in ("Mn", "Mc")
