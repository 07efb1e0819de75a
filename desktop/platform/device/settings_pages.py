"""Where each check's setting lives on this system, for the "Open settings" button.

A page is either an address the OS opens (``ms-settings:``, ``windowsdefender:``,
``x-apple.systempreferences:``) or a settings program to start (GNOME, KDE). Checks
with no page of their own (a Linux disk cannot be encrypted after installation) get no
button rather than a button to the wrong place.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from desktop.core.device.checks import REGISTRY
from desktop.core.device.findings import System


@dataclass(frozen=True)
class SettingsPage:
    kind: str  # "url" or "command"
    target: tuple[str, ...]


# Each check names its own pages (``DeviceCheck.settings``); these tables are derived.
WINDOWS = {c.check_id: c.settings.windows for c in REGISTRY if c.settings.windows}
MACOS = {c.check_id: c.settings.macos for c in REGISTRY if c.settings.macos}
GNOME = {c.check_id: c.settings.gnome for c in REGISTRY if c.settings.gnome}
KDE = {c.check_id: c.settings.kde for c in REGISTRY if c.settings.kde}


def settings_pages(
    system: System,
    env: Mapping[str, str],
    which: Callable[[str], str | None] = shutil.which,
) -> dict[str, SettingsPage]:
    """The pages there are on this system, by check id."""
    if system == "windows":
        return {k: SettingsPage("url", (v,)) for k, v in WINDOWS.items()}
    if system == "macos":
        return {k: SettingsPage("url", (v,)) for k, v in MACOS.items()}
    desktop = env.get("XDG_CURRENT_DESKTOP", "").upper()
    table = KDE if "KDE" in desktop else GNOME if "GNOME" in desktop else {}
    return {
        check: SettingsPage("command", argv)
        for check, argv in table.items()
        if which(argv[0]) is not None
    }
