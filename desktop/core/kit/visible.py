"""What a person can see of a password: hidden characters, and length as they count it.

Hidden characters are those a person cannot see or type again. They are found from
Unicode's own properties, not from a list of examples:

* every format character (general category Cf, from ``unicodedata``), except a zero
  width joiner between two emoji (it builds one picture out of several, like a family);
* every default-ignorable code point (``DEFAULT_IGNORABLE`` below, written from the
  derivation in the Unicode Standard, DerivedCoreProperties.txt of Unicode 15.1.0:
  Other_Default_Ignorable_Code_Point + Cf + Variation_Selector, minus White_Space,
  the interlinear annotation characters U+FFF9..U+FFFB, the Egyptian hieroglyph
  format controls U+13430..U+1343F and the prepended concatenation marks). This takes
  in soft hyphens, word joiners, the Mongolian vowel separator, Hangul fillers and
  variation selectors;
* tag characters (U+E0000..U+E007F), except inside an emoji tag sequence, which is how
  the flags of England, Scotland and Wales are written;
* variation selectors other than the text/emoji selectors U+FE0E and U+FE0F straight
  after a pictographic character (or after 0-9, # or * starting a keycap);
* a byte order mark anywhere (the command line drops one at the very start of piped
  input before the check sees it);
* control characters (Cc), line and paragraph separators (Zl, Zp) and lone surrogates
  (Cs), which cannot be typed or saved.

Python's ``unicodedata`` supplies the categories; the ``regex`` module supplies the
emoji properties and extended grapheme clusters (UAX #29), with its own, newer
Unicode tables. ASCII text (most passwords) needs neither: only its control characters
can be hidden, and each of its characters is one that a person sees, so ``regex`` loads
with the first text that is not ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the third-party ``regex`` (about 0.8 MiB) loads at the first check
    import regex

# Default_Ignorable_Code_Point, Unicode 15.1.0 (DerivedCoreProperties.txt).
DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
ZWJ = "\u200d"
BOM = "\ufeff"
EMOJI_SELECTORS = frozenset("\ufe0e\ufe0f")
TAG_RANGE = (0xE0000, 0xE007F)
# Format characters only exist in planes 0, 1 and 14; planes 2 and 3 hold ideographs
# and 15-16 private use, so the scan for Cf looks only where they can be.
_PLANES_WITH_FORMAT_CHARACTERS = (range(0, 0x20000), range(0xE0000, 0xE1000))
CODE_POINTS_PER_CHARACTER = 32
COUNT_EXACTLY_UP_TO = 1 << 16
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})

KEYCAP = "\u20e3"
KEYCAP_BASES = frozenset("0123456789#*")
# An emoji tag sequence: a black flag, tag letters, then CANCEL TAG (UTS #51).
_TAG_SEQUENCE = re.compile("\U0001f3f4([\U000e0020-\U000e007e]+)\U000e007f")


@cache
def _pattern(text: str) -> regex.Pattern[str]:
    """A ``regex`` pattern, compiled on first use and kept."""
    import regex

    return regex.compile(text)


def _pictographic(ch: str) -> bool:
    return _pattern(r"\p{Extended_Pictographic}").match(ch) is not None


def _modifier(ch: str) -> bool:
    return _pattern(r"\p{Emoji_Modifier}").match(ch) is not None


class Hidden(str, Enum):
    """Why a character was refused, so the message can name the kind (never the text)."""

    CONTROL = "control"
    BROKEN = "broken"
    DIRECTION = "direction"
    INVISIBLE = "invisible"


@cache
def _suspects() -> regex.Pattern[str]:
    """One character class of every code point that may be hidden (built once, lazily)."""
    points: set[int] = set()
    for lo, hi in DEFAULT_IGNORABLE:
        points.update(range(lo, hi + 1))
    points.update(range(TAG_RANGE[0], TAG_RANGE[1] + 1))
    for plane in _PLANES_WITH_FORMAT_CHARACTERS:
        points.update(c for c in plane if unicodedata.category(chr(c)) == "Cf")
    ranges: list[tuple[int, int]] = []
    for c in sorted(points):
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    body = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    # Cc, Cs, Zl and Zp are few and fixed: add them by range. The ``regex`` module's
    # own (newer) tables for Cf and Default_Ignorable_Code_Point are added too, so a
    # format character assigned after Python's Unicode version is not missed.
    return _pattern(
        f"[{body}\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\u2028\\u2029"
        "\\p{Cf}\\p{Default_Ignorable_Code_Point}]"
    )


def _previous_base(text: str, i: int) -> str:
    """The character before ``i``, skipping emoji selectors and skin-tone modifiers."""
    j = i - 1
    while j >= 0 and (text[j] in EMOJI_SELECTORS or _modifier(text[j])):
        j -= 1
    return text[j] if j >= 0 else ""


def _allowed(text: str, i: int, in_flag: frozenset[int]) -> bool:
    ch = text[i]
    if ch == ZWJ:
        before = _previous_base(text, i)
        after = text[i + 1] if i + 1 < len(text) else ""
        return bool(before and after and _pictographic(before) and _pictographic(after))
    if ch in EMOJI_SELECTORS:
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before in KEYCAP_BASES:  # "1" + selector shows as a plain 1 unless a keycap
            return after == KEYCAP
        return bool(before and _pictographic(before))
    return i in in_flag


def _kind(ch: str) -> Hidden:
    category = unicodedata.category(ch)
    if category == "Cs":
        return Hidden.BROKEN
    if category in _REFUSED_CATEGORIES:
        return Hidden.CONTROL
    if unicodedata.bidirectional(ch) in {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI"}:
        return Hidden.DIRECTION
    if ch in "\u200e\u200f\u061c\u2069":
        return Hidden.DIRECTION
    return Hidden.INVISIBLE


@dataclass(frozen=True)
class Scan:
    """The refused characters of a text: their positions and the first one's kind."""

    positions: tuple[int, ...]
    first: Hidden | None

    @property
    def clean(self) -> bool:
        return not self.positions


