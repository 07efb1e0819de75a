"""Damaged offline lists: copies cut short, pipes and devices, files rewritten in use.

Real files throughout: truncated copies (at a line end, as an interrupted copy usually
stops), real FIFOs made with mkfifo, a link to /dev/zero, and a list rewritten by
another thread while lookups run. Each fault must give "not checked" with a plain
reason, or the right answer, and never "not found" for a hash that is in the list.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.breach import OfflineLookup, PrefixFolderLookup, SortedFileLookup, verify
from desktop.core.breach.search import ReadAt
from desktop.core.checks.ports import BreachOutcome, BreachVerdict
from tests.cli_helpers import run_hygiene
from tests.fixtures_breach import random_hashes, sorted_lines, write_lines, write_prefix_folder
from tests.range_server import sha1_upper

PASSWORD = "Summer2024!"
FULL = sha1_upper(PASSWORD)


def whole_list(n: int = 4000, seed: int = 1) -> dict[str, int]:
    hashes = random_hashes(n, seed)
    hashes[FULL] = 12
    return hashes


def cut_at_line_end(data: bytes, fraction: float, keep: str = "start") -> bytes:
    """The data cut at the line end nearest ``fraction``, keeping the start or the end."""
    at = data.index(b"\n", int(len(data) * fraction)) + 1
    return data[:at] if keep == "start" else data[at:]


def in_time(lookup: Callable[[], BreachVerdict], seconds: float = 10.0) -> BreachVerdict:
    """Run a lookup that must not block; a hang fails the test instead of the suite."""
    result: list[BreachVerdict] = []
    worker = threading.Thread(target=lambda: result.append(lookup()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, "the lookup blocked"
    return result[0]


# -- lists cut short ---------------------------------------------------------------


@pytest.mark.parametrize(("fraction", "keep"), [(0.6, "start"), (0.95, "start"), (0.4, "end")])
def test_a_sorted_list_cut_at_a_line_end_is_not_checked(
    tmp_path: Path, fraction: float, keep: str
) -> None:
    hashes = whole_list()
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    lookup = SortedFileLookup(path)
    assert lookup.lookup(PASSWORD).count == 12
    path.write_bytes(cut_at_line_end(path.read_bytes(), fraction, keep))
    # Hashes in the part that is left and in the part that is gone: all "not checked".
    for full in random.Random(2).sample(sorted(hashes), 40):
        verdict = lookup.lookup_hash(full)
        assert verdict.outcome is BreachOutcome.UNKNOWN
        assert "is damaged" in verdict.reason
    words = "it is cut short" if keep == "start" else "the start of the list is missing"
    assert words in verdict.reason
    assert FULL[:5] not in verdict.reason


@pytest.mark.parametrize(("fraction", "keep"), [(0.6, "start"), (0.4, "end")])
def test_verify_says_a_list_cut_at_a_line_end_is_not_usable(
    tmp_path: Path, fraction: float, keep: str
) -> None:
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(whole_list(60_000)))
    assert verify(path).usable
    path.write_bytes(cut_at_line_end(path.read_bytes(), fraction, keep))
    out = run_hygiene("breach-file", "verify", str(path))
    text = out.stdout.decode()
    assert out.returncode == 1 and "NOT USABLE" in text
    assert ("cut short" if keep == "start" else "start of the list is missing") in text


def test_a_per_prefix_file_cut_at_a_line_end_is_not_checked(tmp_path: Path) -> None:
    # 400 hashes in the password's prefix, as a real file holds hundreds.
    rng = random.Random(3)
    hashes = {f"{FULL[:5]}{rng.getrandbits(140):035X}": 7 for _ in range(400)}
    hashes[FULL] = 12
    folder = write_prefix_folder(tmp_path / "pwned", hashes)
    lookup = PrefixFolderLookup(folder)
    assert lookup.lookup(PASSWORD).count == 12
    prefix_file = folder / f"{FULL[:5]}.txt"
    data = prefix_file.read_bytes()
    prefix_file.write_bytes(cut_at_line_end(data, 0.7))
    lost = [h for h in sorted(hashes) if h[5:].encode() not in prefix_file.read_bytes()]
    assert lost  # some hashes are gone with the end of the file
    verdict = lookup.lookup(PASSWORD)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason.endswith(f"is damaged: the file for {FULL[:5]} is cut short")
    text = run_hygiene("breach-file", "verify", str(folder)).stdout.decode()
    assert "NOT USABLE" in text and "cut short" in text


def test_disorder_in_the_middle_is_not_checked_never_not_found(tmp_path: Path) -> None:
    hashes = whole_list(20_000)
    lines = sorted_lines(hashes)
    at = next(i for i, line in enumerate(lines) if line.startswith(FULL))
    lines[at - 30 : at + 30] = reversed(lines[at - 30 : at + 30])
    lookup = SortedFileLookup(write_lines(tmp_path / "pwned.txt", lines))
    near = [line[:40] for line in lines[at - 30 : at + 30]]
    verdicts = [lookup.lookup_hash(h) for h in near]
    assert all(v.outcome is not BreachOutcome.NOT_FOUND for v in verdicts)
    assert any("not sorted by hash" in v.reason for v in verdicts)


# -- pipes and devices ---------------------------------------------------------------


def test_a_fifo_as_the_list_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pwned.txt"
    os.mkfifo(fifo)
    for lookup in (SortedFileLookup(fifo), OfflineLookup(fifo)):
        verdict = in_time(lambda lookup=lookup: lookup.lookup(PASSWORD))  # type: ignore[misc]
        assert verdict.outcome is BreachOutcome.UNKNOWN
        assert "is not a file (it may be a pipe or a device)" in verdict.reason
    out = run_hygiene("breach-file", "verify", str(fifo))
    assert out.returncode == 1 and "NOT USABLE" in out.stdout.decode()
    assert "pipe or a device" in out.stdout.decode()


def test_a_fifo_in_a_prefix_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = write_prefix_folder(tmp_path / "pwned", random_hashes(50, 4))
    os.mkfifo(folder / f"{FULL[:5]}.txt")
    verdict = in_time(lambda: PrefixFolderLookup(folder).lookup(PASSWORD))
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "is not a file" in verdict.reason


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_link_to_a_device_is_refused(tmp_path: Path, device: str) -> None:
    link = tmp_path / "pwned.txt"
    link.symlink_to(device)
    verdict = in_time(lambda: OfflineLookup(link).lookup(PASSWORD))
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "is not a file" in verdict.reason
    report = verify(link)
    assert not report.usable and "pipe or a device" in report.problems[0]


# -- a list that changes while it is read ---------------------------------------------


class ChangesDuringRead:
    """A reader that changes the file under the lookup on its first ``times`` searches."""

    def __init__(self, path: Path, times: int) -> None:
        self.path = path
        self.left = times

    def __call__(self, read: ReadAt) -> ReadAt:
        if self.left <= 0:
            return read
        self.left -= 1

        def reading(offset: int, size: int, /) -> bytes:
            data = read(offset, size)
            stat = self.path.stat()  # the copy goes on: a newer modification time
            os.utime(self.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            return data

        return reading


class TornRead:
    """A reader whose first ``times`` searches see one block not yet written.

    A copy that preallocates its file reads as zeros where it has not written yet.
    """

    def __init__(self, times: int) -> None:
        self.left = times

    def __call__(self, read: ReadAt) -> ReadAt:
        if self.left <= 0:
            return read
        self.left -= 1
        calls = [0]

        def reading(offset: int, size: int, /) -> bytes:
            calls[0] += 1
            data = read(offset, size)
            return bytes(len(data)) if calls[0] == 1 else data

        return reading


def test_a_change_seen_once_is_tried_again(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(whole_list()))
    lookup = SortedFileLookup(path, wrap_reader=ChangesDuringRead(path, times=1))
    assert lookup.lookup(PASSWORD).count == 12


def test_a_file_that_keeps_changing_is_not_checked(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(whole_list()))
    verdict = SortedFileLookup(path, wrap_reader=ChangesDuringRead(path, times=5)).lookup(
        "a fresh one nobody has seen 7Qx"
    )
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert verdict.reason.endswith(
        "changed while it was being read; try again when it has been copied"
    )


def test_an_inconsistent_read_is_tried_again_then_not_checked(tmp_path: Path) -> None:
    hashes = whole_list()
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    targets = random.Random(5).sample(sorted(hashes), 30)
    for full in targets:
        lookup = SortedFileLookup(path)
        lookup.lookup_hash(full)  # the end checks are done and kept: reads are the search's
        lookup._wrap = TornRead(times=1)  # once: the second try answers
        assert lookup.lookup_hash(full).count == hashes[full]
        lookup._wrap = TornRead(times=2)  # every time: "not checked", never "not found"
        verdict = lookup.lookup_hash(full)
        assert verdict.outcome is BreachOutcome.UNKNOWN
        assert "is damaged: a line is far too long" in verdict.reason


def test_a_list_rewritten_in_place_during_lookups_never_says_not_found(tmp_path: Path) -> None:
    # Two versions of the list, both holding the password, written over each other in
    # place (truncate, then write in pieces) while lookups run on this thread.
    versions = [
        "\r\n".join(sorted_lines(whole_list(30_000, seed))).encode() + b"\r\n" for seed in (5, 6)
    ]
    path = tmp_path / "pwned.txt"
    path.write_bytes(versions[0])
    stop = threading.Event()

    def rewrite() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            data = versions[i % 2]
            # Mostly over the old bytes without truncating first (the copy tools that
            # rewrite in place), sometimes truncated first.
            with path.open("r+b" if i % 3 else "wb") as f:
                for at in range(0, len(data), 64 * 1024):
                    f.write(data[at : at + 64 * 1024])
                    f.flush()
                    time.sleep(0)

    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    outcomes: dict[BreachOutcome, int] = {}
    lookup = OfflineLookup(path)
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline or len(outcomes) < 2:
            verdict = lookup.lookup(PASSWORD)
            outcomes[verdict.outcome] = outcomes.get(verdict.outcome, 0) + 1
            assert verdict.outcome is not BreachOutcome.NOT_FOUND, verdict
            if verdict.outcome is BreachOutcome.FOUND:
                assert verdict.count == 12
            if time.monotonic() > deadline + 10:
                break
    finally:
        stop.set()
        writer.join(timeout=10)
    assert outcomes.get(BreachOutcome.FOUND, 0) > 0
