"""Enters a password into the real check window one way, on the X server in DISPLAY.

    python -m tests.settling_child RANGE_URL WAY PASSWORD

Run by ``tests/gui/test_ui_settling.py`` in a child process so the window runs on a real
X server (xcb). Keys are key events sent to the focused box; a paste goes through the X
clipboard and Ctrl+V. After every key the person "pauses": the window's pause timers
(fakes, so nothing waits for real time) are fired and any check they start is waited
for. Between stages the child prints ``STAGE name`` and waits for a line on stdin, so
the parent can count the range server's requests at that moment. Ends with one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
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


def wait_until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + LIMIT_S
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not finish its checks in time")
        QCoreApplication.processEvents()
        time.sleep(0.002)


class Person:
    """Keys, pastes and pauses on the real window."""

    def __init__(self, window: CheckWindow, checker: LiveChecker, pauses: FakeTimerFactory):
        self.window, self.checker, self.pauses = window, checker, pauses
        boxes = {e.objectName(): e for e in window.findChildren(QLineEdit)}
        self.first, self.second = boxes["password"], boxes["confirm"]

    def pause(self) -> None:
        wait_until(lambda: self.window.local_done)
        for timer in self.pauses.timers:
            timer.fire()
        wait_until(lambda: not self.checker.is_checking_slow())

    def go(self, box: QLineEdit) -> None:
        box.setFocus(Qt.FocusReason.MouseFocusReason)
        wait_until(box.hasFocus)
        QTest.keyClick(box, Qt.Key.Key_End)

    def type(self, box: QLineEdit, text: str) -> None:
        self.go(box)
        for ch in text:
            QTest.keyClicks(box, ch)
            self.pause()

    def key(self, box: QLineEdit, key: Qt.Key, times: int = 1) -> None:
        self.go(box)
        for _ in range(times):
            QTest.keyClick(box, key)
            self.pause()

    def paste(self, box: QLineEdit, text: str) -> None:
        clipboard = QApplication.clipboard()
        clipboard.setText(text)
        wait_until(lambda: clipboard.text() == text)
        self.go(box)
        QTest.keyClick(box, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        self.pause()
        clipboard.clear()

    def clear(self, box: QLineEdit) -> None:
        self.go(box)
        QTest.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(box, Qt.Key.Key_Backspace)
        self.pause()

    def tab_on(self, box: QLineEdit) -> None:
        self.go(box)
        QTest.keyClick(box, Qt.Key.Key_Tab)
        self.pause()

    def enter(self, box: QLineEdit) -> None:
        self.go(box)
        QTest.keyClick(box, Qt.Key.Key_Return)
        self.pause()


def stage(name: str) -> None:
    """Tell the parent where we are and wait until it has counted the requests."""
    print(f"STAGE {name}", flush=True)
    sys.stdin.readline()


def enter(person: Person, way: str, password: str) -> None:
    p, first, second = person, person.first, person.second
    if way == "type":
        p.type(first, password)
        p.type(second, password)
    elif way == "paste":
        p.paste(first, password)
        p.paste(second, password)
    elif way == "second_first":
        p.type(second, password)
        p.type(first, password)
        stage("matched")
        p.tab_on(first)
    elif way == "edit_after_match":
        p.type(first, password)
        p.type(second, password)
        stage("settled")
        p.type(first, "!")
        p.type(second, "!")
    elif way == "delete_both":
        p.type(first, password)
        p.type(second, password)
        stage("settled")
        p.key(first, Qt.Key.Key_Backspace, 3)
        p.key(second, Qt.Key.Key_Backspace, 3)
        stage("cut")
        p.enter(second)
    elif way == "clear_retype":
        p.type(first, password[::-1])
        p.clear(first)
        p.type(first, password)
        p.type(second, password)
    else:
        raise SystemExit(f"unknown way: {way}")


def main(url: str, way: str, password: str) -> int:
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
    wait_until(window.isActiveWindow)
    wait_until(lambda: QApplication.focusWidget() is not None)  # the window's first focus
    person = Person(window, checker, pauses)
    enter(person, way, password)
    wait_until(lambda: window.slow_done)
    print(
        json.dumps(
            {
                "first": len(person.first.text()),
                "second": len(person.second.text()),
                "verdict": window.verdict_text(),
                "breached": window.checklist.text_of("breached"),
            }
        ),
        flush=True,
    )
    window.close()
    local.wait(5000)
    slow.wait(5000)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
