"""The tray's side of "Check this computer": checks now and then, the badge, the notices.

``DeviceMonitor`` runs every device check on a worker (through the one
``BackgroundRunner``) a minute after start and then every few hours, on an owned
single-shot timer; sooner (half a minute) after a run in which a check could not be
read yet only because its source is still working (a slow updates search, which keeps
its answer for the next run), so the badge and IT's document catch up within a minute.
After each run the core ``GraceState`` decides whether the tray
shows its badge and whether one notice is due (at most one a day, never during a
presentation or do-not-disturb). Drives plugged in arrive from the ``DriveWatch`` on its
own thread and are moved to the GUI thread by a queued signal; each gets one calm notice
and runs the checks again at once, so the posture document follows the plug.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal, Slot

from desktop.core.device import DeviceReport, DriveLog, System, drive_notice
from desktop.core.device.grace import GraceState
from desktop.core.device.readings import DriveWatch, RemovableDrive
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import _
from desktop.core.policy.schema import Policy
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.timers import Timer, TimerFactory

log = logging.getLogger(__name__)
FIRST_CHECK_MS = 60_000  # let the desktop settle after log-in first
EVERY_MS = 4 * 3600_000
SOON_MS = 30_000  # a source still working (``DeviceReport.still_reading``)

Notice = Callable[[str, str], None]
Quiet = Callable[[], tuple[bool, bool]]  # (fullscreen, do-not-disturb)


class DeviceMonitor(QObject):
    badge_changed = Signal(bool)
    report_ready = Signal(object)
    watch_started = Signal(bool)
    _drive_added = Signal(object)

    def __init__(
        self,
        run_checks: Callable[[], DeviceReport],
        policy: Callable[[], Policy],
        state: GraceState,
        runner: BackgroundRunner,
        timers: TimerFactory,
        notify: Notice,
        system: System,
        quiet: Quiet | None = None,
        drives: DriveLog | None = None,
        watch: DriveWatch | None = None,
        now: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._run_checks, self._policy, self._state = run_checks, policy, state
        self._runner, self._notify, self._system = runner, notify, system
        self._quiet = quiet or (lambda: (False, False))
        self._drives, self._watch = drives, watch
        self._now = now or SystemClock().now
        self._timer: Timer = timers(self.check_now, True)
        self.badge = False
        self._stopped = False
        self.last_report: DeviceReport | None = None
        self._drive_added.connect(self._on_drive, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._timer.start(FIRST_CHECK_MS)
        watch, drives = self._watch, self._drives
        if watch is not None and drives is not None:
            # Starting may connect to a system service: on a worker, never the GUI thread.
            self._runner.run(
                lambda: watch.start(self._drive_added.emit),
                self._watch_started,
                lambda _e: self._watch_started(False),
            )

    def _watch_started(self, ok: bool) -> None:
        if ok and self._stopped and self._watch is not None:
            self._watch.stop()  # stopped while it was starting
        if self._drives is not None:
            self._drives.watching = ok
        self.watch_started.emit(ok)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        if self._watch is not None:
            self._watch.stop()

    def check_now(self) -> None:
        if self._stopped:
            return
        self._runner.run(self._run_checks, self.take_report, self._failed, key="device-monitor")

    def _failed(self, error: BaseException) -> None:
        log.warning("device checks failed: %s", type(error).__name__)
        if not self._stopped:
            self._timer.start(EVERY_MS)

    def take_report(self, report: DeviceReport) -> None:
        """A run finished (here or in the window): update the badge, maybe one notice."""
        if self._stopped:
            return
        self.last_report = report
        fullscreen, dnd = self._safe_quiet()
        decision = self._state.decide(report, self._policy(), fullscreen, dnd)
        if decision.badge != self.badge:
            self.badge = decision.badge
            self.badge_changed.emit(self.badge)
        if decision.notice:
            self._notify(_("Check this computer"), decision.notice)
        self.report_ready.emit(report)
        self._timer.start(SOON_MS if report.still_reading else EVERY_MS)

    def _safe_quiet(self) -> tuple[bool, bool]:
        try:
            return self._quiet()
        except Exception:  # a broken detector must not stop the checks
            return (False, False)

    @Slot(object)
    def _on_drive(self, drive: RemovableDrive) -> None:
        if self._drives is None or not self._drives.add(drive, self._now()):
            return
        # The removable-drives check (and IT's document) follows the plug at once, not
        # at the next scheduled check hours later.
        self.check_now()
        policy = self._policy()
        if not policy.removable_media_notices or any(self._safe_quiet()):
            return
        notice = drive_notice(drive, policy, self._system)
        self._notify(notice.title, notice.text)
