"""Fixtures for the desktop window tests: build a real check window with injected parts.

``check_window_factory(pipeline=..., record=..., words_store=...)`` builds a
``CheckWindow`` wired as the app wires it (real runners on real thread pools, the
real pipeline) except that the "pause in typing" timer is a ``FakeTimer`` the test
fires, so no test waits for real time. ``UiHarness`` adds the steps a person takes:
type into a box, wait for the checks, read a checklist line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.core.checks import Pipeline, build_pipeline
from desktop.core.policy.schema import Policy
from desktop.core.words import PersonalWordsStore
from desktop.ui.check.live import LazyPipeline, LiveChecker, make_runners
from desktop.ui.check.window import CheckWindow
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.timers import FakeTimerFactory

# Re-exported for the window tests that have always found them here.
from tests.support import (  # noqa: F401
    MemoryKeyring,
    memory_history,
    require_tool,
    tray_host,
    xvfb,
)

WAIT_MS = 15_000


@dataclass
class UiHarness:
    """A check window and the fakes behind it, with the steps a person takes."""

    window: CheckWindow
    checker: LiveChecker
    pause: FakeTimerFactory
    words: PersonalWordsModel
    qtbot: object
    announce: FakeTimerFactory  # the "typing has paused, read the verdict out" timer

    @property
    def password(self) -> QLineEdit:
        return self.window.findChild(QLineEdit, "password")

    @property
    def confirm(self) -> QLineEdit:
        return self.window.findChild(QLineEdit, "confirm")

    def type_password(self, text: str, confirm: str | None = None) -> None:
        """Type into both boxes key by key, as a person would."""
        self.password.clear()
        self.qtbot.keyClicks(self.password, text)  # type: ignore[attr-defined]
        self.confirm.clear()
        self.qtbot.keyClicks(self.confirm, text if confirm is None else confirm)  # type: ignore[attr-defined]

    def pause_typing(self) -> None:
        """The person stops typing: the slow checks start."""
        for timer in self.pause.timers:
            timer.fire()

    def settle(self) -> None:
        """Wait for every check on what is typed now, as after a pause in typing."""
        self.qtbot.waitUntil(lambda: self.window.local_done, timeout=WAIT_MS)  # type: ignore[attr-defined]
        self.pause_typing()
        self.qtbot.waitUntil(lambda: self.window.slow_done, timeout=WAIT_MS)  # type: ignore[attr-defined]

    def line(self, rule_id: str) -> str:
        return self.window.checklist.text_of(rule_id)

    def verdict(self) -> str:
        return self.window.verdict_text()


WindowFactory = Callable[..., UiHarness]


@pytest.fixture
def check_window_factory(qtbot: object) -> Iterator[WindowFactory]:
    made: list[UiHarness] = []

    def make(
        pipeline: Pipeline | None = None,
        record: Callable[[str], None] | None = None,
        words_store: PersonalWordsStore | None = None,
        policy: Policy | None = None,
    ) -> UiHarness:
        policy = policy or Policy()
        pipe = pipeline or build_pipeline(policy)
        local, slow = make_runners()
        pause = FakeTimerFactory()
        checker = LiveChecker(LazyPipeline.of(pipe), local, slow, pause)
        words = PersonalWordsModel(words_store, slow, FakeTimerFactory())
        announce = FakeTimerFactory()
        window = CheckWindow(checker, words, policy, record, slow, timers=announce)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        harness = UiHarness(window, checker, pause, words, qtbot, announce)
        made.append(harness)
        return harness

    yield make
    for harness in made:
        harness.window.close()
        harness.checker.clear()
        # Let running workers finish before the next test builds its window.
        for runner in (harness.checker._local, harness.checker._slow):
            runner.wait(WAIT_MS)


def press(qtbot: object, widget: object, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)  # type: ignore[attr-defined]
