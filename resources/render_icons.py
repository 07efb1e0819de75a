"""Renders resources/icon.svg to the PNG sizes the app and installers use.

Run from the repository root after changing the drawing:
    QT_QPA_PLATFORM=offscreen python resources/render_icons.py
PNGs are shipped so the app does not need the SVG plugin at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)


def main() -> int:
    here = Path(__file__).resolve().parent
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(here / "icon.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(here / f"icon-{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
