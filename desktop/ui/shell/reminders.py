"""Qt glue for lock reminders: one owned timer, the engine's actions, and the tray's hooks.

``ReminderController`` looks at the computer when the engine asks to be woken (an
adaptive single-shot timer, never faster than once a second), or at once when the
lock state changes (D-Bus signals arrive on a watcher thread and are passed to the
GUI thread by a queued signal). Nudges and notices go out through an injected
``notifier(title, text, actions)``; the tray passes one built on
``QSystemTrayIcon.showMessage`` and runs the first action (``Lock now``) when the
message is clicked.

Reading idle time and lock state are fast calls (an X round trip, a D-Bus call with
a one-second limit), so they run on the GUI thread. Locking can start a command, so
it runs through the ``BackgroundRunner`` when one is given.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QObject, Qt, Signal, Slot

from desktop.core.kit.clock import Clock
from desktop.core.kit.i18n import _
from desktop.core.policy.schema import Policy
from desktop.core.reminders import (
    Action,
    AutoLock,
    LockConfirmed,
    LockFailed,
    Nudge,
    PauseNotAllowed,
    ReminderEngine,
    ReminderSettings,
    ReturnNotice,
)
from desktop.platform import Adapters, LockAttempt, Presentation, SessionPorts
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import Timer, TimerFactory

log = logging.getLogger(__name__)
RETRY_MS = 5_000  # after a look that failed, the next one comes this soon
T = TypeVar("T")

NotifyAction = tuple[str, Callable[[], None]]
Notifier = Callable[[str, str, Sequence[NotifyAction]], None]
"""Shows a message: (title, text, [(button label, what it does), ...])."""


class ReminderController(QObject):
    """Runs the reminder engine on an owned timer and carries out what it decides."""

    status_changed = Signal(str)
    _lock_event = Signal(bool)

    def __init__(
        self,
        engine: ReminderEngine,
        session: SessionPorts,
        clock: Clock,
        timer_factory: TimerFactory,
        notifier: Notifier,
        runner: BackgroundRunner | None = None,
        parent: QObject | None = None,
        desktop: str = "",
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self._desktop = desktop  # XDG_CURRENT_DESKTOP, from the composition root
        self._idle, self._lock_state = session.idle, session.lock_state
        self._locker, self._presentation = session.locker, session.presentation
        self._clock = clock
        self._notify, self._runner = notifier, runner
        self._timer: Timer = timer_factory(self._on_timer, True)
        self.wakeups = 0  # timer wake-ups, for the benchmark
        self.looks = 0
        self._status = ""
        self._running = False
        # Queued: the watcher calls back on its own thread, the engine lives here.
        self._lock_event.connect(self._on_lock_event, Qt.ConnectionType.QueuedConnection)
        self.lock_events = self._lock_state.watch(self._lock_event.emit)

    # -- what the tray calls -------------------------------------------------------

    def start(self) -> None:
        self._running = True
        self._look()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def lock_now(self) -> None:
        """'Lock now' in the tray menu or on a nudge."""
        self._request_lock(by_user=True)

    def pause_reminders(self, seconds: int | None) -> None:
        """seconds > 0: pause that long; None: until tomorrow; 0: resume now."""
        try:
            if seconds == 0:
                self.engine.resume()
            elif seconds is None:
                self.engine.pause_until_tomorrow()
            else:
                self.engine.pause(seconds)
        except PauseNotAllowed as exc:
            self._notify(_("Reminders not paused"), str(exc), [])
        self._look()

    def update_policy(self, policy: Policy) -> None:
        self.engine.update_settings(ReminderSettings.from_policy(policy, desktop=self._desktop))
        self._look()

    def weekly_summary_text(self) -> str:
        return self.engine.weekly_summary_text()

    def presentation_state(self) -> Presentation:
        """Full-screen and do-not-disturb now (device notices wait for them too)."""
        return _safely(self._presentation.state, Presentation())

    def status_text(self) -> str:
        return f"{self.engine.status_text()} {self.weekly_summary_text()}"

    # -- looking -------------------------------------------------------------------

    def _on_timer(self) -> None:
        self.wakeups += 1
        looked = False
        try:
            self._look()
            looked = True
        finally:
            if not looked and self._running:  # a failed look must not end the reminders
                self._timer.start(RETRY_MS)

    @Slot(bool)
    def _on_lock_event(self, locked: bool) -> None:
        self._look(locked)

    def _look(self, locked: bool | None = None) -> None:
        if not self._running:
            return
        self.looks += 1
        idle = _safely(self._idle.idle_seconds, None)
        if locked is None:
            locked = _safely(self._lock_state.is_locked, None)
        shown = _safely(self._presentation.state, Presentation())
        for action in self.engine.step(idle, locked, shown.fullscreen, shown.dnd):
            self._act(action)
        self._schedule()

    def _schedule(self) -> None:
        if not self._running:
            return
        wait = self.engine.next_check_in(self.lock_events)
        if wait is None:
            self._timer.stop()
        else:
            self._timer.start(int(wait * 1000))
        status = self.status_text()
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _act(self, action: Action) -> None:
        if isinstance(action, Nudge):
            self._notify(_("Lock your screen"), action.text, [(_("Lock now"), self.lock_now)])
        elif isinstance(action, ReturnNotice):
            self._notify(_("Screen left unlocked"), action.text, [])
        elif isinstance(action, AutoLock):
            self._request_lock(by_user=False)
        elif isinstance(action, LockFailed):
            self._notify(_("Screen not locked"), action.text, [])
        elif isinstance(action, LockConfirmed):
            log.info("Screen lock confirmed")

    # -- locking -------------------------------------------------------------------

    def _request_lock(self, by_user: bool) -> None:
        self.engine.lock_requested(by_user)
        if self._runner is not None:
            self._runner.run(
                self._locker.lock, self._lock_attempted, self._lock_crashed, key="lock"
            )
        else:
            self._lock_attempted(_safely(self._locker.lock, LockAttempt(False, "", "")))
        self._schedule()

    def _lock_attempted(self, attempt: LockAttempt) -> None:
        if not attempt.ok:
            # The desktop's own words (a command, a D-Bus error) are for IT: to the log.
            # The person reads what to do instead.
            if attempt.detail:
                log.warning("Locking through %s failed: %s", attempt.method, attempt.detail)
            for action in self.engine.lock_call_failed(""):
                self._act(action)
        self._schedule()

    def _lock_crashed(self, error: BaseException) -> None:
        log.warning("Locking failed unexpectedly: %s", error)
        self._lock_attempted(LockAttempt(False, "", ""))


def _safely(read: Callable[[], T], fallback: T) -> T:
    """An OS reading that fails is 'not known' this time, never a crash."""
    try:
        return read()
    except Exception as exc:
        log.warning("Could not read %s: %s", getattr(read, "__qualname__", read), exc)
        return fallback


class WindowsSessionEvents(QAbstractNativeEventFilter):
    """Passes WM_WTSSESSION_CHANGE (lock/unlock) from Qt's event loop to WtsLockState.

    Install with ``QCoreApplication.installNativeEventFilter`` after ``attach(hwnd)``
    registered a window (any native window of the app, e.g. ``widget.winId()``).
    """

    def __init__(self, handle_message: Callable[[int, int], bool]) -> None:
        super().__init__()
        self._handle = handle_message

    def nativeEventFilter(self, event_type: Any, message: Any) -> Any:
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind == b"windows_generic_MSG":
            from desktop.platform.session.windows import read_msg

            self._handle(*read_msg(int(message)))
        return False, 0  # never swallow the message; others may want it too


def attach_windows_session(adapters: Adapters, parent: QObject | None) -> None:
    """On Windows, route session lock and unlock messages to the lock-state source."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    from desktop.platform.session.windows import WtsLockState

    state = adapters.lock_state
    app = QCoreApplication.instance()
    if not isinstance(state, WtsLockState) or app is None:
        return
    window = QWidget()  # never shown: only its native handle receives the messages
    if state.attach(int(window.winId())):
        events = WindowsSessionEvents(state.handle_message)
        app.installNativeEventFilter(events)
        adapters.closers.append(lambda: app.removeNativeEventFilter(events))
        adapters.closers.append(window.deleteLater)
    else:
        adapters.missing.append(
            _("Lock state: Windows did not accept the session notification request.")
        )
