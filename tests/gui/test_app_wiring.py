"""The started app, as a person meets it: every tray action does something real."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from desktop.app import Running, start
from tests.support import private_root


@pytest.fixture
def running(qtbot, tmp_path: Path):
    # No DISPLAY and no session bus in what the root sees: reminders must say so.
    services = private_root(tmp_path, {"XDG_CONFIG_HOME": str(tmp_path / "config")})
    started = start(["--no-network"], services=services, instance_name=f"hh-wiring-{os.getpid()}")
    assert isinstance(started, Running)
    yield started
    started.controller.quit()
    started.stop()


def test_the_tray_app_keeps_its_log_in_the_persons_state_folder(
    running: Running, tmp_path: Path
) -> None:
    log = tmp_path / ".local" / "state" / "hygiene-helper" / "log" / "app.log"
    assert "Hygiene Helper" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_leak_report_lock_and_pause_are_all_available(running: Running) -> None:
    c = running.controller
    assert c.can_report and c.can_lock and c.can_pause
    assert "Lock reminders are" in c.status_text  # the weekly line reaches the menu


def test_the_leak_entry_opens_the_wizard_once(running: Running, qtbot) -> None:
    from desktop.ui.report.wizard import ReportWizard

    running.controller.open_report_wizard()
    running.controller.open_report_wizard()  # a second click brings the same one forward
    wizards = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ReportWizard) and w.isVisible()
    ]
    assert len(wizards) == 1
    wizards[0].close()


def test_settings_say_what_reminders_cannot_do_here(running: Running) -> None:
    dialog = running.controller.open_settings()
    note = dialog.findChild(QLabel, "reminders-unavailable")
    # Offscreen there is no X server and no screen saver service: that must be said.
    assert note is not None and "Not available on this computer" in note.text()
    assert "Idle time" in note.text() or "Lock state" in note.text()
    dialog.close()


def test_pausing_from_the_menu_reaches_the_reminders(running: Running) -> None:
    running.controller.pause_reminders(3600)
    assert "paused" in running.controller.status_text.lower()
    running.controller.pause_reminders(0)
    assert "paused" not in running.controller.status_text.lower()


def test_check_this_computer_runs_the_real_device_checks(running: Running, qtbot) -> None:
    c = running.controller
    assert c.can_check_device
    with qtbot.waitSignal(c.device_report_shown, timeout=10_000) as shown:
        window = c.open_device_window()
    assert window is not None
    report = shown.args[0]
    assert {f.check_id for f in report.findings} >= {"screen_lock", "firewall", "updates"}
    # Whatever this computer can or cannot tell, nothing unread is shown as passed.
    for f in report.findings:
        if f.summary.startswith("Not checked"):
            assert window.rows[f.check_id].status.text() == "Not checked"
    window.close()
