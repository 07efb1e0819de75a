"""Cost of "Check this computer": a full ``hygiene device`` run, each check's read, and
the idle cost of the removable-drive watch.

    python -m bench.bench_device [--runs N] [--watch-minutes M]

1. A full ``hygiene device --json`` run as a person starts it (a new interpreter each
   time), p50 and max over N runs, next to ``hygiene --version`` measured in the same
   run: the difference is what the device checks themselves cost.
2. Each fact's read on this computer through the real adapters (in-process, N runs):
   p50 and max per fact, and whether it was read or why not.
3. The removable-drive watch left running for M minutes with nothing plugged in:
   CPU seconds used and the process's context switches (wake-ups), next to the same
   process idle for the same time without the watch. It must be driven by OS signals,
   so both should be near zero. Skipped (and said so) where this system has no watch.

``--real-daemons`` (Linux, root: run under the device-test lock) measures part 1 with
the real daemons the checks ask, started on a private system bus as the device tests
start them (udisks2 with udevd, accounts-daemon, polkitd and PackageKit reading this
machine's apt lists), and a fresh state folder: the first run (no kept updates answer:
it starts PackageKit's search in a process of its own and does not wait for it, so its
updates check says "not checked" while the search is still looking, printed below) is
shown apart from the runs after it (the answer the search kept holds).

    python -m bench.bench_device --real-daemons --runs 10 --watch-minutes 0
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time_command(
    args: list[str],
    runs: int,
    extra_env: dict[str, str] | None = None,
    outputs: list[str] | None = None,
) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(extra_env or {})}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "desktop", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        times.append(time.perf_counter() - start)
        if outputs is not None:
            outputs.append(done.stdout)
    return times


def _updates_said(output: str) -> str:
    """The updates check's status and sentence in a ``hygiene device --json`` output."""
    import json

    try:
        doc = json.loads(output)
        (found,) = [c for c in doc["checks"] if c["id"] == "updates"]
    except (ValueError, KeyError, TypeError):
        return "(no document)"
    return f"{found['status']}: {found['summary'][:70]}"


def _ms(values: list[float]) -> str:
    return f"p50 {statistics.median(values) * 1000:7.1f} ms   max {max(values) * 1000:7.1f} ms"


def full_runs(runs: int) -> None:
    base = _time_command(["--version"], runs)
    device = _time_command(["device", "--json"], runs)
    print(f"hygiene --version        {_ms(base)}   (baseline: start-up only)")
    print(f"hygiene device --json    {_ms(device)}")
    extra = statistics.median(device) - statistics.median(base)
    ratio = statistics.median(device) / statistics.median(base)
    print(f"device checks add        {extra * 1000:7.1f} ms   ({ratio:.2f}x the baseline)")


def real_daemon_runs(runs: int) -> None:
    """Part 1 against the real daemons on a private system bus (see the module notes)."""
    import tempfile

    from tests.fixtures_device import accounts_daemon, packagekit_daemon, udisks_world

    with tempfile.TemporaryDirectory() as tmp, udisks_world() as world:
        bus = world.bus
        with accounts_daemon(bus, Path(tmp) / "etc"), packagekit_daemon(bus, Path(tmp) / "pk"):
            home = Path(tmp) / "home"
            env = {
                "DBUS_SYSTEM_BUS_ADDRESS": bus.address,
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_STATE_HOME": str(home / ".local/state"),
                "XDG_CACHE_HOME": str(home / ".cache"),
            }
            base = _time_command(["--version"], runs, env)
            said: list[str] = []
            first = _time_command(["device", "--json"], 1, env, said)
            time.sleep(5.0)  # the first run's search finishes in its own process
            device = _time_command(["device", "--json"], runs, env, said)
            reads = _reads_in_process(env, runs)
    print("With the real daemons (udisks2, accounts-daemon, PackageKit) on a private bus:")
    print(f"hygiene --version        {_ms(base)}   (baseline: start-up only)")
    print(f"hygiene device --json    {_ms(first)}   (first run: no kept updates answer)")
    print(f"                         updates: {_updates_said(said[0])}")
    print(f"hygiene device --json    {_ms(device)}   (runs after it)")
    print(f"                         updates: {_updates_said(said[-1])}")
    extra = statistics.median(device) - statistics.median(base)
    print(f"device checks add        {extra * 1000:7.1f} ms   (p50, runs after the first)")
    print(f"reading every fact       {_ms(reads)}   (in one process, all sources at once)")


