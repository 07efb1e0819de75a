"""Opens every window of the app on a real X server and reports whether it fits the screen.

    python -m tests.window_fit_probe [--shots FOLDER]   # JSON on stdout

Run with DISPLAY set to a private Xvfb with a window manager, QT_QPA_PLATFORM=xcb and,
for zoom, QT_SCALE_FACTOR. For each window in tests/all_windows.py it reports: the
frame (title bar included) against the screen's free area, the window's smallest
possible width against the screen, every visible control that lies (partly) outside the
window and cannot be scrolled to, and every scroll area whose content is wider than it
(text cut at the side) or taller with no way to scroll.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QMenu, QWidget

from desktop.ui.kit.focus import install_focus_ring
from tests.all_windows import open_all


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def measure(name: str, window: QWidget) -> dict[str, Any]:
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    inner = _rect(window)
    out_of_window: list[str] = []
    cut_areas: list[str] = []
    clipped: list[str] = []
    for child in window.findChildren(QWidget):
        if not child.isVisibleTo(window) or child.isWindow():
            continue
        if isinstance(child, QLabel) and child.isVisible() and not child.wordWrap():
            text = child.text()
            if text and "<" not in text and "\n" not in text:
                wanted = child.fontMetrics().horizontalAdvance(text.replace("&", ""))
                room = child.contentsRect().width() - 2 * child.margin()
                if wanted > room + 2:
                    clipped.append(text[:60])
        if isinstance(child, QAbstractScrollArea) and child.isVisible():
            content = child.viewport().childrenRect()
            vbar, hbar = child.verticalScrollBar(), child.horizontalScrollBar()
            if content.width() > child.viewport().width() + 1 and not hbar.isVisible():
                cut_areas.append(f"{type(child).__name__} {child.accessibleName()}: too wide")
            if vbar.maximum() == 0 and content.height() > child.viewport().height() + 1:
                cut_areas.append(f"{type(child).__name__} {child.accessibleName()}: no scroll")
        if _inside_scroll_area(child, window) or not child.isVisible():
            continue
        where = _rect(child)
        if where.width() > 0 and not inner.adjusted(-1, -1, 1, 1).contains(where):
            label = child.accessibleName() or getattr(child, "text", lambda: "")() or ""
            out_of_window.append(f"{type(child).__name__}:{label}"[:80])
    return {
        "name": name,
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "on_screen": screen.adjusted(-1, -1, 1, 1).contains(frame),
        "min_width": window.minimumSizeHint().width()
        if not isinstance(window, QMenu)
        else window.sizeHint().width(),
        "out_of_window": out_of_window,
        "cut_areas": cut_areas,
        "clipped_labels": clipped,
    }


def settle(window: QWidget) -> None:
    if not isinstance(window, QMenu):
        window.show()
        window.raise_()
        window.activateWindow()
    QTest.qWaitForWindowExposed(window, 10_000)
    # Results first (the device checks run on a worker), then the window manager's frame.
    rows = getattr(window, "rows", None)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        window.frameGeometry().isEmpty() or (rows is not None and not rows)
    ):
        QTest.qWait(50)
    QTest.qWait(400)  # the window manager places and frames it; layouts settle


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, help="save a PNG of each window here")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Hygiene Helper")
    install_focus_ring(app)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, window in open_all(Path(tmp)):
            settle(window)
            out.append(measure(name, window))
            if args.shots:
                window.grab().save(str(args.shots / f"{name}.png"))
    print(json.dumps(out, indent=1))
    app.processEvents()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
