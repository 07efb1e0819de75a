"""Opens each screen of the app on a real X server and reports what a keyboard user meets.

    python -m tests.a11y_probe            # every screen; JSON on stdout
    python -m tests.a11y_probe --hold NAME  # show one screen until killed (for AT-SPI)

Run with DISPLAY set to a private Xvfb, QT_QPA_PLATFORM=xcb and, for zoom,
QT_SCALE_FACTOR. For each screen (the check window, every wizard page, Settings) it
presses Tab from the first control until focus comes back round, and reports: whether
the window lies on the screen, each control reached and whether it was wholly on the
screen when it had focus, focusable controls Tab never reached, access-key clashes,
which control had focus first, focusable controls with no accessible name, and tick
boxes or radio buttons whose words are given less room than they need.
Nothing here touches the person's keyring or settings: the caller gives fresh folders.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from desktop.core.checks import build_pipeline
from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.kit import i18n
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Contact, Origin, Policy
from desktop.core.policy.service import PolicyService
from desktop.core.report import DraftStore, WhatHappened
from desktop.core.report.smtp import RelaySettings, SmtpRelay
from desktop.core.settings import UserSettings
from desktop.core.words import PersonalWordsStore
from desktop.ui.kit.a11y import mnemonic_clashes
from desktop.ui.kit.focus import install_focus_ring
from desktop.ui.report.wizard import ReportParts, ReportWizard
from desktop.ui.shell.controller import AppController, Collaborators
from desktop.ui.shell.notify import Notifier
from tests.doubles import MemoryKeyring

CONTACTS = (
    Contact("IT service desk", "Sam Patel", "servicedesk@college.test"),
    Contact("Head of Skills Delivery", "Jo Bloggs", "jo.bloggs@college.test"),
)


def wait(ms: int = 150) -> None:
    QTest.qWait(ms)


def controller(folder: Path) -> AppController:
    policy = Policy(report_contacts=CONTACTS)
    effective = EffectivePolicy(policy, {"min_length": Origin.MANAGED})
    history = PasswordHistory(MemoryStore(), policy.history_depth)
    return AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy, None, history),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(folder / "settings.json"),
            record_password=history.add_password,
            words_store=PersonalWordsStore(MemoryKeyring()),
            make_report_wizard=lambda _open: QWidget(),
            lock_now=lambda: None,
            pause_reminders=lambda seconds: None,
        )
    )


def wizard(folder: Path, relay_port: int = 0) -> ReportWizard:
    relay = (
        SmtpRelay(RelaySettings("127.0.0.1", relay_port, starttls=False), timeout=20)
        if relay_port
        else None
    )
    return ReportWizard(
        Policy(report_contacts=CONTACTS),
        ReportParts(
            drafts=DraftStore(folder / "drafts"),
            open_check_window=lambda: None,
            burn_password=lambda _s: None,
            compare_accounts=lambda _s: [],
            relay=relay,
        ),
        clock=lambda: datetime(2026, 12, 2, 14, 31, tzinfo=UTC),
    )


def _focusable(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox):
        return False  # the box's own text field: the box is the control
    return bool(
        widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.objectName() != "focus-ring"
        # A scroll area's own frame is not a control; QWizard's hidden helper field isn't.
        and not (isinstance(widget, QAbstractScrollArea) and widget.focusPolicy() == 0)
    )


def describe(widget: QWidget) -> str:
    name = widget.accessibleName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text().replace("&", "")
    return f"{type(widget).__name__}:{name}"


def _areas(widget: QWidget) -> Iterator[QAbstractScrollArea]:
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, QAbstractScrollArea):
            yield node
        node = node.parentWidget()


def _visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` not hidden by a scroll area, in screen coordinates."""
    rect = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
    node = widget.parentWidget()
    while node is not None:
        if isinstance(node, QAbstractScrollArea):
            view = node.viewport()
            rect = rect.intersected(QRect(view.mapToGlobal(view.rect().topLeft()), view.size()))
        node = node.parentWidget()
    return rect


def shown_texts(window: QWidget) -> list[str]:
    """Every piece of text the window shows now: its title, labels, buttons, group titles."""
    from PySide6.QtWidgets import QGroupBox, QLabel

    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return [t for t in texts if t.strip()]


def cut_words(window: QWidget) -> list[str]:
    """Tick boxes and radio buttons given less room than their words need (a line cut
    off at the side or at the bottom)."""
    cut = []
    for button in window.findChildren(QCheckBox) + window.findChildren(QRadioButton):
        if not button.isVisibleTo(window) or not button.text():
            continue
        if button.hasHeightForWidth():
            short = button.heightForWidth(button.width()) > button.height()
        else:
            short = button.sizeHint().width() > button.width()
        if short:
            cut.append(f"{describe(button)} {button.width()}x{button.height()}")
    return cut


