"""Results that appear after an action are scrolled into view on a small window: the
passphrase suggestion, and the verdict (a mismatch) while typing in the second box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

pytestmark = pytest.mark.gui


def in_view(area: QScrollArea, widget: QWidget) -> bool:
    viewport = area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().intersects(QRect(top_left, widget.size()))


def small(ui) -> QScrollArea:  # type: ignore[no-untyped-def]
    ui.window.resize(500, 340)  # 1024x768 at 200 % leaves about this much
    ui.qtbot.waitUntil(lambda: ui.window.stacked, timeout=5_000)
    area = ui.window.findChild(QScrollArea)
    assert area is not None
    return area


def test_the_suggestion_is_brought_into_view(check_window_factory) -> None:  # type: ignore[no-untyped-def]
    ui = check_window_factory()
    area = small(ui)
    suggestion = ui.window.findChild(QLabel, "suggestion")
    suggest = next(
        b
        for b in ui.window.findChildren(QPushButton)
        if b.accessibleName() == "Suggest a passphrase"
    )
    area.verticalScrollBar().setValue(0)
    suggest.click()
    ui.qtbot.waitUntil(lambda: in_view(area, suggestion), timeout=5_000)


def test_a_mismatch_verdict_is_brought_into_view(check_window_factory) -> None:  # type: ignore[no-untyped-def]
    ui = check_window_factory()
    area = small(ui)
    verdict = ui.window.findChild(QLabel, "verdict")
    ui.type_password("kettle orbit lantern mosaic", confirm="kettle orbit lantern mosaik")
    ui.settle()
    assert "different" in ui.verdict()
    assert in_view(area, verdict)
    assert in_view(area, ui.confirm)  # and the box being typed in stays in view
