"""Runs the report wizard in its own process, for the test that kills it part-way.

    python tests/report_driver.py fill FOLDER     # answer up to "About you", then wait
    python tests/report_driver.py inspect FOLDER  # open again and print what it shows
    python tests/report_driver.py send FOLDER PORT  # answer everything, press Send, wait

``fill`` clicks and types like a person, using the real timers, prints READY once the
typing is done and then keeps running until it is killed. ``inspect`` builds a new
wizard on the same draft folder and prints, as JSON, what the person would see.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from desktop.core.policy.schema import Contact, Policy
from desktop.core.report import DraftStore, RelaySettings, SmtpRelay, Step, WhatHappened
from desktop.ui.report.wizard import SAVE_DELAY_MS, ReportParts, ReportWizard

POLICY = Policy(report_contacts=(Contact("IT service desk", "Sam", "desk@college.test"),))
DETAILS = "Someone stood behind me in the library.\nThey watched me type it."
ACCOUNT = "Learning portal"
NAME = os.environ.get("REPORT_DRIVER_NAME", "Robin Lee")  # a test may type a marker


def make(folder: Path, port: int = 0) -> ReportWizard:
    relay = SmtpRelay(RelaySettings("127.0.0.1", port, starttls=False)) if port else None
    wizard = ReportWizard(
        POLICY,
        ReportParts(
            drafts=DraftStore(folder),
            open_check_window=lambda: None,
            relay=relay,
        ),
        open_url=lambda _url: True,
    )
    wizard.show()
    return wizard


def press_next(wizard: ReportWizard) -> None:
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def tick(box: object) -> None:
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # type: ignore[attr-defined]


def fill(folder: Path) -> None:
    w = make(folder)
    tick(w.what_page.choices[WhatHappened.SEEN])
    for i, line in enumerate(DETAILS.split("\n")):
        if i:
            QTest.keyClick(w.what_page.details, Qt.Key.Key_Return)
        QTest.keyClicks(w.what_page.details, line)
    press_next(w)
    QTest.keyClicks(w.account_page.account, ACCOUNT)
    press_next(w)
    tick(w.act_page.steps[Step.CHANGE_NOW])
    tick(w.act_page.steps[Step.SIGN_OUT])
    press_next(w)
    QTest.keyClicks(w.about_page.name, NAME)  # typed, but Next not pressed: mid-way
    print("READY", flush=True)
    # Well after the typing pause that saves the draft, say so; then wait to be killed.
    QTimer.singleShot(SAVE_DELAY_MS * 3, lambda: print("PAUSED", flush=True))
    QApplication.instance().exec()  # until the test kills us


def send(folder: Path, port: int) -> None:
    w = make(folder, port)
    tick(w.what_page.choices[WhatHappened.SEEN])
    QTest.keyClicks(w.what_page.details, DETAILS.replace("\n", " "))
    press_next(w)
    QTest.keyClicks(w.account_page.account, ACCOUNT)
    press_next(w)
    press_next(w)
    QTest.keyClicks(w.about_page.name, NAME)
    QTest.keyClicks(w.about_page.email, "robin.lee@college.test")
    press_next(w)
    QTest.mouseClick(w.check_page.send_button, Qt.MouseButton.LeftButton)
    print("SENDING", flush=True)
    QApplication.instance().exec()  # until the test kills us


def inspect(folder: Path) -> None:
    w = make(folder)
    page = w.currentPage()
    shown = {
        "page": w.currentId(),
        "banner": page.banner.text() if page.banner.isVisible() else "",
        "what": [k.value for k, b in w.what_page.choices.items() if b.isChecked()],
        "details": w.what_page.details.toPlainText(),
        "account": w.account_page.account.text(),
        "steps": sorted(s.value for s, b in w.act_page.steps.items() if b.isChecked()),
        "name": w.about_page.name.text(),
        "reference": w.state.answers.reference,
    }
    print(json.dumps(shown), flush=True)


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "send":
        send(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        {"fill": fill, "inspect": inspect}[sys.argv[1]](Path(sys.argv[2]))
