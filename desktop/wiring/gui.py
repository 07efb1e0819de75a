"""The windows, the tray and the reminders' Qt side, built on ``Services`` in one order.

The order removes every late binding: the tray icon and the notifier come first (a
notice needs only the icon), then the reminders (they need the notifier), then the
controller (its menu actions are the reminders' methods, its report wizard is made on
demand from ``report_wizard``), then the tray's menu or its fallback window.
``desktop.app`` calls ``build_app``; ``hygiene report`` calls ``run_report_wizard``, which
builds the same controller (``app_controller``) without the tray and the reminders, so a
report's step buttons open the same windows there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from desktop import APP_NAME, __version__
from desktop.core.device import DeviceRunner, DriveLog, System
from desktop.core.kit import i18n
from desktop.core.kit.jsonfile import present
from desktop.ui.device.monitor import DeviceMonitor
from desktop.ui.kit.background import BackgroundRunner
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.timers import qt_timer_factory
from desktop.ui.shell.controller import (
    AppController,
    Collaborators,
    MakeReportWizard,
    PauseReminders,
)
from desktop.ui.shell.notify import Notifier
from desktop.ui.shell.reminders import Notifier as ShowMessage
from desktop.ui.shell.reminders import ReminderController, attach_windows_session
from desktop.ui.shell.tray import TrayShell
from desktop.wiring import ReminderParts, Services

if TYPE_CHECKING:  # the wizard and its mail modules load when it is first opened
    from desktop.core.report.steps import ReportKind
    from desktop.ui.report.wizard import ReportWizard


def report_wizard(
    services: Services,
    open_check_window: Callable[[], object],
    notify_later: Callable[[int, str], None] | None = None,
    parent: QWidget | None = None,
    bring_forward: Callable[[], object] | None = None,
    kind: str = "leak",
    device_summary: Callable[[], str] | None = None,
    open_window: Callable[[str], object] | None = None,
) -> ReportWizard:
    """A report wizard of one kind (the leak report unless ``kind`` says otherwise) on
    the policy in force: drafts in the person's folder, the policy's mail relay with its
    sign-in from the keyring, the history's burn and account comparison (both run on the
    wizard's worker), and the device checks' summary a person may attach."""
    from desktop.core.report.attach import device_summary as summarise
    from desktop.core.report.kinds import KINDS
    from desktop.ui.report.wizard import ReportParts, ReportWizard

    policy = services.policy.policy
    history = services.history(policy.history_depth)

    def burn(password: str) -> None:
        history.add_password(password)

    def open_checker() -> None:
        open_check_window()

    return ReportWizard(
        policy,
        ReportParts(
            drafts=services.drafts(),
            open_check_window=open_checker,
            burn_password=burn,
            compare_accounts=history.accounts_sharing,
            notify_later=notify_later,
            relay=services.relay(policy),
            bring_forward=bring_forward,
            # In the organisation's language, as the report it goes into.
            device_summary=device_summary
            or (
                lambda: summarise(
                    services.run_device_checks(), i18n.for_organisation(policy.report_language)
                )
            ),
            open_window=open_window,
        ),
        clock=services.clock.now,
        kind=KINDS[kind],
        parent=parent,
    )


def reminder_controller(
    parts: ReminderParts, notifier: ShowMessage, parent: QObject | None = None
) -> ReminderController:
    """The reminders on a real timer and a worker for locking."""
    if sys.platform.startswith("win"):
        attach_windows_session(parts.adapters, parent)
    return ReminderController(
        parts.engine,
        parts.adapters,
        parts.clock,
        qt_timer_factory(parent),
        notifier,
        BackgroundRunner(parent=parent),
        parent,
        desktop=parts.desktop,
    )


def run_report_wizard(services: Services, kind: str | None = "leak") -> ReportWizard | None:
    """``hygiene report``: the report on its own, until every window it opened is closed:
    "What happened?" first when ``kind`` is None, else that kind's report. Its steps'
    buttons open the same windows as in the tray app ("Check this computer", the
    password checker, the leaked-password report), here in this process, through the
    same controller. A report whose draft the tray app holds open is shown there
    instead. The returned wizard is the chosen kind's; None when the person closed
    "What happened?" without choosing."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.kit.focus import install_focus_ring
    from desktop.ui.kit.last_window import QuitWhenNoWindow
    from desktop.ui.kit.plain import install_plain_text
    from desktop.ui.kit.quit_signals import QuitOnSignals

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    install_plain_text(app)  # no label renders markup from outside
    install_focus_ring(app)

    def bring_tray_forward(kind_id: str) -> bool:
        # The draft is open in the tray app's wizard: ask the tray to show it.
        from desktop.ui.shell.single_instance import SingleInstance, instance_name

        word = "report" if kind_id == "leak" else f"report:{kind_id}"
        return SingleInstance(instance_name(services.env)).send_to_running(word)

    def make_wizard(
        open_check_window: Callable[[], object],
        kind: str = "leak",
        open_window: Callable[[str], object] | None = None,
    ) -> QWidget:
        return report_wizard(
            services,
            open_check_window,
            bring_forward=lambda: bring_tray_forward(kind),
            kind=kind,
            open_window=open_window,
        )

    controller = app_controller(services, make_wizard, DriveLog())
    ender = QuitWhenNoWindow(app)
    chooser = None
    if kind is None:
        chooser = controller.open_report_chooser()
    else:
        controller.open_report(kind)

    def wizards() -> list[QWidget]:
        return [w for w in (controller.report_wizard, *controller.report_wizards.values()) if w]

    # Ctrl-C or SIGTERM: a send under way finishes first, then every window closes as
    # if closed by hand (a report's draft is kept unless the report went).
    stopper = QuitOnSignals(app, busy=lambda: any(getattr(w, "sending", False) for w in wizards()))
    try:
        app.exec()
    finally:
        stopper.close()
        ender.close()
        controller.words.flush()
        controller.local_runner.wait(2000)
        controller.slow_runner.wait(2000)
    chosen = kind if kind is not None else getattr(chooser, "chosen", "")
    if not chosen:
        return None
    from desktop.ui.report.wizard import ReportWizard  # loaded with the first report

    wizard = controller.report_wizard if chosen == "leak" else controller.report_wizards.get(chosen)
    return wizard if isinstance(wizard, ReportWizard) else None


