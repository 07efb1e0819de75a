"""Offline lookup in a copy of Pwned Passwords kept on the machine or a share.

Two layouts, as the official downloader writes them:

* one file of ``HASH:COUNT`` lines sorted by hash (about 35 GB). SHA-1 hashes are spread
  evenly, so where a hash should be is known from its value: an interpolation search
  (``search.py``) finds it in two or three small reads, and falls back to bisection
  where the file is not even. No index, no full read, and memory that does not grow.
* a folder of per-prefix files (``ABCDE.txt``) holding ``SUFFIX:COUNT`` lines, exactly
  what the range service would answer for that prefix. One small file is read.

CRLF or LF, upper or lower case and a leading byte-order mark are all accepted. A file
that cannot be opened or read, or is damaged where the lookup reads it, gives UNKNOWN
with a reason: a damaged list must never be read as "not in the list". That includes a
list cut short at a line end (an interrupted copy usually is): evenly spread hashes
start near ``00000`` and end near ``FFFFF``, and how near depends only on how many
there are, so a file whose data stops far from either end for its size is damaged.

Only regular files are opened (a pipe or a device would block or never end): the path
is looked at first, opened without blocking, and looked at again once open. The file is
opened afresh for each lookup, so a share that comes back, or a file IT replaces, is
picked up without a restart, and lookups on several threads share nothing. A lookup
that sees the file change while it reads (its size or modification time, or a read
that does not fit with the others) tries once more, then says "not checked".
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.core.breach.hashing import (
    BOM,
    HASH_LEN,
    DamagedData,
    parse_hash_line,
    parse_range_lines,
    sha1_hex,
    split_hash,
)
from desktop.core.breach.search import (
    MAX_LINE,
    WINDOW,
    ReadAt,
    key_fraction,
    search_sorted,
)
from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import present
from desktop.core.kit.ports import BreachOutcome, BreachVerdict

__all__ = [
    "MAX_LINE",
    "MAX_PREFIX_FILE",
    "WINDOW",
    "FileChanged",
    "NotAFile",
    "OfflineLookup",
    "PrefixFolderLookup",
    "ReadAt",
    "SortedFileLookup",
    "check_ends",
    "check_prefix_complete",
    "open_regular",
    "search_sorted",
]

# A per-prefix file is about 40 KB; far more is not one.
MAX_PREFIX_FILE = 4 * 1024 * 1024
# How far from 00000 / FFFFF the data may stop, in average gaps between hashes. With n
# evenly spread hashes the first is above k/n of the range with probability e**-k, so
# 40 gaps is never reached by a whole list (e**-40 is about 4e-18), while a copy that
# stopped even a little way short of the end is caught.
END_GAPS = 40


class NotAFile(Exception):
    """The path is a pipe, a device, a socket or something else that is not a file."""


class FileChanged(Exception):
    """The file changed while it was being read."""


def _unknown(reason: str) -> BreachVerdict:
    return BreachVerdict(BreachOutcome.UNKNOWN, reason=reason, source="offline")


def _verdict(count: int | None) -> BreachVerdict:
    if count:
        return BreachVerdict(BreachOutcome.FOUND, count=count, source="offline")
    return BreachVerdict(BreachOutcome.NOT_FOUND, source="offline")


def _os_reason(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("the offline breach list {path} cannot be found", path=path)
    if isinstance(exc, PermissionError):
        return _("the offline breach list {path} cannot be opened (no permission)", path=path)
    return _(
        "the offline breach list {path} cannot be read ({value})",
        path=path,
        value=exc.strerror or "read error",
    )


def _not_a_file(path: Path) -> str:
    return _(
        "the offline breach list {path} is not a file (it may be a "
        "pipe or a device); ask IT to point the policy at the list "
        "itself",
        path=path,
    )


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_OPEN_FLAGS |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """An open descriptor on ``path`` and its status, or NotAFile / OSError.

    The path is looked at before opening, so a pipe is never opened; it is opened
    without blocking in case something else was put there in between, and looked at
    again once open, so what is read is the regular file that was checked.
    """
    before = os.stat(path)
    if not stat.S_ISREG(before.st_mode):
        raise IsADirectoryError(21, "is a folder") if stat.S_ISDIR(before.st_mode) else NotAFile()
    fd = os.open(path, _OPEN_FLAGS)
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            raise NotAFile()
    except BaseException:
        os.close(fd)
        raise
    return fd, now


class FdReader:
    """``read(offset, size)`` on an open descriptor; short only at the end of the file.

    A raw read may return less than asked (on some network shares), so it loops.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def __call__(self, offset: int, size: int) -> bytes:
        parts: list[bytes] = []
        left = size
        while left > 0:
            if hasattr(os, "pread"):
                chunk = os.pread(self._fd, left, offset)
            else:  # Windows: one descriptor per lookup, so seeking is safe
                os.lseek(self._fd, offset, os.SEEK_SET)
                chunk = os.read(self._fd, left)
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk)
            offset += len(chunk)
        return b"".join(parts)


