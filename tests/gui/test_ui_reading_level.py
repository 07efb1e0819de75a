"""Every learner-facing window reads at least as easily as the password screens did when
this test was written (Flesch reading ease of its sentences, tests/reading_level.py).

Measured on 7 December 2026 with readability 0.3.2: the check window with a weak
password typed 89.8, with an accepted one 96.9; the leak wizard's "Do these now" page
(the other password screen) 91.9. The floor is the lower password screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtTest import QTest

from desktop.ui.check.window import CheckWindow
from desktop.ui.device.window import DeviceWindow
from desktop.ui.report.wizard import ReportWizard
from tests.a11y_probe import _answer
from tests.all_windows import WINDOW_MAKERS, open_all
from tests.reading_level import reading_ease, sentences, window_text

pytestmark = pytest.mark.gui

PASSWORD_SCREENS_TODAY = 89.8
# Words that come from desktop/core/device (being rewritten elsewhere): known to read
# harder than the floor. Strict: this fails as soon as they pass, so the mark goes.
KNOWN_HARD = {"device", "reads", "it"}


def _wait_until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, "the window never showed its results"
        QTest.qWait(50)


def _screens(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, text) of every window, with results on screen where there are any."""
    for name, window in open_all(folder):
        QTest.qWaitForWindowExposed(window, 10_000)
        if isinstance(window, CheckWindow):
            window._password.setText("password1")
            window._confirm.setText("password1")
            _wait_until(lambda w=window: w.local_done and w.slow_done)
        if isinstance(window, DeviceWindow):
            _wait_until(lambda w=window: bool(w.rows))
        if isinstance(window, ReportWizard):
            for page in _answer(window):
                yield page, window_text(window)
            continue
        yield name, window_text(window)


@pytest.fixture(scope="module")
def measured(qapp, tmp_path_factory) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return dict(_screens(tmp_path_factory.mktemp("words")))


NAMES = sorted(
    (set(WINDOW_MAKERS.values()) - {"wizard"})
    | {"tray-menu"}
    | {f"wizard-{p}" for p in ("what", "account", "act", "about", "check", "done")}
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="core device words"))
        if n in KNOWN_HARD
        else n
        for n in NAMES
    ],
)
def test_window_reads_as_easily_as_the_password_screens(
    measured: dict[str, list[str]], name: str
) -> None:
    texts = measured[name]
    ease = reading_ease(texts)
    hardest = sorted(sentences(texts), key=lambda s: reading_ease([s]))[:3]
    assert ease >= PASSWORD_SCREENS_TODAY, (round(ease, 1), hardest)


def test_the_measure_tells_easy_from_hard() -> None:
    easy = ["Type the new password. You will see at once if it is a good one."]
    hard = [
        "Authentication credentials necessitate comprehensive cryptographic verification "
        "procedures notwithstanding organisational configuration considerations."
    ]
    assert reading_ease(easy) > PASSWORD_SCREENS_TODAY > reading_ease(hard)
