"""Offline lookups in generated breach lists: a sorted file and a per-prefix folder."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.breach import OfflineLookup, PrefixFolderLookup, SortedFileLookup
from desktop.core.breach.offline import WINDOW, FdReader, search_sorted
from desktop.core.breach.search import MAX_GUESSES
from desktop.core.checks.ports import BreachOutcome
from tests.fixtures_breach import (
    random_hashes,
    sorted_lines,
    write_lines,
    write_prefix_folder,
)
from tests.range_server import sha1_upper

KNOWN = {
    "letmein-please-1": 3541,
    "Summer2024!": 12,
    "p@ssw0rd-pässwörd": 1,
    "lone \ud800 surrogate": 77,
}
CLEAN = "a fresh one nobody has seen 7Qx"


def breach_hashes(extra: int = 4000, seed: int = 1) -> dict[str, int]:
    hashes = random_hashes(extra, seed)
    hashes.update({sha1_upper(p): c for p, c in KNOWN.items()})
    return hashes


@pytest.fixture(scope="module")
def hashes() -> dict[str, int]:
    return breach_hashes()


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("lower", [False, True])
def test_sorted_file_finds_each_breached_password(
    tmp_path: Path, hashes: dict[str, int], line_end: str, bom: bool, lower: bool
) -> None:
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes, lower), line_end, bom)
    lookup = SortedFileLookup(path)
    for password, count in KNOWN.items():
        verdict = lookup.lookup(password)
        assert (verdict.outcome, verdict.count, verdict.source) == (
            BreachOutcome.FOUND,
            count,
            "offline",
        )
    assert lookup.lookup(CLEAN).outcome is BreachOutcome.NOT_FOUND


@contextmanager
def opened(path: Path) -> Iterator[CountingReader]:
    fd = os.open(path, os.O_RDONLY)
    try:
        yield CountingReader(FdReader(fd))
    finally:
        os.close(fd)


class CountingReader:
    """A real file's reader that counts reads, to show a lookup reads a few small pieces."""

    def __init__(self, read: FdReader) -> None:
        self._read = read
        self.reads = 0
        self.bytes_read = 0

    def __call__(self, offset: int, size: int, /) -> bytes:
        data = self._read(offset, size)
        self.reads += 1
        self.bytes_read += len(data)
        return data


@pytest.mark.parametrize("interpolate", [True, False])
def test_every_line_is_found_including_the_first_and_last(
    tmp_path: Path, interpolate: bool
) -> None:
    hashes = random_hashes(3000, seed=7)
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes), final_line_end=False)
    size = path.stat().st_size
    with opened(path) as read:
        for full, count in hashes.items():
            assert search_sorted(read, size, full.encode(), interpolate=interpolate) == count


# Values clustered anywhere (small, large, bunched, spread): interpolation guesses badly
# on most of them, and must still agree with a plain scan, as bisection does.
_VALUES = st.one_of(
    st.integers(0, 2**160 - 1),
    st.integers(0, 2**40),
    st.integers(2**160 - 2**40, 2**160 - 1),
    st.integers(2**100, 2**100 + 2**20),
)


@settings(max_examples=80, deadline=None)
@given(
    st.sets(_VALUES, min_size=1, max_size=400),
    _VALUES,
    st.sampled_from(["\r\n", "\n"]),
    st.booleans(),
    st.booleans(),
)
def test_both_searches_agree_with_a_plain_scan(
    values: set[int], probe: int, line_end: str, bom: bool, interpolate: bool
) -> None:
    lines = [f"{v:040X}:{v % 97}" for v in sorted(values)]
    data = (b"\xef\xbb\xbf" if bom else b"") + (line_end.join(lines) + line_end).encode()

    def read(offset: int, size: int) -> bytes:
        return data[offset : offset + size]

    for value in [*list(values)[:20], probe]:
        expected = value % 97 if value in values else None
        got = search_sorted(read, len(data), f"{value:040X}".encode(), interpolate=interpolate)
        assert got == expected


