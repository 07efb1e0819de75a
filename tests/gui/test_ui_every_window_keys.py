"""Every window with the keyboard: no access key twice, Esc closes secondary windows, the
tray menu has an access key on every entry. The windows come from tests/all_windows.py,
which fails when a window is added to the app and not to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from desktop.ui.kit.a11y import mnemonic_clashes, mnemonic_of
from tests.all_windows import NOT_OPENED, WINDOW_MAKERS, open_all, windows_in_source

pytestmark = pytest.mark.gui

# The main window when there is no tray minimises instead (closing it would leave no
# way back); a reminder closes with Esc through its Close button.
NOT_SECONDARY = {"fallback", "tray-menu"}


def test_every_window_in_the_source_is_opened_by_the_window_tests() -> None:
    made = windows_in_source()
    missing = made - set(WINDOW_MAKERS) - set(NOT_OPENED)
    assert not missing, f"windows the tests do not open: {missing} (add them to all_windows)"


def test_every_window_has_no_access_key_twice_and_esc_closes_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    for name, window in open_all(tmp_path):
        seen.append(name)
        qtbot.waitExposed(window)
        if isinstance(window, QMenu):
            letters = [mnemonic_of(a.text()) for a in window.actions() if not a.isSeparator()]
            labelled = [a for a in window.actions() if not a.isSeparator() and a.isVisible()]
            # The status line at the top is words to read, not a command.
            commands = [a for a in labelled if a.text() and a is not labelled[0]]
            assert all(mnemonic_of(a.text()) for a in commands), [a.text() for a in commands]
            used = [x for x in letters if x]
            assert len(used) == len(set(used)), used
            continue
        assert mnemonic_clashes(window) == {}, name
        if name in NOT_SECONDARY:
            continue
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        target = QApplication.focusWidget() or window
        qtbot.keyClick(target, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda w=window: not w.isVisible(), timeout=5_000)
    assert set(seen) >= set(WINDOW_MAKERS.values())


def test_tray_pause_menu_has_access_keys(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, window in open_all(tmp_path):
        if name == "tray-menu":
            assert isinstance(window, QMenu)
            pause = window.findChild(QMenu, "pause-menu")
            assert pause is not None
            letters = [mnemonic_of(a.text()) for a in pause.actions()]
            assert all(letters) and len(set(letters)) == len(letters)
            return
    pytest.fail("no tray menu")
