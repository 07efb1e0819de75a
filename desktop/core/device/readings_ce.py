"""Readings for the device checks Cyber Essentials asks for beyond the first eight:
plain facts, no judgement, as the OS adapters report them.

Kept apart from ``readings`` so each group of readers has its own file; the rules of
that module apply here too (a reading never judges; private fields never reach IT).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.core.kit.i18n import N_


@dataclass(frozen=True)
class InboundReading:
    """What happens to a new connection from another computer that no rule allows."""

    blocked: bool  # dropped or refused by default
    product: str  # "nftables", "Windows Firewall", "macOS firewall"
    how: str = ""  # in words, for IT: "input policy drop", "stealth mode"


@dataclass(frozen=True)
class AutorunReading:
    """Whether inserting a drive or disc can open or run something by itself."""

    autorun_off: bool
    admin_locked: bool = False  # the value is fixed by the organisation
    source: str = ""  # "GNOME settings", "Group Policy"


@dataclass(frozen=True)
class UnlockReading:
    """How many wrong guesses unlocking allows, and the shortest unlock secret."""

    max_attempts: int | None  # wrong guesses before a lock-out or slow-down; None = no limit
    min_length: int | None = (
        None  # shortest password or PIN the system enforces; None = not recorded
    )
    source: str = ""  # "PAM (faillock)", "account policy", "password policy"


@dataclass(frozen=True)
class AdminReading:
    """Whether the person's everyday account can change the whole computer."""

    admin: bool
    how: str = ""  # "in the admin group", "Administrators group", "admin group"


@dataclass(frozen=True)
class EmptyPasswordReading:
    """Accounts that sign in with no password at all."""

    count: int
    accounts: tuple[str, ...] = ()  # private: account names, shown to the person only


@dataclass(frozen=True)
class OsReading:
    """Which operating system and version this is."""

    family: str  # "debian", "ubuntu", "windows", "macos" (as in the support table)
    version: str  # "12", "24.04", "10.0.22631", "14.5"
    name: str  # how people know it: "Debian 12", "Windows 11 Pro 23H2", "macOS 14.5"
    edition: str = (
        ""  # Windows: "Professional", "Enterprise"...; its display version in ``release``
    )
    release: str = ""  # Windows display version ("23H2"); Ubuntu "LTS" marker; "" elsewhere


@dataclass(frozen=True)
class UpdateHistoryReading:
    """When updates were last installed, from what the system records."""

    last_installed: date | None  # None: the record is there but holds no installation
    source: str = ""  # "apt history", "Windows Update history", "install history"


@dataclass(frozen=True)
class AutoUpdatesReading:
    """Whether updates are fetched and installed without anyone having to ask."""

    automatic: bool
    admin_locked: bool = False
    source: str = ""


@dataclass(frozen=True)
class RemoteAccessReading:
    """Services letting other computers in: their keys from ``REMOTE_SERVICES``."""

    services: tuple[str, ...]
    source: str = ""


# The kinds of remote access and sharing, by key (the policy's ``remote_access_allowed``
# lists these), with the words people know them by.
REMOTE_SERVICES: dict[str, str] = {
    "remote_login": N_("remote sign-in (SSH)"),
    "remote_desktop": N_("remote desktop or screen sharing"),
    "file_sharing": N_("file sharing"),
}
