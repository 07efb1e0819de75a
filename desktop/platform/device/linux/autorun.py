"""Auto-run on GNOME: the *effective* ``org.gnome.desktop.media-handling autorun-never``,
read with ``gsettings`` in the person's session (so dconf's system databases, their
locks and the person's own value are combined as GNOME itself combines them), and
whether the organisation locked it (``gsettings writable``). Read only in a GNOME
session (``XDG_CURRENT_DESKTOP``), where those settings are the ones in force.

``autorun-never`` true: GNOME never offers to start or open anything when a drive or
disc is inserted. Other desktops are not read: the answer is then "not checked".
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import AutorunReading
from desktop.core.kit.i18n import N_
from desktop.platform.device.linux._common import environ, run

SCHEMA = "org.gnome.desktop.media-handling"
KEY = "autorun-never"
# Desktops that follow GNOME's media-handling settings (XDG_CURRENT_DESKTOP names).
GNOME_FAMILY = ("GNOME", "UNITY", "BUDGIE", "POP", "UBUNTU")
NOT_GNOME = N_("the app can read the auto-run setting only on the GNOME desktop")


class GnomeAutorun:
    """The effective auto-run setting of the person's GNOME session."""

    def __init__(self, env: Mapping[str, str] | None = None, gsettings: str = "gsettings") -> None:
        self.env, self.gsettings = env, gsettings

    def read(self) -> AutorunReading | Unread:
        # Outside a GNOME session GSettings answers with defaults no desktop is using.
        desktops = environ(self.env).get("XDG_CURRENT_DESKTOP", "").upper().split(":")
        if not any(d.strip() in GNOME_FAMILY for d in desktops):
            return Unread(NOT_GNOME, "XDG_CURRENT_DESKTOP")
        got = run([self.gsettings, "get", SCHEMA, KEY], env=self.env)
        if isinstance(got, Unread):
            return Unread(N_("the desktop's auto-run setting could not be read"), got.detail)
        if got.returncode != 0:
            return Unread(NOT_GNOME, got.stderr.strip()[:200])
        value = got.stdout.strip()
        if value not in ("true", "false"):
            return Unread(N_("the auto-run setting was not in a form the app knows"), value[:40])
        writable = run([self.gsettings, "writable", SCHEMA, KEY], env=self.env)
        locked = (
            not isinstance(writable, Unread)
            and writable.returncode == 0
            and writable.stdout.strip() == "false"
        )
        return AutorunReading(value == "true", admin_locked=locked, source="GNOME settings")
