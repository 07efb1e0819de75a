"""Where the desktop app's memory goes, per package, at start and after 100 checks.

    python -m bench.bench_memory [--no-imports] [--no-app]

Two views, each printed as a table:

* Importing alone: for each package, a fresh interpreter reports its resident memory
  (VmRSS) before and after importing just that package, and the Python memory the
  import allocated (tracemalloc). What a package shares with others (the standard
  library it pulls in, Qt) is counted with each, so the rows do not add up.
* Inside the app: the tray app with its check window, started as ``bench_ui`` starts it
  (Xvfb, ``--no-network``, a private gnome-keyring, so nothing personal is touched),
  then 100 full checks through the window, then 20 more with two personal words (which
  bring in the personal rule's word lists). At each point: resident memory, and the
  Python memory still held, by the top-level package of the code that allocated it,
  with the number of modules loaded from that package. Python memory is measured in a
  second run under tracemalloc, which costs memory of its own; resident memory comes
  from the run without it.

The figures change from run to run by a few hundred KiB; the rows that matter are the
packages that appear, or disappear, between "start" and "after 100 checks".
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench.private_keyring import KINDS

ROOT = Path(__file__).resolve().parents[1]

# (row, modules to import). Qt's row is the baseline every window pays; the others are
# what the app may load on top, most of it only when first needed.
IMPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Qt widgets (PySide6 QtCore, QtGui, QtWidgets)", ("PySide6.QtWidgets",)),
    ("Qt network (QtNetwork)", ("PySide6.QtNetwork",)),
    ("keyring", ("keyring",)),
    ("the OS keyring lookup (platform.keyring, no backend yet)", ("desktop.platform.keyring",)),
    ("cryptography (Argon2id)", ("cryptography.hazmat.primitives.kdf.argon2",)),
    ("requests (online breach check)", ("requests",)),
    ("smtplib and email (report sending)", ("smtplib", "email.message")),
    ("jeepney (D-Bus)", ("jeepney", "jeepney.io.blocking")),
    ("regex", ("regex",)),
    ("zxcvbn 4.5.0 (Python)", ("zxcvbn",)),
    ("zxcvbn-rs-py (Rust)", ("zxcvbn_rs_py",)),
    ("password rules (core.checks)", ("desktop.core.checks",)),
    ("password history (core.history)", ("desktop.core.history",)),
    ("leak report (core.report, all modules)", ("desktop.core.report.smtp",)),
    ("device checks (core.device)", ("desktop.core.device",)),
    ("device readers (platform.device.linux)", ("desktop.platform.device.linux",)),
    ("composition root (wiring)", ("desktop.wiring",)),
    ("tray app's windows (wiring.gui)", ("desktop.wiring.gui",)),
    ("leak-report wizard (ui.report.wizard)", ("desktop.ui.report.wizard",)),
)

_IMPORT_CHILD = """
import importlib, json, sys, tracemalloc
def rss():
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
traced = sys.argv[2] == "traced"  # tracemalloc costs memory itself: RSS comes untraced
before = rss()
modules = len(sys.modules)
if traced:
    tracemalloc.start()
for name in json.loads(sys.argv[1]):
    importlib.import_module(name)
python_mib = tracemalloc.get_traced_memory()[0] / 2**20 if traced else 0.0
print(json.dumps({"rss": rss() - before, "python": python_mib,
                  "modules": len(sys.modules) - modules, "base": before}))
"""


def measure_imports() -> list[tuple[str, dict[str, float]]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    rows = []
    for label, modules in IMPORTS:
        runs = {}
        for mode in ("traced", "plain"):
            done = subprocess.run(
                [sys.executable, "-c", _IMPORT_CHILD, json.dumps(modules), mode],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            if done.returncode != 0:
                raise SystemExit(f"bench_memory: importing {modules} failed:\n{done.stderr}")
            runs[mode] = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append((label, {**runs["plain"], "python": runs["traced"]["python"]}))
    return rows


# ----- the app, in a child on Xvfb --------------------------------------------------


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _package_of(filename: str) -> str:
    """The top-level package (or standard-library module) a source file belongs to."""
    path = Path(filename)
    parts = path.parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            rest = parts[parts.index(marker) + 1 :]
            return rest[0].removesuffix(".py") if rest else marker
    try:
        return "desktop." + path.relative_to(ROOT / "desktop").parts[0].removesuffix(".py")
    except ValueError:
        pass
    if filename.startswith("<frozen "):
        return "python (frozen)"
    stdlib = Path(os.__file__).parent
    try:
        inside = path.relative_to(stdlib).parts
        return "stdlib: " + inside[0].removesuffix(".py")
    except ValueError:
        return "other"


def _modules_by_package() -> Counter[str]:
    counts: Counter[str] = Counter()
    for module in list(sys.modules.values()):
        filename = getattr(module, "__file__", None)
        counts[_package_of(filename) if filename else "built-in"] += 1
    return counts


def _python_by_package() -> Counter[str]:
    import tracemalloc

    if not tracemalloc.is_tracing():
        return Counter()
    by: Counter[str] = Counter()
    for stat in tracemalloc.take_snapshot().statistics("filename"):
        by[_package_of(stat.traceback[0].filename)] += stat.size
    return by


def child_app() -> dict[str, object]:
    """Start the app with its check window, then run 100 checks; snapshot at both."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit

    from desktop.app import Running, start

    started = start(["--check", "--no-network"], instance_name=f"hh-bench-mem-{os.getpid()}")
    assert isinstance(started, Running)
    app, controller = started.app, started.controller
    window = controller.check_window
    assert window is not None
    boxes = {e.objectName(): e for e in window.findChildren(QLineEdit)}
    out: dict[str, object] = {}
    state = {"i": 0}

    def snapshot(name: str) -> None:
        out[name] = {
            "rss": _rss_mib(),
            "python": dict(_python_by_package()),
            "modules": dict(_modules_by_package()),
        }

    words = next(
        e for e in window.findChildren(QLineEdit) if e.accessibleName() == "Personal words"
    )

    def next_check() -> None:
        i = state["i"]
        if i == 100:
            snapshot("after")
            words.setText("Maisie, 14/03/2015")
            words.textEdited.emit(words.text())  # as typed by the person
        if i >= 120:
            snapshot("words")
            app.quit()
            return
        if i == 0 or (window.local_done and window.slow_done):
            text = f"candidate {i} of a hundred words"
            if i >= 100:  # a name with one letter changed: the rule looks up its word lists
                text = f"Maizie-{i} lantern orbit"
            boxes["password"].setText(text)
            boxes["confirm"].setText(text)
            controller._checker.recheck_slow()  # as if the person paused
            state["i"] = i + 1
        QTimer.singleShot(1, next_check)

    def started_up() -> None:
        snapshot("start")
        QTimer.singleShot(0, next_check)

    QTimer.singleShot(1000, started_up)  # first paint and the start-up work settle
    QTimer.singleShot(180_000, app.quit)
    app.exec()
    return out