def _version(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class Ends:
    """What the first and last lines of a sorted file say: where data starts, how it ends."""

    start: int  # 3 after a byte-order mark, else 0
    line_end: str  # "CRLF", "LF" or "none (one line)"


def check_ends(read: ReadAt, size: int) -> Ends:
    """Check a sorted file's first and last lines; DamagedData if it cannot be whole.

    Two reads. The first line must be a hash near 00000 and the last near FFFFF, as
    near as the number of lines (estimated from the size) says a whole list would be.
    """
    head = read(0, len(BOM) + MAX_LINE)
    start = len(BOM) if head.startswith(BOM) else 0
    head = head[start:]
    first_line = head.split(b"\n", 1)[0]
    first = parse_hash_line(first_line)
    if first is None:
        raise DamagedData(_("its first line is empty"))
    line_end = (
        _("none (one line)")
        if b"\n" not in head
        else "CRLF"
        if first_line.endswith(b"\r")
        else "LF"
    )
    tail_at = max(start, size - 2 * MAX_LINE)
    tail = read(tail_at, size - tail_at)
    pieces = tail.rstrip(b"\r\n").rsplit(b"\n", 1)
    last_line = pieces[-1]
    if len(pieces) == 1 and tail_at > start:
        raise DamagedData(_("a line is far too long"))
    try:
        last = parse_hash_line(last_line)
    except DamagedData:
        raise DamagedData(_("it is cut short: its last line is incomplete")) from None
    if last is None:
        raise DamagedData(_("it is cut short: its last line is incomplete"))
    if first[0] > last[0]:
        raise DamagedData(_("it is not sorted by hash"))
    lines = (size - start) / (len(first_line) + 1)
    slack = END_GAPS / lines
    begins, ends = key_fraction(first[0]), key_fraction(last[0])
    if begins > slack:
        raise DamagedData(
            _(
                "its hashes start {percent} of the way into the range, not "
                "at 00000: the start of the list is missing",
                percent=_percent(begins),
            )
        )
    if ends < 1 - slack:
        raise DamagedData(
            _(
                "its hashes stop {percent} of the way through the range, not "
                "at FFFFF: it is cut short",
                percent=_percent(ends),
            )
        )
    return Ends(start, line_end)


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}%" if fraction >= 0.01 else _("less than 1%")


def check_prefix_complete(known: dict[bytes, int], lines: int, prefix: str) -> None:
    """DamagedData if a per-prefix file's suffixes stop far short of either end.

    The same reasoning as for the sorted file: ``lines`` evenly spread suffixes start
    near 000... and end near FFF..., as near as their number says.
    """
    if lines <= END_GAPS or not known:
        return
    slack = END_GAPS / lines
    low, high = key_fraction(min(known)), key_fraction(max(known))
    if low > slack or high < 1 - slack:
        raise DamagedData(_("the file for {prefix} is cut short", prefix=prefix))


