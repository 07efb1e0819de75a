"""The words of "What this app reads" can be reached with the keyboard alone: Tab reaches
them and the arrow and page keys scroll them, on a screen too short to show them all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from desktop.ui.device.reads import ReadsPage

pytestmark = pytest.mark.gui


def test_the_words_scroll_with_the_keyboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ReadsPage()
    qtbot.addWidget(page)
    page.resize(420, 260)  # a short, zoomed screen
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5_000)
    area = page.findChild(QScrollArea)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the words do not fit, so they must scroll"
    for _ in range(6):  # Tab reaches the words (the only other stop is Close)
        if area.isAncestorOf(QApplication.focusWidget()):
            break
        qtbot.keyClick(QApplication.focusWidget() or page, Qt.Key.Key_Tab)
    assert area.isAncestorOf(QApplication.focusWidget())
    start = bar.value()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown)
    assert bar.value() > start
    # Down until the last line: every press moves the words on (the page grows with
    # each new check, so the number of presses is not fixed).
    for _ in range(bar.maximum()):
        if bar.value() == bar.maximum():
            break
        before = bar.value()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        assert bar.value() > before, "Down did not scroll the words"
    assert bar.value() == bar.maximum()  # the last line can be reached
