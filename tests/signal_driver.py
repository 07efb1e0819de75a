"""Runs the real tray app or the real ``hygiene report`` in this process, for the tests
that send it real signals (``tests/gui/test_faults_signals.py``).

    python tests/signal_driver.py tray INSTANCE     # the tray app, through desktop.app.main
    python tests/signal_driver.py report POLICY     # 'hygiene report --kind leak --policy POLICY'

``tray``: the app is started whole; only its idle-time reading is replaced (an OS call
this test cannot make happen on demand). From the second reminder look on, each look
prints TICK and then waits for a line on standard input, so the test can send a
signal while a reminder tick is under way and then let the tick finish.

``report``: the real command; once the wizard is up it is filled in like a person
would, Send is pressed and SENDING printed.

Both print one JSON line when the event loop ends (what the person would see at that
moment), then the exit code as ``EXIT n``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

IDLE = 58.0  # two seconds short of the default reminder: the next look comes soon


class TickingIdle:
    """Idle time that holds each reminder look (after the first) until told to go on."""

    name = "test"

    def __init__(self) -> None:
        self.calls = 0

    def idle_seconds(self) -> float | None:
        self.calls += 1
        if self.calls > 1:
            print("TICK", flush=True)
            sys.stdin.readline()
        return IDLE

    def close(self) -> None:
        pass


def tray(instance: str) -> int:
    from desktop.app import main
    from desktop.wiring import Options, ReminderParts, Services

    class TestServices(Services):
        def reminder_parts(self) -> ReminderParts:
            parts = super().reminder_parts()
            parts.adapters.idle = TickingIdle()
            return parts

    app = QApplication(sys.argv[:1])

    def at_quit() -> None:
        from desktop.ui.shell.reminders import ReminderController

        found = app.findChildren(ReminderController)
        reminders = [r for r in found if r.engine.settings.enabled]
        shown = {
            "reminders": len(reminders),
            "timer_active": all(r._timer.is_active() for r in reminders),
            "looks": sum(r.looks for r in reminders),
        }
        print(json.dumps(shown), flush=True)

    app.aboutToQuit.connect(at_quit)
    return main(["--no-network"], TestServices(Options(no_network=True)), instance_name=instance)


def report(policy: str) -> int:
    from desktop.cli.main import main
    from desktop.core.report import Step, WhatHappened
    from desktop.ui.report.wizard import ReportWizard

    app = QApplication(sys.argv[:1])

    def tick(box: object) -> None:
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # type: ignore[attr-defined]

    def press_next(w: ReportWizard) -> None:
        QTest.mouseClick(w.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)

    def fill() -> None:
        found = [w for w in app.topLevelWidgets() if isinstance(w, ReportWizard)]
        if not found or not found[0].isVisible():
            QTimer.singleShot(50, fill)
            return
        w = found[0]
        tick(w.what_page.choices[WhatHappened.SEEN])
        QTest.keyClicks(w.what_page.details, "Someone watched me type it.")
        press_next(w)
        QTest.keyClicks(w.account_page.account, "Learning portal")
        press_next(w)
        tick(w.act_page.steps[Step.CHANGE_NOW])
        press_next(w)
        QTest.keyClicks(w.about_page.name, "Robin Lee")
        QTest.keyClicks(w.about_page.email, "robin.lee@college.test")
        press_next(w)
        QTest.mouseClick(w.check_page.send_button, Qt.MouseButton.LeftButton)
        print("SENDING", flush=True)

        def at_quit() -> None:
            page = w.check_page
            shown = {
                "status": page.status.text(),
                "send_enabled": page.send_button.isEnabled(),
                "sending": w.sending,
                "delivery": w.delivery,
            }
            print(json.dumps(shown), flush=True)

        app.aboutToQuit.connect(at_quit)

    QTimer.singleShot(0, fill)
    return main(["report", "--kind", "leak", "--policy", policy])


if __name__ == "__main__":
    kind, arg = sys.argv[1], sys.argv[2]
    code = tray(arg) if kind == "tray" else report(arg)
    print(f"EXIT {code}", flush=True)
    os._exit(code)  # the exit code as the app returned it, nothing after
