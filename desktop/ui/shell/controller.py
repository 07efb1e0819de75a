"""The app's controller: one object the tray, the fallback window and the single-instance
listener all call, so each menu entry has exactly one meaning.

It owns the check window and the settings dialog (built on first use, then reused)
and calls out to the other parts of the app through callables passed in: the leak
report wizard, locking the screen, pausing reminders and recording a password. It
holds no policy logic; it passes the effective policy to the windows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.policy.schema import EffectivePolicy
from desktop.core.settings import UserSettings
from desktop.core.words import PersonalWordsStore
from desktop.ui.check.live import LazyPipeline, LiveChecker, make_runners
from desktop.ui.check.words_model import PersonalWordsModel
from desktop.ui.kit.timers import TimerFactory

if TYPE_CHECKING:  # the windows are imported when first opened, to start faster
    from desktop.core.checks import Pipeline
    from desktop.ui.check.window import CheckWindow
    from desktop.ui.settings.dialog import SettingsDialog

WORDS_LOAD_DELAY_MS = 500

# seconds > 0: pause for that long; None: until tomorrow; 0: resume now.
PauseReminders = Callable[[int | None], None]


@dataclass
class Collaborators:
    """What the controller calls out to. Anything left as None is shown as unavailable."""

    make_pipeline: Callable[[EffectivePolicy], Pipeline]
    resolve_policy: Callable[[], EffectivePolicy]
    settings: UserSettings
    record_password: Callable[[str], None] | None = None
    words_store: PersonalWordsStore | None = None
    open_report_wizard: Callable[[], None] | None = None
    lock_now: Callable[[], None] | None = None
    pause_reminders: PauseReminders | None = None
    timers: TimerFactory | None = None
    notices: Sequence[str] = field(default_factory=tuple)


class AppController(QObject):
    """Opens windows and runs the tray's actions; emits ``status_changed`` for the tray."""

    status_changed = Signal(str)
    policy_changed = Signal()
    quit_requested = Signal()

    def __init__(self, parts: Collaborators, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.effective = parts.resolve_policy()
        self.local_runner, self.slow_runner = make_runners(self)
        self.words = PersonalWordsModel(parts.words_store, self.slow_runner, parts.timers, self)
        self.check_window: CheckWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._status = ""
        self._checker: LiveChecker | None = None
        # What lock reminders cannot do on this desktop, shown in the settings.
        self.unavailable: list[str] = []

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

    def open_settings(self) -> SettingsDialog:
        if self.settings_dialog is None:
            from desktop.ui.settings.dialog import SettingsDialog

            self.settings_dialog = SettingsDialog(
                self.effective,
                self.parts.settings,
                self.words,
                self.slow_runner,
                unavailable=self.unavailable,
                lock_now=self.lock_now if self.can_lock else None,
            )
            self.settings_dialog.saved.connect(self.reload_policy)
            if not self.words.is_loaded:
                self.words.load()
        else:
            self.settings_dialog.show_policy(self.effective)
        self._raise(self.settings_dialog)
        return self.settings_dialog

    def open_report_wizard(self) -> None:
        if self.parts.open_report_wizard is not None:
            self.parts.open_report_wizard()

    def lock_now(self) -> None:
        if self.parts.lock_now is not None:
            self.parts.lock_now()

    def pause_reminders(self, seconds: int | None) -> None:
        if self.parts.pause_reminders is not None and self.can_pause:
            self.parts.pause_reminders(seconds)

    def about_text(self) -> str:
        from desktop import APP_NAME, __version__

        return self.tr(
            "<h3>{name} {version}</h3>"
            "<p>Helps you follow your organisation's rules for passwords and for "
            "locking your screen.</p>"
            "<p><b>What is sent:</b> nothing you type. The breach check sends only the "
            "first 5 characters of a scrambled code made from the password.</p>"
            "<p><b>What is kept on this computer:</b> when you press \u201cI've set this "
            "password\u201d, a scrambled code of it (never the password itself), so you "
            "are warned if you choose it again; the personal words you ask it to remember; "
            "your settings; and a draft of an unfinished leak report. The codes and words "
            "are in the system keyring, this computer's safe store for passwords.</p>"
        ).format(name=APP_NAME, version=__version__)

    def show_about(self) -> None:
        """The About box: the one version number, and what the app does with passwords."""
        from PySide6.QtWidgets import QMessageBox

        from desktop import APP_NAME

        QMessageBox.about(None, self.tr("About {name}").format(name=APP_NAME), self.about_text())

    def quit(self) -> None:
        """Close the windows (which clears any typed password) and stop the app."""
        for window in (self.check_window, self.settings_dialog):
            if window is not None:
                window.close()
        self.words.flush()
        self.quit_requested.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    # ----- what the tray shows --------------------------------------------------------

    @property
    def can_report(self) -> bool:
        return self.parts.open_report_wizard is not None

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
        else:
            self.open_check_window()

    # ----- policy ---------------------------------------------------------------------

    def reload_policy(self) -> None:
        """Settings were saved: work out the policy again and use it from now on."""
        self.effective = self.parts.resolve_policy()
        effective = self.effective
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
