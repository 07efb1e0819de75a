"""The focus ring: at least 3:1 against the window in light, dark and high-contrast themes,
drawn round whichever control has focus, also when focus is set in code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.kit.focus import (
    MIN_CONTRAST,
    RING_GAP,
    RING_WIDTH,
    contrast,
    install_focus_ring,
    ring_colour,
    ring_of,
)


def palette(window: str, text: str, highlight: str) -> QPalette:
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor(window))
    p.setColor(QPalette.ColorRole.WindowText, QColor(text))
    p.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
    return p


THEMES = {
    # Qt's Fusion light palette: its pale highlight line is what measured 1.3-1.7:1.
    "light": palette("#efefef", "#000000", "#308cc6"),
    "light, pale highlight": palette("#efefef", "#000000", "#9cc3e5"),
    "dark": palette("#2b2b2b", "#ffffff", "#2a82da"),
    "dark, dim highlight": palette("#2b2b2b", "#e0e0e0", "#3a4a5a"),
    "high contrast (black)": palette("#000000", "#ffffff", "#1aebff"),
    "high contrast (white)": palette("#ffffff", "#000000", "#37006e"),
}


def test_contrast_is_the_wcag_ratio():
    assert round(contrast(QColor("#000000"), QColor("#ffffff")), 1) == 21.0
    assert round(contrast(QColor("#767676"), QColor("#ffffff")), 2) == 4.54


def test_the_ring_stands_out_in_every_theme():
    for name, theme in THEMES.items():
        colour = ring_colour(theme)
        background = theme.color(QPalette.ColorRole.Window)
        assert contrast(colour, background) >= MIN_CONTRAST, name


def test_the_ring_goes_round_the_focused_control_even_when_set_in_code(qtbot):
    app = QApplication.instance()
    install_focus_ring(app)
    window = QWidget()
    window.setPalette(THEMES["dark"])
    layout = QVBoxLayout(window)
    first, second = QLineEdit(), QPushButton("Next")
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    second.setFocus(Qt.FocusReason.OtherFocusReason)  # focus set in code, not by Tab
    ring = ring_of(window)
    qtbot.waitUntil(lambda: ring.isVisible() and ring.target is second, timeout=15_000)
    margin = RING_WIDTH + RING_GAP
    expected = second.geometry().adjusted(-margin, -margin, margin, margin)
    assert ring.geometry() == expected
    # The ring's pixels are the ring colour, which stands out from the dark window.
    image = window.grab().toImage()
    edge = image.pixelColor(expected.left(), expected.center().y())
    assert contrast(edge, THEMES["dark"].color(QPalette.ColorRole.Window)) >= MIN_CONTRAST
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: ring.target is first, timeout=15_000)
    assert ring.geometry().contains(first.geometry())
