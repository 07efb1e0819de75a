"""Whether this computer signs someone in without a password, and whether it offers a
guest account.

* AccountsService (system bus): each known user's ``AutomaticLogin`` property; the
  daemon works it out from the display manager's own settings. Asked for the cached
  users and the person running the app; no root needed.
* The display managers' files, read directly (they are world-readable): GDM
  (``/etc/gdm3/daemon.conf`` or ``/etc/gdm/custom.conf``: ``AutomaticLoginEnable`` and
  ``TimedLoginEnable``), LightDM (``lightdm.conf`` and its ``.conf.d`` folders:
  ``autologin-user``, ``autologin-guest``, ``allow-guest``/``greeter-allow-guest``) and
  SDDM (``sddm.conf`` and ``sddm.conf.d``: ``[Autologin] User``).

Off only when something was actually read; otherwise ``Unread``.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.device.readings import AutoLoginReading, Unread
from desktop.platform.dbus import DBusCaller, DBusCallError
from desktop.platform.device.linux._common import (
    SYSTEM_BUS,
    TIME_LIMIT,
    conf_dir,
    keyfile,
    truthy,
    unreadable,
)

ACCOUNTS = "org.freedesktop.Accounts"
ACCOUNTS_PATH = "/org/freedesktop/Accounts"
USER = "org.freedesktop.Accounts.User"


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


class AccountsServiceAutoLogin:
    """AccountsService's view: is any user signed in automatically?"""

    def __init__(self, bus: str = SYSTEM_BUS, users: Sequence[str] | None = None) -> None:
        self.bus = bus
        self.users = list(users) if users is not None else [_current_user()]

    def read(self) -> AutoLoginReading | Unread:
        caller = DBusCaller(self.bus, timeout=TIME_LIMIT)
        try:
            if not caller.has_owner(ACCOUNTS):
                return Unread("The accounts service (AccountsService) is not running.", "absent")
            (paths,) = caller.call(ACCOUNTS, ACCOUNTS_PATH, ACCOUNTS, "ListCachedUsers")
            found = [str(p) for p in paths]
            for name in self.users:
                if not name:
                    continue
                try:
                    (path,) = caller.call(
                        ACCOUNTS, ACCOUNTS_PATH, ACCOUNTS, "FindUserByName", "s", (name,)
                    )
                except DBusCallError as exc:
                    if "in time" in str(exc) or "Timeout" in str(exc):
                        raise
                    continue  # no such user
                found.append(str(path))
            auto = any(
                bool(caller.get_property(ACCOUNTS, path, USER, "AutomaticLogin"))
                for path in dict.fromkeys(found)
            )
        except DBusCallError as exc:
            return Unread(
                "The accounts service (AccountsService) did not answer in time.", str(exc)
            )
        finally:
            caller.close()
        return AutoLoginReading(auto_login=auto, source="AccountsService")


@dataclass(frozen=True)
class DisplayManagerFiles:
    """Where one display manager keeps its settings, least important first."""

    name: str
    files: tuple[Path, ...]
    present: tuple[Path, ...]  # any of these existing means it is installed


def _gdm(root: Path) -> DisplayManagerFiles:
    files = (root / "etc/gdm3/daemon.conf", root / "etc/gdm/custom.conf")
    return DisplayManagerFiles("GDM", files, (root / "etc/gdm3", root / "etc/gdm"))


def _lightdm(root: Path) -> DisplayManagerFiles:
    files = (
        *conf_dir(root / "usr/share/lightdm/lightdm.conf.d"),
        *conf_dir(root / "etc/lightdm/lightdm.conf.d"),
        root / "etc/lightdm/lightdm.conf",
    )
    return DisplayManagerFiles("LightDM", files, (root / "etc/lightdm",))


def _sddm(root: Path) -> DisplayManagerFiles:
    files = (
        *conf_dir(root / "usr/lib/sddm/sddm.conf.d"),
        *conf_dir(root / "etc/sddm.conf.d"),
        root / "etc/sddm.conf",
    )
    return DisplayManagerFiles("SDDM", files, (root / "etc/sddm.conf", root / "etc/sddm.conf.d"))


def read_display_manager(dm: DisplayManagerFiles) -> AutoLoginReading | Unread | None:
    """The display manager's auto-login and guest settings; None when it is not installed."""
    if not any(os.path.exists(p) for p in dm.present):  # False, not an error, when denied
        return None
    bad = unreadable(dm.files)
    if bad:
        return Unread(
            f"The settings of the login screen ({dm.name}) could not be read, so the app cannot "
            "tell whether it signs someone in without a password.",
            f"cannot read {bad[0]}",
        )
    conf = keyfile(dm.files)
    guest: bool | None = None
    if dm.name == "GDM":
        section = "daemon"
        auto = (
            truthy(conf.get(section, "AutomaticLoginEnable", fallback=""))
            and bool(conf.get(section, "AutomaticLogin", fallback="").strip())
        ) or (
            truthy(conf.get(section, "TimedLoginEnable", fallback=""))
            and bool(conf.get(section, "TimedLogin", fallback="").strip())
        )
    elif dm.name == "LightDM":
        auto = False
        for section in conf.sections():
            if section not in ("SeatDefaults", "Seat:*") and not section.startswith("Seat:"):
                continue
            if conf.get(section, "autologin-user", fallback="").strip():
                auto = True
            if truthy(conf.get(section, "autologin-guest", fallback="")):
                auto = True
            for key in ("allow-guest", "greeter-allow-guest"):
                value = conf.get(section, key, fallback=None)
                if value is not None:
                    guest = truthy(value) if guest is None else (guest or truthy(value))
    else:
        auto = bool(conf.get("Autologin", "User", fallback="").strip())
    return AutoLoginReading(auto_login=auto, guest_account=guest, source=dm.name)


class LinuxAutoLogin:
    """AccountsService and every display manager installed; on if any of them says so."""

    def __init__(
        self,
        accounts: AccountsServiceAutoLogin | None = None,
        root: Path = Path("/"),
    ) -> None:
        self.accounts = accounts or AccountsServiceAutoLogin()
        self.root = root

    def read(self) -> AutoLoginReading | Unread:
        readings: list[AutoLoginReading] = []
        unread: list[Unread] = []
        service = self.accounts.read()
        if isinstance(service, AutoLoginReading):
            readings.append(service)
        for dm in (_gdm(self.root), _lightdm(self.root), _sddm(self.root)):
            got = read_display_manager(dm)
            if isinstance(got, AutoLoginReading):
                readings.append(got)
            elif isinstance(got, Unread):
                unread.append(got)
        on = [r for r in readings if r.auto_login]
        if unread and not on:
            return unread[0]  # a login screen's settings that cannot be read may say "on"
        if not readings:
            return Unread(
                "No login screen the app knows (GDM, LightDM, SDDM) was found and the accounts "
                "service is not answering, so the app cannot tell whether this computer signs "
                "someone in without a password.",
                service.detail if isinstance(service, Unread) else "",
            )
        guests = [r.guest_account for r in readings if r.guest_account is not None]
        return AutoLoginReading(
            auto_login=bool(on),
            guest_account=any(guests) if guests else None,
            source=", ".join(r.source for r in (on or readings)),
        )
