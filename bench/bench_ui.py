"""Desktop app figures on a real X server (Xvfb), each next to a baseline from the same run.

    python -m bench.bench_ui [--runs N]

* Launch to window shown: from just before the process starts to the first paint of
  the check window (``python -m desktop.app --check``), median of N runs. Baseline: a
  bare PySide6 program that shows an empty QWidget.
* Resident memory (VmRSS) right after start and after 100 full checks (local rules,
  then reuse and breach as after a pause), as the last check answers and 2.5 s later
  (the app gives freed memory back once checking pauses). Baseline: the bare program.
* Worst GUI-thread stall while typing a 64-character password at 30 ms a key: a 1 ms
  heartbeat timer on the GUI thread records the longest gap between its ticks, while
  the checks run as they do for a person (local on every key, the rest after a pause).
  Baselines: the same heartbeat with the window idle, and typing into a plain line edit.

Goals: start <= 0.6 s, memory <= 80 MiB after start and <= 90 MiB after 100 checks,
stall <= 16 ms. Where the memory goes, package by package: ``bench/bench_memory.py``.
Nothing here touches the network or the person's keyring: the breach check runs with
--no-network, and the keyring is a private gnome-keyring on its own D-Bus session
(``--keyring fail`` gives keyring's "fail" backend instead, which answers "not
checked" at once, as the figures before December 2026 were measured). ``--breach online``
runs the breach check as it is set by default, over HTTP, against a range server on
127.0.0.1 in a process of its own: the goals are for the offline check, and this shows
what the online one adds (pyhibp's ``requests`` and TLS).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.private_keyring import KINDS

ROOT = Path(__file__).resolve().parents[1]
TYPED = "correct horse battery staple and then some more words to type!!"[:64]
GOALS = {"start_s": 0.6, "rss_start_mib": 80.0, "rss_after_mib": 90.0, "stall_ms": 16.0}


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# ----- children (each runs in its own process on the Xvfb display) ------------------

POLICY_VARIABLE = "HH_BENCH_POLICY"  # set by the parent for ``--breach online``


def app_args() -> list[str]:
    """The app's command line: the breach check offline, or against the local server."""
    policy = os.environ.get(POLICY_VARIABLE)
    return ["--check", "--policy", policy] if policy else ["--check", "--no-network"]


def child_launch(kind: str, t0: float) -> dict[str, float]:
    """Start the app (or the bare baseline) and report when its window first paints."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    if kind == "app":
        from desktop.app import Running, start

        started = start(app_args(), instance_name=f"hh-bench-{os.getpid()}")
        assert isinstance(started, Running)
        app = started.app
        window = started.controller.check_window
    else:
        from PySide6.QtWidgets import QApplication, QWidget

        app = QApplication([sys.argv[0]])
        window = QWidget()
        window.resize(800, 600)
        window.show()
    result: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "shown" not in result:
                result["shown"] = time.monotonic() - t0
                QTimer.singleShot(300, app.quit)  # let start-up settle before measuring
            return False

    spy = FirstPaint()
    assert window is not None
    window.installEventFilter(spy)
    QTimer.singleShot(20_000, app.quit)
    app.exec()
    result["rss_mib"] = rss_mib()
    return result


def child_checks(kind: str) -> dict[str, float]:
    """100 full checks through the real window; RSS before and after."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

    if kind == "baseline":
        app = QApplication([sys.argv[0]])
        widget = QWidget()
        widget.show()
        app.processEvents()
        return {"rss_start": rss_mib(), "rss_after": rss_mib(), "rss_settled": rss_mib()}
    from desktop.app import Running, start

    started = start(app_args(), instance_name=f"hh-bench-{os.getpid()}")
    assert isinstance(started, Running)
    app, controller = started.app, started.controller
    window = controller.check_window
    assert window is not None
    boxes = {e.objectName(): e for e in window.findChildren(QLineEdit)}
    app.processEvents()
    out = {"rss_start": rss_mib()}
    state = {"i": 0}

    def next_check() -> None:
        i = state["i"]
        if i >= 100:
            out["rss_after"] = rss_mib()
            # The app gives freed memory back once checking has paused for 2 s.
            QTimer.singleShot(2500, lambda: (out.__setitem__("rss_settled", rss_mib()), app.quit()))
            return
        if i == 0 or (window.local_done and window.slow_done):
            text = f"candidate {i} of a hundred words"
            boxes["password"].setText(text)
            boxes["confirm"].setText(text)
            controller._checker.recheck_slow()  # as if the person paused
            state["i"] = i + 1
        QTimer.singleShot(1, next_check)

    QTimer.singleShot(0, next_check)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    return out