def test_a_lookup_reads_a_few_small_pieces_not_the_file(tmp_path: Path) -> None:
    hashes = random_hashes(60_000, seed=3)  # about 2.7 MB
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    size = path.stat().st_size
    targets = random.Random(5).sample(sorted(hashes), 200)
    absent = [f"{random.Random(6).getrandbits(160):040X}"]
    for interpolate in (True, False):
        worst = 0
        for target in targets + absent:
            with opened(path) as read:
                got = search_sorted(read, size, target.encode(), interpolate=interpolate)
                assert got == hashes.get(target)
                worst = max(worst, read.reads)
                assert read.bytes_read < 16 * 1024 * read.reads + WINDOW
        if interpolate:
            assert worst <= 4  # evenly spread hashes: two or three reads, four at most
        else:  # bisection down to one window: about log2(size / WINDOW) reads, plus it
            assert worst <= (size // WINDOW).bit_length() + 4


def test_a_file_that_is_not_even_falls_back_to_bisection(tmp_path: Path) -> None:
    # Nearly every hash bunched in one narrow band: the guesses land far off, and after
    # a few of them bisection finishes the search in its usual number of reads.
    rng = random.Random(8)
    hashes = {f"{(2**150) + rng.getrandbits(120):040X}": 3 for _ in range(40_000)}
    hashes |= {"0" * 40: 1, "F" * 40: 2}
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    size = path.stat().st_size
    for target in random.Random(9).sample(sorted(hashes), 30):
        with opened(path) as read:
            assert search_sorted(read, size, target.encode()) == hashes[target]
            assert read.reads <= MAX_GUESSES + (size // WINDOW).bit_length() + 4


def test_count_zero_is_not_breached(tmp_path: Path) -> None:
    hashes = {**random_hashes(500, 2), sha1_upper(CLEAN): 0}
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    assert SortedFileLookup(path).lookup(CLEAN).outcome is BreachOutcome.NOT_FOUND


def test_unsorted_file_is_not_checked(tmp_path: Path, hashes: dict[str, int]) -> None:
    lines = sorted_lines(hashes)
    random.Random(9).shuffle(lines)
    lookup = SortedFileLookup(write_lines(tmp_path / "shuffled.txt", lines))
    verdicts = [lookup.lookup(p) for p in [*KNOWN, CLEAN]]
    # A shuffled list must never answer "not in the list". Its first and last lines are
    # already far from 00000 and FFFFF, so every lookup says it is damaged.
    assert all(v.outcome is BreachOutcome.UNKNOWN for v in verdicts)
    assert all("is damaged" in v.reason for v in verdicts)


def test_file_cut_part_way_through_a_line_is_not_checked(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(breach_hashes(2000)))
    lookup = SortedFileLookup(path)
    assert lookup.lookup("Summer2024!").count == 12
    path.write_bytes(path.read_bytes()[:-8])  # a copy that stopped part way through a line
    verdict = lookup.lookup("Summer2024!")
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "is damaged: it is cut short" in verdict.reason


def test_malformed_line_where_the_lookup_reads_is_not_checked(tmp_path: Path) -> None:
    hashes = breach_hashes(300)
    lines = sorted_lines(hashes)
    target = sha1_upper("Summer2024!")
    at = next(i for i, line in enumerate(lines) if line.startswith(target))
    lines[at - 1] = "this line is not a hash at all"
    verdict = SortedFileLookup(write_lines(tmp_path / "bad.txt", lines)).lookup("Summer2024!")
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "is damaged" in verdict.reason
    assert target not in verdict.reason and target[5:] not in verdict.reason


def test_ntlm_file_is_not_checked(tmp_path: Path) -> None:
    lines = [f"{random.Random(i).getrandbits(128):032X}:3" for i in range(200)]
    verdict = SortedFileLookup(write_lines(tmp_path / "ntlm.txt", sorted(lines))).lookup(CLEAN)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "NTLM" in verdict.reason


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p, "cannot be found"),
        (lambda p: (p.write_bytes(b""), p)[1], "is empty"),
        (lambda p: (p.mkdir(), p)[1], "cannot be read"),
    ],
)
def test_missing_empty_or_unreadable_file_is_not_checked(tmp_path: Path, make, words) -> None:
    path = make(tmp_path / "pwned.txt")
    verdict = SortedFileLookup(path).lookup(CLEAN)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert words in verdict.reason