def run_app(traced: bool, keyring_kind: str) -> dict[str, dict[str, object]]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.private_keyring import keyring_env
    from tests.xserver import start_xvfb

    xvfb, display = start_xvfb("1600x1000x24")
    try:
        with tempfile.TemporaryDirectory() as home, keyring_env(keyring_kind) as keyring:
            env = {
                **os.environ,
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "XDG_CONFIG_HOME": f"{home}/config",
                "XDG_STATE_HOME": f"{home}/state",
                "XDG_RUNTIME_DIR": home,
                "PYTHONPATH": str(ROOT),
                **keyring,
            }
            env.pop("QT_SCALE_FACTOR", None)
            argv = [sys.executable, *(["-X", "tracemalloc=1"] if traced else [])]
            done = subprocess.run(
                [*argv, "-m", "bench.bench_memory", "--child"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    if done.returncode != 0:
        raise SystemExit(f"bench_memory: the app run failed:\n{done.stderr[-2000:]}")
    result: dict[str, dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report_app(keyring_kind: str) -> None:
    plain = run_app(False, keyring_kind)
    traced = run_app(True, keyring_kind)
    start, after = traced["start"], traced["after"]
    assert isinstance(start["python"], dict) and isinstance(after["python"], dict)
    assert isinstance(start["modules"], dict) and isinstance(after["modules"], dict)
    print(
        f"\nInside the app (Xvfb, keyring: {keyring_kind}): resident memory "
        f"{plain['start']['rss']:.1f} MiB at start, "
        f"{plain['after']['rss']:.1f} MiB after 100 checks, {plain['words']['rss']:.1f} MiB "
        "after 20 more with two personal words"
    )
    print("Python memory held, by package of the allocating code (a run under tracemalloc):")
    print(f"{'package':<34}{'start KiB':>11}{'after KiB':>11}{'modules':>9}{'after':>7}")
    packages = set(start["python"]) | set(after["python"])
    rows = sorted(packages, key=lambda p: -int(after["python"].get(p, 0)))
    shown = 0
    for package in rows:
        before_kib = int(start["python"].get(package, 0)) / 1024
        after_kib = int(after["python"].get(package, 0)) / 1024
        if max(before_kib, after_kib) < 64 and shown >= 25:
            continue
        shown += 1
        print(
            f"{package:<34}{before_kib:>11.0f}{after_kib:>11.0f}"
            f"{start['modules'].get(package, 0):>9}{after['modules'].get(package, 0):>7}"
        )
    total_start = sum(int(v) for v in start["python"].values()) / 2**20
    total_after = sum(int(v) for v in after["python"].values()) / 2**20
    print(f"{'all Python memory (MiB)':<34}{total_start:>11.1f}{total_after:>11.1f}")


def report_imports() -> None:
    rows = measure_imports()
    base = rows[0][1]["base"]
    print(f"Importing alone, each in a fresh interpreter (the interpreter: {base:.1f} MiB)")
    print(f"{'package':<58}{'RSS MiB':>9}{'Python MiB':>12}{'modules':>9}")
    for label, row in rows:
        print(f"{label:<58}{row['rss']:>9.1f}{row['python']:>12.1f}{int(row['modules']):>9}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-imports", action="store_true", help="skip the import table")
    parser.add_argument("--no-app", action="store_true", help="skip the app table")
    parser.add_argument("--keyring", choices=KINDS, default=KINDS[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_app()))
        return 0
    if not args.no_imports:
        report_imports()
    if not args.no_app:
        report_app(args.keyring)
    return 0


if __name__ == "__main__":
    sys.exit(main())