def scan(text: str) -> Scan:
    """Find every hidden character. Linear, with the search itself in C."""
    if text.isascii():
        return _scan_ascii(text)
    return _scan_unicode(text)


# The only characters of ASCII a person cannot see: its control characters (Cc).
_ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def _scan_ascii(text: str) -> Scan:
    """``scan`` for ASCII text, where only control characters can be hidden.

    Most passwords are ASCII: they are checked without loading ``regex`` or building the
    table of format characters, which come with the first text that is not."""
    refused = tuple(m.start() for m in _ASCII_CONTROLS.finditer(text))
    return Scan(refused, Hidden.CONTROL if refused else None)


def _scan_unicode(text: str) -> Scan:
    found = [m.start() for m in _suspects().finditer(text)]
    if not found:
        return Scan((), None)
    in_flag: frozenset[int] = frozenset()
    if any(TAG_RANGE[0] <= ord(text[i]) <= TAG_RANGE[1] for i in found):
        in_flag = frozenset(
            i for m in _TAG_SEQUENCE.finditer(text) for i in range(m.start(1), m.end())
        )
    refused = tuple(i for i in found if not _allowed(text, i, in_flag))
    return Scan(refused, _kind(text[refused[0]]) if refused else None)


def visible(text: str) -> str:
    """``text`` without its hidden characters: what the other rules should judge."""
    refused = scan(text).positions
    if not refused:
        return text
    parts, start = [], 0
    for i in refused:
        parts.append(text[start:i])
        start = i + 1
    parts.append(text[start:])
    return "".join(parts)


def bounded(text: str, limit: int) -> str:
    """The part of ``text`` any rule needs to look at, given the longest allowed length.

    UAX #15's stream-safe text has at most 30 combining marks after a base character,
    and emoji sequences are shorter than that, so ``CODE_POINTS_PER_CHARACTER`` code
    points per allowed character is a generous ceiling; what lies beyond cannot be part
    of an acceptable password, which the ``length`` rule refuses as too long.
    """
    return text[: CODE_POINTS_PER_CHARACTER * (limit + 1) + 1]


def seen_length(text: str) -> int:
    """How many characters a person sees in ``text``: extended grapheme clusters.

    Hidden characters are left out. Past ``COUNT_EXACTLY_UP_TO`` code points the code
    point count stands in (never fewer than the clusters), so a runaway input costs no
    more to refuse than a long password.
    """
    if len(text) > COUNT_EXACTLY_UP_TO:
        return len(text)
    shown = visible(text)
    if shown.isascii():  # no control characters are left, so no CR LF: one each
        return len(shown)
    return len(_pattern(r"\X").findall(shown))