class SortedFileLookup:
    """Looks a password up in one sorted ``HASH:COUNT`` file.

    ``interpolate`` picks interpolation search (the default) or plain bisection, for the
    benchmark; ``wrap_reader`` lets a benchmark add latency to every read, as a network
    share would. The end checks are done once per version of the file (its size and
    modification time) and again whenever it changes.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        interpolate: bool = True,
        wrap_reader: Callable[[ReadAt], ReadAt] | None = None,
    ) -> None:
        self.path = Path(path)
        self.interpolate = interpolate
        self._wrap = wrap_reader
        self._lock = threading.Lock()  # guards the cached end check only
        self._checked: tuple[tuple[int, int, int, int], Ends] | None = None

    def lookup(self, password: str) -> BreachVerdict:
        return self.lookup_hash(sha1_hex(password))

    def lookup_hash(self, full_hash: str) -> BreachVerdict:
        """The same for a 40-character hex SHA-1 (the benchmark samples hashes, not words)."""
        target = full_hash.upper().encode("ascii")
        damage: DamagedData | None = None
        for _attempt in range(2):
            try:
                return _verdict(self._search(target))
            except NotAFile:
                return _unknown(_not_a_file(self.path))
            except OSError as exc:
                return _unknown(_os_reason(self.path, exc))
            except FileChanged:
                damage = None
            except DamagedData as exc:
                damage = exc  # perhaps read while it was being rewritten: once more
        if damage is not None:
            return _unknown(
                _(
                    "the offline breach list {path} is damaged: {damage}",
                    path=self.path,
                    damage=damage,
                )
            )
        return _unknown(
            _(
                "the offline breach list {path} changed while it was being "
                "read; try again when it has been copied",
                path=self.path,
            )
        )

    def _search(self, target: bytes) -> int | None:
        fd, st = open_regular(self.path)
        try:
            if st.st_size == 0:
                raise DamagedData(_("it is empty"))
            read: ReadAt = FdReader(fd)
            if self._wrap is not None:
                read = self._wrap(read)
            ends = self._ends(read, st)
            count = search_sorted(
                read, st.st_size, target, interpolate=self.interpolate, start=ends.start
            )
            if _version(os.fstat(fd)) != _version(st):
                raise FileChanged()
            return count
        finally:
            os.close(fd)

    def _ends(self, read: ReadAt, st: os.stat_result) -> Ends:
        version = _version(st)
        with self._lock:
            checked = self._checked
        if checked is not None and checked[0] == version:
            return checked[1]
        ends = check_ends(read, st.st_size)
        with self._lock:
            self._checked = (version, ends)
        return ends


def read_prefix_file(path: Path) -> bytes:
    """The whole of one per-prefix file (at most MAX_PREFIX_FILE + 1 bytes).

    FileChanged if it changed while being read; NotAFile for a pipe or device.
    """
    fd, st = open_regular(path)
    try:
        data = FdReader(fd)(0, MAX_PREFIX_FILE + 1)
        if _version(os.fstat(fd)) != _version(st) or (
            len(data) != st.st_size and len(data) <= MAX_PREFIX_FILE
        ):
            raise FileChanged()
        return data
    finally:
        os.close(fd)


class PrefixFolderLookup:
    """Looks a password up in a folder of per-prefix files (``ABCDE.txt``)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def prefix_file(self, prefix: str) -> Path | None:
        """The file for ``prefix``; upper-case names first, as the downloader writes them."""
        for name in (f"{prefix}.txt", f"{prefix.lower()}.txt", f"{prefix}.TXT"):
            candidate = self.path / name
            if os.path.lexists(candidate):
                return candidate
        return None

    def lookup(self, password: str) -> BreachVerdict:
        prefix, suffix = split_hash(sha1_hex(password))
        if not os.path.isdir(self.path):  # a closed folder: not found, no traceback
            return _unknown(_("the offline breach folder {path} cannot be found", path=self.path))
        found = self.prefix_file(prefix)
        if found is None:
            # The full set has a file for every prefix, so a gap is a copy that is
            # incomplete, never a sign the password is safe.
            return _unknown(_("the offline breach folder {path} is incomplete", path=self.path))
        damage: DamagedData | None = None
        for _attempt in range(2):
            try:
                data = read_prefix_file(found)
                if len(data) > MAX_PREFIX_FILE:
                    raise DamagedData(_("a file is far too big"))
                known, lines = parse_prefix_file(data, prefix)
                check_prefix_complete(known, lines, prefix)
                return _verdict(known.get(suffix.encode("ascii")))
            except NotAFile:
                return _unknown(_not_a_file(found))
            except OSError as exc:
                return _unknown(_os_reason(found, exc))
            except FileChanged:
                damage = None
            except DamagedData as exc:
                damage = exc
        if damage is not None:
            return _unknown(
                _(
                    "the offline breach folder {path} is damaged: {damage}",
                    path=self.path,
                    damage=damage,
                )
            )
        return _unknown(
            _(
                "the offline breach folder {path} changed while it was being "
                "read; try again when it has been copied",
                path=self.path,
            )
        )


def parse_prefix_file(data: bytes, prefix: str) -> tuple[dict[bytes, int], int]:
    """Suffix counts (above zero) from one prefix file, and how many lines it has.

    Lines may also carry the full 40-character hash.
    """
    if data.startswith(BOM):
        data = data[len(BOM) :]
    lines = []
    for line in data.decode("ascii", errors="replace").splitlines():
        text = line.strip()
        if len(text.partition(":")[0]) == HASH_LEN:
            if text[: len(prefix)].upper() != prefix:
                raise DamagedData(_("a file holds hashes for another prefix"))
            text = text[len(prefix) :]
        if text:
            lines.append(text)
    return parse_range_lines(lines), len(lines)


class OfflineLookup:
    """Picks the layout from what is at ``path`` each time: a folder or a sorted file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._sorted = SortedFileLookup(self.path)  # keeps its end check between lookups

    def lookup(self, password: str) -> BreachVerdict:
        if os.path.isdir(self.path):
            return PrefixFolderLookup(self.path).lookup(password)
        if present(self.path):  # a closed folder: the lookup says it cannot be read
            return self._sorted.lookup(password)
        return _unknown(_("the offline breach list {path} cannot be found", path=self.path))
