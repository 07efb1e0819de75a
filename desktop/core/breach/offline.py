"""Offline lookup in a copy of Pwned Passwords kept on the machine or a share.

Two layouts, as the official downloader writes them:

* one file of ``HASH:COUNT`` lines sorted by hash (about 35 GB). It is searched by
  bisection with seeks: about 25 small reads per lookup, no index, no full read, and
  memory that does not grow with the file.
* a folder of per-prefix files (``ABCDE.txt``) holding ``SUFFIX:COUNT`` lines, exactly
  what the range service would answer for that prefix. One small file is read.

CRLF or LF, upper or lower case and a leading byte-order mark are all accepted. A file
that cannot be opened or read, or is damaged where the lookup reads it, gives UNKNOWN
with a reason: a damaged list must never be read as "not in the list". The file is
opened afresh for each lookup, so a share that comes back, or a file IT replaces,
is picked up without a restart, and lookups on several threads do not share a position.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from desktop.core.breach.hashing import (
    BOM,
    HASH_LEN,
    DamagedData,
    parse_hash_line,
    parse_range_lines,
    sha1_hex,
    split_hash,
)
from desktop.core.checks.ports import BreachOutcome, BreachVerdict

# Below this many bytes left to search, one read and a short scan beat more seeks.
WINDOW = 4096
# Longer than any real line (40 + ':' + count + CRLF); a longer one means damage.
MAX_LINE = 128
# A per-prefix file is about 40 KB; far more is not one.
MAX_PREFIX_FILE = 4 * 1024 * 1024


class Reader(Protocol):
    """The two file methods a lookup uses, so a counting wrapper can stand in."""

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def read(self, size: int = -1, /) -> bytes | None: ...


def _unknown(reason: str) -> BreachVerdict:
    return BreachVerdict(BreachOutcome.UNKNOWN, reason=reason, source="offline")


def _verdict(count: int | None) -> BreachVerdict:
    if count:
        return BreachVerdict(BreachOutcome.FOUND, count=count, source="offline")
    return BreachVerdict(BreachOutcome.NOT_FOUND, source="offline")


def _os_reason(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"the offline breach list {path} cannot be found"
    if isinstance(exc, PermissionError):
        return f"the offline breach list {path} cannot be opened (no permission)"
    return f"the offline breach list {path} cannot be read ({exc.strerror or 'read error'})"


def read_at(f: Reader, offset: int, size: int) -> bytes:
    """Up to ``size`` bytes from ``offset``; short only at the end of the file.

    A raw read may return less than asked (on some network shares), so it loops.
    """
    f.seek(offset)
    parts: list[bytes] = []
    left = size
    while left > 0:
        chunk = f.read(left)
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def data_start(f: Reader) -> int:
    """Offset of the first line: 3 when the file starts with a byte-order mark."""
    return len(BOM) if read_at(f, 0, len(BOM)) == BOM else 0


def _probe(f: Reader, mid: int) -> tuple[int, bytes, int] | None:
    """The first line starting at or after ``mid``: (start, line, offset after it).

    None when no line starts there before the end of the file. One read of two line
    lengths from ``mid - 1``, so a line starting exactly at ``mid`` is seen too; any
    line is shorter than MAX_LINE, so the whole of the wanted line is in the block.
    """
    block = read_at(f, mid - 1, 2 * MAX_LINE)
    at_end = len(block) < 2 * MAX_LINE
    nl = block.find(b"\n")
    if nl < 0 and at_end:
        return None
    if nl < 0 or nl >= MAX_LINE:
        raise DamagedData("a line is far too long")
    if nl + 1 == len(block):  # the file ends right after this line end
        return None
    end = block.find(b"\n", nl + 1)
    if end < 0:
        if not at_end:
            raise DamagedData("a line is far too long")
        return mid + nl, block[nl + 1 :], mid - 1 + len(block)  # last line, no line end
    return mid + nl, block[nl + 1 : end], mid + end


def search_sorted(f: Reader, size: int, target: bytes) -> int | None:
    """Count for ``target`` (40 upper-case hex bytes) in a sorted HASH:COUNT file, or None.

    Invariant: if the target's line exists, it starts at an offset in [lo, hi); lo is
    always the start of a line. ``below`` and ``above`` are the nearest keys seen on
    either side; every key in the final window must lie between them, which is how a
    file that is not sorted gets noticed instead of answering "not found".
    """
    lo, hi = data_start(f), size
    below, above = b"", b"G"  # "G" sorts after every hex digit
    while hi - lo > WINDOW:
        mid = (lo + hi) // 2
        probe = _probe(f, mid)
        if probe is None or probe[0] >= hi:  # no line starts in [mid, hi)
            hi = mid
            continue
        start, line, after = probe
        parsed = parse_hash_line(line)
        if parsed is None:
            raise DamagedData("there is an empty line")
        key, count = parsed
        if key == target:
            return count
        if key < target:
            lo, below = after, key
        else:
            hi, above = start, key
    return _scan_window(f, lo, hi, target, below, above)


def _scan_window(
    f: Reader, lo: int, hi: int, target: bytes, below: bytes, above: bytes
) -> int | None:
    """Read the lines that start in [lo, hi) and look for the target among them.

    Every line in the window is parsed and checked for order, not only those before
    the target, so damage or disorder here is reported rather than read as "not found".
    """
    wanted = hi - lo + MAX_LINE
    data = read_at(f, lo, wanted)
    pos, previous, found = 0, below, None
    while pos < len(data) and lo + pos < hi:
        end = data.find(b"\n", pos)
        if end < 0:
            if len(data) == wanted:
                raise DamagedData("a line is far too long")
            end = len(data)  # the last line of the file, without a line end
        parsed = parse_hash_line(data[pos:end])
        pos = end + 1
        if parsed is None:
            continue
        key, count = parsed
        if key < previous or key > above:
            raise DamagedData("it is not sorted by hash")
        previous = key
        if key == target:
            found = count
    return found


class SortedFileLookup:
    """Looks a password up in one sorted ``HASH:COUNT`` file by bisection."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def lookup(self, password: str) -> BreachVerdict:
        return self.lookup_hash(sha1_hex(password))

    def lookup_hash(self, full_hash: str) -> BreachVerdict:
        """The same for a 40-character hex SHA-1 (the benchmark samples hashes, not words)."""
        target = full_hash.upper().encode("ascii")
        try:
            with self.path.open("rb", buffering=0) as f:
                size = os.fstat(f.fileno()).st_size
                if size == 0:
                    return _unknown(f"the offline breach list {self.path} is empty")
                count = search_sorted(f, size, target)
        except OSError as exc:
            return _unknown(_os_reason(self.path, exc))
        except DamagedData as exc:
            return _unknown(f"the offline breach list {self.path} is damaged: {exc}")
        return _verdict(count)


