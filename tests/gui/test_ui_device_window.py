"""The "Check this computer" window, its tray entry, the badge and the drive notices, with
in-memory device sources (offscreen Qt, fake timers, no waiting on real time)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.checks import build_pipeline
from desktop.core.device import DeviceRunner, DeviceStatus, DriveLog
from desktop.core.device.grace import GraceState
from desktop.core.device.readings import FirewallReading, RemovableDrive, Unread
from desktop.core.kit.unchecked import Reason
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Policy
from desktop.core.policy.service import PolicyService
from desktop.core.settings import UserSettings
from desktop.ui.device.monitor import DeviceMonitor
from desktop.ui.device.reads import ReadsPage
from desktop.ui.device.window import DeviceWindow
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.shell.controller import AppController, Collaborators
from desktop.ui.shell.tray import FallbackWindow, TrayMenu
from tests.device_fakes import Fixed, failing_sources, passing_sources

NOW = datetime(2026, 3, 10, 14, 5, tzinfo=UTC)
WAIT = 5000


def runner_for(sources: dict, policy: Policy | None = None) -> Callable[[], object]:  # type: ignore[type-arg]
    runner = DeviceRunner(sources, "linux", now=lambda: NOW)
    return lambda: runner.run(policy or Policy(malware_products=("clamav-daemon",)))


def make_window(qtbot, run, pages=None, open_page=None) -> DeviceWindow:  # type: ignore[no-untyped-def]
    runner = BackgroundRunner()
    window = DeviceWindow(run, runner, pages or {}, open_page)
    runner.setParent(window)  # the runner goes with its window
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.report_shown, timeout=WAIT):
        window.check_again()
    return window


def test_a_failing_computer_shows_each_problem_with_its_fix(qtbot) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    pages = {"screen_lock": object(), "firewall": object()}
    window = make_window(qtbot, runner_for(failing_sources(NOW)), pages, opened.append)
    assert window.verdict.text() == "✗ 17 things to fix on this computer."
    line = window.text_of("screen_lock")
    assert line.startswith("✗ Problem Screen locks by itself Your screen locks 30 minutes")
    assert "Privacy & Security > Screen Lock" in line  # the fix is shown at once
    row = window.rows["firewall"]
    assert row.settings_button.isVisibleTo(row)
    disk = window.rows["disk_encryption"]
    assert not disk.settings_button.isVisibleTo(disk)
    qtbot.mouseClick(row.settings_button, Qt.MouseButton.LeftButton)
    assert opened == ["firewall"]
    assert not row.why.isVisibleTo(row)
    qtbot.mouseClick(row.why_button, Qt.MouseButton.LeftButton)
    assert row.why.isVisibleTo(row)
    assert "public Wi-Fi" in row.why.text()
    assert window.checked_at.text() == "Checked at 14:05"


def test_a_passing_computer_says_so_and_hides_fixes(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, runner_for(passing_sources()), {"firewall": object()}, print)
    assert window.verdict.text() == "✓ This computer meets your organisation's device policy."
    for check_id, row in window.rows.items():
        assert row.glyph.text() == "✓", check_id
        assert row.status.text() == "Passed"
        assert not row.fix.isVisibleTo(row)
        assert not row.settings_button.isVisibleTo(row)


def test_unknown_is_never_shown_as_passed(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, runner_for({}))
    # Seven facts unread, and anti-malware asked for by this policy: eight not checked.
    assert window.verdict.text().startswith("? No problems found, but 18 checks could not be run")
    assert window.text_of("firewall").startswith("? Not checked Firewall on Not checked:")
    assert "Does not apply" not in window.text_of("firewall")


def test_checks_run_on_a_worker_and_check_again_reads_afresh(qtbot) -> None:  # type: ignore[no-untyped-def]
    threads: list[bool] = []
    state = {"on": False}

    class Firewall:
        def read(self) -> object:
            threads.append(threading.current_thread() is threading.main_thread())
            return FirewallReading(state["on"], "ufw")

    sources = {**passing_sources(), "firewall": Firewall()}
    window = make_window(qtbot, runner_for(sources))
    assert window.rows["firewall"].status.text() == "Problem"
    state["on"] = True
    with qtbot.waitSignal(window.report_shown, timeout=WAIT):
        qtbot.mouseClick(window.again_button, Qt.MouseButton.LeftButton)
    assert window.rows["firewall"].status.text() == "Passed"
    assert threads == [False, False]  # never on the GUI thread


def test_a_hung_source_does_not_freeze_the_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tests.device_fakes import Blocking

    hung = Blocking()
    runner = DeviceRunner({**passing_sources(), "firewall": hung}, "linux", timeout=0.2)
    jobs = BackgroundRunner()
    window = DeviceWindow(lambda: runner.run(Policy()), jobs)
    jobs.setParent(window)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.report_shown, timeout=WAIT):
            window.check_again()
            assert window.verdict.text() == "Checking this computer..."  # the GUI carries on
        assert window.rows["firewall"].status.text() == "Not checked"
    finally:
        hung.release.set()


def test_reads_page_lists_every_check_and_what_is_never_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ReadsPage()
    qtbot.addWidget(page)
    text = page.text()
    assert "What this app reads, and what it never reads" in text
    for title in ("Screen locks by itself", "Removable drives", "No guest account"):
        assert title in text
    assert "Your files, documents, photos or downloads." in text
    assert "sends nothing to your organisation" in text


def controller_with_device(tmp_path: Path, run: Callable[[], object] | None) -> AppController:
    effective = EffectivePolicy(Policy(breach_check="off"))
    return AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(tmp_path / "settings.json"),
            run_device_checks=run,  # type: ignore[arg-type]
        )
    )


def test_tray_menu_opens_the_window_and_shows_the_badge(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = controller_with_device(tmp_path, runner_for(failing_sources(NOW)))
    menu = TrayMenu(controller)
    qtbot.addWidget(menu)
    assert "Check this computer..." in menu.texts()
    with qtbot.waitSignal(controller.device_report_shown, timeout=WAIT):
        menu.device_action.trigger()
    assert controller.device_window is not None and controller.device_window.isVisible()
    controller.set_device_badge(True)
    assert "Check this computer (something needs fixing)..." in menu.texts()
    qtbot.addWidget(controller.device_window)
    controller.device_window.close()
    controller.slow_runner.wait(WAIT)


def test_without_device_checks_there_is_no_entry(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = controller_with_device(tmp_path, None)
    menu = TrayMenu(controller)
    qtbot.addWidget(menu)
    assert "Check this computer..." not in menu.texts()
    fallback = FallbackWindow(controller, "no tray")
    qtbot.addWidget(fallback)
    assert not fallback.buttons["device"].isVisibleTo(fallback)


class FakeWatch:
    """Stands in for the OS drive watch; calls back from its own thread, as a real one."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.callback: Callable[[RemovableDrive], None] | None = None

    def start(self, on_added: Callable[[RemovableDrive], None]) -> bool:
        self.callback = on_added if self.works else None
        return self.works

    def stop(self) -> None:
        self.callback = None

    def plug(self, drive: RemovableDrive) -> None:
        thread = threading.Thread(target=lambda: self.callback and self.callback(drive))  # type: ignore[func-returns-value]
        thread.start()
        thread.join()


