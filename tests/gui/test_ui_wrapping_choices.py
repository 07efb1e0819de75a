"""Tick boxes and radio buttons whose words wrap: whole on a narrow window, and otherwise
Qt's own buttons (access key, accessible name, clicks, keyboard, right to left)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QButtonGroup, QCheckBox, QVBoxLayout, QWidget

from desktop.ui.kit.choice import WrapCheckBox, WrapRadioButton

LONG = (
    "&Remember these words on this computer, in the system keyring, until you untick this "
    "box again later"
)


def narrow_window(qtbot, *buttons: QWidget, width: int = 220) -> QWidget:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    for button in buttons:
        layout.addWidget(button)
    layout.addStretch(1)
    window.resize(width, 400)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_long_words_wrap_inside_a_narrow_window_and_nothing_is_cut(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = WrapCheckBox(LONG)
    window = narrow_window(qtbot, box)
    plain = QCheckBox(LONG)
    # Qt's own box would need far more than the window: that is what this replaces.
    assert plain.sizeHint().width() > 2 * window.width()
    assert box.minimumSizeHint().width() < window.width()
    assert box.geometry().right() < window.width()
    one_line = box.fontMetrics().height()
    qtbot.waitUntil(lambda: box.height() >= box.heightForWidth(box.width()))
    assert box.height() > 3 * one_line  # several lines, all of them given room
    # Widened, it goes back to fewer lines and asks for less height.
    window.resize(900, 400)
    qtbot.waitUntil(lambda: box.width() > 700)
    qtbot.waitUntil(lambda: box.height() < 3 * one_line)


def test_it_is_still_qt_s_button_for_keys_names_and_clicks(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = WrapCheckBox(LONG)
    window = narrow_window(qtbot, box)
    # The accessible name a screen reader reads is the words, without the "&".
    face = QAccessible.queryAccessibleInterface(box)
    assert face is not None
    assert face.text(QAccessible.Text.Name) == LONG.replace("&", "")
    assert face.role() == QAccessible.Role.CheckBox
    # Its access key (Alt+R) ticks it, as on Qt's own box (which shows the press first).
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(box.isChecked)
    assert box.hasFocus()
    # Space on the focused box unticks it.
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()
    # A click on a word of the last line ticks it; a click beside the words does not.
    words_bottom = box.height() - 6
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(40, words_bottom))
    assert box.isChecked()
    box.setChecked(False)
    far = QPoint(box.width() - 2, 4)
    if not box.hitButton(far):  # the first line is full width on a narrow window
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=far)
        assert not box.isChecked()


def test_radio_buttons_stay_one_choice_and_arrow_keys_move_between_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    first, second = WrapRadioButton("&First " + LONG[1:]), WrapRadioButton("&Second choice")
    group = QButtonGroup()
    group.addButton(first)
    group.addButton(second)
    _window = narrow_window(qtbot, first, second)  # kept alive to the end
    first.setChecked(True)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert second.isChecked() and not first.isChecked()
    assert QApplication.focusWidget() is second
    face = QAccessible.queryAccessibleInterface(second)
    assert face is not None and face.role() == QAccessible.Role.RadioButton


def test_right_to_left_puts_the_box_on_the_right(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = WrapCheckBox(LONG)
    box.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    _window = narrow_window(qtbot, box)  # kept alive to the end
    # Clicking at the right edge, where the box is drawn in a right-to-left language,
    # ticks it; the box's mirror place on the left is inside the words' room too.
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 6, 8))
    assert box.isChecked()
