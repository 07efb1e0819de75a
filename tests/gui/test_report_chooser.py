""" "What happened?": the kinds the policy offers, said plainly, chosen with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.core.report.kinds import KINDS, offered
from desktop.ui.kit.a11y import announcements, mnemonic_clashes
from desktop.ui.report.choose import ReportChooser


def make(
    qtbot: QtBot, hidden: tuple[str, ...] = (), unfinished: str = ""
) -> tuple[ReportChooser, list[str]]:
    opened: list[str] = []
    chooser = ReportChooser(offered(hidden), opened.append, lambda k: k == unfinished)
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    chooser.activateWindow()
    return chooser, opened


def test_enter_with_nothing_chosen_says_so_and_opens_nothing(qtbot: QtBot) -> None:
    chooser, opened = make(qtbot)
    with qtbot.waitSignal(announcements().made, timeout=5000) as said:
        qtbot.keyClick(chooser.continue_button, Qt.Key.Key_Return)
    assert said.args == ["Choose what happened, then press Continue.", True]
    assert opened == [] and chooser.isVisible()
    assert chooser.error.isVisible()


def test_the_arrow_keys_and_enter_open_the_kind_they_are_on(qtbot: QtBot) -> None:
    chooser, opened = make(qtbot)
    first = chooser.choices["leak"]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=5000)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert chooser.choices["clicked"].hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert opened == ["clicked"] and not chooser.isVisible()


def test_hidden_kinds_are_not_offered_and_an_unfinished_one_says_so(qtbot: QtBot) -> None:
    chooser, _ = make(qtbot, hidden=("misuse", "scam"), unfinished="lost-device")
    assert list(chooser.choices) == [k for k in KINDS if k not in ("misuse", "scam")]
    texts = [label.text() for label in chooser.findChildren(QLabel)]
    unfinished = [t for t in texts if "unfinished report of this kind" in t]
    assert len(unfinished) == 1 and KINDS["lost-device"].hint in unfinished[0]
    assert "unfinished" in chooser.choices["lost-device"].accessibleDescription()
    assert mnemonic_clashes(chooser) == {}
    # Each answer is read out with its words, as a person sees them.
    assert chooser.choices["wrong-person"].accessibleName() == KINDS["wrong-person"].label
