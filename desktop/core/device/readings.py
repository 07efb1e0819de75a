"""What the OS adapters report about this computer: plain facts, no judgement.

Each adapter reads one fact on one system and returns one of these readings, or an
``Unread`` saying why it could not (daemon absent, permission denied, a desktop it
cannot read, a time-out). The checks compare readings with the policy. Nothing here is
ever exported as-is: fields marked *private* stay on the machine and never reach the
posture document IT collects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from desktop.core.kit.unchecked import NotChecked

# A fact that could not be read: the one "could not check" type of the core, under the
# name the adapters use. ``Unread(reason, detail)``: ``reason`` in plain words for the
# person, ``detail`` for IT's log only (an error name, a bus error), never shown.
Unread = NotChecked


@dataclass(frozen=True)
class ScreenLockReading:
    """How this session locks when left alone."""

    desktop: str  # "GNOME", "KDE Plasma", "Xfce", "Windows", "macOS"
    lock_enabled: bool  # locking on idle is switched on and not disabled by lockdown
    seconds_to_lock: int | None  # idle time until the screen is locked; None = never
    admin_locked: bool = False  # the value is fixed by the administrator
    how_set: str = ""  # where the value came from, for "How to fix" (e.g. "Settings > Privacy")


@dataclass(frozen=True)
class DiskEncryptionReading:
    """Whether the *system* disk (the one holding /, C: or the macOS system volume) is
    encrypted. An encrypted external drive never counts."""

    encrypted: bool
    method: str = ""  # "LUKS", "BitLocker", "FileVault"
    device: str = ""  # private: the block device or volume read


@dataclass(frozen=True)
class RemovableDrive:
    """A removable drive that was plugged in."""

    key: str  # private: a stable id for this event (object path, device id)
    encrypted: bool | None  # None when it cannot be told
    method: str = ""  # "LUKS", "BitLocker To Go", "APFS encrypted"
    label: str = ""  # private: the volume label, shown to the person only
    serial: str = ""  # private: used only to match the approved list
    vendor: str = ""
    model: str = ""
    size_bytes: int = 0


@dataclass(frozen=True)
class ProductState:
    """One anti-malware product the OS or the policy knows of.

    ``up_to_date`` is the product's or the OS's own judgement where it gives one;
    ``signatures_age_days`` is how old its signatures are where that can be read (then
    the check compares it with the limit); ``age_unread`` says in words why the age
    could not be read, where the reader knows (a clause, as ``NotChecked.reason``)."""

    name: str
    enabled: bool | None  # None when it cannot be told
    up_to_date: bool | None = None
    signatures_age_days: int | None = None  # days since its signatures were updated
    age_unread: str = ""


@dataclass(frozen=True)
class MalwareReading:
    products: tuple[ProductState, ...]  # empty: no product registered at all


@dataclass(frozen=True)
class FirewallReading:
    """The firewall in force. ``active``: it filters what comes in now (rules loaded in
    the kernel, not only a setting saying so). What it does with a connection no rule
    allows is a fact of its own (``InboundReading``), judged by its own check."""

    active: bool
    product: str  # "ufw", "firewalld", "nftables", "Windows Firewall", "macOS firewall"
    configured_on: bool = False  # its settings say on, yet nothing of it is in force


@dataclass(frozen=True)
class UpdatesReading:
    pending_security: int  # security updates waiting to be installed
    oldest_pending_days: int | None  # how long the oldest has waited; None if unknown
    automatic: bool | None = None  # automatic security updates switched on
    # How long ago the list of available updates was fetched; None when never or unknown.
    # "Nothing waiting" means little when the list itself is old.
    lists_age_days: int | None = None


@dataclass(frozen=True)
class AutoLoginReading:
    auto_login: bool  # the computer signs someone in without a password
    plaintext_password: bool = False  # Windows DefaultPassword: a written-down password
    guest_account: bool | None = None  # None where the system has no guest account
    source: str = ""  # where it was read ("AccountsService", "GDM", "LightDM", ...)
    guest_reason: str = ""  # why the guest account could not be read; "" when it was


R = TypeVar("R", covariant=True)


class FactSource(Protocol[R]):
    """One adapter: reads one fact. Must not raise; returns ``Unread`` instead.

    Callers run it with a time limit (2 s); a source that does not return in time is
    treated as ``Unread("... did not answer in time")``.
    """

    def read(self) -> R | Unread: ...


class DriveWatch(Protocol):
    """Tells when a removable drive is plugged in, driven by OS signals (never polling).

    ``on_added`` is called on the watch's own thread; the UI moves it to the GUI thread.
    """

    def start(self, on_added: Callable[[RemovableDrive], None]) -> bool:
        """Start watching; False (and nothing started) when this system cannot be watched."""
        ...

    def stop(self) -> None: ...
