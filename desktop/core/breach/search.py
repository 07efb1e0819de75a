"""Finding one hash in a sorted ``HASH:COUNT`` file with a few small reads.

SHA-1 values are spread evenly, so a hash's place in the file is close to its value as a
fraction of the whole range: a hash starting ``4000...`` sits about a quarter of the
way in. Interpolation search reads there, and then where the key it found says the
hash must be. At 100 million lines the first guess is off by about 5,000 lines, so it
reads just one line there; the second is off by about 70, so it reads 16 KiB around it,
which holds the answer nearly every time: two reads, rarely three. Where the keys are
not spread evenly (a file that is not a real list, or damaged), the guesses stop closing
in; after a few of those the search falls back to bisection, which needs about
log2(lines) reads but never more.

Every line a read takes in is parsed and checked against its neighbours and against the
keys seen before, so a file that is damaged or out of order where the search reads it
raises DamagedData instead of answering "not found".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import gt
from typing import Protocol

from desktop.core.breach.hashing import BOM, DamagedData, parse_hash_line
from desktop.core.kit.i18n import _

# Below this many bytes left to search, one read of all of it beats another probe.
WINDOW = 4096
# Longer than any real line (40 + ':' + count + CRLF); a longer one means damage.
MAX_LINE = 128
# Bytes read around an interpolated guess: about 370 lines, several times the usual
# error of the second guess at 100 million (or a billion) lines.
BLOCK = 16 * 1024
# Interpolated guesses before bisection takes over; uniform data needs two or three.
MAX_GUESSES = 4
_LINE_GUESS = 45  # bytes in an average line, for the spread of a guess
_KEY_DIGITS = 16  # the first 16 hex digits (64 bits) are plenty to interpolate on
_KEY_RANGE = float(16**_KEY_DIGITS)


class ReadAt(Protocol):
    """``read(offset, size)``: up to ``size`` bytes from ``offset``; short only at the end."""

    def __call__(self, offset: int, size: int, /) -> bytes: ...


def key_fraction(key: bytes) -> float:
    """Where a hex key falls in the whole range, from 0.0 (000...) to just under 1.0."""
    return int(key[:_KEY_DIGITS].ljust(_KEY_DIGITS, b"0"), 16) / _KEY_RANGE


@dataclass
class _Bracket:
    """If the target's line exists it starts in [lo, hi); lo is always a line start.

    ``below`` and ``above`` are the nearest keys seen on either side; every key read
    later must lie between them.
    """

    lo: int
    hi: int
    below: bytes = b""
    above: bytes = b"G"  # sorts after every hex digit


# A block of complete, well-formed lines, checked in one pass; the line-by-line parse
# runs only when this fails, to say what is wrong (or to pass over blank lines).
_WELL_FORMED = re.compile(rb"(?:[0-9A-F]{40}:[0-9]{1,12}\r?\n)*")


def _complete_lines(
    data: bytes, at: int, from_line_start: bool, size: int, hi: int
) -> tuple[list[bytes], list[int], bool]:
    """The complete lines in ``data`` (read from ``at``) that start before ``hi``.

    Returns the lines (without their line ends) and where each starts, with one more
    offset at the end: where the line after the last one starts; and whether every line
    read is well formed (checked in one pass; the lines are in upper case). When the read did not
    begin at a line start, the piece before the first line end belongs to a line begun
    earlier and is skipped. A last line without a line end is kept only when the read
    reached the end of the file.
    """
    pos = 0
    if not from_line_start:
        nl = data.find(b"\n", 0, MAX_LINE)
        if nl < 0:
            if len(data) >= MAX_LINE:
                raise DamagedData(_("a line is far too long"))
            return [], [at], True
        pos = nl + 1
    end = data.rfind(b"\n") + 1
    if at + len(data) >= size and end < len(data):
        region = data[pos:] + b"\n"  # the file's last line, without a line end
    elif end > pos:
        if len(data) - end >= MAX_LINE:
            raise DamagedData(_("a line is far too long"))
        region = data[pos:end]
    else:
        if len(data) - pos >= MAX_LINE:
            raise DamagedData(_("a line is far too long"))
        return [], [at + pos], True
    region = region.upper()
    well_formed = _WELL_FORMED.fullmatch(region) is not None
    lines = region.split(b"\n")
    lines.pop()  # the empty piece after the last line end
    starts = list(accumulate(map(len, lines), lambda o, n: o + n + 1, initial=at + pos))
    if starts[-2] >= hi:  # lines starting at or after hi belong to no one here
        keep = bisect_left(starts, hi, 0, len(lines))
        del lines[keep:]
        del starts[keep + 1 :]
    return lines, starts, well_formed


def _keys(lines: list[bytes], well_formed: bool) -> tuple[list[bytes], list[int]]:
    """Keys of the non-blank lines and where they are in ``lines``; DamagedData if bad."""
    if well_formed:
        return [ln[:40] for ln in lines], list(range(len(lines)))
    keys, index = [], []
    for i, line in enumerate(lines):
        parsed = parse_hash_line(line)
        if parsed is not None:
            keys.append(parsed[0])
            index.append(i)
    return keys, index


def _probe(
    read: ReadAt, size: int, b: _Bracket, first: int, length: int, target: bytes
) -> tuple[bool, int | None]:
    """Read ``length`` bytes meant to hold lines starting at or after ``first``.

    Returns (True, count) when the target is found, (True, None) when the block shows it
    is not in the file, and (False, None) when the bracket was narrowed.
    """
    from_line_start = first <= b.lo
    at = b.lo if from_line_start else first - 1  # one byte early: a line may start at first
    lines, starts, well_formed = _complete_lines(read(at, length), at, from_line_start, size, b.hi)
    keys, index = _keys(lines, well_formed)
    if not keys:
        if from_line_start:  # nothing readable where a line must start
            raise DamagedData(_("there is an empty line"))
        b.hi = first  # no line starts in [first, hi): the target is before first
        return False, None
    if keys[0] < b.below or keys[-1] > b.above or any(map(gt, keys, islice(keys, 1, None))):
        raise DamagedData(_("it is not sorted by hash"))
    i = bisect_left(keys, target)
    if i < len(keys) and keys[i] == target:
        parsed = parse_hash_line(lines[index[i]])
        return True, parsed[1] if parsed is not None else None
    if i == 0:
        if from_line_start:
            return True, None  # the first line in the bracket is already past the target
        b.hi, b.above = starts[index[0]], keys[0]
    elif i == len(keys):
        b.lo, b.below = starts[index[-1] + 1], keys[-1]
    else:
        return True, None  # between two neighbouring lines: not in the file
    return False, None


def data_start(read: ReadAt) -> int:
    """Offset of the first line: 3 when the file starts with a byte-order mark."""
    return len(BOM) if read(0, len(BOM)) == BOM else 0


def search_sorted(
    read: ReadAt,
    size: int,
    target: bytes,
    *,
    interpolate: bool = True,
    start: int | None = None,
) -> int | None:
    """Count for ``target`` (40 upper-case hex bytes) in a sorted HASH:COUNT file, or None.

    ``start`` is where the first line begins (after any byte-order mark); it is read
    from the file when not given. With ``interpolate`` False it is plain bisection.
    """
    b = _Bracket(data_start(read) if start is None else start, size)
    wanted = key_fraction(target)
    guesses = MAX_GUESSES if interpolate else 0
    while b.hi > b.lo:
        span = b.hi - b.lo
        if span <= WINDOW:  # read all that is left, and the end of its last line
            first, length = b.lo, span + MAX_LINE
        elif guesses > 0:
            guesses -= 1
            low = key_fraction(b.below) if b.below else 0.0
            high = key_fraction(b.above) if b.above != b"G" else 1.0
            share = (wanted - low) / (high - low) if high > low else 0.5
            share = min(max(share, 0.0), 1.0)
            guess = b.lo + int(share * span)
            # With L evenly spread lines in the bracket, the line count up to the target
            # varies by sqrt(L * share * (1 - share)). While that is far wider than a
            # block, one line is all a read can bring: read just enough for it.
            spread = math.sqrt(span / _LINE_GUESS * share * (1 - share)) * _LINE_GUESS
            half = BLOCK // 2 if 2.5 * spread <= BLOCK // 2 else MAX_LINE
            first = min(max(b.lo, guess - half), b.hi - 1)
            length = 2 * half
        else:
            first, length = (b.lo + b.hi) // 2, 2 * MAX_LINE
        done, count = _probe(read, size, b, first, length, target)
        if done:
            return count
    return None
