"""Messages without a tray: every action has its own access key and is read out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.ui.kit.a11y import announcements, mnemonic_clashes
from desktop.ui.shell.notify import Notifier, with_access_keys


def test_labels_get_access_keys_that_do_not_clash():
    assert with_access_keys(["Lock now", "Later", "Close"]) == ["&Lock now", "L&ater", "&Close"]
    assert with_access_keys(["Lock now", "Lock screen", "Close"]) == [
        "&Lock now",
        "Lock &screen",
        "&Close",
    ]
    assert with_access_keys(["Save & go"]) == ["&Save && go"]


def test_a_notice_box_can_be_answered_from_the_keyboard(qtbot):
    locked: list[int] = []
    notifier = Notifier(None)
    notifier.show(
        "Lock your screen",
        "You have been away for a minute.",
        [("Lock now", lambda: locked.append(1))],
    )
    box = notifier._box
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    assert announcements().history[-1] == (
        "Lock your screen. You have been away for a minute.",
        False,
    )
    assert mnemonic_clashes(box) == {}
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow, timeout=5_000)
    qtbot.keyClick(box, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: locked == [1], timeout=15_000)


def test_a_stopped_app_shows_nothing_more(qtbot):
    # A worker's answer (the reports left half done) can arrive after the app stopped:
    # it must not pop up a box over whatever runs next.
    notifier = Notifier(None)
    notifier.show("A report is not finished", "Carry on?")
    box = notifier._box
    assert isinstance(box, QMessageBox) and box.isVisible()
    notifier.later(0, "Still there?", "The one-hour follow-up")
    notifier.close()
    assert not box.isVisible()
    notifier.show("A report is not finished", "Late answer")
    qtbot.wait(50)  # the follow-up's timer would have fired by now
    assert notifier._box is None
