"""The history benchmark still runs and prints every row (figures live in docs/developers.md)."""

import subprocess
import sys

from tests.cli_helpers import ROOT


def test_history_benchmark_prints_both_designs_and_the_ratios() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_history", "--runs", "1", "--depths", "1,3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    rows = [line.split() for line in out.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [r[0] for r in rows] == ["1", "3"]
    # Derivations per check: flat for this design, depth x strings for the naive one.
    assert rows[0][5] == rows[1][5] == "11"
    assert (rows[0][10], rows[1][10]) == ("11", "33")
    assert "flatness" in out.stdout and "history add" in out.stdout
