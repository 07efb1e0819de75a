"""The long reading pages with the keyboard alone, on a screen too short to show them all:
"What this app reads" and the Cyber Essentials page. Tab reaches the words, the arrow and
page keys scroll them to the last line, and Esc closes the page; on the Cyber Essentials
page a requirement's title is heard with its status."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from desktop.core.device import DeviceRunner
from desktop.core.device.cyber_essentials import standard_view
from desktop.core.policy.schema import Policy
from desktop.ui.device.reads import ReadsPage
from desktop.ui.device.standard_page import StandardPage
from tests.device_fakes import failing_sources

pytestmark = pytest.mark.gui

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)


def _scrolls_to_the_end_with_the_keyboard(qtbot, page: QWidget) -> None:  # type: ignore[no-untyped-def]
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
    # Down until the last line: every press moves the words on (the pages grow with each
    # new check, so the number of presses is not fixed).
    for _ in range(bar.maximum()):
        if bar.value() == bar.maximum():
            break
        before = bar.value()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        assert bar.value() > before, "Down did not scroll the words"
    assert bar.value() == bar.maximum()  # the last line can be reached


def test_what_this_app_reads_scrolls_with_the_keyboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ReadsPage()
    _scrolls_to_the_end_with_the_keyboard(qtbot, page)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not page.isVisible()


def test_the_requirements_scroll_with_the_keyboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    report = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW).run(
        Policy(malware_products=("clamav-daemon",))
    )
    page = StandardPage()
    page.show_view(standard_view(report))
    _scrolls_to_the_end_with_the_keyboard(qtbot, page)
    # A requirement's title is heard with its status, not by its name alone.
    names = [label.accessibleName() for label in page.findChildren(QLabel)]
    assert "Firewalls: Needs fixing" in names
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not page.isVisible()
