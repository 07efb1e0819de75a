"""Every learner-facing window reads at least as easily as the password screens did when
this test was written (Flesch reading ease of its sentences, tests/reading_level.py).

Measured on 7 December 2026 with readability 0.3.2: the check window with a weak
password typed 89.8, with an accepted one 96.9; the leak wizard's "Do these now" page
(the other password screen) 91.9.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.all_windows import WINDOW_MAKERS, open_all_with_results
from tests.reading_level import reading_ease, sentences, window_text

pytestmark = pytest.mark.gui

# The floor. Issue 22 asks for learner sentences at or above the reading ease of the
# password screens "today": about 83 with the tool the author used, 89.8 for the
# check window with a weak password with this package (readability 0.3.2, measured on
# 7 December 2026, see above). The two tools count syllables differently, so the floor
# sits between them: above the figure, with room for a new rule's lines (a weak
# password shows every rule the password fails, so each new rule adds sentences).
PASSWORD_SCREENS_TODAY = 85.0


def _screens(folder: Path) -> Iterator[tuple[str, list[str]]]:
    for name, window in open_all_with_results(folder):
        yield name, window_text(window)


@pytest.fixture(scope="module")
def measured(qapp, tmp_path_factory) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return dict(_screens(tmp_path_factory.mktemp("words")))


NAMES = sorted(
    (set(WINDOW_MAKERS.values()) - {"wizard"})
    | {"tray-menu"}
    | {f"wizard-{p}" for p in ("what", "account", "act", "about", "check", "done")}
)


@pytest.mark.parametrize("name", NAMES)
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
