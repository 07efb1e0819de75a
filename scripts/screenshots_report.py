"""Renders every page of the report wizard to docs/screenshots/report-*.png.

Runs on a real X server: started with ``xvfb-run`` when there is no display. The
wizard is filled in as a learner would (a phishing story), sent to a mail relay on
127.0.0.1 started here, and once more to a relay that is down to show the failure.

    python scripts/screenshots_report.py [output folder]
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _reexec_under_xvfb() -> None:
    if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
        return
    if shutil.which("xvfb-run") is None:
        sys.exit("xvfb-run is needed (install the xvfb package).")
    env = dict(os.environ, QT_QPA_PLATFORM="xcb")
    cmd = [
        "xvfb-run",
        "-a",
        "-s",
        "-screen 0 1280x1024x24",
        sys.executable,
        __file__,
        *sys.argv[1:],
    ]
    sys.exit(subprocess.call(cmd, env=env))


def main() -> int:
    _reexec_under_xvfb()
    sys.path.insert(0, str(ROOT))
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink
    from PySide6.QtCore import QUrl
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.core.policy.schema import Contact, Policy
    from desktop.core.report import DraftStore, RelaySettings, SmtpRelay, Step, WhatHappened
    from desktop.ui.report.pages import PAGE_CHECK
    from desktop.ui.report.wizard import ReportParts, ReportWizard

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["hygiene-report-screenshots"])
    app.setStyle("Fusion")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    relay_server = Controller(Sink(), hostname="127.0.0.1", port=port)
    relay_server.start()
    policy = Policy(
        report_contacts=(
            Contact("IT service desk", "Sam Patel", "servicedesk@example.org"),
            Contact("Head of Skills Delivery", "Jo Bloggs", "jo.bloggs@example.org"),
            Contact("Head of Continuous Improvement"),
        ),
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
    )
    now = datetime(2025, 6, 3, 11, 40, tzinfo=UTC)

    def make(folder: Path, relay_port: int) -> ReportWizard:
        relay = SmtpRelay(RelaySettings("127.0.0.1", relay_port, starttls=False), timeout=3)
        w = ReportWizard(
            policy,
            ReportParts(
                drafts=DraftStore(folder),
                open_check_window=lambda: None,
                burn_password=lambda _p: None,
                compare_accounts=lambda _p: ["Personal email"],
                notify_later=lambda _s, _m: None,
                relay=relay,
            ),
            open_url=lambda _u: True,
            clock=lambda: now,
            ask_save_path=lambda p: None,
            choose=lambda a: a[7],
        )
        w.resize(720, 760)
        w.show()
        return w

    def shot(w: ReportWizard, name: str) -> None:
        for _ in range(5):
            app.processEvents()
            QTest.qWait(30)
        w.grab().save(str(out / f"report-{name}.png"))
        print("wrote", out / f"report-{name}.png")

    def fill(w: ReportWizard) -> None:
        w.state.update(
            what=WhatHappened.PHISHING,
            details=(
                "An email said my college mailbox was full and gave a link. The page looked "
                "like the college sign-in page, so I typed my password."
            ),
            when=now - timedelta(hours=1, minutes=35),
        )
        w.state.update(account="College email (Microsoft 365)")
        w.state.update(reporter_name="Alex Smith", reporter_email="alex.smith@example.org")
        for page in w.pages():
            page.refresh()

    with tempfile.TemporaryDirectory() as tmp:
        w = make(Path(tmp) / "a", port)
        shot(w, "1-what")
        fill(w)
        w.next()
        shot(w, "2-account")
        w.next()
        w.act_page.old_password.setText("not-the-real-one")
        w.act_page.use_button.click()
        w.runner.wait(3000)
        for _ in range(5):
            app.processEvents()
        w.act_page.steps[Step.CHANGE_NOW].setChecked(True)
        shot(w, "3-act")
        w.next()
        shot(w, "4-about")
        w.next()
        shot(w, "5-check")
        w.check_page.preview_button.click()
        shot(w, "5-check-full-report")
        w.check_page.preview_button.click()
        w.check_page.send_button.click()
        w.runner.wait(5000)
        for _ in range(10):
            app.processEvents()
            QTest.qWait(20)
        shot(w, "7-done")
        w.close()

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = s.getsockname()[1]
        w = make(Path(tmp) / "b", closed)
        fill(w)
        while w.currentId() < PAGE_CHECK:
            w.next()
        w.check_page.send_button.click()
        w.runner.wait(5000)
        for _ in range(10):
            app.processEvents()
            QTest.qWait(20)
        shot(w, "6-not-sent")
        w.close()

        w = make(Path(tmp) / "b", closed)  # the same folder: the draft is offered again
        shot(w, "8-welcome-back")
        w.close()

        bare = Policy()
        w = ReportWizard(
            bare,
            ReportParts(
                drafts=None,
                open_check_window=lambda: None,
            ),
            open_url=lambda _u: QUrl() is None,
            clock=lambda: now,
            choose=lambda a: a[3],
        )
        w.resize(720, 760)
        w.show()
        fill(w)
        while w.currentId() < PAGE_CHECK:
            w.next()
        shot(w, "9-no-addresses")
        w.close()
    relay_server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
