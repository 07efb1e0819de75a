"""Copies of typed passwords left in the running app's memory after N checks.

    python -m bench.bench_password_copies [--rounds 4 16 32]

For each N, the tray app runs in its own process on a private Xvfb
(``tests/memory_driver.py``): N passwords are typed with real key events into "Check
a new password", all checks answer, and the window is closed by Close, Esc, the
window manager's close and the tray hiding it, in turn. After garbage collection the
process's memory is read through /proc/PID/mem and each password is counted as
UTF-8, UTF-16 and UTF-32. Printed per N: whole copies of all N passwords, copies of
the earlier ones (all but the last), and live Python strings holding one (references
the app kept). Goal: no live string, and copies that do not grow with N.

Needs root (or ptrace rights over a child process), Xvfb and the app's dependencies.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    from tests.memory_driver import password
    from tests.memory_scan import measure
    from tests.xserver import start_xvfb, stop

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, nargs="+", default=[4, 16, 32])
    args = parser.parse_args(argv)
    proc, display = start_xvfb()
    worst_live = 0
    try:
        print(f"{'N':>4} {'copies':>7} {'of earlier':>10} {'live strs':>9}")
        for n in args.rounds:
            with tempfile.TemporaryDirectory() as home:
                copies, live = measure(n, f"bench{n}", display, Path(home))
            earlier = sum(copies[password(f"bench{n}", i)] for i in range(n - 1))
            worst_live = max(worst_live, sum(live.values()))
            print(f"{n:>4} {sum(copies.values()):>7} {earlier:>10} {sum(live.values()):>9}")
    finally:
        stop(proc)
    print(
        "goal: 0 live strings, copies not growing with N:", "met" if worst_live == 0 else "NOT met"
    )
    return 0 if worst_live == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
