"""Runs the real ``hygiene report`` in this process and works its windows as a person
would, for ``tests/gui/test_report_standalone.py``.

    python -m tests.standalone_report_driver steps POLICY    # hygiene report --kind clicked
    python -m tests.standalone_report_driver resume POLICY   # hygiene report, a scam
                                                             # report left half done

``steps``: on the clicked kind's "Do these now" it Tabs to each step's button and
presses Space; in the leaked-password report that opens it answers the first two
questions and presses "Open the password checker". It prints the windows then shown
as one JSON line, and closes them one by one, as a person would.

``resume``: a scam report's draft is saved first (stopped on "Do these now"). On
"What happened?" it prints the line at the top and which kind is chosen, presses
Enter, and prints the report's window title and its banner; then closes it.

Either way the command itself must end once no window is left; the driver then prints
the command's exit code as ``EXIT n``. The caller gives fresh folders (XDG_*, HOME).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget, QWizard

LIMIT_MS = 60_000


def shown() -> list[str]:
    """The windows a person sees: their kind and title, sorted."""
    return sorted(
        f"{type(w).__name__}:{w.windowTitle()}"
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and w.isWindow() and w.windowTitle()
    )


def when(ready: Callable[[], Any], then: Callable[[Any], None], waited: int = 0) -> None:
    """Call ``then(value)`` once ``ready()`` gives a value (checked between events)."""
    value = ready()
    if value:
        then(value)
        return
    if waited > LIMIT_MS:
        print(json.dumps({"gave_up": shown()}), flush=True)
        QApplication.instance().exit(99)  # type: ignore[union-attr]
        return
    QTimer.singleShot(100, lambda: when(ready, then, waited + 100))


def window_of(kind: str) -> Callable[[], QWidget | None]:
    from desktop.ui.report.wizard import ReportWizard

    def find() -> QWidget | None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ReportWizard) and w.isVisible() and w.kind.kind_id == kind:
                return w
        return None

    return find


def tab_to(window: QWidget, target: QWidget) -> None:
    """Tab through ``window`` until ``target`` has its keyboard focus."""
    for _ in range(80):
        focused = window.focusWidget()
        if focused is target:
            return
        QTest.keyClick(focused or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def close_all() -> None:
    """Close each window the way its own close button would, one at a time."""
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    if left:
        left[0].close()
        QTimer.singleShot(200, close_all)


def steps(seen: dict[str, Any]) -> None:
    from desktop.core.report import WhatHappened

    def on_clicked(w: Any) -> None:
        page = w.now_page
        seen["buttons"] = sorted(page.window_buttons)
        for name in ("leak-report", "check-device"):  # in the order of the steps
            button = page.window_buttons[name]
            tab_to(w, button)
            QTest.keyClick(button, Qt.Key.Key_Space)
        when(window_of("leak"), on_leak)

    def on_leak(w: Any) -> None:
        def press_next() -> None:
            QTest.mouseClick(w.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)

        box = w.what_page.choices[WhatHappened.SEEN]
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        QTest.keyClicks(w.what_page.details, "Someone watched me type it.")
        press_next()
        QTest.keyClicks(w.account_page.account, "Learning portal")
        press_next()
        QTest.mouseClick(w.act_page.open_checker, Qt.MouseButton.LeftButton)
        when(lambda: [s for s in shown() if s.startswith("CheckWindow")], on_checker)

    def on_checker(_found: object) -> None:
        when(lambda: [s for s in shown() if s.startswith("DeviceWindow")], on_all)

    def on_all(_found: object) -> None:
        seen["windows"] = shown()
        print(json.dumps(seen), flush=True)
        close_all()

    when(window_of("clicked"), on_clicked)


def resume(seen: dict[str, Any]) -> None:
    from desktop.ui.report.choose import ReportChooser

    def chooser() -> ReportChooser | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportChooser)]
        return found[0] if found and found[0].isVisible() else None

    def on_chooser(c: ReportChooser) -> None:
        seen["line"] = c.unfinished_line.text() if c.unfinished_line.isVisible() else ""
        seen["chosen"] = [k for k, b in c.choices.items() if b.isChecked()]
        seen["focus"] = [k for k, b in c.choices.items() if b is c.focusWidget()]
        QTest.keyClick(c.focusWidget() or c, Qt.Key.Key_Return)
        when(window_of("scam"), on_report)

    def on_report(w: Any) -> None:
        seen["title"] = w.windowTitle()
        seen["page"] = w._key()
        seen["banner"] = w.currentPage().banner.text()
        print(json.dumps(seen), flush=True)
        close_all()

    when(chooser, on_chooser)


def save_scam_draft() -> None:
    from desktop.core.report import DraftStore, ReportAnswers
    from desktop.core.report.drafts import Draft

    now = datetime.now(UTC)
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "hygiene-helper" / "drafts"
    answers = ReportAnswers(
        reference="PW-261207-K7QX", started=now, when=now, kind="scam", values={}
    )
    DraftStore(folder).for_kind("scam").save(
        Draft(answers.with_tick("hands-off", True, now), "now")
    )


def main() -> int:
    from desktop.cli.main import main as hygiene

    scenario, policy = sys.argv[1], sys.argv[2]
    QApplication(sys.argv[:1])
    seen: dict[str, Any] = {}
    if scenario == "steps":
        QTimer.singleShot(0, lambda: steps(seen))
        return hygiene(["report", "--kind", "clicked", "--policy", policy])
    save_scam_draft()
    QTimer.singleShot(0, lambda: resume(seen))
    return hygiene(["report", "--policy", policy])


if __name__ == "__main__":
    code = main()
    print(f"EXIT {code}", flush=True)
    os._exit(code)
