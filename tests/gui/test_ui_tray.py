"""The tray shell: its menu, the fallback window when there is no tray, one copy per
session, and (on a real X server with Debian's ``trayer`` as the tray host) the icon
docking in a real tray and its menu opening from a real right-click.

The real-tray tests need the xcb platform, which a process can only choose before its
QApplication exists, so they run in a child pytest on a private Xvfb display. In CI
a missing Xvfb or trayer is a failure, not a skip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from desktop.core.checks import build_pipeline
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.schema import Origin, Policy
from desktop.core.policy.service import PolicyService
from desktop.core.reminders import MemoryTallyStore
from desktop.core.report.kinds import KIND_IDS
from desktop.core.settings import UserSettings
from desktop.ui.kit.a11y import mnemonic_clashes
from desktop.ui.kit.timers import FakeTimerFactory
from desktop.ui.report.choose import ReportChooser
from desktop.ui.shell.controller import AppController, Collaborators
from desktop.ui.shell.single_instance import SingleInstance
from desktop.ui.shell.tray import FallbackWindow, TrayMenu, TrayShell
from desktop.wiring import Options, Services
from tests.fixtures_ui import MemoryKeyring, require_tool, tray_host, xvfb

REAL_X = os.environ.get("HYGIENE_TEST_REAL_TRAY") == "1"
ROOT = Path(__file__).resolve().parents[2]


class Calls:
    """Records what the tray asked the other parts of the app to do."""

    def __init__(self) -> None:
        self.log: list[object] = []

    def lock(self) -> None:
        self.log.append("lock")

    def report(
        self,
        open_check_window: Callable[[], object],
        kind: str = "leak",
        open_window: Callable[[str], object] | None = None,
    ) -> QWidget:
        self.log.append("report" if kind == "leak" else ("report", kind))
        assert (open_window is None) == (kind == "leak")  # the kinds may open other windows
        return QWidget()

    def pause(self, seconds: int | None) -> None:
        self.log.append(("pause", seconds))


def make_controller(
    tmp_path: Path, calls: Calls | None = None, allow_pause: bool = True, managed: bool = False
) -> AppController:
    origins = {"allow_pause": Origin.MANAGED} if managed else {}
    effective = EffectivePolicy(Policy(allow_pause=allow_pause, breach_check="off"), origins)
    calls = calls or Calls()
    return AppController(
        Collaborators(
            make_pipeline=lambda eff: build_pipeline(eff.policy),
            policy=PolicyService.fixed(effective),
            settings=UserSettings(tmp_path / "settings.json"),
            make_report_wizard=calls.report,
            lock_now=calls.lock,
            pause_reminders=calls.pause,
            timers=FakeTimerFactory(),
        )
    )


def close_all(controller: AppController) -> None:
    for window in (controller.check_window, controller.settings_dialog):
        if window is not None:
            window.close()
    controller.local_runner.wait(10_000)
    controller.slow_runner.wait(10_000)


@pytest.mark.skipif(REAL_X, reason="runs in the parent process only")
class TestMenuAndFallback:
    def test_menu_has_every_entry_in_order_and_each_does_its_job(self, qtbot, tmp_path):
        calls = Calls()
        controller = make_controller(tmp_path, calls)
        menu = TrayMenu(controller)
        assert menu.texts() == [
            "Check a new password...",
            "Report a problem...",
            "I think my password leaked...",
            "Lock now",
            "Pause reminders",
            "Settings...",
            "About Hygiene Helper",
            "Quit",
        ]
        menu.check_action.trigger()
        assert controller.check_window is not None and controller.check_window.isVisible()
        menu.report_action.trigger()
        # "Report a problem" asks "What happened?" first; the answer opens that kind.
        menu.problem_action.trigger()
        chooser = controller.report_chooser
        assert isinstance(chooser, ReportChooser) and chooser.isVisible()
        assert list(chooser.choices) == list(KIND_IDS)
        chooser.choose("lost-device")
        chooser.accept()
        menu.lock_action.trigger()
        hour, tomorrow, resume = menu.pause_menu.actions()
        hour.trigger()
        tomorrow.trigger()
        resume.trigger()
        assert calls.log == [
            "report",
            ("report", "lost-device"),
            "lock",
            ("pause", 3600),
            ("pause", None),
            ("pause", 0),
        ]
        menu.settings_action.trigger()
        assert controller.settings_dialog is not None and controller.settings_dialog.isVisible()
        close_all(controller)

    def test_about_shows_the_one_version_number(self, qtbot, tmp_path):
        from desktop import __version__

        controller = make_controller(tmp_path, Calls())
        text = controller.about_text()
        assert f"Hygiene Helper {__version__}" in text
        # It says exactly what is kept, rather than "never stored".
        assert "never stored" not in text
        assert "a scrambled code of it (never the password itself)" in text
        close_all(controller)

    def test_status_line_shows_at_the_top_of_the_menu(self, qtbot, tmp_path):
        controller = make_controller(tmp_path)
        menu = TrayMenu(controller)
        controller.set_status_text("You locked your screen 9 times this week.")
        assert menu.texts()[0] == "You locked your screen 9 times this week."
        # Reachable with the arrow keys and read out, not a faint disabled entry.
        assert menu.status_action.isEnabled()
        menu.status_action.trigger()  # choosing it does nothing and breaks nothing

    def test_menu_opens_for_the_keyboard_from_a_launcher(self, qtbot, tmp_path):
        controller = make_controller(tmp_path)
        controller.set_status_text("You locked your screen 9 times this week.")
        shell = TrayShell(controller, tray_available=lambda: True)
        shell.start()
        assert shell.menu is not None
        shell.show_menu()
        qtbot.waitUntil(shell.menu.isVisible, timeout=5_000)
        active = shell.menu.activeAction()
        assert active is not None and active.text() == "You locked your screen 9 times this week."
        screen = QApplication.primaryScreen().availableGeometry()
        assert screen.contains(shell.menu.geometry())
        shell.menu.hide()
        shell.stop()
        close_all(controller)

    def test_pause_is_greyed_out_when_the_organisation_does_not_allow_it(self, qtbot, tmp_path):
        calls = Calls()
        controller = make_controller(tmp_path, calls, allow_pause=False, managed=True)
        menu = TrayMenu(controller)
        assert not menu.pause_action.isEnabled()
        assert "Pause reminders (not allowed by your organisation)" in menu.texts()
        controller.pause_reminders(3600)
        assert calls.log == []

    def test_parts_not_wired_are_greyed_out(self, qtbot, tmp_path):
        effective = EffectivePolicy(Policy(breach_check="off"))
        controller = AppController(
            Collaborators(
                make_pipeline=lambda eff: build_pipeline(eff.policy),
                policy=PolicyService.fixed(effective),
                settings=UserSettings(tmp_path / "s.json"),
            )
        )
        menu = TrayMenu(controller)
        assert not menu.report_action.isEnabled()
        assert not menu.lock_action.isEnabled()
        assert menu.check_action.isEnabled() and menu.settings_action.isEnabled()

    def test_without_a_tray_a_small_window_says_why_and_offers_the_same(self, qtbot, tmp_path):
        calls = Calls()
        controller = make_controller(tmp_path, calls)
        shell = TrayShell(controller, tray_available=lambda: False)
        shell.start()
        assert shell.tray is None
        window = shell.fallback
        assert isinstance(window, FallbackWindow)
        qtbot.addWidget(window)
        assert window.isVisible()
        assert "no system tray" in window.reason.text()
        assert mnemonic_clashes(window) == {}  # one access key per letter
        window.buttons["lock"].click()
        assert calls.log == ["lock"]
        window.buttons["check"].click()
        assert controller.check_window.isVisible()
        # "Report a problem" is here too: "What happened?", then the kind chosen.
        window.buttons["problem"].click()
        chooser = controller.report_chooser
        assert isinstance(chooser, ReportChooser) and chooser.isVisible()
        chooser.choose("scam")
        chooser.accept()
        assert calls.log == ["lock", ("report", "scam")]
        # A report's step can ask for the leak report (and "Check this computer").
        controller.open_window("leak-report")
        assert calls.log[-1] == "report"
        # A second "hygiene report --kind misuse" asks the running app to show that kind.
        controller.handle_message("report:misuse")
        assert calls.log[-1] == ("report", "misuse")
        # Closing it from the title bar minimises rather than quitting, so reminders keep
        # running; a close from the app itself (quitting, logging out) goes through.
        assert window.minimises_on_close(from_person=True)
        assert not window.minimises_on_close(from_person=False)
        controller.quit_requested.emit()
        assert not window.minimises_on_close(from_person=True)
        window.close()
        assert not window.isVisible()
        close_all(controller)

    def test_offscreen_has_no_tray_so_the_app_uses_the_fallback(self, qtbot, tmp_path):
        assert not QSystemTrayIcon.isSystemTrayAvailable()
        shell = TrayShell(make_controller(tmp_path))
        shell.start()
        assert shell.fallback is not None
        qtbot.addWidget(shell.fallback)


@pytest.mark.skipif(REAL_X, reason="runs in the parent process only")
class TestSingleInstance:
    # unix=True is what Linux and macOS run; unix=False is Qt's QLocalServer, which
    # Windows runs (named pipes there), tried here over Qt's own Unix sockets.
    @pytest.mark.parametrize("unix", [True, False], ids=["unix-socket", "qt-local-server"])
    def test_second_launch_hands_over_to_the_first(self, qtbot, unix):
        name = f"hygiene-helper-test-{uuid.uuid4().hex[:12]}"
        first = SingleInstance(name, unix=unix)
        assert first.listen()
        try:
            with qtbot.waitSignal(first.message_received, timeout=5_000) as got:
                assert SingleInstance(name, unix=unix).send_to_running("check")
            assert got.args == ["check"]
            # Words other than the few known ones are ignored.
            with qtbot.assertNotEmitted(first.message_received, wait=300):
                SingleInstance(name, unix=unix).send_to_running("rm -rf")
        finally:
            first.close()

    @pytest.mark.parametrize("unix", [True, False], ids=["unix-socket", "qt-local-server"])
    def test_nobody_running_means_this_copy_starts(self, qtbot, unix):
        name = f"hygiene-helper-test-{uuid.uuid4().hex[:12]}"
        assert not SingleInstance(name, unix=unix).send_to_running("show", timeout_ms=300)

    def test_a_copy_that_crashed_leaves_nothing_in_the_way(self, qtbot, tmp_path):
        import socket as sockets

        path = str(tmp_path / "hh.sock")
        crashed = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
        crashed.bind(path)  # its file stays, nobody listens on it
        crashed.close()
        assert not SingleInstance(path).send_to_running("show", timeout_ms=300)
        first = SingleInstance(path)
        assert first.listen()
        try:
            assert oct(os.stat(path).st_mode & 0o777) == "0o600"  # this user only
            with qtbot.waitSignal(first.message_received, timeout=5_000) as got:
                assert SingleInstance(path).send_to_running("settings")
            assert got.args == ["settings"]
        finally:
            first.close()
        assert not os.path.exists(path)  # a clean stop leaves no file

    def test_a_running_copy_is_never_pushed_aside(self, qtbot, tmp_path):
        path = str(tmp_path / "hh.sock")
        (tmp_path / "not-a-socket").write_text("keep me")
        assert not SingleInstance(str(tmp_path / "not-a-socket")).listen()  # never removed
        assert (tmp_path / "not-a-socket").read_text() == "keep me"
        first = SingleInstance(path)
        assert first.listen()
        try:
            assert not SingleInstance(path).listen()  # a second copy cannot take its place
            with qtbot.waitSignal(first.message_received, timeout=5_000) as got:
                assert SingleInstance(path).send_to_running("menu")
            assert got.args == ["menu"]
        finally:
            first.close()

    def test_a_silent_or_noisy_caller_does_not_block_the_next(self, qtbot, tmp_path):
        import socket as sockets

        path = str(tmp_path / "hh.sock")
        first = SingleInstance(path)
        assert first.listen()
        silent = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
        noisy = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
        try:
            silent.connect(path)  # connects and never says a word
            noisy.connect(path)
            noisy.sendall(b"x" * 4096)  # far longer than any word, no line end
            with qtbot.waitSignal(first.message_received, timeout=5_000) as got:
                assert SingleInstance(path).send_to_running("report")
            assert got.args == ["report"]
        finally:
            silent.close()
            noisy.close()
            first.close()

    def test_app_started_twice_brings_the_first_window_forward(self, qtbot, tmp_path):
        from desktop.app import Running, start
        from desktop.core.kit.paths import UserPaths

        name = f"hygiene-helper-test-{uuid.uuid4().hex[:12]}"
        parts = Services(
            Options(no_network=True),
            settings=UserSettings(tmp_path / "settings.json"),
            readers=(),
            keyring=MemoryKeyring(),
            env={},
            paths=UserPaths.under(tmp_path),
            system_policy=tmp_path / "no-policy.toml",
            tally_store=MemoryTallyStore(),
        )
        first = start(["--no-network"], services=parts, instance_name=name)
        assert isinstance(first, Running)
        try:
            # First start ever: the check window opens by itself.
            assert first.controller.check_window is not None
            first.controller.check_window.close()
            assert not first.controller.check_window.isVisible()
            second = start(["--check"], services=parts, instance_name=name)
            assert second == 0
            qtbot.waitUntil(lambda: first.controller.check_window.isVisible(), timeout=5_000)
        finally:
            if first.shell.fallback is not None:
                first.shell.fallback.close()
            close_all(first.controller)
            first.stop()


# ----- on a real X server with a real tray host -------------------------------------


def _child_pytest(display: str, selector: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "HYGIENE_TEST_REAL_TRAY": "1",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"{Path(__file__)}::{selector}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.skipif(REAL_X, reason="runs in the parent process only")
@pytest.mark.xvfb
def test_real_tray_host_on_xvfb():
    """The ``TestRealTray`` tests below, in a child pytest on Xvfb with trayer running."""
    require_tool("xdotool")
    with xvfb() as display, tray_host(display):
        result = _child_pytest(display, "TestRealTray")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "skipped" not in result.stdout


@pytest.mark.skipif(REAL_X, reason="runs in the parent process only")
@pytest.mark.xvfb
def test_real_x_server_without_a_tray_gets_the_fallback_window():
    with xvfb() as display:
        result = _child_pytest(display, "TestRealNoTray")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout and "skipped" not in result.stdout


def _real_tray_env() -> bool:
    return REAL_X and QApplication.platformName() == "xcb"


@pytest.mark.skipif(not REAL_X, reason="started by test_real_tray_host_on_xvfb")
class TestRealTray:
    def test_icon_docks_and_right_click_opens_the_menu(self, qtbot, tmp_path):
        assert _real_tray_env()
        qtbot.waitUntil(QSystemTrayIcon.isSystemTrayAvailable, timeout=10_000)
        calls = Calls()
        controller = make_controller(tmp_path, calls)
        shell = TrayShell(controller)
        shell.start()
        assert shell.tray is not None and shell.fallback is None
        qtbot.waitUntil(lambda: shell.tray.geometry().width() > 0, timeout=10_000)
        menu = shell.menu
        assert isinstance(menu, QMenu)
        # The icon may still be docking when Qt first knows where it is: click again
        # until the tray host has embedded it and the menu opens.
        for _attempt in range(10):
            centre = shell.tray.geometry().center()
            subprocess.run(
                ["xdotool", "mousemove", str(centre.x()), str(centre.y()), "click", "3"], check=True
            )
            try:
                qtbot.waitUntil(menu.isVisible, timeout=1_000)
                break
            except qtbot.TimeoutError:
                continue
        assert menu.isVisible(), "right-clicking the tray icon did not open its menu"
        # Choose "Lock now" with the keyboard, as a person could.
        lock_index = menu.texts().index("Lock now")
        keys = ["Down"] * (lock_index + 1) + ["Return"]
        subprocess.run(["xdotool", "key", "--delay", "60", *keys], check=True)
        qtbot.waitUntil(lambda: calls.log == ["lock"], timeout=10_000)
        # A left click opens the check window.
        subprocess.run(
            ["xdotool", "mousemove", str(centre.x()), str(centre.y()), "click", "1"], check=True
        )
        qtbot.waitUntil(
            lambda: controller.check_window is not None and controller.check_window.isVisible(),
            timeout=10_000,
        )
        shell.stop()
        close_all(controller)


@pytest.mark.skipif(not REAL_X, reason="started by test_real_x_server_without_a_tray_...")
class TestRealNoTray:
    def test_fallback_window_is_mapped_on_the_real_screen(self, qtbot, tmp_path):
        assert QApplication.platformName() == "xcb"
        assert not QSystemTrayIcon.isSystemTrayAvailable()
        controller = make_controller(tmp_path)
        shell = TrayShell(controller)
        shell.start()
        window = shell.fallback
        assert window is not None and shell.tray is None
        qtbot.addWidget(window)
        qtbot.waitExposed(window, timeout=10_000)
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "^Hygiene Helper$"],
            capture_output=True,
            text=True,
        )
        assert found.stdout.split(), "the fallback window is not on the X screen"
        controller.quit_requested.emit()
        window.close()
