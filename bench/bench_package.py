"""Benchmark of the packaged app against running from source.

Prints, for the PyInstaller one-folder build and for ``python -m desktop.app``:
- the size on disk (the .deb's Installed-Size, the frozen folder, and the runtime
  packages a source install needs) and the .deb's own size;
- the time from launch to the first visible window (``--check``) on a private Xvfb,
  cold (page cache dropped first, when run as root) and warm (median of several runs);
- the same for the command line (``hygiene --version``), which needs no Qt.

Goals from the issue: warm start to window <= 0.5 s, installed size <= 150 MB.

    python bench/bench_package.py [--runs 7] [--cold-runs 3]

Builds the frozen app and the .deb first if needed (cached by packaging/build-frozen.sh).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FROZEN = ROOT / "build" / "frozen" / "hygiene-helper"
GOAL_WARM_S = 0.5
GOAL_INSTALLED_MB = 150
RUNTIME_REQUIREMENTS = (
    "PySide6-Essentials",
    "zxcvbn-rs-py",
    "zxcvbn",
    "keyring",
    "pyhibp",
    "requests",
    "cryptography",
)


def mb(n_bytes: float) -> float:
    return n_bytes / 1_000_000


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def runtime_packages_bytes() -> int:
    """Bytes of the installed distributions a source install needs, dependencies included."""
    seen: set[str] = set()
    todo = list(RUNTIME_REQUIREMENTS)
    total = 0
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                total += path.stat().st_size
        for req in dist.requires or []:
            if "extra ==" in req:
                continue
            todo.append(
                req.split(";")[0]
                .split("[")[0]
                .split("(")[0]
                .split("<")[0]
                .split(">")[0]
                .split("=")[0]
                .split("!")[0]
                .split("~")[0]
                .strip()
            )
    return total


def build() -> Path:
    env = dict(os.environ, PYTHON=sys.executable)
    for script in ("packaging/build-frozen.sh", "packaging/linux/build-deb.sh"):
        done = subprocess.run(["bash", script], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{script} failed:\n{done.stdout}\n{done.stderr}")
    debs = sorted((ROOT / "dist").glob("hygiene-helper_*.deb"), key=lambda p: p.stat().st_mtime)
    return debs[-1]


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.xserver import start_xvfb as _start_xvfb

    return _start_xvfb("1280x900x24")


def drop_caches() -> bool:
    """Empty the page cache so the next start reads from disk; only root may."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def window_time(command: list[str], display: str) -> float:
    """Seconds from launch until the process has a visible window (polled every 10 ms)."""
    with tempfile.TemporaryDirectory() as home:
        runtime = Path(home) / "runtime"
        runtime.mkdir(mode=0o700)
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG")}
        env.update(
            HOME=home,
            XDG_CONFIG_HOME=f"{home}/.config",
            XDG_RUNTIME_DIR=str(runtime),
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            PYTHONPATH=str(ROOT),
        )
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            while time.perf_counter() - t0 < 30:
                found = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)],
                    capture_output=True,
                    env=env,
                )
                if found.stdout.strip():
                    return time.perf_counter() - t0
                if proc.poll() is not None:
                    raise SystemExit(f"{command[0]} exited with {proc.returncode} before a window")
                time.sleep(0.01)
            raise SystemExit(f"{command[0]} showed no window in 30 s")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def cli_time(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    return time.perf_counter() - t0


def measure(fn: Callable[[], float], runs: int, cold_runs: int) -> tuple[float, float]:
    """(cold, warm) seconds: cold is the median of runs after dropping the page cache."""
    cold = []
    for _ in range(cold_runs):
        if not drop_caches():
            break
        cold.append(fn())
    # Without root the first run of this session is the best "cold" figure there is.
    cold_value = statistics.median(cold) if cold else fn()
    fn()  # warm-up
    warm = statistics.median(fn() for _ in range(runs))
    return cold_value, warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="warm runs per figure (median)")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold runs per figure (median)")
    args = parser.parse_args()

    deb = build()
    installed_kb = int(
        subprocess.run(
            ["dpkg-deb", "-f", str(deb), "Installed-Size"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    frozen_mb = mb(folder_bytes(FROZEN))
    source_mb = mb(runtime_packages_bytes() + folder_bytes(ROOT / "desktop"))
    cold_note = "page cache dropped" if drop_caches() else "first run (not root: cache kept)"

    xvfb, display = start_xvfb()
    try:
        gui_frozen = measure(
            lambda: window_time(
                [str(FROZEN / "hygiene-helper"), "--check", "--no-network"], display
            ),
            args.runs,
            args.cold_runs,
        )
        gui_source = measure(
            lambda: window_time(
                [sys.executable, "-m", "desktop.app", "--check", "--no-network"], display
            ),
            args.runs,
            args.cold_runs,
        )
    finally:
        xvfb.terminate()
        xvfb.wait()
    cli_frozen = measure(
        lambda: cli_time([str(FROZEN / "hygiene"), "--version"]), args.runs, args.cold_runs
    )
    cli_source = measure(
        lambda: cli_time([sys.executable, "-m", "desktop", "--version"]), args.runs, args.cold_runs
    )

    print(f"Hygiene Helper package benchmark ({args.runs} warm runs, cold: {cold_note})")
    print()
    print(f"{'':34}{'frozen':>10}{'source':>10}{'ratio':>8}")
    print(
        f"{'installed size (MB)':34}{installed_kb * 1024 / 1e6:>10.1f}{source_mb:>10.1f}"
        f"{installed_kb * 1024 / 1e6 / source_mb:>8.2f}"
    )
    print(f"{'  of which the app folder (MB)':34}{frozen_mb:>10.1f}")
    print(f"{'.deb size (MB)':34}{mb(deb.stat().st_size):>10.1f}{'-':>10}")
    for label, frozen, source in (
        ("start to window, cold (s)", gui_frozen[0], gui_source[0]),
        ("start to window, warm (s)", gui_frozen[1], gui_source[1]),
        ("'hygiene --version', cold (s)", cli_frozen[0], cli_source[0]),
        ("'hygiene --version', warm (s)", cli_frozen[1], cli_source[1]),
    ):
        print(f"{label:34}{frozen:>10.3f}{source:>10.3f}{frozen / source:>8.2f}")
    print()
    print(
        "source size = the runtime packages in the virtual environment plus desktop/ "
        "(the Python runtime itself not counted)"
    )
    warm_ok = gui_frozen[1] <= GOAL_WARM_S
    size_ok = installed_kb * 1024 / 1e6 <= GOAL_INSTALLED_MB
    print(f"goal: warm start to window <= {GOAL_WARM_S} s: {'met' if warm_ok else 'NOT met'}")
    print(f"goal: installed size <= {GOAL_INSTALLED_MB} MB: {'met' if size_ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
