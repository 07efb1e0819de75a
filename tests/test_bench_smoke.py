"""The benchmark scripts still run (no timing assertions: figures live in the README)."""

import subprocess
import sys

from tests.cli_helpers import ROOT


def test_checker_benchmark_prints_every_row() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_checker", "--runs", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    rows = [
        line
        for line in out.stdout.splitlines()
        if line.startswith(("random", "patterned", "repeated"))
    ]
    assert len(rows) == 15
    assert all("refuses" in r for r in rows if r.split()[1] == "128")
