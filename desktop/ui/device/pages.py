"""Opening an OS settings page for a device check ("Open settings")."""

from __future__ import annotations

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

from desktop.platform.device.settings_pages import SettingsPage


def open_settings_page(page: SettingsPage) -> bool:
    """Open the page; False when the OS refused (the window then says nothing changed)."""
    if page.kind == "url":
        return bool(QDesktopServices.openUrl(QUrl(page.target[0])))
    program, *args = page.target
    ok, _pid = QProcess.startDetached(program, args)
    return bool(ok)