def _reads_in_process(env: dict[str, str], runs: int) -> list[float]:
    """The checks' own cost: every source read at once, in a process already started."""
    code = (
        "import os, sys, time; from pathlib import Path\n"
        "from desktop.core.policy.schema import Policy\n"
        "from desktop.platform.device import build_runner\n"
        "runner, _ = build_runner(cache_dir=Path(os.environ['XDG_CONFIG_HOME']) / 'bench')\n"
        "runner.run(Policy()); time.sleep(5)\n"
        f"for _ in range({runs}):\n"
        "    t = time.perf_counter(); runner.run(Policy())\n"
        "    print(time.perf_counter() - t)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return [float(x) for x in out.stdout.split()] or [float("nan")]


def per_fact(runs: int) -> None:
    from desktop.core.policy.schema import Policy
    from desktop.platform.device import build_runner

    runner, found = build_runner()
    print(f"\nEach fact on this computer ({found.system}), {runs} runs, 2 s limit each:")
    per: dict[str, list[float]] = {}
    total: list[float] = []
    report = runner.run(Policy())  # once before timing: imports and first connections
    for _ in range(runs):
        start = time.perf_counter()
        report = runner.run(Policy())
        total.append(time.perf_counter() - start)
        for source_id, seconds in report.timings.items():
            per.setdefault(source_id, []).append(seconds)
    said = {f.check_id: f"{f.status.value}: {f.summary[:60]}" for f in report.findings}
    for source_id in sorted(runner.sources):
        times = per.get(source_id, [0.0])
        print(f"  {source_id:<20} {_ms(times)}   {said.get(source_id, '')}")
    print(f"  {'all at once':<20} {_ms(total)}   (read concurrently)")


def _cpu_and_switches() -> tuple[float, int]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_nvcsw + usage.ru_nivcsw


def _idle(seconds: float) -> tuple[float, int]:
    cpu0, sw0 = _cpu_and_switches()
    threading.Event().wait(seconds)
    cpu1, sw1 = _cpu_and_switches()
    return cpu1 - cpu0, sw1 - sw0


def watch_idle(minutes: float) -> None:
    from desktop.platform.device import device_sources

    found = device_sources()
    print(f"\nRemovable-drive watch idle for {minutes:g} min, nothing plugged in:")
    if found.drive_watch is None:
        print("  no drive watch on this system yet: nothing to measure")
        return
    seconds = minutes * 60
    base_cpu, base_sw = _idle(seconds)
    added: list[object] = []
    if not found.drive_watch.start(added.append):
        print("  the drive watch could not start here (no udisks2 on the system bus?)")
        return
    try:
        cpu, switches = _idle(seconds)
    finally:
        found.drive_watch.stop()
    print(f"  without the watch   CPU {base_cpu * 1000:7.1f} ms   context switches {base_sw}")
    print(f"  with the watch      CPU {cpu * 1000:7.1f} ms   context switches {switches}")
    per_min = switches / minutes if minutes else 0.0
    print(f"  watch wake-ups      {per_min:7.1f} a minute   drives seen: {len(added)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--watch-minutes", type=float, default=10.0)
    parser.add_argument(
        "--real-daemons",
        action="store_true",
        help="time the full run against real daemons on a private system bus (root)",
    )
    args = parser.parse_args()
    if args.real_daemons:
        real_daemon_runs(args.runs)
        return 0
    full_runs(args.runs)
    per_fact(args.runs)
    if args.watch_minutes > 0:
        watch_idle(args.watch_minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