def app_controller(
    services: Services,
    make_wizard: MakeReportWizard,
    drives: DriveLog,
    lock_now: Callable[[], None] | None = None,
    pause_reminders: PauseReminders | None = None,
    unavailable: tuple[str, ...] = (),
) -> AppController:
    """The one controller that opens the app's windows (the check window, "Check this
    computer", the settings, every report), for the tray app and ``hygiene report``
    alike; without the reminders' parts it offers no locking or pausing."""
    from desktop.platform.device import system_of
    from desktop.platform.device.settings_pages import settings_pages
    from desktop.platform.memory import give_back_free_memory

    drafts = services.drafts()

    def unfinished(kind: str) -> bool:
        return present(drafts.for_kind(kind).path)

    system = system_of(services.platform)
    pages = settings_pages(system, services.env)

    def open_device_page(check_id: str) -> None:
        from desktop.ui.device.pages import open_settings_page

        if check_id in pages:
            open_settings_page(pages[check_id])

    return AppController(
        Collaborators(
            make_pipeline=services.pipeline,
            policy=services.policy,
            settings=services.settings,
            words_store=services.words_store(),
            record_password=services.record_password,
            make_report_wizard=make_wizard,
            report_unfinished=unfinished,
            lock_now=lock_now,
            pause_reminders=pause_reminders,
            unavailable=unavailable,
            run_device_checks=services.run_device_checks_with(drives),
            device_pages=pages,
            open_device_page=open_device_page,
            posture_path=services.posture_path(system),
            release_memory=give_back_free_memory,
        )
    )


def remind_unfinished(services: Services, controller: AppController, notifier: Notifier) -> None:
    """At the tray app's start: one notice for reports left half done, whose button
    carries the report on (or opens "What happened?" when there are several). The
    drafts are looked at on a worker."""
    from desktop.core.report.kinds import offered
    from desktop.core.report.unfinished import unfinished_kinds, unfinished_notice

    hidden = services.policy.policy.report_kinds_hidden
    drafts = services.drafts()

    def found(kinds: tuple[ReportKind, ...]) -> None:
        notice = unfinished_notice(kinds)
        if notice is None:
            return
        kind_id = notice.kind_id

        def carry_on() -> None:
            if kind_id:
                controller.open_report(kind_id)
            else:
                controller.open_report_chooser()

        notifier(notice.title, notice.text, [(notice.action, carry_on)])

    controller.slow_runner.run(
        lambda: unfinished_kinds(drafts, offered(hidden)), found, lambda _e: None
    )