@pytest.fixture
def owner(qtbot):  # type: ignore[no-untyped-def]
    """A widget that owns a test's monitor and runner, deleted when the test ends."""
    widget = QWidget()
    yield widget
    for runner in widget.findChildren(BackgroundRunner):
        runner.wait(WAIT)
    shiboken6.delete(widget)


def make_monitor(  # type: ignore[no-untyped-def]
    owner: QWidget,
    tmp_path: Path,
    sources: dict,  # type: ignore[type-arg]
    policy: Policy,
    quiet=(False, False),
    watch=None,
):
    clock = {"now": NOW}
    runner = DeviceRunner(sources, "linux", now=lambda: clock["now"])
    notices: list[tuple[str, str]] = []
    timers = FakeTimerFactory()
    drives = DriveLog()
    monitor = DeviceMonitor(
        lambda: runner.run(policy),
        lambda: policy,
        GraceState(tmp_path / "device-state.json"),
        BackgroundRunner(parent=owner),
        timers,
        lambda title, text: notices.append((title, text)),
        "linux",
        quiet=lambda: quiet,
        drives=drives,
        watch=watch,
        now=lambda: clock["now"],
        parent=owner,
    )
    return monitor, timers, notices, clock, drives


def test_badge_only_after_the_grace_period(qtbot, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sources = {**passing_sources(), "firewall": Fixed(FirewallReading(False, "ufw"))}
    monitor, timers, notices, clock, _ = make_monitor(owner, tmp_path, sources, Policy())
    monitor.start()
    timer = timers.timers[0]
    assert timer.interval_ms == 60_000
    with qtbot.waitSignal(monitor.report_ready, timeout=WAIT):
        timer.fire()
    assert not monitor.badge and notices == []
    assert timer.interval_ms == 4 * 3600_000
    clock["now"] = NOW + timedelta(days=3)
    with qtbot.waitSignal(monitor.badge_changed, timeout=WAIT) as badge:
        timer.fire()
    assert badge.args == [True]
    assert notices == [
        (
            "Check this computer",
            "One thing on this computer needs fixing: firewall on. Choose 'Check this "
            "computer' in the menu to see what and how.",
        )
    ]


def test_a_source_still_working_is_checked_again_soon(qtbot, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The first run after start found the updates search still running: the tray checks
    again in half a minute, not hours later, and goes back to hours once it has the answer."""
    looking = Fixed(Unread("the update service is still looking", "", Reason.WAITING))
    sources = {**passing_sources(), "updates": looking}
    monitor, timers, _notices, _clock, _ = make_monitor(owner, tmp_path, sources, Policy())
    monitor.start()
    timer = timers.timers[0]
    with qtbot.waitSignal(monitor.report_ready, timeout=WAIT) as first:
        timer.fire()
    assert first.args[0].get("updates").status is DeviceStatus.UNKNOWN
    assert timer.interval_ms == 30_000
    looking.value = passing_sources()["updates"].read()
    with qtbot.waitSignal(monitor.report_ready, timeout=WAIT) as second:
        timer.fire()
    assert second.args[0].get("updates").status is DeviceStatus.PASS
    assert timer.interval_ms == 4 * 3600_000


def test_no_notice_during_a_presentation(qtbot, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monitor, timers, notices, _clock, _ = make_monitor(
        owner, tmp_path, failing_sources(NOW), Policy(device_grace_days=0), quiet=(True, False)
    )
    monitor.start()
    with qtbot.waitSignal(monitor.report_ready, timeout=WAIT):
        timers.timers[0].fire()
    assert monitor.badge and notices == []


STICK = RemovableDrive("/org/freedesktop/UDisks2/block_devices/sdc1", False, label="HOLIDAY")


def test_a_drive_plugged_in_gives_one_notice_on_the_gui_thread(
    qtbot, owner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    watch = FakeWatch()
    monitor, _t, notices, _c, drives = make_monitor(
        owner, tmp_path, passing_sources(), Policy(), watch=watch
    )
    with qtbot.waitSignal(monitor.watch_started, timeout=WAIT):
        monitor.start()  # the watch starts on a worker, never on the GUI thread
    assert drives.watching
    watch.plug(STICK)
    watch.plug(STICK)  # the same plug signalled twice
    qtbot.waitUntil(lambda: len(notices) == 1, timeout=WAIT)
    QApplication.processEvents()
    assert len(notices) == 1
    title, text = notices[0]
    assert title == "Drive plugged in: check before you use it"
    assert '"\u2068HOLIDAY\u2069" is not encrypted' in text and "cannot block a drive" in text
    assert len(drives.read().drives) == 1


def test_a_plug_while_the_tray_runs_updates_the_posture_document_at_once(
    qtbot, owner, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """No timer fires here: the plug alone re-runs the checks and rewrites the file."""
    import json

    from desktop.core.posture.store import PostureRecorder
    from desktop.ui.device.posture_link import PostureLink

    watch = FakeWatch()
    drives = DriveLog()
    policy = Policy()
    runner = DeviceRunner({**passing_sources(), "removable_media": drives}, "linux")
    timers = FakeTimerFactory()
    monitor = DeviceMonitor(
        lambda: runner.run(policy),
        lambda: policy,
        GraceState(tmp_path / "device-state.json"),
        BackgroundRunner(parent=owner),
        timers,
        lambda _t, _x: None,
        "linux",
        drives=drives,
        watch=watch,
        parent=owner,
    )
    path = tmp_path / "posture.json"
    link = PostureLink(
        PostureRecorder(path),
        lambda: policy,
        BackgroundRunner(parent=owner),
        "linux",
        "1.0",
        parent=owner,
    )
    monitor.report_ready.connect(link.take_report)
    with qtbot.waitSignal(monitor.watch_started, timeout=WAIT):
        monitor.start()
    assert not path.exists()  # the first scheduled check is a minute away

    def status() -> str:
        try:
            return str(json.loads(path.read_text(encoding="utf-8"))["removable_media_status"])
        except (OSError, ValueError, KeyError):
            return ""

    watch.plug(STICK)
    qtbot.waitUntil(lambda: status() == "fail", timeout=WAIT)
    # The plug, not the timer, ran the check: the timer was only ever started.
    assert timers.timers[0].intervals[0] == 60_000


def test_drive_notices_switched_off_or_unwatchable(qtbot, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    watch = FakeWatch()
    monitor, _t, notices, _c, drives = make_monitor(
        owner, tmp_path, passing_sources(), Policy(removable_media_notices=False), watch=watch
    )
    with qtbot.waitSignal(monitor.watch_started, timeout=WAIT):
        monitor.start()
    watch.plug(STICK)
    qtbot.waitUntil(lambda: len(drives.read().drives) == 1, timeout=WAIT)
    assert notices == []
    broken, *_rest = make_monitor(
        owner, tmp_path, passing_sources(), Policy(), watch=FakeWatch(False)
    )
    with qtbot.waitSignal(broken.watch_started, timeout=WAIT) as started:
        broken.start()
    assert started.args == [False]


def test_a_stopped_monitor_starts_nothing(qtbot, owner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monitor, timers, notices, _c, _d = make_monitor(
        owner, tmp_path, failing_sources(NOW), Policy(device_grace_days=0)
    )
    monitor.start()
    monitor.stop()  # the app quit
    timers.timers[0].interval_ms = 1  # even if a late timer fired
    timers.timers[0].fire()
    monitor.take_report(DeviceRunner(failing_sources(NOW), "linux").run(Policy()))
    assert not monitor.badge and notices == []
    assert not timers.timers[0].is_active()


def test_the_fallback_window_offers_the_check_too(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = controller_with_device(tmp_path, runner_for(passing_sources()))
    fallback = FallbackWindow(controller, "no tray")
    qtbot.addWidget(fallback)
    button = fallback.buttons["device"]
    assert button.isVisibleTo(fallback) and button.window() is fallback
    assert button.text() == "Check this c&omputer..."
