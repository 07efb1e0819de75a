"""What the removable-drive watch costs while no drive is plugged in.

Starts a private system bus, systemd-udevd and udisksd (as the device tests do; needs
root), then runs two processes side by side for the same period:

- watch: the real ``UdisksDriveWatch``, waiting for udisks2's ``InterfacesAdded``
  signals (no timer at all);
- polling: the baseline a simple app would use, asking udisks2 for all its objects
  (``GetManagedObjects``) once a second and comparing.

Each is measured from outside through /proc after it has settled: CPU time of all its
threads (``schedstat``, nanoseconds) and wake-ups (voluntary plus involuntary context
switches of all threads). At the end a removable stick (a vfat loop device) is plugged
in, to show the watch was alive and how soon it told.

``--with-tray`` also runs ``bench/bench_reminders_idle.py`` for the same period and
prints its figures, to compare with the tray's own idle cost.

    python -m bench.bench_device_watch            # 10 minutes
    python -m bench.bench_device_watch --seconds 60
"""

from __future__ import annotations

import argparse
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child_watch(bus: str) -> None:
    from desktop.platform.device.linux.udisks import UdisksDriveWatch

    def told(drive: object) -> None:
        print(f"drive {time.monotonic():.6f}", flush=True)

    watch = UdisksDriveWatch(bus=bus)
    if not watch.start(told):
        print("cannot watch", flush=True)
        return
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        watch.stop()


def child_poll(bus: str) -> None:
    from desktop.platform.dbus import DBusCaller
    from desktop.platform.device.linux.udisks import managed_objects

    caller = DBusCaller(bus, timeout=2)

    def seen() -> set[tuple[str, str]]:
        # An existing block device that gains a filesystem counts as a new drive too.
        return {
            (path, iface) for path, ifaces in managed_objects(caller).items() for iface in ifaces
        }

    known = seen()
    print("ready", flush=True)
    while True:
        time.sleep(1)
        now = seen()
        if now - known:
            print(f"drive {time.monotonic():.6f}", flush=True)
        known = now


def sample(pid: int) -> tuple[float, int]:
    """CPU seconds and context switches of all threads of ``pid`` so far."""
    cpu_ns, switches = 0, 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            cpu_ns += int((task / "schedstat").read_text().split()[0])
            for line in (task / "status").read_text().splitlines():
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    switches += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return cpu_ns / 1e9, switches


def start_child(mode: str, bus: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_device_watch", "--child", mode, "--bus", bus],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if line != "ready":
        raise SystemExit(f"{mode} did not start: {line!r}")
    return proc


def _told(proc: subprocess.Popen[str], plugged: float, limit: float = 15.0) -> float:
    """Seconds from plugging the stick in until the child said so (nan: it never did)."""
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], limit)
    if not ready:
        return float("nan")
    line = proc.stdout.readline().split()
    return float(line[1]) - plugged if len(line) == 2 else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--with-tray", action="store_true")
    parser.add_argument("--child", choices=("watch", "poll"))
    parser.add_argument("--bus", default="")
    args = parser.parse_args()
    if args.child == "watch":
        child_watch(args.bus)
        return
    if args.child == "poll":
        child_poll(args.bus)
        return

    from tests.fixtures_device import REMOVABLE_TAG, loop_device, make_vfat, udisks_world

    # Stopped from outside (a time limit, Ctrl-C): still stop every daemon and detach.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

    tray: subprocess.Popen[str] | None = None
    with udisks_world() as world, tempfile.TemporaryDirectory() as tmp:
        bus = world.bus.address
        children = {mode: start_child(mode, bus) for mode in ("watch", "poll")}
        try:
            if args.with_tray:
                tray = subprocess.Popen(
                    [
                        sys.executable,
                        "bench/bench_reminders_idle.py",
                        "--seconds",
                        str(args.seconds),
                    ],
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            time.sleep(2.0)  # let imports and the first replies settle
            before = {m: sample(p.pid) for m, p in children.items()}
            started = time.monotonic()
            time.sleep(args.seconds)
            took = time.monotonic() - started
            after = {m: sample(p.pid) for m, p in children.items()}
            stick = make_vfat(Path(tmp) / f"{REMOVABLE_TAG}.img", label="BENCH")
            plugged = time.monotonic()
            with loop_device(stick):
                told = {mode: _told(proc, plugged) for mode, proc in children.items()}
        finally:
            for proc in children.values():
                proc.terminate()
                proc.wait(timeout=10)
                if proc.stdout is not None:
                    proc.stdout.close()

    print(f"removable-drive watch, idle for {took:.0f} s (udisks2 on a private system bus)")
    print(f"{'':10} {'CPU s':>10} {'wake-ups':>10} {'wake-ups/min':>13} {'told after':>11}")
    figures = {}
    for mode in ("watch", "poll"):
        cpu = after[mode][0] - before[mode][0]
        wakes = after[mode][1] - before[mode][1]
        figures[mode] = (cpu, wakes)
        print(
            f"{mode:10} {cpu:10.4f} {wakes:10d} {wakes / took * 60:13.1f} "
            f"{told[mode] * 1000:9.0f} ms"
        )
    cpu_ratio = figures["watch"][0] / figures["poll"][0] if figures["poll"][0] else float("nan")
    wake_ratio = figures["watch"][1] / figures["poll"][1] if figures["poll"][1] else float("nan")
    print(f"watch / polling: CPU {cpu_ratio:.3f}, wake-ups {wake_ratio:.3f}")
    if tray is not None:
        out, _ = tray.communicate(timeout=args.seconds + 300)
        print("\nthe tray's own idle figures (bench/bench_reminders_idle.py, same period):")
        print(out.rstrip())


if __name__ == "__main__":
    main()
