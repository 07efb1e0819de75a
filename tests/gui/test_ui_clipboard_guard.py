"""What the app itself puts on the clipboard from a suggestion is cleared after a while and
when the window closes; what the person copied from elsewhere is left alone."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.ui.kit.clipboard import ClipboardGuard
from desktop.ui.kit.timers import FakeTimerFactory

pytestmark = pytest.mark.gui
MODE = QClipboard.Mode.Clipboard


def test_a_watched_text_is_cleared_after_a_while(qapp) -> None:  # type: ignore[no-untyped-def]
    timers = FakeTimerFactory()
    guard = ClipboardGuard(timers)
    clipboard = QGuiApplication.clipboard()
    guard.watch("kettle orbit lantern mosaic")
    clipboard.setText("orbit lantern", MODE)  # part of it, copied from the app
    assert clipboard.text(MODE) == "orbit lantern"
    for timer in timers.timers:
        timer.fire()
    assert clipboard.text(MODE) == ""


def test_other_text_is_left_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    timers = FakeTimerFactory()
    guard = ClipboardGuard(timers)
    clipboard = QGuiApplication.clipboard()
    guard.watch("kettle orbit lantern mosaic")
    clipboard.setText("a shopping list", MODE)
    for timer in timers.timers:
        timer.fire()
    guard.clear_now()
    assert clipboard.text(MODE) == "a shopping list"


def test_closing_the_check_window_clears_a_copied_suggestion(check_window_factory) -> None:  # type: ignore[no-untyped-def]
    ui = check_window_factory()
    suggest = next(
        b
        for b in ui.window.findChildren(QPushButton)
        if b.accessibleName() == "Suggest a passphrase"
    )
    suggest.click()
    words = ui.window.findChild(QLabel, "suggestion").text().splitlines()[0]
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(words, MODE)
    ui.window.close()
    assert clipboard.text(MODE) == ""
