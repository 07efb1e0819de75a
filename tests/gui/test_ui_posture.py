"""'What IT can see' and the posture document kept in step with the device checks
(offscreen Qt, real worker threads through the one background helper, files in tmp)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.checks import build_pipeline
from desktop.core.device import DeviceRunner
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Policy
from desktop.core.policy.service import PolicyService
from desktop.core.posture.store import PostureRecorder, StatusChange
from desktop.core.settings import UserSettings
from desktop.ui.device.it_view import ItViewPage
from desktop.ui.device.posture_link import PostureLink
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.shell.controller import AppController, Collaborators
from tests.device_fakes import failing_sources
from tests.posture_helpers import NOW, document, real_reports

WAIT = 5000


def test_the_page_shows_every_field_in_plain_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ItViewPage(Path("/tmp/none/posture.json"))
    qtbot.addWidget(page)
    assert "Nothing yet" in page.text()
    doc = document(real_reports()["failing"])
    page.show_document(doc)
    text = page.text()
    assert "Screen lock: result" in text and "Needs fixing" in text
    assert "Screen lock: what your organisation asks" in text and "15 minutes or less" in text
    assert "Screen lock: what was read" in text and "30 minutes" in text
    assert "Lock reminders" in text and "On" in text
    assert "Version of your organisation's policy in force" in text and "2026-03" in text
    assert "never holds a password" in text
    assert "does not share how many times your screen was left unlocked" in text
    assert "shared because your policy says so" not in text
    # Every field in the document has its line, and nothing else does.
    shown = {
        page._grid.itemAtPosition(r, 0).widget().toolTip()  # type: ignore[union-attr]
        for r in range(page._grid.rowCount())
        if page._grid.itemAtPosition(r, 0) is not None
    }
    assert shown == set(doc)  # the checks' words have one line of their own


def test_the_page_says_when_the_policy_shares_the_lock_count(qtbot) -> None:  # type: ignore[no-untyped-def]
    from desktop.core.posture.document import AppState

    page = ItViewPage(Path("/tmp/none/posture.json"))
    qtbot.addWidget(page)
    state = AppState(True, share_lock_counts=True, left_unlocked_this_week=3)
    page.show_document(document(real_reports()["passing"], state))
    text = page.text()
    assert "also shares how many times this week" in text
    assert "Times your screen was left unlocked this week" in text
    assert "3 (shared because your policy says so)" in text


def test_each_check_writes_the_document_on_a_worker(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logged: list[str] = []

    class Log:
        def status_changed(self, change: StatusChange, fields: object) -> None:
            logged.append(f"{change.check_id}:{change.status}")

    path = tmp_path / "state" / "posture.json"
    link = PostureLink(
        PostureRecorder(path, sinks=[Log()]),  # type: ignore[list-item]
        lambda: Policy(policy_version="v2"),
        BackgroundRunner(),
        "linux",
        "0.1.0",
        history_read=lambda: None,
    )
    report = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW).run(Policy())
    with qtbot.waitSignal(link.published, timeout=WAIT) as signal:
        link.take_report(report)
    on_disk = json.loads(path.read_text(encoding="utf-8"))
    assert signal.args[0] == on_disk and link.last == on_disk
    assert on_disk["policy_version"] == "v2" and on_disk["password_history_available"] is True
    assert "firewall:fail" in logged
    # The person switches reminders off: the document follows without a new check.
    link._policy = lambda: Policy(policy_version="v2", reminders_enabled=False)
    logged.clear()
    with qtbot.waitSignal(link.published, timeout=WAIT):
        link.republish()
    assert json.loads(path.read_text(encoding="utf-8"))["reminders_enabled"] is False
    assert logged == []  # no check's status changed, so nothing is logged


def test_device_window_opens_what_it_can_see(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "posture.json"
    PostureRecorder(path).record(document(real_reports()["failing"]))
    runner = DeviceRunner(failing_sources(NOW), "linux", now=lambda: NOW)
    effective = EffectivePolicy(Policy(breach_check="off"))
    controller = AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(tmp_path / "settings.json"),
            run_device_checks=lambda: runner.run(Policy()),
            posture_path=path,
        )
    )
    with qtbot.waitSignal(controller.device_report_shown, timeout=WAIT):
        window = controller.open_device_window()
    qtbot.addWidget(window)
    assert window.it_button.isVisibleTo(window)
    qtbot.mouseClick(window.it_button, Qt.MouseButton.LeftButton)
    page = controller.it_page
    assert page is not None
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: "Needs fixing" in page.text(), timeout=WAIT)
    assert str(path) in page.text()
