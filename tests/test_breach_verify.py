"""``verify``: is an offline list usable? Checked from a few reads, on generated lists."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.core.breach import verify
from tests.fixtures_breach import random_hashes, sorted_lines, write_lines, write_prefix_folder


@pytest.mark.parametrize("count", [1, 40, 3000, 60_000])
@pytest.mark.parametrize(
    ("line_end", "bom", "lower"),
    [("\r\n", False, False), ("\n", True, False), ("\r\n", True, True), ("\n", False, True)],
)
def test_good_sorted_files_are_usable(
    tmp_path: Path, count: int, line_end: str, bom: bool, lower: bool
) -> None:
    lines = sorted_lines(random_hashes(count, count), lower)
    for final in (True, False):
        report = verify(write_lines(tmp_path / "pwned.txt", lines, line_end, bom, final))
        assert report.usable, report.problems
        assert report.layout == "sorted file"
        ends = "none" if count == 1 and not final else "CRLF" if line_end == "\r\n" else "LF"
        assert f"Line ends: {ends}" in report.notes[0]
        assert ("byte-order mark" in report.notes[0]) is bom


def test_a_big_file_is_not_read_in_full(tmp_path: Path) -> None:
    report = verify(
        write_lines(tmp_path / "pwned.txt", sorted_lines(random_hashes(200_000, 1)))
    )  # about 9 MB
    assert report.usable
    assert report.bytes_read < report.size / 20
    assert "About 19" in report.notes[1] or "About 20" in report.notes[1]


def test_unsorted_file_is_not_usable(tmp_path: Path) -> None:
    lines = sorted_lines(random_hashes(5000, 2))
    random.Random(3).shuffle(lines)
    report = verify(write_lines(tmp_path / "pwned.txt", lines))
    assert not report.usable and "not sorted by hash" in report.problems[0]


def test_file_ordered_by_count_is_not_usable(tmp_path: Path) -> None:
    hashes = random_hashes(5000, 4)
    lines = [f"{h}:{c}" for h, c in sorted(hashes.items(), key=lambda hc: -hc[1])]
    report = verify(write_lines(tmp_path / "pwned.txt", lines))
    assert not report.usable and "ordered by count" in report.problems[0]


def test_file_cut_short_is_not_usable(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "pwned.txt", sorted_lines(random_hashes(5000, 5)))
    path.write_bytes(path.read_bytes()[:-20])
    report = verify(path)
    assert not report.usable and "cut short" in report.problems[0]


def test_damaged_line_is_not_usable(tmp_path: Path) -> None:
    lines = sorted_lines(random_hashes(2000, 6))
    lines[1234] = "<<<<<<< merge conflict"
    report = verify(write_lines(tmp_path / "pwned.txt", lines))
    assert not report.usable and "damaged" in report.problems[0]


def test_ntlm_file_is_not_usable(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = sorted(f"{rng.getrandbits(128):032X}:2" for _ in range(100))
    report = verify(write_lines(tmp_path / "ntlm.txt", lines))
    assert not report.usable and "NTLM" in report.problems[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"<html>Sign in</html>\n", "not a Pwned Passwords SHA-1 list"),
        (bytes(range(256)) * 40, "not a Pwned Passwords SHA-1 list"),
    ],
)
def test_other_files_are_not_usable(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "thing.txt"
    path.write_bytes(content)
    report = verify(path)
    assert not report.usable and words in report.problems[0]


def test_missing_path_is_not_usable(tmp_path: Path) -> None:
    report = verify(tmp_path / "nothing-here")
    assert not report.usable and "Nothing is there" in report.problems[0]


def test_prefix_folder_is_usable_and_says_how_complete(tmp_path: Path) -> None:
    folder = write_prefix_folder(tmp_path / "pwned", random_hashes(500, 8), "\n", True, True)
    report = verify(folder)
    assert report.usable and report.layout == "prefix folder"
    assert "of the 1,048,576 prefix files" in report.warnings[0]


def test_empty_folder_is_not_usable(tmp_path: Path) -> None:
    (tmp_path / "pwned").mkdir()
    (tmp_path / "pwned" / "readme.md").write_text("hello")
    report = verify(tmp_path / "pwned")
    assert not report.usable and "no per-prefix files" in report.problems[0]


def test_folder_with_a_damaged_file_is_not_usable(tmp_path: Path) -> None:
    folder = write_prefix_folder(tmp_path / "pwned", random_hashes(20, 9))
    first = sorted(folder.iterdir())[0]
    first.write_bytes(b"not a suffix line\r\n")
    report = verify(folder)
    assert not report.usable and first.name in report.problems[0]
