"""The tray shell: the app's icon and menu in the system tray, or a small window.

Some Linux desktops have no system tray; then the same actions are offered in a
small normal window that says why it is there. Both call the ``AppController``, so
each entry does the same thing wherever it is chosen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QGuiApplication,
    QIcon,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.core.kit.i18n import _
from desktop.ui.kit.resources import app_icon
from desktop.ui.kit.widgets import WrapLabel
from desktop.ui.shell.controller import AppController

HOUR = 3600


def badged_icon() -> QIcon:
    """The app icon with a small warning dot in the corner (the shape, not only colour,
    tells it apart: the dot carries an exclamation mark)."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64):
        pixmap = app_icon().pixmap(size, size)
        if pixmap.isNull():
            pixmap = QPixmap(size, size)
            pixmap.fill(QColor(0, 0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dot = max(7, size // 2)
        rect = QRectF(size - dot, size - dot, dot, dot)
        painter.setPen(QPen(QColor("#ffffff"), max(1.0, dot / 9)))
        painter.setBrush(QColor("#b3261e"))
        painter.drawEllipse(rect)
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(6, int(dot * 0.8)))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "!")
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def build_pause_menu(controller: AppController, parent: QWidget | None = None) -> QMenu:
    menu = QMenu(_("Pause reminders"), parent)
    menu.setObjectName("pause-menu")
    for text, seconds in (
        (_("For an &hour"), HOUR),
        (_("Until &tomorrow"), None),
        (_("&Resume reminders now"), 0),
    ):
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, s=seconds: controller.pause_reminders(s))
    return menu


