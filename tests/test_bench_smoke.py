"""The benchmark scripts still run (no timing assertions: figures live in docs/developers.md)."""

import subprocess
import sys

from tests.cli_helpers import ROOT


def test_checker_benchmark_prints_every_row() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_checker", "--runs", "3", "--corpus", "50"],
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
    assert "largest organisation list (1,000 words" in out.stdout
    assert "false refusals on 50 good passphrases (seed 7)" in out.stdout


def test_device_benchmark_prints_the_full_run_and_each_fact() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_device", "--runs", "1", "--watch-minutes", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "hygiene device --json" in out.stdout and "device checks add" in out.stdout
    for fact in ("screen_lock", "disk_encryption", "firewall", "updates", "auto_login"):
        assert f"  {fact} " in out.stdout
