"""The drive-watch benchmark still runs and prints both rows (no timing assertions: the
figures live in docs/developers.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.fixtures_device import ROOT, need

pytestmark = pytest.mark.device


def test_drive_watch_benchmark_prints_both_rows() -> None:
    need("udevadm")
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_device_watch", "--seconds", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    rows = {
        words[0]: words
        for words in (line.split() for line in out.stdout.splitlines())
        if words and words[-1] == "ms"
    }
    assert {"watch", "poll"} <= set(rows)
    assert rows["watch"][-1] == "ms" and rows["watch"][-2] != "nan"  # it told of the stick
