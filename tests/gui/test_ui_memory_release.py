"""The tray app hands freed memory back to the system once work pauses: after a check's
store and network results arrive (not while a person is still typing), and after the
remembered personal words have been read from the keyring; and at once after the first
check, which builds the strength scorer's dictionaries."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLineEdit

from desktop.core.checks import build_pipeline
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Policy
from desktop.core.policy.service import PolicyService
from desktop.core.settings import UserSettings
from desktop.core.words import PersonalWordsStore
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.shell.controller import RELEASE_MEMORY_DELAY_MS, AppController, Collaborators
from tests.doubles import MemoryKeyring

STRONG = "velvet orchard compass lantern 42"


def test_memory_is_given_back_after_the_first_check_and_when_checking_pauses(qtbot, tmp_path: Path):
    released: list[int] = []
    timers = FakeTimerFactory()
    effective = EffectivePolicy(Policy(breach_check="off"), {})
    controller = AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(tmp_path / "settings.json"),
            timers=timers,
            release_memory=lambda: released.append(1),
        )
    )
    window = controller.open_check_window()
    qtbot.addWidget(window)
    release = next(t for t in timers.timers if t.callback == controller._release_memory)
    boxes = {e.objectName(): e for e in window.findChildren(QLineEdit)}

    def check(text: str, results: int) -> None:
        boxes["password"].setText(text)
        boxes["confirm"].setText(text)
        for pause in [t for t in timers.timers if t is not release and t.is_active()]:
            pause.fire()  # the pause in typing after which the slow rules run
        # each arrival of the store and network results (re)starts the wait
        qtbot.waitUntil(lambda: release.starts == results, timeout=15_000)
        qtbot.waitUntil(lambda: window.local_done and window.slow_done, timeout=15_000)

    assert not release.is_active() and released == []  # nothing checked yet
    boxes["password"].setText("a")  # the first key: its local results give back at once
    qtbot.waitUntil(lambda: released == [1], timeout=15_000)
    assert not release.is_active()
    check(STRONG, 1)
    assert release.is_active() and release.interval_ms == RELEASE_MEMORY_DELAY_MS
    assert released == [1]  # later checks wait for the pause
    check(STRONG + "!", 2)  # a second check inside the pause starts the wait again
    assert release.is_active() and released == [1]
    release.fire()
    assert released == [1, 1]
    window.close()
    controller.local_runner.wait(10_000)
    controller.slow_runner.wait(10_000)


def test_memory_is_given_back_after_the_personal_words_are_read(qtbot, tmp_path: Path):
    released: list[int] = []
    timers = FakeTimerFactory()
    controller = AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy),
            policy=PolicyService.fixed(EffectivePolicy(Policy(breach_check="off"), {})),
            settings=UserSettings(tmp_path / "settings.json"),
            words_store=PersonalWordsStore(MemoryKeyring()),
            timers=timers,
            release_memory=lambda: released.append(1),
        )
    )
    release = next(t for t in timers.timers if t.callback == controller._release_memory)
    assert not release.is_active()
    controller.words.load()
    qtbot.waitUntil(lambda: controller.words.is_loaded, timeout=15_000)
    assert release.is_active() and released == []
    release.fire()
    assert released == [1]
    controller.slow_runner.wait(10_000)
