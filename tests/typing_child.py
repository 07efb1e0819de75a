"""Types a password into the real check window, key by key, on the X server in DISPLAY.

    python -m tests.typing_child RANGE_URL PASSWORD

Run by ``test_ui_breach_requests.py`` in a child process so the window runs on a real
X server (xcb), not Qt's offscreen platform. Each character is a real key event; after
each one the person "pauses": the window's pause timers (fakes, so nothing waits for
real time) are fired and any check they start is waited for. The password is typed in
the first box, then again in the second. Prints one JSON line: the verdict and the
breach line as shown.
"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QCoreApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.core.checks import build_pipeline
from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.policy.schema import Policy
from desktop.ui.check.live import LazyPipeline, LiveChecker, make_runners
from desktop.ui.check.window import CheckWindow
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.wiring import Options, Services

LIMIT_S = 20.0


def wait_until(done: object) -> None:
    deadline = time.monotonic() + LIMIT_S
    while not done():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit("the window did not finish its checks in time")
        QCoreApplication.processEvents()
        time.sleep(0.002)


def main(url: str, password: str) -> int:
    app = QApplication([sys.argv[0]])
    policy = Policy(hibp_api_url=url)
    history = PasswordHistory(MemoryStore(), policy.history_depth)
    pipeline = build_pipeline(
        policy, Services(Options(), readers=()).breach_lookup(policy), history
    )
    local, slow = make_runners()
    pauses = FakeTimerFactory()
    checker = LiveChecker(LazyPipeline.of(pipeline), local, slow, pauses)
    words = PersonalWordsModel(None, slow, FakeTimerFactory())
    window = CheckWindow(checker, words, policy, history.add_password, slow)
    window.show()
    window.activateWindow()
    wait_until(window.isVisible)
    boxes = {e.objectName(): e for e in window.findChildren(QLineEdit)}
    for name in ("password", "confirm"):
        box = boxes[name]
        box.setFocus()
        for ch in password:
            QTest.keyClicks(box, ch)
            wait_until(lambda: window.local_done)
            for timer in pauses.timers:  # the person pauses after every key
                timer.fire()
            wait_until(lambda: not checker.is_checking_slow())
    wait_until(lambda: window.slow_done)
    print(
        json.dumps(
            {
                "typed": boxes["password"].text() == password == boxes["confirm"].text(),
                "verdict": window.verdict_text(),
                "breached": window.checklist.text_of("breached"),
            }
        )
    )
    window.close()
    local.wait(5000)
    slow.wait(5000)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
