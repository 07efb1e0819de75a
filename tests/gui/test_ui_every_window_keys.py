"""Every window with the keyboard: no access key twice, Esc closes secondary windows, the
tray menu has an access key on every entry. The windows come from tests/all_windows.py,
which fails when a window is added to the app and not to it."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QMenu, QWidget

from desktop.ui.device.window import DeviceWindow
from desktop.ui.kit.a11y import mnemonic_clashes, mnemonic_of
from tests.all_windows import (
    NOT_OPENED,
    WINDOW_MAKERS,
    open_all,
    open_all_with_results,
    windows_in_source,
)

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


def _tab_chain(window: QWidget) -> list[QWidget]:
    """The controls Tab visits from the first, once round, that a person can see."""
    start = window.focusWidget() or window
    chain: list[QWidget] = []
    widget = start.nextInFocusChain()
    for _ in range(500):
        if widget is start:
            break
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.window() is window
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def _area(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _place(widget: QWidget, window: QWidget, held: bool) -> QPoint:
    """Where ``widget`` is in the window. ``held``: inside a scroll area, kept within the
    area (content scrolled out of sight still comes before what is below the area)."""
    at = widget.mapTo(window, QPoint(0, 0))
    area = _area(widget, window)
    if held and area is not None:
        top = area.mapTo(window, QPoint(0, 0)).y()
        at.setY(max(top, min(at.y(), top + area.height() - 1)))
    return at


def _out_of_reading_order(window: QWidget) -> list[str]:
    """Places where Tab goes back up the window (or left on the same line): reading
    order is top to bottom, left to right, on a window narrow enough for one column."""
    wrong = []
    chain = _tab_chain(window)
    line = window.fontMetrics().height()
    for a, b in itertools.pairwise(chain):
        # Two controls in one scroll area compare where they are in its content.
        held = _area(a, window) is not _area(b, window)
        pa, pb = _place(a, window, held), _place(b, window, held)
        same_line = abs(pa.y() - pb.y()) < line
        if pb.y() < pa.y() - line or (same_line and pb.x() < pa.x()):
            wrong.append(
                f"{a.accessibleName() or type(a).__name__} -> "
                f"{b.accessibleName() or type(b).__name__}"
            )
    return wrong


def test_tab_follows_reading_order_in_every_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problems: dict[str, list[str]] = {}
    for name, window in open_all(tmp_path):
        if isinstance(window, QMenu):
            continue  # menus are walked with the arrow keys, in order by construction
        qtbot.waitExposed(window)
        if isinstance(window, DeviceWindow):
            qtbot.waitUntil(lambda w=window: bool(w.rows), timeout=10_000)
        # Narrow, as at 200 % on a small screen: one column, so reading order is simple.
        window.resize(460, window.height())
        qtbot.wait(50)
        wrong = _out_of_reading_order(window)
        if wrong:
            problems[name] = wrong
    assert problems == {}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_labels_are_read_by_what_they_say(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A label with a fixed accessible name is read by that name instead of its words: a
    result behind a caption ("Result", "Strength") is never heard. Every label that
    shows words is named by them (no name), or by a name that includes them."""
    hidden: list[tuple[str, str, str]] = []
    for name, window in open_all_with_results(tmp_path):
        for label in window.findChildren(QLabel):
            text = label.text().replace("&", "").strip()
            if not label.isVisible() or not text or "<" in text:
                continue
            given = label.accessibleName()
            heard = set(_words(given)) | set(_words(label.accessibleDescription()))
            if given and not set(_words(text.splitlines()[0])) <= heard:
                hidden.append((name, given, text[:40]))
    assert hidden == [], "\n".join(map(str, hidden))
