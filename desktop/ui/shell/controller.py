"""The app's controller: one object the tray, the fallback window and the single-instance
listener all call, so each menu entry has exactly one meaning.

It owns the check window, the settings dialog and the leak-report wizard (built on
first use, then reused) and calls out to the other parts of the app through the
collaborators passed in: the policy service, making the wizard, locking the screen,
pausing reminders and recording a password. It holds no policy logic: it reads the
policy in force from the service, passes it to the windows, and turns the service's
"the policy changed" callback into the ``policy_changed`` signal for the tray.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.kit.i18n import _
from desktop.core.policy.resolve import EffectivePolicy
from desktop.core.policy.service import PolicyService
from desktop.core.settings import UserSettings
from desktop.core.words import PersonalWordsStore
from desktop.ui.check.live import LazyPipeline, LiveChecker, make_runners
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.timers import TimerFactory, qt_timer_factory

if TYPE_CHECKING:  # the windows are imported when first opened, to start faster
    from desktop.core.checks import Pipeline
    from desktop.core.device import DeviceReport
    from desktop.ui.check.window import CheckWindow
    from desktop.ui.device.it_view import ItViewPage
    from desktop.ui.device.reads import ReadsPage
    from desktop.ui.device.window import DeviceWindow
    from desktop.ui.settings.dialog import SettingsDialog

WORDS_LOAD_DELAY_MS = 500
# After a check's last results arrive, wait this long for the next one before handing
# the memory it freed back to the system (a person typing on starts another check).
RELEASE_MEMORY_DELAY_MS = 2000

# seconds > 0: pause for that long; None: until tomorrow; 0: resume now.
PauseReminders = Callable[[int | None], None]


class MakeReportWizard(Protocol):
    """Makes a report wizard: given "open the check window", and for a kind of report
    other than the leak report its id and a way to open the app's other windows by name
    (``ReportParts.open_window``)."""

    def __call__(
        self,
        open_check_window: Callable[[], object],
        kind: str = ...,
        open_window: Callable[[str], object] | None = ...,
        /,
    ) -> QWidget: ...


@dataclass
class Collaborators:
    """What the controller calls out to. Anything left as None is shown as unavailable."""

    make_pipeline: Callable[[EffectivePolicy], Pipeline]
    policy: PolicyService
    settings: UserSettings
    record_password: Callable[[str], None] | None = None
    words_store: PersonalWordsStore | None = None
    # Given the controller's "open the check window" (and a kind of report, by id, when
    # it is not the leak report), makes a new report wizard.
    make_report_wizard: MakeReportWizard | None = None
    # Whether a kind of report has an unfinished draft ("What happened?" says so).
    report_unfinished: Callable[[str], bool] | None = None
    lock_now: Callable[[], None] | None = None
    pause_reminders: PauseReminders | None = None
    timers: TimerFactory | None = None
    notices: Sequence[str] = field(default_factory=tuple)
    # What lock reminders cannot do on this desktop, shown in the settings.
    unavailable: Sequence[str] = field(default_factory=tuple)
    # Check this computer: runs every device check (on a worker), and the OS settings
    # pages by check id with a way to open one.
    run_device_checks: Callable[[], DeviceReport] | None = None
    device_pages: Mapping[str, object] = field(default_factory=dict)
    open_device_page: Callable[[str], None] | None = None
    # What IT can see: where the posture document is kept (None: the page is not offered).
    posture_path: Path | None = None
    # Hands memory freed by a check back to the system, once checking has paused.
    release_memory: Callable[[], object] | None = None


class AppController(QObject):
    """Opens windows and runs the tray's actions; emits ``status_changed`` for the tray."""

    status_changed = Signal(str)
    policy_changed = Signal()
    quit_requested = Signal()
    device_badge_changed = Signal(bool)
    device_report_shown = Signal(object)

    def __init__(self, parts: Collaborators, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.local_runner, self.slow_runner = make_runners(self)
        self.words = PersonalWordsModel(parts.words_store, self.slow_runner, parts.timers, self)
        self.check_window: CheckWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.report_wizard: QWidget | None = None
        self.report_wizards: dict[str, QWidget] = {}  # the other kinds', by id
        self.report_chooser: QWidget | None = None
        self.device_window: DeviceWindow | None = None
        self.reads_page: ReadsPage | None = None
        self.it_page: ItViewPage | None = None
        self.device_badge = False
        self._status = ""
        self._checker: LiveChecker | None = None
        self._release_timer = (
            None
            if parts.release_memory is None
            else (parts.timers or qt_timer_factory(self))(self._release_memory, True)
        )
        # Reading the keyring at start frees what loading it needed: give that back too.
        self.words.loaded.connect(self._release_soon)
        self._stop_listening = parts.policy.subscribe(self._use_policy)

    @property
    def effective(self) -> EffectivePolicy:
        """The policy in force, as the policy service holds it."""
        return self.parts.policy.effective

    # ----- menu actions ---------------------------------------------------------------

    def open_check_window(self) -> CheckWindow:
        """Show the check window (building it the first time) and bring it to the front."""
        if self.check_window is None:
            from desktop.ui.check.window import CheckWindow

            effective = self.effective
            self._checker = LiveChecker(
                LazyPipeline(lambda: self.parts.make_pipeline(effective)),
                self.local_runner,
                self.slow_runner,
                self.parts.timers,
                parent=self,
            )
            self._checker.slow_ready.connect(lambda _r: self._release_soon())
            # The first check builds the strength scorer's dictionaries, which leaves
            # the space it built them in free: give that back at once (a fraction of a
            # millisecond), not at the first pause in typing. Later checks wait for one.
            self._checker.local_ready.connect(
                lambda _r: self._release_memory(), Qt.ConnectionType.SingleShotConnection
            )
            self.check_window = CheckWindow(
                self._checker,
                self.words,
                effective.policy,
                self.parts.record_password,
                self.slow_runner,
                notices=self._notices(),
                origin_of=lambda key: self.effective.origin(key),
            )
            if not self.words.is_loaded:
                # Loading imports the keyring (about 80 ms holding the interpreter lock)
                # and may wait for an unlock prompt: start it after the window is up.
                QTimer.singleShot(WORDS_LOAD_DELAY_MS, self.words.load)
        self._raise(self.check_window)
        return self.check_window

    def _release_soon(self) -> None:
        if self._release_timer is not None:
            self._release_timer.start(RELEASE_MEMORY_DELAY_MS)

    def _release_memory(self) -> None:
        if self.parts.release_memory is not None:
            self.parts.release_memory()

    def open_device_window(self) -> DeviceWindow | None:
        """Show "Check this computer" and run the checks again (on a worker)."""
        run = self.parts.run_device_checks
        if run is None:
            return None
        if self.device_window is None:
            from desktop.ui.device.window import DeviceWindow

            self.device_window = DeviceWindow(
                run,
                self.slow_runner,
                self.parts.device_pages,
                self.parts.open_device_page,
                mfa_guidance_url=lambda: self.effective.policy.mfa_guidance_url,
            )
            self.device_window.open_reads_page.connect(self.open_reads_page)
            self.device_window.open_it_page.connect(self.open_it_page)
            self.device_window.it_button.setVisible(self.parts.posture_path is not None)
            self.device_window.report_shown.connect(self.device_report_shown.emit)
        self._raise(self.device_window)
        self.device_window.check_again()
        return self.device_window

    def open_it_page(self) -> ItViewPage | None:
        """The page "What IT can see": the posture document as it is now."""
        path = self.parts.posture_path
        if path is None:
            return None
        if self.it_page is None:
            from desktop.ui.device.it_view import ItViewPage

            self.it_page = ItViewPage(path)
        page = self.it_page
        from desktop.core.posture.store import read_document

        self.slow_runner.run(lambda: read_document(path), page.show_document, key="it-page")
        self._raise(page)
        return page

    def open_reads_page(self) -> ReadsPage:
        """The page "What this app reads, and what it never reads"."""
        if self.reads_page is None:
            from desktop.ui.device.reads import ReadsPage

            self.reads_page = ReadsPage()
        self._raise(self.reads_page)
        return self.reads_page

    def set_device_badge(self, on: bool) -> None:
        if on != self.device_badge:
            self.device_badge = on
            self.device_badge_changed.emit(on)

    def open_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            from desktop.ui.settings.dialog import SettingsDialog

            self.settings_dialog = SettingsDialog(
                self.effective,
                self.parts.settings,
                self.words,
                self.slow_runner,
                unavailable=self.parts.unavailable,
                lock_now=self.lock_now if self.can_lock else None,
            )
            self.settings_dialog.saved.connect(self.reload_policy)
            if not self.words.is_loaded:
                self.words.load()
        else:
            self.settings_dialog.show_policy(self.effective)
        self._raise(self.settings_dialog)
        return self.settings_dialog

    def open_report_wizard(self) -> QWidget | None:
        """Show the leak-report wizard; a second click brings the open one forward."""
        if self.parts.make_report_wizard is None:
            return None
        if self.report_wizard is None or not self.report_wizard.isVisible():
            # A closed wizard kept its draft on disk; a new one offers it back.
            self.report_wizard = self.parts.make_report_wizard(self.open_check_window)
        self._raise(self.report_wizard)
        return self.report_wizard

    def open_report_chooser(self) -> QWidget | None:
        """ "Report a problem": the "What happened?" window, then the chosen kind."""
        if self.parts.make_report_wizard is None:
            return None
        from desktop.core.report.kinds import offered
        from desktop.ui.report.choose import ReportChooser

        if self.report_chooser is None or not self.report_chooser.isVisible():
            self.report_chooser = ReportChooser(
                offered(self.effective.policy.report_kinds_hidden),
                self.open_report,
                self.parts.report_unfinished or (lambda _k: False),
            )
        self._raise(self.report_chooser)
        return self.report_chooser

    def open_report(self, kind_id: str) -> QWidget | None:
        """Show the report of one kind; a second time brings the open one forward."""
        if kind_id == "leak":
            return self.open_report_wizard()
        if self.parts.make_report_wizard is None:
            return None
        wizard = self.report_wizards.get(kind_id)
        if wizard is None or not wizard.isVisible():
            wizard = self.parts.make_report_wizard(
                self.open_check_window, kind_id, self.open_window
            )
            self.report_wizards[kind_id] = wizard
        self._raise(wizard)
        return wizard

    def open_window(self, name: str) -> QWidget | None:
        """Another window, asked for by a report's do-this-now step."""
        if name == "check-device" and self.can_check_device:
            return self.open_device_window()
        if name == "leak-report":
            return self.open_report_wizard()
        return None

    def lock_now(self) -> None:
        if self.parts.lock_now is not None:
            self.parts.lock_now()

    def pause_reminders(self, seconds: int | None) -> None:
        if self.parts.pause_reminders is not None and self.can_pause:
            self.parts.pause_reminders(seconds)

    def about_text(self) -> str:
        from desktop import APP_NAME, __version__

        return _(
            "<h3>{name} {version}</h3>"
            "<p>Helps you follow your organisation's rules for passwords and for "
            "locking your screen.</p>"
            "<p><b>What is sent:</b> nothing you type. The breach check sends only the "
            "first 5 characters of a scrambled code made from the password.</p>"
            "<p><b>What is kept on this computer:</b> when you press \u201cI've set this "
            "password\u201d, a scrambled code of it (never the password itself), so you "
            "are warned if you choose it again; the personal words you ask it to remember; "
            "your settings; and a draft of any unfinished report. The codes and words "
            "are in the system keyring, this computer's safe store for passwords.</p>"
        ).format(name=APP_NAME, version=__version__)

    def show_about(self) -> None:
        """The About box: the one version number, and what the app does with passwords."""
        from PySide6.QtWidgets import QMessageBox

        from desktop import APP_NAME

        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("About {name}").format(name=APP_NAME),
            self.about_text(),
        )
        box.setTextFormat(Qt.TextFormat.RichText)  # the app's own markup, nothing from outside
        box.setIconPixmap(QApplication.windowIcon().pixmap(64, 64))
        box.exec()

    def quit(self) -> None:
        """Close the windows (which clears any typed password) and stop the app."""
        for window in (
            self.check_window,
            self.settings_dialog,
            self.report_wizard,
            self.report_chooser,
            *self.report_wizards.values(),
            self.device_window,
        ):
            if window is not None:
                window.close()
        self._stop_listening()
        self.words.flush()
        self.quit_requested.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # ----- what the tray shows --------------------------------------------------------

    @property
    def can_report(self) -> bool:
        return self.parts.make_report_wizard is not None

    @property
    def can_check_device(self) -> bool:
        return self.parts.run_device_checks is not None

    @property
    def can_lock(self) -> bool:
        return self.parts.lock_now is not None

    @property
    def can_pause(self) -> bool:
        return self.parts.pause_reminders is not None and self.effective.policy.allow_pause

    def set_status_text(self, text: str) -> None:
        """A line for the tray menu, such as this week's lock count."""
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    @property
    def status_text(self) -> str:
        return self._status

    def handle_message(self, message: str) -> None:
        """A second launch asked for something (see ``single_instance``)."""
        if message == "settings":
            self.open_settings()
        elif message == "report" and self.can_report:
            self.open_report_wizard()  # a second wizard found this one's draft in use
        elif message.startswith("report:") and self.can_report:
            self.open_report(message.removeprefix("report:"))
        else:
            self.open_check_window()

    # ----- policy ---------------------------------------------------------------------

    def reload_policy(self) -> None:
        """Settings were saved: the service works out the policy again and tells everyone."""
        self.parts.policy.reload()

    def _use_policy(self, effective: EffectivePolicy) -> None:
        if self._checker is not None:
            self._checker.set_pipeline(LazyPipeline(lambda: self.parts.make_pipeline(effective)))
        if self.check_window is not None:
            self.check_window.set_policy(effective.policy)
        self.policy_changed.emit()

    def _notices(self) -> list[str]:
        return [*self.parts.notices, *self.effective.problems]

    @staticmethod
    def _raise(window: QWidget) -> None:
        window.show()
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.raise_()
        window.activateWindow()
