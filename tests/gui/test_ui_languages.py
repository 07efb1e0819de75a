"""Every screen speaks the chosen language and still fits: Welsh, Polish and the pseudo ones.

``en-XA`` makes every sentence 40 % longer and marks both ends with ⟦ ⟧; ``ar-XB`` runs
right to left. On a real X server at the two sizes learners meet most (1366x768 at
125 %, 1024x768 at 200 %), ``tests/a11y_probe.py`` opens the check window, Settings and
every page of the leak-report wizard in the language and reports what it met: a text
with no marks is one the mechanism missed, a control cut off is a layout that does not
survive a longer language.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.core.kit import i18n
from tests.fixtures_ui import xvfb

ROOT = Path(__file__).resolve().parents[2]
SIZES = {
    "1366x768 at 125%": ("1366x768x24", "1.25"),
    "1024x768 at 200%": ("1024x768x24", "2"),
}
SCREENS = {
    "check",
    "settings",
    "wizard-what",
    "wizard-account",
    "wizard-act",
    "wizard-about",
    "wizard-check",
    "wizard-done",
}
# Shown as they are in every language: the reference code, numbers, the app's name,
# language names (each written in its own language), and the person's own answers.
AS_IS = re.compile(
    r"^(PW-[0-9A-Z-]+|[\d\s.,:%/–-]+|Hygiene Helper|English|Cymraeg|Polski|\[Pseudo: .*\]|"
    r"[•✓✗⚠…\s]+|College email|Alex Smith|.*@college\.test.*)$",
    re.DOTALL,
)


def probe(tmp_path: Path, screen: str, scale: str, language: str) -> list[dict[str, Any]]:
    with xvfb(screen) as display:
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "QT_SCALE_FACTOR": scale,
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_RUNTIME_DIR": str(tmp_path),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(ROOT),
        }
        done = subprocess.run(
            [sys.executable, "-m", "tests.a11y_probe", "--language", language],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=110,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    report: list[dict[str, Any]] = json.loads(done.stdout)
    return report


# The shipped languages (their real words and access keys) and the two pseudo-languages.
LANGUAGES = (*i18n.shipped()[1:], *i18n.PSEUDO)
CASES = [(size, language) for language in LANGUAGES for size in SIZES]


@pytest.fixture(scope="module", params=CASES, ids=[f"{lang} {size}" for size, lang in CASES])
def report(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[dict[str, Any]]]:
    size, language = request.param
    screen, scale = SIZES[size]
    return language, probe(tmp_path_factory.mktemp("probe"), screen, scale, language)


@pytest.mark.xvfb
def test_every_screen_opens_and_lies_on_the_screen(report: tuple[str, list[Any]]) -> None:
    _language, screens = report
    assert {s["screen"] for s in screens} == SCREENS
    misplaced = {s["screen"]: s["window"] for s in screens if not s["window_on_screen"]}
    assert misplaced == {}


@pytest.mark.xvfb
def test_every_control_is_reached_and_shown_whole(report: tuple[str, list[Any]]) -> None:
    _language, screens = report
    problems = {
        s["screen"]: {
            "off screen": s["off_screen"],
            "never reached": s["unreached"],
            "words cut": s["cut_words"],
        }
        for s in screens
        if s["off_screen"] or s["unreached"] or s["cut_words"]
    }
    assert problems == {}


@pytest.mark.xvfb
def test_every_text_on_every_screen_is_in_the_language(report: tuple[str, list[Any]]) -> None:
    language, screens = report
    if language not in i18n.PSEUDO:
        pytest.skip("only a pseudo-language marks every sentence")
    mark = "⟦" if language == i18n.PSEUDO_LONG else "\u202e"
    missed = {
        s["screen"]: [t for t in s["texts"] if mark not in t and not AS_IS.match(t)]
        for s in screens
    }
    assert {k: v for k, v in missed.items() if v} == {}


@pytest.mark.xvfb
def test_no_access_key_is_used_twice_in_a_window(report: tuple[str, list[Any]]) -> None:
    _language, screens = report
    assert {s["screen"]: s["clashes"] for s in screens if s["clashes"]} == {}


@pytest.mark.xvfb
def test_right_to_left_languages_lay_the_windows_out_right_to_left(
    report: tuple[str, list[Any]],
) -> None:
    language, screens = report
    expected = "RightToLeft" if i18n.load(language).direction == "rtl" else "LeftToRight"
    assert {s["screen"]: s["direction"] for s in screens} == dict.fromkeys(SCREENS, expected)