def inspect(name: str, window: QWidget, first: Callable[[], QWidget | None]) -> dict[str, Any]:
    """Tab round ``window`` and report what was met."""
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    start = first()
    result: dict[str, Any] = {
        "screen": name,
        "screen_size": [screen.width(), screen.height()],
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "window_on_screen": screen.contains(frame),
        "first_focus": describe(start) if start is not None else "",
        "clashes": mnemonic_clashes(window),
        "texts": shown_texts(window),
        "cut_words": cut_words(window),
        "direction": window.layoutDirection().name,
    }
    all_focusable = [w for w in window.findChildren(QWidget) if _focusable(w)]
    result["unnamed"] = [
        describe(w)
        for w in all_focusable
        if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
    ]
    reached: list[QWidget] = []
    off: list[str] = []
    widget = start
    for step in range(150):
        if widget is None or (step and widget is start):
            break  # round to the start again
        if widget in reached:
            # A date box moves between its parts on Tab before leaving: go on.
            QTest.keyClick(widget, Qt.Key.Key_Tab)
            wait(20)
            widget = QApplication.focusWidget()
            continue
        reached.append(widget)
        wait(30)
        visible = _visible_rect(widget)
        whole = QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())
        # Wholly on the screen, and not cut by a scroll area (it scrolled into view).
        if not (screen.contains(whole) and visible.size() == whole.size()):
            area = next((a for a in _areas(widget)), None)
            extra = ""
            if area is not None:
                bar = area.verticalScrollBar()
                content = area.widget() if isinstance(area, QScrollArea) else None
                extra = f" bar {bar.value()}/{bar.maximum()} view {area.viewport().height()}"
                if content is not None:
                    extra += f" content {content.height()} hint {content.sizeHint().height()}"
            off.append(f"{describe(widget)} at {whole.getRect()}, seen {visible.getRect()}{extra}")
        QTest.keyClick(widget, Qt.Key.Key_Tab)
        wait(30)
        widget = QApplication.focusWidget()
    result["reached"] = [describe(w) for w in reached]
    result["off_screen"] = off
    result["unreached"] = [describe(w) for w in all_focusable if w not in reached]
    return result


def show(window: QWidget) -> None:
    window.show()
    QTest.qWaitForWindowExposed(window, 10_000)
    window.raise_()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5_000)
    wait(300)


def _answer(w: ReportWizard) -> Iterator[str]:
    """Walk the wizard page by page, answering as a person would; yields page names."""
    yield "wizard-what"
    w.what_page.choices[WhatHappened.SHARED].setChecked(True)
    w.next()
    yield "wizard-account"
    w.account_page.account.setText("College email")
    w.state.update(account="College email")
    w.next()
    yield "wizard-act"
    w.next()
    yield "wizard-about"
    w.about_page.name.setText("Alex Smith")
    w.state.update(reporter_name="Alex Smith", reporter_email="alex@college.test")
    w.next()
    yield "wizard-check"
    w.check_page.copy_button.click()
    w.next()
    yield "wizard-done"


def screens(
    folder: Path, relay_port: int = 0
) -> Iterator[tuple[str, QWidget, Callable[[], QWidget | None]]]:
    """(name, window, first focus) for every screen, each shown in turn."""
    c = controller(folder)
    check = c.open_check_window()
    show(check)
    yield "check", check, QApplication.focusWidget
    check.close()
    settings = c.open_settings()
    show(settings)
    yield "settings", settings, QApplication.focusWidget
    settings.close()
    w = wizard(folder, relay_port)
    show(w)
    for page in _answer(w):
        wait(200)
        yield page, w, QApplication.focusWidget
    w.close()


# Where a held screen puts focus, for a test that types there (a screen reader's tests).
HOLD_FOCUS: dict[str, Callable[[ReportWizard], QWidget]] = {
    "wizard-act": lambda w: w.act_page.old_password,
    "wizard-check": lambda w: w.check_page.send_button,
}


def hold(name: str, folder: Path, relay_port: int = 0) -> int:
    """Show one screen and wait (the AT-SPI reader looks at it meanwhile)."""
    if name == "reminder":  # a lock reminder on a desktop with no tray
        notifier = Notifier(None)
        c = controller(folder)
        check = c.open_check_window()
        show(check)  # the person is typing somewhere else when it comes
        print("ready", flush=True)
        QTimer.singleShot(
            1500,
            lambda: notifier(
                "Lock your screen",
                "You have been away for 2 minutes. Lock your screen when you leave.",
                [("Lock now", lambda: None)],
            ),
        )
        QApplication.exec()
        return 0
    for screen, window, _first in screens(folder, relay_port):
        if screen == name:
            if isinstance(window, ReportWizard) and screen in HOLD_FOCUS:
                target = HOLD_FOCUS[screen](window)
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                wait(200)
            print("ready", flush=True)
            focused = QApplication.focusWidget()
            if focused is not None:  # where a test can point the mouse
                corner = focused.mapToGlobal(focused.rect().topLeft())
                print(
                    "focus", corner.x(), corner.y(), focused.width(), focused.height(), flush=True
                )
            # F12 answers "sync" once every earlier key and click has been handled (X
            # delivers input in order), so a test can look at the result without racing.
            sync = QShortcut(QKeySequence("F12"), window)
            sync.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sync.activated.connect(lambda: print("sync", flush=True))
            QApplication.exec()
            del window
            return 0
    return 1


def dark_palette() -> QPalette:
    """A dark theme like the ones desktops offer, to check colours and focus against."""
    p = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#eeeeee",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#333333",
        QPalette.ColorRole.Text: "#eeeeee",
        QPalette.ColorRole.Button: "#3a3a3a",
        QPalette.ColorRole.ButtonText: "#eeeeee",
        QPalette.ColorRole.Highlight: "#3d8ee0",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#555555",
        QPalette.ColorRole.PlaceholderText: "#aaaaaa",
    }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#8a8a8a"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8a8a8a"))
    return p


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hold", default="")
    parser.add_argument("--relay", type=int, default=0, help="a mail relay on this local port")
    parser.add_argument("--shots", type=Path, help="also save a PNG of each screen here")
    parser.add_argument("--dark", action="store_true", help="a dark palette (Fusion style)")
    parser.add_argument("--language", default="en", help="speak this language (en-XA, ar-XB...)")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    language = i18n.load(args.language)
    i18n.activate(language)
    if language.direction == "rtl":
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    app.setApplicationName("Hygiene Helper")
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    install_focus_ring(app)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.hold:
            return hold(args.hold, folder, args.relay)
        out = []
        for name, window, first in screens(folder):
            if args.shots:
                window.grab().save(str(args.shots / f"{name}.png"))
            out.append(inspect(name, window, first))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
