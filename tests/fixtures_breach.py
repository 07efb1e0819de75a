"""Fixtures for breach lookups: a range service on 127.0.0.1, a closed port, a fake
clock, and writers for offline breach lists (sorted file and per-prefix folder)."""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.kit.clock import ManualClock
from tests.range_server import RangeServer


@pytest.fixture
def range_server() -> Iterator[RangeServer]:
    """A running range service on 127.0.0.1; add breached passwords with add_password."""
    with RangeServer() as server:
        yield server


@pytest.fixture
def refused_range_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens, so connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/range/"


@pytest.fixture
def breach_clock() -> ManualClock:
    """The app's one test clock; the lookup reads its ``monotonic`` side."""
    return ManualClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))


def random_hashes(count: int, seed: int) -> dict[str, int]:
    """``count`` distinct random SHA-1 hex strings with counts from 1 to 5,000."""
    rng = random.Random(seed)
    out: dict[str, int] = {}
    while len(out) < count:
        out[f"{rng.getrandbits(160):040X}"] = rng.randint(1, 5000)
    return out


def sorted_lines(hashes: dict[str, int], lower: bool = False) -> list[str]:
    lines = [f"{h}:{c}" for h, c in sorted(hashes.items())]
    return [line.lower() for line in lines] if lower else lines


def write_lines(
    path: Path,
    lines: list[str],
    line_end: str = "\r\n",
    bom: bool = False,
    final_line_end: bool = True,
) -> Path:
    """Write lines the way the downloader might: CRLF or LF, with or without a BOM."""
    text = line_end.join(lines) + (line_end if final_line_end else "")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("ascii"))
    return path


def write_prefix_folder(
    folder: Path,
    hashes: dict[str, int],
    line_end: str = "\r\n",
    bom: bool = False,
    lower: bool = False,
) -> Path:
    """One ABCDE.txt per prefix holding SUFFIX:COUNT lines, as the range service answers."""
    folder.mkdir(parents=True, exist_ok=True)
    by_prefix: dict[str, list[str]] = {}
    for full, count in sorted(hashes.items()):
        by_prefix.setdefault(full[:5], []).append(f"{full[5:]}:{count}")
    for prefix, lines in by_prefix.items():
        name = f"{prefix.lower() if lower else prefix}.txt"
        write_lines(folder / name, [ln.lower() for ln in lines] if lower else lines, line_end, bom)
    return folder
