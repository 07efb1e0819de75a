"""Finding one hash in a sorted ``HASH:COUNT`` file with a few small reads.

SHA-1 values are spread evenly, so a hash's place in the file is close to its value as a
fraction of the whole range: a hash starting ``4000...`` sits about a quarter of the
way in. Interpolation search reads a block there, and then a block where the keys it
found say the hash must be; at 100 million lines the first guess is off by about 5,000
lines and the second by about 70, so a 16 KiB block usually holds the answer by the
second or third read. Where the keys are not spread evenly (a file that is not a real
list, or damaged), the guesses stop closing in; after a few of those the search falls
back to bisection, which needs about log2(lines) reads but never more.

Every line a read takes in is parsed and checked against its neighbours and against the
keys seen before, so a file that is damaged or out of order where the search reads it
raises DamagedData instead of answering "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from desktop.core.breach.hashing import BOM, DamagedData, parse_hash_line

# Below this many bytes left to search, one read of all of it beats another probe.
WINDOW = 4096
# Longer than any real line (40 + ':' + count + CRLF); a longer one means damage.
MAX_LINE = 128
# Bytes read around an interpolated guess: about 370 lines, several times the usual
# error of the second guess at 100 million (or a billion) lines.
BLOCK = 16 * 1024
# Interpolated guesses before bisection takes over; uniform data needs two or three.
MAX_GUESSES = 4
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


def _block_lines(
    data: bytes, at: int, from_line_start: bool, size: int
) -> list[tuple[int, bytes, int]]:
    """Complete lines in ``data`` (read from offset ``at``): (start, line, next start).

    When the read did not begin at a line start, the piece before the first line end
    belongs to a line begun earlier and is skipped. A last line without a line end is
    kept only when the read reached the end of the file.
    """
    out: list[tuple[int, bytes, int]] = []
    pos = 0
    if not from_line_start:
        nl = data.find(b"\n", 0, MAX_LINE)
        if nl < 0:
            if len(data) >= MAX_LINE:
                raise DamagedData("a line is far too long")
            return out
        pos = nl + 1
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end < 0:
            if at + len(data) >= size:  # the last line of the file, without a line end
                out.append((at + pos, data[pos:], at + len(data)))
            elif len(data) - pos >= MAX_LINE:
                raise DamagedData("a line is far too long")
            break
        if end - pos >= MAX_LINE:
            raise DamagedData("a line is far too long")
        out.append((at + pos, data[pos:end], at + end + 1))
        pos = end + 1
    return out


def _probe(
    read: ReadAt, size: int, b: _Bracket, first: int, length: int, target: bytes
) -> tuple[bool, int | None]:
    """Read ``length`` bytes meant to hold lines starting at or after ``first``.

    Returns (True, count) when the target is found, (True, None) when the block shows it
    is not in the file, and (False, None) when the bracket was narrowed.
    """
    from_line_start = first <= b.lo
    at = b.lo if from_line_start else first - 1  # one byte early: a line may start at first
    data = read(at, length)
    keyed: list[tuple[int, bytes, int, int]] = []  # (start, key, count, next start)
    previous = b.below
    for start, line, after in _block_lines(data, at, from_line_start, size):
        if start >= b.hi:
            break
        parsed = parse_hash_line(line)
        if parsed is None:
            continue  # a blank line, as at the very end of some copies
        key, count = parsed
        if key < previous or key > b.above:
            raise DamagedData("it is not sorted by hash")
        if key == target:
            return True, count
        previous = key
        keyed.append((start, key, count, after))
    if not keyed:
        if from_line_start:  # nothing readable where a line must start
            raise DamagedData("there is an empty line")
        b.hi = first  # no line starts in [first, hi): the target is before first
        return False, None
    if target < keyed[0][1]:
        if from_line_start:
            return True, None  # the first line in the bracket is already past the target
        b.hi, b.above = keyed[0][0], keyed[0][1]
    elif target > keyed[-1][1]:
        b.lo, b.below = keyed[-1][3], keyed[-1][1]
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
            guess = b.lo + int(min(max(share, 0.0), 1.0) * span)
            first = min(max(b.lo, guess - BLOCK // 2), b.hi - 1)
            length = BLOCK
        else:
            first, length = (b.lo + b.hi) // 2, 2 * MAX_LINE
        done, count = _probe(read, size, b, first, length, target)
        if done:
            return count
    return None
