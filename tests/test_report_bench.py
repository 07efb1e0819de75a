"""The report benchmark still runs and prints every row (figures live in docs/developers.md)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_report_benchmark_prints_every_row() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_report", "--runs", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    names = [line.split()[0] for line in out.stdout.splitlines()[1:]]
    assert names == ["draft", "render", "send", "wizard"]
    assert all(" x" in line for line in out.stdout.splitlines()[1:])