class PrefixFolderLookup:
    """Looks a password up in a folder of per-prefix files (``ABCDE.txt``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def prefix_file(self, prefix: str) -> Path | None:
        """The file for ``prefix``; upper-case names first, as the downloader writes them."""
        for name in (f"{prefix}.txt", f"{prefix.lower()}.txt", f"{prefix}.TXT"):
            candidate = self.path / name
            if candidate.is_file():
                return candidate
        return None

    def lookup(self, password: str) -> BreachVerdict:
        prefix, suffix = split_hash(sha1_hex(password))
        if not self.path.is_dir():
            return _unknown(f"the offline breach folder {self.path} cannot be found")
        found = self.prefix_file(prefix)
        if found is None:
            # The full set has a file for every prefix, so a gap is a copy that is
            # incomplete, never a sign the password is safe.
            return _unknown(f"the offline breach folder {self.path} is incomplete")
        try:
            with found.open("rb") as f:
                data = f.read(MAX_PREFIX_FILE + 1)
        except OSError as exc:
            return _unknown(_os_reason(found, exc))
        if len(data) > MAX_PREFIX_FILE:
            return _unknown(f"the offline breach folder {self.path} is damaged")
        try:
            known = parse_prefix_file(data, prefix)
        except DamagedData as exc:
            return _unknown(f"the offline breach folder {self.path} is damaged: {exc}")
        return _verdict(known.get(suffix.encode("ascii")))


def parse_prefix_file(data: bytes, prefix: str) -> dict[bytes, int]:
    """Suffix counts from one prefix file; lines may also carry the full 40-character hash."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    lines = []
    for line in data.decode("ascii", errors="replace").splitlines():
        text = line.strip()
        if len(text.partition(":")[0]) == HASH_LEN:
            if text[: len(prefix)].upper() != prefix:
                raise DamagedData("a file holds hashes for another prefix")
            text = text[len(prefix) :]
        lines.append(text)
    return parse_range_lines(lines)


class OfflineLookup:
    """Picks the layout from what is at ``path`` each time: a folder or a sorted file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def lookup(self, password: str) -> BreachVerdict:
        if self.path.is_dir():
            return PrefixFolderLookup(self.path).lookup(password)
        if self.path.exists():
            return SortedFileLookup(self.path).lookup(password)
        return _unknown(f"the offline breach list {self.path} cannot be found")
