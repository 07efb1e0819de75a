"""The breach benchmark's quick mode still runs and prints every figure (no timing checks)."""

import subprocess
import sys

from tests.cli_helpers import ROOT


def test_quick_breach_benchmark_prints_its_figures() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_breach", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    lines = {line.split("  ")[0]: line for line in out.stdout.splitlines()}
    assert lines["answers correct"].split()[-1] == "yes"
    assert "1,000,000 hashes" in lines["breach list"]
    for row in ("lookup, warm", "lookup, cold", "share, warm", "share, cold"):
        assert "interpolation p50" in lines[row] and "bisection p50" in lines[row]
        assert "p99" in lines[row] and " ms" in lines[row]
    reads = lines["reads per lookup"]
    assert "interpolation mean" in reads and "bisection mean" in reads
    assert "end checks" in reads
    assert "interpolation mean" in lines["model reads"] and "100,000,000" in lines["model reads"]
    assert "MiB" in lines["memory, lookups"] and "MiB" in lines["memory, scan"]
    assert "per lookup" in lines["line-by-line scan"]
    assert "x" in lines["speed-up vs scan"]
