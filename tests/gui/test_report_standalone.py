"""``hygiene report`` on its own offers what the tray app offers, and a report left half
done is offered again.

* The real command (``hygiene report --kind clicked``) on a real X server, in its own
  process (tests/standalone_report_driver.py): the clicked kind's step buttons are
  there, reached with Tab and pressed with Space, and open "Check this computer" and
  the leaked-password report in the same process; that report's "Open the password
  checker" opens the real check window. Once every window is closed the command ends
  by itself.
* ``hygiene report`` with a scam report left half done: "What happened?" says so at the
  top and has it chosen, and Enter carries it on where it stopped.
* The tray app started with a report left half done: one notice says so, and its button
  opens that report where it stopped. A report open in a window is not "left".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desktop.app import Running, start
from desktop.core.report import DraftStore, ReportAnswers
from desktop.core.report.drafts import Draft
from desktop.core.report.kinds import KINDS
from desktop.core.report.unfinished import unfinished_kinds
from desktop.ui.report.wizard import ReportWizard
from tests.support import app_env, private_root, xvfb

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 120  # seconds for a whole run on a loaded machine; a hang fails, never waits
POLICY = (
    'smtp_host = "127.0.0.1"\nsmtp_port = 9\nsmtp_starttls = false\n'
    'report_contacts = [{role = "IT service desk", email = "desk@college.test"}]\n'
)


@pytest.fixture
def display() -> Iterator[str]:
    with xvfb("1024x768x24") as shown:
        yield shown


def _run(tmp_path: Path, display: str, scenario: str) -> tuple[list[str], str]:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    env = app_env(tmp_path, display)
    done = subprocess.run(
        [sys.executable, "-m", "tests.standalone_report_driver", scenario, str(policy)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=LIMIT,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout.splitlines(), done.stderr


@pytest.mark.xvfb
def test_the_command_on_its_own_opens_the_steps_windows(tmp_path: Path, display: str) -> None:
    lines, _err = _run(tmp_path, display, "steps")
    seen = json.loads(lines[0])
    assert seen["buttons"] == ["check-device", "leak-report"]
    assert seen["windows"] == [
        "CheckWindow:Check a new password - Hygiene Helper",
        "DeviceWindow:Check this computer - Hygiene Helper",
        "ReportWizard:I clicked or typed something I should not have - Hygiene Helper",
        "ReportWizard:I think my password leaked - Hygiene Helper",
    ]
    # Every window closed: the command ended by itself, the report not sent.
    assert lines[-1] == "EXIT 1"
    # The leaked-password report was started in it: its answers are kept for next time.
    drafts = DraftStore(tmp_path / "home" / "config" / "hygiene-helper" / "drafts")
    assert unfinished_kinds(drafts, KINDS.values()) == (KINDS["leak"],)


@pytest.mark.xvfb
def test_the_command_offers_a_report_left_half_done(tmp_path: Path, display: str) -> None:
    lines, err = _run(tmp_path, display, "resume")
    seen = json.loads(lines[0])
    label = KINDS["scam"].label
    assert seen["line"].startswith(f"You have a report you did not finish: \u201c{label}\u201d")
    assert seen["chosen"] == ["scam"] and seen["focus"] == ["scam"]
    assert seen["title"] == "Is this a scam? - Hygiene Helper"
    assert seen["page"] == "now" and seen["banner"].startswith("Welcome back.")
    assert lines[-1] == "EXIT 1"
    assert "Run 'hygiene report --kind scam' again to carry on." in err


def _save_draft(services_drafts: DraftStore, kind: str) -> None:
    now = datetime.now(UTC)
    answers = ReportAnswers(reference="PW-261207-K7QX", started=now, when=now, kind=kind)
    first = KINDS[kind].do_now[0].key
    services_drafts.for_kind(kind).save(Draft(answers.with_tick(first, True, now), "now"))


def _notices() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible() and "not finished" in w.windowTitle()
    ]


def test_the_tray_app_reminds_of_a_report_left_half_done(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services = private_root(tmp_path, {"XDG_CONFIG_HOME": str(tmp_path / "config")})
    drafts = services.drafts()
    _save_draft(drafts, "lost-device")
    held = drafts.for_kind("scam")
    _save_draft(drafts, "scam")
    lock = held.lock()  # the scam report is open in a window elsewhere: not left
    assert lock.acquire()
    stale = set(map(id, _notices()))  # none expected: a stopped app shows nothing late
    started = start(["--no-network"], services=services, instance_name=f"hh-left-{os.getpid()}")
    assert isinstance(started, Running)
    try:
        left = f"\u201c{KINDS['lost-device'].label}\u201d"
        qtbot.waitUntil(lambda: any(left in b.text() for b in _notices()), timeout=30_000)
        ours = [b for b in _notices() if id(b) not in stale]
        assert len(ours) == 1  # one notice for the reports left, not one each
        box = ours[0]
        assert left in box.text()
        assert KINDS["scam"].label not in box.text()
        carry_on = next(
            b
            for b in box.findChildren(QPushButton)
            if b.accessibleName() == "Carry on with the report"
        )
        carry_on.click()
        wizard = started.controller.report_wizards["lost-device"]
        assert isinstance(wizard, ReportWizard) and wizard.isVisible()
        assert wizard._key() == "now"  # where it stopped
        assert wizard.now_page.banner.text().startswith("Welcome back.")
    finally:
        lock.release()
        started.controller.quit()
        started.stop()


def test_what_happened_with_two_reports_left_chooses_neither(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.report.kinds import offered
    from desktop.ui.report.choose import ReportChooser

    left = ("wrong-person", "stick-or-warning")
    chooser = ReportChooser(offered(()), lambda _k: None, lambda k: k in left)
    qtbot.addWidget(chooser)
    chooser.show()
    assert chooser.unfinished_line.isVisible()
    assert "reports you did not finish" in chooser.unfinished_line.text()
    assert not any(b.isChecked() for b in chooser.choices.values())
    assert chooser.focusWidget() is chooser.choices["wrong-person"]  # the first of them


def test_what_happened_with_nothing_left_says_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.report.kinds import offered
    from desktop.ui.report.choose import ReportChooser

    chooser = ReportChooser(offered(()), lambda _k: None)
    qtbot.addWidget(chooser)
    chooser.show()
    assert not chooser.unfinished_line.isVisible()
    assert not any(b.isChecked() for b in chooser.choices.values())
    assert chooser.focusWidget() is chooser.choices["leak"]
