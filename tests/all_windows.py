"""Every top-level window of the app, built as the app builds it, for the window tests.

``open_all(folder)`` yields ``(name, window)`` for each window in turn, opened through
the controller where the app opens it there (check, settings, "Check this computer",
"What this app reads", "What IT can see", "What happened?"), the page "Cyber Essentials" through the
"Check this computer" window's button, plus the leak-report wizard, the window
shown when there is no tray, the tray menu and a lock reminder shown without a tray.

``WINDOW_MAKERS`` names the class or function in ``desktop/`` that makes each window;
``windows_in_source()`` finds every place in ``desktop/ui`` and ``desktop/wiring`` that
titles a window or builds a message box, so a test fails when a new window appears that
is not opened here.
"""

from __future__ import annotations

import ast
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from desktop.core.checks import build_pipeline
from desktop.core.device import DeviceRunner
from desktop.core.history import MemoryStore, PasswordHistory
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Contact, Origin, Policy
from desktop.core.policy.service import PolicyService
from desktop.core.report import DraftStore
from desktop.core.settings import UserSettings
from desktop.core.words import PersonalWordsStore
from desktop.ui.report.wizard import ReportParts, ReportWizard
from desktop.ui.shell.controller import WORDS_LOAD_DELAY_MS, AppController, Collaborators
from desktop.ui.shell.notify import Notifier
from desktop.ui.shell.tray import FallbackWindow, TrayMenu
from tests.device_fakes import failing_sources

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 12, 2, 14, 31, tzinfo=UTC)
CONTACTS = (
    Contact("IT service desk", "Sam Patel", "servicedesk@college.test"),
    Contact("Head of Skills Delivery", "Jo Bloggs", "jo.bloggs@college.test"),
)

# Where each window is made in desktop/ (class, or module:function) -> its name here.
WINDOW_MAKERS = {
    "CheckWindow": "check",
    "SettingsDialog": "settings",
    "DeviceWindow": "device",
    "StandardPage": "standard",
    "ReadsPage": "reads",
    "ItViewPage": "it",
    "ReportWizard": "wizard",
    "FallbackWindow": "fallback",
    "Notifier": "reminder",
    "ReportChooser": "chooser",
}
# Places that make a window this module does not open, and why.
NOT_OPENED = {
    "AppController": "the About box: Qt's own modal message box, opened and sized by Qt",
    "AccountPage": "the calendar to pick a day: Qt's own calendar in a small dialog",
    "run_report_wizard": "a Qt message box saying where to find the check window",
}


class _Keyring:
    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def controller(folder: Path) -> AppController:
    policy = Policy(report_contacts=CONTACTS, malware_products=("clamav-daemon",))
    effective = EffectivePolicy(policy, {"min_length": Origin.MANAGED})
    history = PasswordHistory(MemoryStore(), policy.history_depth)
    runner = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW)
    posture = folder / "posture.json"
    posture.write_text(json.dumps({"not": "a posture document"}), encoding="utf-8")
    return AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy, None, history),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(folder / "settings.json"),
            record_password=history.add_password,
            words_store=PersonalWordsStore(_Keyring()),
            make_report_wizard=lambda _open: wizard(folder),
            lock_now=lambda: None,
            pause_reminders=lambda seconds: None,
            unavailable=("Locking the screen from this app does not work on this desktop.",),
            run_device_checks=lambda: runner.run(policy),
            posture_path=posture,
        )
    )


def wizard(folder: Path) -> ReportWizard:
    return ReportWizard(
        Policy(report_contacts=CONTACTS),
        ReportParts(
            drafts=DraftStore(folder / "drafts"),
            open_check_window=lambda: None,
            burn_password=lambda _s: None,
            compare_accounts=lambda _s: [],
        ),
        clock=lambda: NOW,
    )