@pytest.mark.parametrize("line_end", ["\r\n", "\n"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("lower", [False, True])
def test_prefix_folder_finds_each_breached_password(
    tmp_path: Path, line_end: str, bom: bool, lower: bool
) -> None:
    hashes = breach_hashes(200)
    folder = write_prefix_folder(tmp_path / "pwned", hashes, line_end, bom, lower)
    lookup = PrefixFolderLookup(folder)
    for password, count in KNOWN.items():
        assert lookup.lookup(password).count == count
    # CLEAN's prefix file exists but lacks its suffix: a true "not found".
    clean = sha1_upper(CLEAN)
    write_lines(folder / f"{clean[:5]}.txt", ["0" * 35 + ":4"], line_end, bom)
    assert lookup.lookup(CLEAN).outcome is BreachOutcome.NOT_FOUND


def test_prefix_file_with_full_hash_lines_is_read(tmp_path: Path) -> None:
    full = sha1_upper("Summer2024!")
    folder = tmp_path / "pwned"
    folder.mkdir()
    write_lines(folder / f"{full[:5]}.txt", [f"{full[:5]}{'0' * 35}:1", f"{full}:12"])
    assert PrefixFolderLookup(folder).lookup("Summer2024!").count == 12


def test_missing_prefix_file_is_not_checked_never_not_found(tmp_path: Path) -> None:
    folder = write_prefix_folder(tmp_path / "pwned", breach_hashes(50))
    verdict = PrefixFolderLookup(folder).lookup(CLEAN)
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "is incomplete" in verdict.reason


@pytest.mark.parametrize("content", [b"<html>not a list</html>", b"", b"ABC:1\r\n"])
def test_damaged_prefix_file_is_not_checked(tmp_path: Path, content: bytes) -> None:
    folder = write_prefix_folder(tmp_path / "pwned", breach_hashes(50))
    (folder / f"{sha1_upper('Summer2024!')[:5]}.txt").write_bytes(content)
    verdict = PrefixFolderLookup(folder).lookup("Summer2024!")
    assert verdict.outcome is BreachOutcome.UNKNOWN
    assert "is damaged" in verdict.reason


def test_prefix_file_for_another_prefix_is_damaged(tmp_path: Path) -> None:
    full = sha1_upper("Summer2024!")
    folder = tmp_path / "pwned"
    folder.mkdir()
    write_lines(folder / f"{full[:5]}.txt", ["F" * 40 + ":3"])
    assert PrefixFolderLookup(folder).lookup("Summer2024!").outcome is BreachOutcome.UNKNOWN


def test_offline_lookup_picks_the_layout(tmp_path: Path, hashes: dict[str, int]) -> None:
    file_path = write_lines(tmp_path / "pwned.txt", sorted_lines(hashes))
    folder = write_prefix_folder(tmp_path / "pwned", hashes)
    for path in (file_path, folder):
        assert OfflineLookup(path).lookup("Summer2024!").count == 12
    missing = OfflineLookup(tmp_path / "gone").lookup("Summer2024!")
    assert missing.outcome is BreachOutcome.UNKNOWN and "cannot be found" in missing.reason


def test_file_replaced_while_running_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "pwned.txt"
    lookup = OfflineLookup(path)
    assert lookup.lookup("Summer2024!").outcome is BreachOutcome.UNKNOWN  # share not there yet
    write_lines(path, sorted_lines(breach_hashes(100)))
    assert lookup.lookup("Summer2024!").count == 12