def _without_mark(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class TrayMenu(QMenu):
    """The tray's menu, with a status line at the top (for example this week's locks)."""

    def __init__(self, controller: AppController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        # Enabled, so the keyboard and screen readers reach it (a disabled entry is
        # skipped by the arrow keys and drawn too faint to read); choosing it does nothing.
        self.status_action = QAction(self)
        self.addAction(self.status_action)
        self.addSeparator()
        self.check_action = self._add(_("&Check a new password..."), controller.open_check_window)
        self.problem_action = self._add(_("&Report a problem..."), controller.open_report_chooser)
        self.report_action = self._add(
            _("I think my password &leaked..."), controller.open_report_wizard
        )
        self.device_action = self._add(_("Check this c&omputer..."), controller.open_device_window)
        self.lock_action = self._add(_("Lock &now"), controller.lock_now)
        self.pause_menu = build_pause_menu(controller, self)
        self.pause_action = self.addMenu(self.pause_menu)
        self.settings_action = self._add(_("&Settings..."), controller.open_settings)
        self.about_action = self._add(_("&About Hygiene Helper"), controller.show_about)
        self.addSeparator()
        self.quit_action = self._add(_("&Quit"), controller.quit)
        controller.status_changed.connect(self.refresh)
        controller.policy_changed.connect(self.refresh)
        controller.device_badge_changed.connect(lambda _on: self.refresh())
        self.refresh()

    def _add(self, text: str, slot: Callable[[], object]) -> QAction:
        action = self.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        return action

    def refresh(self) -> None:
        """Show the status line and grey out what is not available, saying why."""
        c = self._controller
        self.status_action.setText(c.status_text)
        self.status_action.setVisible(bool(c.status_text))
        self.report_action.setEnabled(c.can_report)
        self.problem_action.setEnabled(c.can_report)
        self.device_action.setVisible(c.can_check_device)
        self.device_action.setText(
            _("Check this c&omputer (something needs fixing)...")
            if c.device_badge
            else _("Check this c&omputer...")
        )
        self.lock_action.setEnabled(c.can_lock)
        self.pause_action.setEnabled(c.can_pause)
        allowed = c.effective.policy.allow_pause
        self.pause_action.setText(
            _("&Pause reminders")
            if allowed
            else _("&Pause reminders (not allowed by your organisation)")
        )

    def texts(self) -> list[str]:
        """The entries as a person reads them (status line first when there is one),
        without the access-key marks."""
        return [
            _without_mark(a.text()) for a in self.actions() if a.isVisible() and not a.isSeparator()
        ]


class FallbackWindow(QWidget):
    """A small window with the tray's actions, for desktops that have no tray."""

    def __init__(
        self, controller: AppController, reason: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        self.reason = WrapLabel(reason)
        self.reason.setAccessibleDescription(_("Why this window is shown"))
        layout.addWidget(self.reason)
        self.status = QLabel(controller.status_text)
        self.status.setAccessibleDescription(_("Status"))
        self.status.setVisible(bool(controller.status_text))
        layout.addWidget(self.status)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("check", _("&Check a new password..."), controller.open_check_window),
            ("problem", _("&Report a problem..."), controller.open_report_chooser),
            ("report", _("I think my password &leaked..."), controller.open_report_wizard),
            ("device", _("Check this c&omputer..."), controller.open_device_window),
            ("lock", _("Lock &now"), controller.lock_now),
            ("pause", _("&Pause reminders"), None),
            ("settings", _("&Settings..."), controller.open_settings),
            ("about", _("&About"), controller.show_about),
            ("quit", _("&Quit"), controller.quit),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", "").rstrip("."))
            if slot is not None:
                button.clicked.connect(lambda _=False, s=slot: s())
            self.buttons[key] = button
        self.buttons["pause"].setMenu(build_pause_menu(controller, self))
        rows = (
            ("check", "report"),
            ("problem", "device"),
            ("lock", "pause"),
            ("settings", "about"),
            ("quit",),
        )
        for row in rows:
            line = QHBoxLayout()
            for key in row:
                line.addWidget(self.buttons[key])
            layout.addLayout(line)
        # Hidden only once it is in the layout: setVisible on a widget with no parent yet
        # would show it as a window of its own.
        self.buttons["device"].setVisible(controller.can_check_device)
        self._quitting = False
        controller.quit_requested.connect(self._allow_close)
        controller.status_changed.connect(self._refresh)
        controller.policy_changed.connect(self._refresh)
        self._refresh()

    def _allow_close(self) -> None:
        self._quitting = True

    def _refresh(self) -> None:
        c = self._controller
        self.status.setText(c.status_text)
        self.status.setVisible(bool(c.status_text))
        self.buttons["report"].setEnabled(c.can_report)
        self.buttons["problem"].setEnabled(c.can_report)
        self.buttons["lock"].setEnabled(c.can_lock)
        self.buttons["pause"].setEnabled(c.can_pause)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.minimises_on_close(event.spontaneous()):
            event.ignore()
            self.showMinimized()
        else:
            event.accept()

    def minimises_on_close(self, from_person: bool) -> bool:
        """Closing from the title bar would leave no way back to the app, so it minimises
        instead. A close that does not come from the person (Qt 6 closes every window on
        quit, and so does logging out) goes through, or the app could never stop."""
        return from_person and not self._quitting


class TrayShell(QObject):
    """Puts the app in the tray, or shows the fallback window when there is no tray."""

    def __init__(
        self,
        controller: AppController,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        parent: QObject | None = None,
        tray_icon: QSystemTrayIcon | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self._tray_available = tray_available
        # The icon may be made before the controller (notices go through it).
        self._given_icon = tray_icon
        self.tray: QSystemTrayIcon | None = None
        self.menu: TrayMenu | None = None
        self.fallback: FallbackWindow | None = None

    def start(self) -> None:
        if self._tray_available():
            self.menu = TrayMenu(self.controller)
            self.tray = self._given_icon or QSystemTrayIcon(app_icon(), self)
            self.tray.setToolTip(APP_NAME)
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_activated)
            self.controller.status_changed.connect(self._on_status)
            self.controller.device_badge_changed.connect(self._on_badge)
            self.tray.show()
        else:
            self.fallback = FallbackWindow(
                self.controller,
                _(
                    "Your desktop has no system tray, so Hygiene Helper is showing this small "
                    "window instead. You can minimise it; choose Quit to stop the app."
                ),
            )
            self.fallback.show()

    def show_menu(self) -> None:
        """Open the menu in the middle of the screen with keyboard focus in it: the way in
        for people who cannot click the tray icon (``hygiene-helper --menu`` from a
        desktop shortcut). Without a tray, the small window comes to the front instead."""
        if self.menu is None:
            self.bring_to_front()
            return
        screen = QGuiApplication.primaryScreen()
        centre = screen.availableGeometry().center() if screen is not None else QPoint(0, 0)
        hint = self.menu.sizeHint()
        self.menu.popup(centre - QPoint(hint.width() // 2, hint.height() // 2))
        self.menu.activateWindow()
        first = next((a for a in self.menu.actions() if a.isVisible() and a.isEnabled()), None)
        if first is not None:
            self.menu.setActiveAction(first)

    def bring_to_front(self) -> None:
        if self.fallback is not None:
            self.fallback.showNormal()
            self.fallback.raise_()
            self.fallback.activateWindow()

    def _on_status(self, text: str) -> None:
        if self.tray is not None:
            self.tray.setToolTip(self._tooltip(text))

    def _tooltip(self, text: str) -> str:
        lines = [APP_NAME]
        if self.controller.device_badge:
            lines.append(_("Something on this computer needs fixing."))
        if text:
            lines.append(text)
        return "\n".join(lines)

    def _on_badge(self, on: bool) -> None:
        """A required device check has failed for longer than the grace period."""
        if self.tray is not None:
            self.tray.setIcon(badged_icon() if on else app_icon())
            self.tray.setToolTip(self._tooltip(self.controller.status_text))

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A plain click opens the check window; the menu comes with the other button.
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.controller.open_check_window()

    def stop(self) -> None:
        if self.tray is not None:
            self.tray.hide()
        if self.fallback is not None:
            self.fallback.hide()
