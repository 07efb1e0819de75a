"""Types N passwords into the started app's check window and closes it each time, for
counting the copies left in memory (``tests/gui/test_faults_memory.py``,
``bench/bench_password_copies.py``).

    python tests/memory_driver.py N SEED INSTANCE

The whole tray app is started (``desktop.app.start``) on the X server in DISPLAY,
with --no-network and the keyring "fail" backend (so nothing leaves the process).
Each round opens "Check a new password", types a fresh password in both boxes with
real key events, waits until every check has answered, then closes the window by one
of the four routes in turn: the Close button, Esc, the window manager's close, and the
tray hiding it. After the last round the garbage collector runs, events are processed,
and the driver prints READY and waits for a line on standard input, so the parent can
read this process's memory. The passwords are ``password(SEED, i)``.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ROUTES = ("close-button", "escape", "window-manager", "tray-hide")
LIMIT_S = 30.0


def password(seed: str, i: int) -> str:
    """A password no other text in the process can contain by chance (24 characters)."""
    tail = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:12]
    return f"Qz{i:02d}-Harbour-{tail}"


def main(n: int, seed: str, instance: str) -> int:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

    from desktop.app import Running, start

    app = QApplication(sys.argv[:1])
    started = start(["--no-network"], instance_name=instance)
    assert isinstance(started, Running)
    controller = started.controller

    def wait_until(done: object) -> None:
        deadline = time.monotonic() + LIMIT_S
        while not done():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise SystemExit("the window did not finish its checks in time")
            QCoreApplication.processEvents()
            time.sleep(0.002)

    for i in range(n):
        window = controller.open_check_window()
        wait_until(window.isVisible)
        boxes = {e.objectName(): e for e in window.findChildren(QLineEdit)}
        for name in ("password", "confirm"):
            boxes[name].setFocus()
            QTest.keyClicks(boxes[name], password(seed, i))  # the driver keeps no copy
            wait_until(lambda w=window: w.local_done)
        wait_until(lambda w=window: w.slow_done and not controller.slow_runner.is_busy("slow"))
        wait_until(lambda w=window: w.verdict is not None and w.verdict.state.name != "CHECKING")
        route = ROUTES[i % len(ROUTES)]
        if route == "close-button":
            close = next(b for b in window.findChildren(QPushButton) if b.text() == "&Close")
            QTest.mouseClick(close, Qt.MouseButton.LeftButton)
        elif route == "escape":
            QTest.keyClick(window, Qt.Key.Key_Escape)
        elif route == "window-manager":
            # the path a window manager's close takes: a close request to the X window
            handle = window.windowHandle()
            assert handle is not None
            handle.close()
        else:
            window.hide()
        wait_until(lambda w=window: not w.isVisible())
        controller.local_runner.wait(5000)
        controller.slow_runner.wait(5000)
        for _ in range(5):
            QCoreApplication.processEvents()
    gc.collect()
    for _ in range(20):
        QCoreApplication.processEvents()
        time.sleep(0.01)
    gc.collect()
    print("READY", flush=True)
    sys.stdin.readline()
    controller.quit()
    started.stop()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]), sys.argv[2], sys.argv[3]))
