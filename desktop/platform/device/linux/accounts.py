"""Accounts on Linux: whether the person's own account is an administrator, and whether
any account has no password.

* Administrator: the accounts service's ``AccountType`` for the person (1 is an
  administrator; it decides by membership of the distribution's admin group, as the
  Users settings page shows it); without the service, membership of ``sudo``,
  ``wheel`` or ``admin`` (the groups the distributions' sudo and polkit rules name),
  and user id 0.
* No password: ``/etc/shadow``'s second field empty. Only root may read that file; as
  anyone else the accounts service can still report an account it knows has no
  password (``PasswordMode`` 2), which is a fail; when it reports none the answer is
  "not checked", because the service lists only the people who sign in, never every
  account on the computer.
"""

from __future__ import annotations

import grp
import os
import pwd
from collections.abc import Callable
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import AdminReading, EmptyPasswordReading
from desktop.core.kit.i18n import N_
from desktop.platform.dbus import DBusCaller, DBusCallError
from desktop.platform.device.linux._common import SYSTEM_BUS, TIME_LIMIT

ACCOUNTS = "org.freedesktop.Accounts"
ACCOUNTS_PATH = "/org/freedesktop/Accounts"
USER = "org.freedesktop.Accounts.User"
ADMIN_GROUPS = ("sudo", "wheel", "admin")
ACCOUNT_TYPE_ADMIN = 1
PASSWORD_MODE_NONE = 2


def this_user() -> str:
    """The name of the account this process runs as (never from the environment)."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return ""


def groups_of(name: str) -> tuple[str, ...]:
    """The names of every group ``name`` belongs to, as the system's group database says."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return ()
    names = []
    for gid in os.getgrouplist(name, entry.pw_gid):
        try:
            names.append(grp.getgrgid(gid).gr_name)
        except KeyError:
            continue
    return tuple(names)


class LinuxAdminAccount:
    """Is the person's own account an administrator?"""

    def __init__(
        self,
        bus: str = SYSTEM_BUS,
        user: str | None = None,
        groups: Callable[[str], tuple[str, ...]] = groups_of,
        uid: Callable[[], int] = os.geteuid,
    ) -> None:
        self.bus, self.user, self.groups, self.uid = bus, user, groups, uid

    def read(self) -> AdminReading | Unread:
        name = self.user if self.user is not None else this_user()
        if not name:
            return Unread(N_("the app could not tell which account it runs as"), "no passwd entry")
        if self.uid() == 0 and self.user is None:
            return AdminReading(True, N_("the computer's built-in administrator account"))
        service = self._service(name)
        if isinstance(service, AdminReading):
            return service
        member = [g for g in self.groups(name) if g in ADMIN_GROUPS]
        if member:
            # Named in words: the group shares its name with a command (sudo).
            return AdminReading(True, N_("in the admin group"))
        return AdminReading(False, N_("no administrator group"))

    def _service(self, name: str) -> AdminReading | None:
        caller = DBusCaller(self.bus, timeout=TIME_LIMIT)
        try:
            if not caller.has_owner(ACCOUNTS):
                return None
            (path,) = caller.call(ACCOUNTS, ACCOUNTS_PATH, ACCOUNTS, "FindUserByName", "s", (name,))
            kind = int(caller.get_property(ACCOUNTS, str(path), USER, "AccountType"))
        except (DBusCallError, TypeError, ValueError):
            return None  # the groups still tell
        finally:
            caller.close()
        if kind == ACCOUNT_TYPE_ADMIN:
            return AdminReading(True, N_("administrator in the Users settings"))
        return None  # "standard" here can still be in an admin group: the groups decide


class LinuxEmptyPasswords:
    """Accounts with no password: /etc/shadow as root, the accounts service otherwise."""

    def __init__(
        self,
        shadow: Path = Path("/etc/shadow"),
        bus: str = SYSTEM_BUS,
        read_shadow: Callable[[Path], str] | None = None,
    ) -> None:
        self.shadow, self.bus = shadow, bus
        self.read_shadow = read_shadow or (
            lambda p: p.read_text(encoding="utf-8", errors="replace")
        )

    def read(self) -> EmptyPasswordReading | Unread:
        try:
            text = self.read_shadow(self.shadow)
        except PermissionError:
            return self._service()
        except OSError as exc:
            return Unread(N_("the list of accounts could not be read"), type(exc).__name__)
        empty = []
        for line in text.splitlines():
            fields = line.split(":")
            if len(fields) >= 2 and fields[0] and fields[1] == "":
                empty.append(fields[0])
        return EmptyPasswordReading(len(empty), tuple(empty))

    def _service(self) -> EmptyPasswordReading | Unread:
        denied = Unread(
            N_(
                "only an administrator can see whether every account on this computer "
                "has a password"
            ),
            "EACCES on shadow",
        )
        caller = DBusCaller(self.bus, timeout=TIME_LIMIT)
        try:
            if not caller.has_owner(ACCOUNTS):
                return denied
            (paths,) = caller.call(ACCOUNTS, ACCOUNTS_PATH, ACCOUNTS, "ListCachedUsers")
            empty = []
            for path in paths:
                mode = int(caller.get_property(ACCOUNTS, str(path), USER, "PasswordMode"))
                if mode == PASSWORD_MODE_NONE:
                    empty.append(str(caller.get_property(ACCOUNTS, str(path), USER, "UserName")))
        except (DBusCallError, TypeError, ValueError):
            return denied
        finally:
            caller.close()
        if empty:
            return EmptyPasswordReading(len(empty), tuple(empty))
        return denied
