"""Is an offline breach list usable? Checked from a few small reads, never a full read.

For a sorted file: the first and last lines (which must be near ``00000`` and ``FFFFF``
for a file of its size, or the copy is incomplete), and evenly spaced spot checks that
every line read has the ``HASH:COUNT`` form and is in hash order. For a folder: that it
holds per-prefix files and that a sample of them read cleanly and look complete. Pipes,
devices and anything else that is not a file are refused without being opened. These
are the checks a lookup relies on, so "usable" here means lookups will not come back
damaged where it was sampled.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from desktop.core.breach.hashing import BOM, DamagedData, parse_hash_line
from desktop.core.breach.offline import (
    MAX_PREFIX_FILE,
    FdReader,
    FileChanged,
    NotAFile,
    check_ends,
    check_prefix_complete,
    open_regular,
    parse_prefix_file,
    read_prefix_file,
)
from desktop.core.breach.search import MAX_LINE, ReadAt
from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import present

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

    def __init__(self, read: ReadAt) -> None:
        self._read = read
        self.total = 0

    def __call__(self, offset: int, size: int, /) -> bytes:
        data = self._read(offset, size)
        self.total += len(data)
        return data


def _where(offset: int, size: int) -> str:
    return _("about {value}% of the way in", value=100 * offset // max(size, 1))


def _lines_in(block: bytes, at_start: bool) -> list[bytes]:
    """Complete lines in a block read from the middle of the file."""
    lines = block.split(b"\n")
    if not at_start:
        lines = lines[1:]  # the first piece is the tail of a line begun before the block
    return lines[:-1]  # the last piece may be cut off by the end of the block


def _verify_sorted(path: Path, report: VerifyReport) -> None:
    fd, st = open_regular(path)
    try:
        read = _Counting(FdReader(fd))
        report.size = st.st_size
        try:
            _check_sorted(read, st.st_size, report)
        finally:
            report.bytes_read = read.total
    finally:
        os.close(fd)


def _check_sorted(f: ReadAt, size: int, report: VerifyReport) -> None:
    if size == 0:
        report.problems.append(_("The file is empty."))
        return
    head = f(0, len(BOM) + MAX_LINE)
    try:
        if parse_hash_line(head.removeprefix(BOM).split(b"\n", 1)[0]) is None:
            raise DamagedData(_("the first line is empty"))
    except DamagedData as exc:
        report.problems.append(_("This is not a Pwned Passwords SHA-1 list: {exc}.", exc=exc))
        return
    report.layout = "sorted file"
    start = len(BOM) if head.startswith(BOM) else 0
    first = head[start:].split(b"\n", 1)[0]
    ends = _("none (one line)") if b"\n" not in head else "CRLF" if first.endswith(b"\r") else "LF"
    report.notes.append(
        _("Line ends: {ends}", ends=ends)
        + (_("; starts with a byte-order mark") if start else "")
        + "."
    )
    # The end checks first, but a file in the wrong order is better named by the spot
    # checks below, so that reason waits until they have run.
    at_ends: str | None = None
    try:
        check_ends(f, size)
    except DamagedData as exc:
        at_ends = str(exc)
        if "cut short" in at_ends or "missing" in at_ends:
            at_ends += _(". Copy or download it again")
        if "incomplete" in at_ends or "far too long" in at_ends:
            report.problems.append(_("The file is damaged: {at_ends}.", at_ends=at_ends))
            return
    _spot_check(f, size, start, report)
    if at_ends is not None and not report.problems:
        report.problems.append(_("The file is damaged: {at_ends}.", at_ends=at_ends))


def _spot_check(f: ReadAt, size: int, start: int, report: VerifyReport) -> None:
    # ``covered`` is where the last block's complete lines ended: in a small file the
    # blocks would overlap, and a line read twice must not look out of order.
    previous, lengths, covered = b"", [], start
    for i in range(SPOT_CHECKS):
        offset = start + (size - start) * i // SPOT_CHECKS
        at_line_start = offset <= covered
        offset = max(offset, covered)
        if offset >= size:
            break
        block = f(offset, SPOT_BLOCK)
        at_end = len(block) < SPOT_BLOCK
        if b"\n" not in block and not at_end:
            report.problems.append(
                _(
                    "The file is damaged {where}: a line is far too long.",
                    where=_where(offset, size),
                )
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
                report.problems.append(
                    _("The file is damaged {where}: {exc}.", where=_where(offset, size), exc=exc)
                )
                return
            if parsed is None:
                continue
            lengths.append(len(line) + 1)
            if parsed[0] < previous:
                report.problems.append(
                    _(
                        "The file is not sorted by hash ({where}). Lookups need the "
                        "version ordered by hash, not the one ordered by count.",
                        where=_where(offset, size),
                    )
                )
                return
            previous = parsed[0]
        if at_end:
            break
    if lengths:
        lines_estimate = (size - start) * len(lengths) // sum(lengths)
        report.notes.append(
            _(
                "About {lines_estimate:,} hashes; {SPOT_CHECKS} places spot-checked, all in order.",
                lines_estimate=lines_estimate,
                SPOT_CHECKS=SPOT_CHECKS,
            )
        )


def _verify_folder(path: Path, report: VerifyReport) -> None:
    names = sorted(e.name for e in os.scandir(path) if _PREFIX_NAME.fullmatch(e.name))
    if not names:
        report.problems.append(_("The folder holds no per-prefix files (named like 0A1B2.txt)."))
        return
    report.layout = "prefix folder"
    report.notes.append(_("{count:,} prefix files.", count=len(names)))
    if len(names) < ALL_PREFIXES:
        report.warnings.append(
            _(
                "The folder has {count:,} of the {ALL_PREFIXES:,} prefix "
                "files; passwords whose file is missing will show as 'not "
                "checked'.",
                count=len(names),
                ALL_PREFIXES=ALL_PREFIXES,
            )
        )
    step = max(1, len(names) // FOLDER_SAMPLES)
    for name in names[::step][:FOLDER_SAMPLES]:
        try:
            data = read_prefix_file(path / name)
        except NotAFile:
            report.problems.append(
                _("{name} is not a file (it may be a pipe or a device).", name=name)
            )
            return
        except FileChanged:
            report.problems.append(
                _("{name} changed while it was being read; check again.", name=name)
            )
            return
        report.bytes_read += len(data)
        report.size += len(data)
        try:
            if len(data) > MAX_PREFIX_FILE:
                raise DamagedData(_("it is far too big"))
            known, lines = parse_prefix_file(data, name[:5].upper())
            check_prefix_complete(known, lines, name[:5].upper())
        except DamagedData as exc:
            text = str(exc)
            if "cut short" in text:
                text = _("it is cut short (its hashes stop far from the end); copy it again")
            report.problems.append(_("{name} is damaged: {text}.", name=name, text=text))
            return
        if list(known) != sorted(known):
            report.warnings.append(
                _("{name} is not in hash order (lookups still work).", name=name)
            )
    report.notes.append(_("{min} files read as samples.", min=min(len(names), FOLDER_SAMPLES)))


def verify(path: str | os.PathLike[str]) -> VerifyReport:
    """Check ``path`` (a sorted file or a prefix folder) and say whether lookups can use it."""
    where = Path(path)
    report = VerifyReport(where)
    try:
        if os.path.isdir(where):  # a closed folder is read as a file and reported
            _verify_folder(where, report)
        elif present(where):  # in a closed folder: reading it says so
            _verify_sorted(where, report)
        else:
            report.problems.append(_("Nothing is there: no such file or folder."))
    except NotAFile:
        report.problems.append(
            _("It is not a file (it may be a pipe or a device), so it was not opened.")
        )
    except FileNotFoundError:
        report.problems.append(_("Nothing is there: it is a link to something that is gone."))
    except PermissionError:
        report.problems.append(_("It cannot be opened: no permission to read it."))
    except OSError as exc:
        report.problems.append(
            _("It cannot be read ({value}).", value=exc.strerror or "read error")
        )
    return report
