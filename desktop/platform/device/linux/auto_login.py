"""Whether this computer signs someone in without a password, and whether it offers a
guest account.

* AccountsService (system bus): each known user's ``AutomaticLogin`` property; the
  daemon works it out from the display manager's own settings. Asked for the cached
  users and the person running the app; no root needed.
* The display managers' files, read directly (they are world-readable), from every
  place each looks and with its own spellings and defaults:
  GDM reads one file whose place differs by distribution (``/etc/gdm3/daemon.conf`` on
  Debian, ``/etc/gdm3/custom.conf`` on Ubuntu, ``/etc/gdm/custom.conf`` elsewhere; all
  are read): ``AutomaticLoginEnable``/``TimedLoginEnable`` are true for "true" in any
  case or "1". LightDM reads ``lightdm.conf.d`` folders along its own data and config
  folders, then ``/etc/lightdm/lightdm.conf.d`` and ``lightdm.conf``; a seat setting is
  true only when it says "true"; guest sessions are on by default (``allow-guest`` and
  ``greeter-allow-guest``) wherever its guest-account script is installed. SDDM reads
  ``/usr/lib/sddm/sddm.conf.d``, ``/etc/sddm.conf.d`` then ``/etc/sddm.conf``:
  ``[Autologin] User``.

Off only when something was actually read; otherwise ``Unread``.
"""

from __future__ import annotations

import configparser
import getpass
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.device.readings import AutoLoginReading, Unread
from desktop.core.kit.i18n import N_
from desktop.platform.dbus import DBusCaller, DBusCallError
from desktop.platform.device.linux._common import (
    SYSTEM_BUS,
    TIME_LIMIT,
    conf_dir,
    keyfile,
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
                return Unread(
                    N_("The accounts service (AccountsService) is not running."), "absent"
                )
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
                N_("The accounts service (AccountsService) did not answer in time."), str(exc)
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
    files = (
        root / "etc/gdm3/daemon.conf",
        root / "etc/gdm3/custom.conf",
        root / "etc/gdm/custom.conf",
    )
    return DisplayManagerFiles("GDM", files, (root / "etc/gdm3", root / "etc/gdm"))


# LightDM runs as a system service, so its folders are the defaults, not the person's.
LIGHTDM_DATA_DIRS = ("usr/local/share", "usr/share")
LIGHTDM_CONFIG_DIRS = ("etc/xdg",)
GUEST_SCRIPT_DIRS = ("usr/local/sbin", "usr/local/bin", "usr/sbin", "usr/bin", "sbin", "bin")


def _lightdm(root: Path) -> DisplayManagerFiles:
    files: list[Path] = []
    # Least important first: data folders, then config folders, each read in reverse.
    for base in (*reversed(LIGHTDM_DATA_DIRS), *reversed(LIGHTDM_CONFIG_DIRS)):
        files.extend(conf_dir(root / base / "lightdm/lightdm.conf.d"))
    files.extend(conf_dir(root / "etc/lightdm/lightdm.conf.d"))
    files.append(root / "etc/lightdm/lightdm.conf")
    return DisplayManagerFiles("LightDM", tuple(files), (root / "etc/lightdm",))


def _sddm(root: Path) -> DisplayManagerFiles:
    files = (
        *conf_dir(root / "usr/lib/sddm/sddm.conf.d"),
        *conf_dir(root / "etc/sddm.conf.d"),
        root / "etc/sddm.conf",
    )
    return DisplayManagerFiles("SDDM", files, (root / "etc/sddm.conf", root / "etc/sddm.conf.d"))


def gdm_bool(value: str) -> bool:
    """GDM's own reading: true for "true" in any case or "1"."""
    text = value.strip()
    return text.lower() == "true" or text == "1"


def lightdm_seat_bool(value: str) -> bool:
    """LightDM's seat settings: true only for "true" (trailing spaces allowed)."""
    return value.strip() == "true"


def _lightdm_seats(conf: configparser.ConfigParser) -> list[dict[str, str]]:
    """Each seat's settings: ``[Seat:*]`` (and the older ``[SeatDefaults]``) under every
    named seat's own section."""
    common: dict[str, str] = {}
    for section in ("SeatDefaults", "Seat:*"):
        if conf.has_section(section):
            common.update(conf.items(section))
    named = [s for s in conf.sections() if s.startswith("Seat:") and s != "Seat:*"]
    return [common] + [{**common, **dict(conf.items(s))} for s in named]


def _guest_script(root: Path, name: str) -> bool:
    if name.startswith("/"):
        return (root / name.lstrip("/")).exists()
    return any((root / d / name).exists() for d in GUEST_SCRIPT_DIRS)


def read_display_manager(
    dm: DisplayManagerFiles, root: Path = Path("/")
) -> AutoLoginReading | Unread | None:
    """The display manager's auto-login and guest settings; None when it is not installed."""
    if not any(os.path.exists(p) for p in dm.present):  # False, not an error, when denied
        return None
    bad = unreadable(dm.files)
    if bad:
        return Unread(
            N_(
                "The settings of the login screen ({name}) could not be "
                "read, so the app cannot tell whether it signs someone in "
                "without a password."
            ),
            f"cannot read {bad[0]}",
            values=(("name", dm.name),),
        )
    conf = keyfile(dm.files)
    guest: bool | None = None
    if dm.name == "GDM":
        section = "daemon"
        auto = (
            gdm_bool(conf.get(section, "AutomaticLoginEnable", fallback=""))
            and bool(conf.get(section, "AutomaticLogin", fallback="").strip())
        ) or (
            gdm_bool(conf.get(section, "TimedLoginEnable", fallback=""))
            and bool(conf.get(section, "TimedLogin", fallback="").strip())
        )
    elif dm.name == "LightDM":
        auto = False
        guest = False
        for seat in _lightdm_seats(conf):
            script = seat.get("guest-account-script", "guest-account").strip()
            allowed = lightdm_seat_bool(seat.get("allow-guest", "true")) and _guest_script(
                root, script or "guest-account"
            )
            if seat.get("autologin-user", "").strip():
                auto = True
            if allowed and lightdm_seat_bool(seat.get("autologin-guest", "false")):
                auto = True
            if allowed and lightdm_seat_bool(seat.get("greeter-allow-guest", "true")):
                guest = True
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
            got = read_display_manager(dm, self.root)
            if isinstance(got, AutoLoginReading):
                readings.append(got)
            elif isinstance(got, Unread):
                unread.append(got)
        on = [r for r in readings if r.auto_login]
        if unread and not on:
            return unread[0]  # a login screen's settings that cannot be read may say "on"
        if not readings:
            return Unread(
                N_(
                    "No login screen the app knows (GDM, LightDM, SDDM) was found and the accounts "
                    "service is not answering, so the app cannot tell whether this computer signs "
                    "someone in without a password."
                ),
                service.detail if isinstance(service, Unread) else "",
            )
        guests = [r.guest_account for r in readings if r.guest_account is not None]
        return AutoLoginReading(
            auto_login=bool(on),
            guest_account=any(guests) if guests else None,
            source=", ".join(r.source for r in (on or readings)),
        )