def open_all(folder: Path) -> Iterator[tuple[str, QWidget]]:
    """Each window, opened; the caller looks at it, then the next one is opened. At the
    end (or when the caller stops early) every window and the controller are deleted,
    so nothing is left for the interpreter to tear down after Qt."""
    made: list[QObject] = []
    try:
        yield from _open_each(folder, made)
    finally:
        for thing in made:
            if isinstance(thing, QWidget) and shiboken6.isValid(thing):
                thing.close()
        # Let timers the windows started run out (the longest is the controller's
        # 500 ms before loading personal words), then delete everything.
        QTest.qWait(WORDS_LOAD_DELAY_MS + 100)
        for thing in reversed(made):
            if shiboken6.isValid(thing):
                thing.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _open_each(folder: Path, made: list[QObject]) -> Iterator[tuple[str, QWidget]]:
    c = controller(folder)
    made.append(c)

    def open_standard() -> QWidget:
        # Opened from "Check this computer" (its "Cyber Essentials..." button), which
        # the loop has opened (and run the checks in) just before.
        device = c.device_window
        assert device is not None
        device.standard_button.click()
        assert device.standard_page is not None
        return device.standard_page

    openers: dict[str, Callable[[], QWidget | None]] = {
        "check": c.open_check_window,
        "settings": c.open_settings,
        "device": c.open_device_window,
        "standard": open_standard,
        "reads": c.open_reads_page,
        "it": c.open_it_page,
        "chooser": c.open_report_chooser,
    }
    for name, open_window in openers.items():
        window = open_window()
        assert window is not None, name
        made.append(window)
        yield name, window
        window.close()
    w = c.open_report_wizard()
    assert isinstance(w, ReportWizard)
    made.append(w)
    yield "wizard", w
    w.close()
    fallback = FallbackWindow(c, "There is no system tray on this desktop, so this window is.")
    made.append(fallback)
    fallback.show()
    yield "fallback", fallback
    fallback.hide()
    menu = TrayMenu(c)
    made.append(menu)
    menu.popup(fallback.screen().availableGeometry().bottomRight())
    yield "tray-menu", menu
    menu.close()
    notifier = Notifier(None)
    made.append(notifier)
    notifier(
        "Lock your screen",
        "You have been away for 2 minutes. Lock your screen when you leave.",
        [("Lock now", lambda: None)],
    )
    box = notifier._box
    assert box is not None
    made.append(box)
    yield "reminder", box
    box.close()


def windows_in_source() -> set[str]:
    """Every class (or function) in desktop/ui and desktop/wiring that titles a window or
    builds a message box: the places a window is made."""
    found: set[str] = set()
    for folder in ("desktop/ui", "desktop/wiring"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            _walk(tree, [], found)
    return found


def _walk(node: ast.AST, where: list[str], found: set[str]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef | ast.FunctionDef):
            _walk(child, [*where, child.name], found)
            continue
        if isinstance(child, ast.Call) and _makes_window(child) and where:
            classes = [n for n in where if n[:1].isupper()]
            found.add(classes[0] if classes else where[0])
        _walk(child, where, found)


def _makes_window(call: ast.Call) -> bool:
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "setWindowTitle":
        return True
    if isinstance(f, ast.Name) and f.id == "QMessageBox":
        return True
    return (
        isinstance(f, ast.Attribute)
        and isinstance(f.value, ast.Name)
        and f.value.id == "QMessageBox"
        and f.attr in {"about", "information", "warning", "question", "critical"}
    )


def _wait_until(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, "the window never showed its results"
        QTest.qWait(50)


def open_all_with_results(folder: Path) -> Iterator[tuple[str, QWidget]]:
    """Like ``open_all``, with results on screen where a window shows any (a weak
    password checked, the device checks run) and every page of the wizard in turn."""
    from desktop.ui.check.window import CheckWindow
    from desktop.ui.device.it_view import NO_DOCUMENT, ItViewPage
    from desktop.ui.device.window import DeviceWindow
    from tests.a11y_probe import _answer

    for name, window in open_all(folder):
        QTest.qWaitForWindowExposed(window, 10_000)
        if isinstance(window, CheckWindow):
            window._password.setText("password1")
            window._confirm.setText("password1")
            _wait_until(lambda w=window: w.local_done and w.slow_done)
        if isinstance(window, DeviceWindow):
            # Rows are shown by the layout a moment after they are made (a queued show):
            # wait until they are on screen, not only built.
            _wait_until(
                lambda w=window: bool(w.rows) and all(r.isVisibleTo(w) for r in w.rows.values())
            )
        if isinstance(window, ItViewPage):
            # The document is read on a worker: wait for it, not for luck.
            _wait_until(lambda w=window: w.sharing.text() != NO_DOCUMENT)
        if isinstance(window, ReportWizard):
            for page in _answer(window):
                QTest.qWait(50)
                yield page, window
            continue
        yield name, window
