"""Is an offline breach list usable? Checked from a few small reads, never a full read.

For a sorted file: the first and last lines, and evenly spaced spot checks that every
line read has the ``HASH:COUNT`` form and is in hash order. For a folder: that it holds
per-prefix files and that a sample of them read cleanly. The same checks a lookup relies
on, so "usable" here means lookups will not come back damaged where it was sampled.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from desktop.core.breach.hashing import BOM, DamagedData, parse_hash_line
from desktop.core.breach.offline import (
    MAX_LINE,
    MAX_PREFIX_FILE,
    Reader,
    parse_prefix_file,
    read_at,
)

SPOT_CHECKS = 64
SPOT_BLOCK = 4096
FOLDER_SAMPLES = 32
ALL_PREFIXES = 16**5
_PREFIX_NAME = re.compile(r"[0-9A-Fa-f]{5}\.txt", re.IGNORECASE)

Layout = Literal["sorted file", "prefix folder", "unknown"]


@dataclass
class VerifyReport:
    """What ``verify`` found: usable or not, and plain lines saying why."""

    path: Path
    layout: Layout = "unknown"
    problems: list[str] = field(default_factory=list)  # any of these: not usable
    warnings: list[str] = field(default_factory=list)  # usable, but worth knowing
    notes: list[str] = field(default_factory=list)
    bytes_read: int = 0
    size: int = 0

    @property
    def usable(self) -> bool:
        return self.layout != "unknown" and not self.problems


class _Counting:
    """Counts the bytes read, so the report can show the file was not read in full."""

    def __init__(self, f: Reader) -> None:
        self._f = f
        self.total = 0

    def seek(self, offset: int, whence: int = 0, /) -> int:
        return self._f.seek(offset, whence)

    def read(self, size: int = -1, /) -> bytes:
        data = self._f.read(size) or b""
        self.total += len(data)
        return data


def _where(offset: int, size: int) -> str:
    return f"about {100 * offset // max(size, 1)}% of the way in"


def _lines_in(block: bytes, at_start: bool) -> list[bytes]:
    """Complete lines in a block read from the middle of the file."""
    lines = block.split(b"\n")
    if not at_start:
        lines = lines[1:]  # the first piece is the tail of a line begun before the block
    return lines[:-1]  # the last piece may be cut off by the end of the block


def _verify_sorted(path: Path, report: VerifyReport) -> None:
    with path.open("rb", buffering=0) as raw:
        f = _Counting(raw)
        report.size = size = os.fstat(raw.fileno()).st_size
        try:
            _check_sorted(f, size, report)
        finally:
            report.bytes_read = f.total


def _check_sorted(f: Reader, size: int, report: VerifyReport) -> None:
    if size == 0:
        report.problems.append("The file is empty.")
        return
    start = len(BOM) if read_at(f, 0, len(BOM)) == BOM else 0
    head = read_at(f, start, MAX_LINE)
    first = head.split(b"\n", 1)[0]
    try:
        if parse_hash_line(first) is None:
            raise DamagedData("the first line is empty")
    except DamagedData as exc:
        report.problems.append(f"This is not a Pwned Passwords SHA-1 list: {exc}.")
        return
    report.layout = "sorted file"
    ends = "none (one line)" if b"\n" not in head else "CRLF" if first.endswith(b"\r") else "LF"
    report.notes.append(
        f"Line ends: {ends}" + ("; starts with a byte-order mark" if start else "") + "."
    )
    tail_at = max(start, size - 2 * MAX_LINE)
    tail = read_at(f, tail_at, size - tail_at)
    if not tail.endswith(b"\n"):
        last = tail.rsplit(b"\n", 1)[-1]
        try:
            parse_hash_line(last)
        except DamagedData:
            report.problems.append(
                "The file is cut short: its last line is incomplete. Copy or download it again."
            )
    # ``covered`` is where the last block's complete lines ended: in a small file the
    # blocks would overlap, and a line read twice must not look out of order.
    previous, lengths, covered = b"", [], start
    for i in range(SPOT_CHECKS):
        offset = start + (size - start) * i // SPOT_CHECKS
        at_line_start = offset <= covered
        offset = max(offset, covered)
        if offset >= size:
            break
        block = read_at(f, offset, SPOT_BLOCK)
        at_end = len(block) < SPOT_BLOCK
        if b"\n" not in block and not at_end:
            report.problems.append(
                f"The file is damaged {_where(offset, size)}: a line is far too long."
            )
            return
        lines = _lines_in(block, at_line_start)
        if at_end and not block.endswith(b"\n") and (at_line_start or b"\n" in block):
            lines.append(block.rsplit(b"\n", 1)[-1])  # the last line, without a line end
        covered = offset + block.rfind(b"\n") + 1
        for line in lines:
            try:
                parsed = parse_hash_line(line)
            except DamagedData as exc:
                report.problems.append(f"The file is damaged {_where(offset, size)}: {exc}.")
                return
            if parsed is None:
                continue
            lengths.append(len(line) + 1)
            if parsed[0] < previous:
                report.problems.append(
                    f"The file is not sorted by hash ({_where(offset, size)}). Lookups need "
                    "the version ordered by hash, not the one ordered by count."
                )
                return
            previous = parsed[0]
        if at_end:
            break
    if lengths:
        lines_estimate = (size - start) * len(lengths) // sum(lengths)
        report.notes.append(
            f"About {lines_estimate:,} hashes; {SPOT_CHECKS} places spot-checked, all in order."
        )


def _verify_folder(path: Path, report: VerifyReport) -> None:
    names = sorted(e.name for e in os.scandir(path) if _PREFIX_NAME.fullmatch(e.name))
    if not names:
        report.problems.append("The folder holds no per-prefix files (named like 0A1B2.txt).")
        return
    report.layout = "prefix folder"
    report.notes.append(f"{len(names):,} prefix files.")
    if len(names) < ALL_PREFIXES:
        report.warnings.append(
            f"The folder has {len(names):,} of the {ALL_PREFIXES:,} prefix files; passwords "
            "whose file is missing will show as 'not checked'."
        )
    step = max(1, len(names) // FOLDER_SAMPLES)
    for name in names[::step][:FOLDER_SAMPLES]:
        with (path / name).open("rb") as f:
            data = f.read(MAX_PREFIX_FILE + 1)
        report.bytes_read += len(data)
        report.size += len(data)
        try:
            if len(data) > MAX_PREFIX_FILE:
                raise DamagedData("it is far too big")
            known = parse_prefix_file(data, name[:5].upper())
        except DamagedData as exc:
            report.problems.append(f"{name} is damaged: {exc}.")
            return
        if list(known) != sorted(known):
            report.warnings.append(f"{name} is not in hash order (lookups still work).")
    report.notes.append(f"{min(len(names), FOLDER_SAMPLES)} files read as samples.")


def verify(path: str | os.PathLike[str]) -> VerifyReport:
    """Check ``path`` (a sorted file or a prefix folder) and say whether lookups can use it."""
    where = Path(path)
    report = VerifyReport(where)
    try:
        if where.is_dir():
            _verify_folder(where, report)
        elif where.exists():
            _verify_sorted(where, report)
        else:
            report.problems.append("Nothing is there: no such file or folder.")
    except PermissionError:
        report.problems.append("It cannot be opened: no permission to read it.")
    except OSError as exc:
        report.problems.append(f"It cannot be read ({exc.strerror or 'read error'}).")
    return report
