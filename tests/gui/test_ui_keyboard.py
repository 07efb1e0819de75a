"""The check window used with the keyboard alone, in a sensible order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.core.checks import build_pipeline
from desktop.core.checks.confirm import MatchRule
from desktop.core.checks.ports import BreachOutcome, BreachVerdict
from desktop.core.policy.schema import Policy
from desktop.core.words import PersonalWordsStore
from tests.fixtures_ui import MemoryKeyring, memory_history

STRONG = "velvet tundra gazebo 47 plinth"


class NotFound:
    def lookup(self, password: str) -> BreachVerdict:
        return BreachVerdict(BreachOutcome.NOT_FOUND, source="online")


def focused_name() -> str:
    widget = QApplication.focusWidget()
    return widget.accessibleName() if widget is not None else ""


def test_keyboard_only_walk_through_the_window(check_window_factory):
    history = memory_history()
    pipeline = build_pipeline(Policy(), NotFound(), history)
    ui = check_window_factory(
        pipeline,
        record=history.add_password,
        words_store=PersonalWordsStore(MemoryKeyring()),
    )
    qtbot, window = ui.qtbot, ui.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    ui.password.setFocus()

    def tab() -> str:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        return focused_name()

    # The first box, then everything in reading order.
    assert focused_name() == "New password"
    qtbot.keyClicks(QApplication.focusWidget(), STRONG)
    assert tab() == "Show password"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert ui.password.echoMode() is QLineEdit.EchoMode.Normal
    assert tab() == "Type the password again"
    qtbot.keyClicks(QApplication.focusWidget(), STRONG)
    ui.settle()  # "I've set this password" can be reached once the password is accepted
    assert window.accepted
    assert tab() == "Personal words"
    assert tab() == "Remember personal words"
    # Then the checks in the core's order (its catalogue, then the form's "both entries
    # match"), each with its "Why?", and the passphrase suggestion.
    titles = [info.title for info in pipeline.catalogue] + [MatchRule.title]
    assert len(titles) >= 8  # the rules the window shows, not an empty list
    for title in titles:
        assert tab() == f"Why: {title}"
    assert tab() == "Suggest a passphrase"
    assert tab() == "I've set this password"
    assert tab() == "Close"
    # Shift+Tab goes back the same way.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert focused_name() == "I've set this password"

    # Alt+A (the label's access key) jumps to the second box; Enter there records it.
    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert focused_name() == "Type the password again"
    with qtbot.waitSignal(window.recorded, timeout=15_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert history.check_reuse(STRONG).outcome.value == "exact"

    # Escape closes the window.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_access_keys_reach_the_main_controls(check_window_factory):
    ui = check_window_factory()
    ui.window.activateWindow()
    ui.qtbot.waitUntil(ui.window.isActiveWindow, timeout=5_000)
    ui.qtbot.keyClick(ui.window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert focused_name() == "New password"
    ui.qtbot.keyClick(ui.window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    # An access key "animates" the button press, so the toggle lands a moment later.
    ui.qtbot.waitUntil(lambda: ui.password.echoMode() is QLineEdit.EchoMode.Normal, timeout=15_000)


def test_the_password_box_has_focus_whenever_the_window_opens(check_window_factory):
    ui = check_window_factory()
    window = ui.window
    window.activateWindow()
    ui.qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    ui.qtbot.waitUntil(lambda: focused_name() == "New password", timeout=15_000)
    window.close()
    window.show()
    window.activateWindow()
    ui.qtbot.waitUntil(lambda: focused_name() == "New password", timeout=15_000)
    # What is typed first goes into the box, not into a scroll area.
    ui.qtbot.keyClicks(QApplication.focusWidget(), "abc")
    assert ui.password.text() == "abc"


def test_one_key_shows_and_hides_the_password(check_window_factory):
    history = memory_history()
    ui = check_window_factory(
        build_pipeline(Policy(), NotFound(), history), record=history.add_password
    )
    ui.window.activateWindow()
    ui.qtbot.waitUntil(ui.window.isActiveWindow, timeout=5_000)
    normal, hidden = QLineEdit.EchoMode.Normal, QLineEdit.EchoMode.Password
    ui.password.setFocus()
    ui.qtbot.waitUntil(ui.password.hasFocus, timeout=2_000)
    for wanted in (normal, hidden, normal):
        ui.qtbot.keyClick(ui.password, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
        ui.qtbot.waitUntil(lambda w=wanted: ui.password.echoMode() is w, timeout=15_000)
        # Focus stays in the box: the next letters go on into the password.
        assert ui.password.hasFocus()
    ui.qtbot.keyClicks(ui.password, "ab")
    ui.qtbot.keyClick(ui.password, Qt.Key.Key_Space)
    assert ui.password.text() == "ab " and ui.password.echoMode() is normal
    # Shown, a password is set: the next one starts hidden again.
    ui.type_password(STRONG)
    ui.settle()
    with ui.qtbot.waitSignal(ui.window.recorded, timeout=15_000):
        ui.qtbot.keyClick(ui.confirm, Qt.Key.Key_Return)
    assert ui.password.echoMode() is hidden and ui.confirm.echoMode() is hidden
    # And closing the window resets it too.
    ui.qtbot.keyClick(ui.window, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    ui.qtbot.waitUntil(lambda: ui.password.echoMode() is normal, timeout=15_000)
    ui.window.close()
    assert ui.password.echoMode() is hidden