def child_typing(kind: str) -> dict[str, float]:
    """Type 64 characters at 30 ms a key; report the longest gap in a 1 ms heartbeat."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    if kind == "plain":
        app = QApplication([sys.argv[0]])
        target = QLineEdit()
        target.show()
        window = None
    else:
        from desktop.app import Running, start

        started = start(app_args(), instance_name=f"hh-bench-{os.getpid()}")
        assert isinstance(started, Running)
        app = started.app
        window = started.controller.check_window
        assert window is not None
        target = next(e for e in window.findChildren(QLineEdit) if e.objectName() == "password")
        # Load zxcvbn and the keyring first, as the window does before anyone types.
        target.setText("warm up")
        deadline = time.monotonic() + 10
        while not window.local_done and time.monotonic() < deadline:
            app.processEvents()
        target.clear()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.timeout.connect(beat)
    typed = [0]
    final: list[str] = []

    def key() -> None:
        if kind == "idle" or typed[0] >= len(TYPED):
            final.append(target.text())
            # A further second covers the checks that run after the pause in typing.
            QTimer.singleShot(1000, app.quit)
            return
        QTest.keyClick(target, TYPED[typed[0]])
        typed[0] += 1
        QTimer.singleShot(30, key)

    QTimer.singleShot(50, lambda: (last.__setitem__(0, time.perf_counter()), heart.start(1)))
    QTimer.singleShot(100 if kind != "idle" else 100 + 30 * len(TYPED), key)
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    if kind != "idle":
        assert final == [TYPED], "the typing did not reach the box"
    worst = max(gaps) * 1000 - 1.0  # the heartbeat's own 1 ms period is not a stall
    return {"stall_ms": max(0.0, worst), "beats": float(len(gaps))}


# ----- the parent: Xvfb, runs, report ---------------------------------------------


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.xserver import start_xvfb as _start_xvfb

    return _start_xvfb("1600x1000x24")


def run_child(display: str, home: str, keyring: dict[str, str], *args: str) -> dict[str, float]:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_RUNTIME_DIR": home,
        "PYTHONPATH": str(ROOT),
        **keyring,
    }
    env.pop("QT_SCALE_FACTOR", None)
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_ui", "--child", *args, "--t0", repr(t0)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        raise SystemExit(f"bench_ui: child {args} failed:\n{proc.stderr[-2000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


@contextmanager
def breach_env(kind: str, home: str) -> Iterator[dict[str, str]]:
    """``offline``: nothing. ``online``: a range server on 127.0.0.1 in a process of its
    own (so none of its memory is counted), named in a policy file the app is given."""
    if kind == "offline":
        yield {}
        return
    server = subprocess.Popen(
        [sys.executable, "-c", RANGE_SERVER],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise SystemExit("bench_ui: the range server did not start")
        policy = Path(home) / "policy.toml"
        policy.write_text(f'hibp_api_url = "{url}"\n', encoding="utf-8")
        yield {POLICY_VARIABLE: str(policy)}
    finally:
        server.kill()
        server.wait(timeout=10)


RANGE_SERVER = """
import time
from tests.range_server import RangeServer
server = RangeServer().start()
print(server.url, flush=True)
time.sleep(3600)  # until the benchmark stops it
"""


def report(runs: int, keyring_kind: str, breach: str = "offline") -> int:
    from bench.private_keyring import keyring_env

    xvfb, display = start_xvfb()
    try:
        with (
            tempfile.TemporaryDirectory() as home,
            keyring_env(keyring_kind) as keyring_vars,
            breach_env(breach, home) as breach_vars,
        ):
            keyring = {**keyring_vars, **breach_vars}
            launches = {
                kind: [run_child(display, home, keyring, "launch", kind) for _ in range(runs)]
                for kind in ("baseline", "app")
            }
            checks = {
                kind: run_child(display, home, keyring, "checks", kind)
                for kind in ("baseline", "app")
            }
            typing = {
                kind: [
                    run_child(display, home, keyring, "typing", kind)["stall_ms"]
                    for _ in range(runs)
                ]
                for kind in ("idle", "plain", "app")
            }
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)

    start_app = statistics.median(r["shown"] for r in launches["app"])
    start_base = statistics.median(r["shown"] for r in launches["baseline"])
    rss_start = statistics.median(r["rss_mib"] for r in launches["app"])
    rss_base = statistics.median(r["rss_mib"] for r in launches["baseline"])
    rss_after = checks["app"]["rss_after"]
    # Each typing run reports its worst gap; the median over runs keeps one hiccup of
    # this shared machine out of the figure, and the worst run is printed beside it.
    stall = statistics.median(typing["app"])
    idle = statistics.median(typing["idle"])
    print(
        f"Desktop app on Xvfb, keyring: {keyring_kind}, breach check: {breach}; "
        f"{runs} runs of each measure, "
        "medians (baselines alongside)"
    )
    print(f"{'measure':<34}{'app':>10}{'baseline':>10}{'ratio':>8}{'goal':>8}  ok")
    rows = [
        ("launch to window shown (s)", start_app, start_base, GOALS["start_s"]),
        ("memory after start (MiB)", rss_start, rss_base, GOALS["rss_start_mib"]),
        ("memory after 100 checks (MiB)", rss_after, rss_base, GOALS["rss_after_mib"]),
        ("  same, 2.5 s later (MiB)", checks["app"]["rss_settled"], rss_base, None),
        ("worst stall typing 64 chars (ms)", stall, idle, GOALS["stall_ms"]),
        ("  same, plain line edit (ms)", statistics.median(typing["plain"]), idle, None),
    ]
    for name, value, base, goal in rows:
        ratio = value / base if base > 0 else float("inf")
        goal_text = "" if goal is None else f"{goal:g}"
        ok = "" if goal is None else ("yes" if value <= goal else "NO")
        print(f"{name:<34}{value:>10.3f}{base:>10.3f}{ratio:>8.2f}{goal_text:>8}  {ok}")
    print(
        f"worst single typing run: app {max(typing['app']):.1f} ms, idle window "
        f"{max(typing['idle']):.1f} ms, plain line edit {max(typing['plain']):.1f} ms"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keyring", choices=KINDS, default=KINDS[0])
    parser.add_argument("--breach", choices=("offline", "online"), default="offline")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "KIND"), help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, kind = args.child
        if what == "launch":
            result = child_launch(kind, args.t0)
        elif what == "checks":
            result = child_checks(kind)
        else:
            result = child_typing(kind)
        print(json.dumps(result))
        return 0
    return report(max(1, args.runs), args.keyring, args.breach)


if __name__ == "__main__":
    sys.exit(main())