class DeviceChecks:
    """Check this computer in the tray app: the sources are built on a worker, then a
    ``DeviceMonitor`` checks now and then, shows the badge after the grace period and
    gives one notice per drive plugged in. Nothing starts once the app is stopping."""

    def __init__(
        self,
        services: Services,
        controller: AppController,
        notifier: Notifier,
        reminders: ReminderController,
        drives: DriveLog,
    ) -> None:
        self._services, self._controller = services, controller
        self._notifier, self._reminders = notifier, reminders
        self.drives = drives
        self.monitor: DeviceMonitor | None = None
        self._stopped = False

    def start(self) -> None:
        self._controller.slow_runner.run(
            lambda: self._services.device(self.drives), self._built, lambda _e: None
        )

    def stop(self) -> None:
        self._stopped = True
        if self.monitor is not None:
            self.monitor.stop()

    def _built(self, built: tuple[DeviceRunner, object]) -> None:
        if self._stopped or self.monitor is not None:
            return  # the app is stopping: start nothing that would outlive it
        controller = self._controller
        found = self._services.device(self.drives)[1]

        def open_window() -> None:
            controller.open_device_window()

        def notify(title: str, text: str) -> None:
            self._notifier(title, text, [("Check this computer", open_window)])

        def quiet() -> tuple[bool, bool]:
            shown = self._reminders.presentation_state()
            return (shown.fullscreen, shown.dnd)

        monitor = DeviceMonitor(
            self._services.run_device_checks_with(self.drives),
            lambda: self._services.policy.policy,
            self._services.grace_state(),
            controller.slow_runner,
            qt_timer_factory(controller),
            notify,
            found.system,
            quiet=quiet,
            drives=self.drives,
            watch=found.drive_watch,
            now=self._services.clock.now,
            parent=controller,  # goes when the controller goes, with its runner
        )
        self.monitor = monitor
        self._publish_posture(monitor, found.system)
        monitor.badge_changed.connect(controller.set_device_badge)
        controller.device_report_shown.connect(monitor.take_report)
        monitor.start()

    def _publish_posture(self, monitor: DeviceMonitor, system: System) -> None:
        """Write IT's posture document, and its mirrors, after every device check and
        whenever the policy changes."""
        from desktop.ui.device.posture_link import PostureLink

        controller = self._controller
        services = self._services
        link = PostureLink(
            services.posture_recorder(system),
            lambda: self._services.policy.policy,
            controller.slow_runner,
            system,
            __version__,
            history_read=services.history_probe,
            left_unlocked=services.left_unlocked,
            parent=monitor,
        )
        monitor.report_ready.connect(link.take_report)
        controller.policy_changed.connect(link.republish)


@dataclass
class BuiltApp:
    """The started app's own parts (kept together so nothing is collected)."""

    controller: AppController
    shell: TrayShell
    reminders: ReminderController
    notifier: Notifier
    adapters_close: Callable[[], None]
    devices: DeviceChecks


def build_app(
    services: Services,
    parent: QObject,
    tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
) -> BuiltApp:
    """The controller, tray and reminders of the tray app, started."""
    icon = QSystemTrayIcon(app_icon(), parent) if tray_available() else None
    notifier = Notifier(icon, parent)
    parts = services.reminder_parts()
    reminders = reminder_controller(parts, notifier, parent)
    services.policy.subscribe(lambda effective: reminders.update_policy(effective.policy))

    def make_wizard(
        open_check_window: Callable[[], object],
        kind: str = "leak",
        open_window: Callable[[str], object] | None = None,
    ) -> QWidget:
        def notify_later(seconds: int, message: str) -> None:
            notifier.later(seconds, APP_NAME, message)

        return report_wizard(
            services, open_check_window, notify_later, kind=kind, open_window=open_window
        )

    drives = DriveLog()
    controller = app_controller(
        services,
        make_wizard,
        drives,
        lock_now=reminders.lock_now,
        pause_reminders=reminders.pause_reminders,
        unavailable=tuple(parts.adapters.missing),
    )
    shell = TrayShell(controller, lambda: icon is not None, tray_icon=icon)
    shell.start()
    reminders.status_changed.connect(controller.set_status_text)
    controller.quit_requested.connect(reminders.stop)
    controller.quit_requested.connect(parts.adapters.close)
    reminders.start()
    controller.set_status_text(reminders.status_text())
    devices = DeviceChecks(services, controller, notifier, reminders, drives)
    controller.quit_requested.connect(devices.stop)
    devices.start()
    remind_unfinished(services, controller, notifier)
    return BuiltApp(controller, shell, reminders, notifier, parts.adapters.close, devices)
