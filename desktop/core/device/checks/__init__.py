"""The device checks, one module each, and the registry every list of them comes from.

``REGISTRY`` holds the check classes. The policy's list
of device check ids, the posture document's fields and its JSON Schema, the generated
templates, the window, ``hygiene device``, the page "What this app reads" and the OS
adapter tables are all derived from it: a check's id is written once, in its class.

Adding a check: write its class in a new module here (see ``base.DeviceCheck``), add it
to ``REGISTRY``, give each system an adapter for its facts (keyed by ``Fact``), and test
both. Nothing else lists the checks.
"""

from __future__ import annotations

from typing import Any

from desktop.core.device.base import DeviceCheck, Fact
from desktop.core.device.checks.accounts import EmptyPasswordCheck, StandardAccountCheck
from desktop.core.device.checks.autorun import AutorunCheck
from desktop.core.device.checks.disk_encryption import DiskEncryptionCheck
from desktop.core.device.checks.firewall import FirewallCheck
from desktop.core.device.checks.inbound import InboundBlockedCheck
from desktop.core.device.checks.malware import MalwareCheck
from desktop.core.device.checks.remote_access import RemoteAccessCheck
from desktop.core.device.checks.removable_media import RemovableMediaCheck
from desktop.core.device.checks.screen_lock import ScreenLockCheck
from desktop.core.device.checks.sign_in import AutoLoginCheck, GuestAccountCheck
from desktop.core.device.checks.signatures import MalwareSignaturesCheck
from desktop.core.device.checks.supported_os import SupportedOsCheck
from desktop.core.device.checks.unlock import UnlockAttemptsCheck
from desktop.core.device.checks.update_history import AutoUpdatesCheck, UpdateAgeCheck
from desktop.core.device.checks.updates import UpdatesCheck

# In the order IT's files list them (the policy's default list, the posture fields).
REGISTRY: tuple[type[DeviceCheck], ...] = (
    ScreenLockCheck,
    DiskEncryptionCheck,
    RemovableMediaCheck,
    MalwareCheck,
    FirewallCheck,
    UpdatesCheck,
    AutoLoginCheck,
    GuestAccountCheck,
    # The checks Cyber Essentials adds for user devices.
    InboundBlockedCheck,
    RemoteAccessCheck,
    AutorunCheck,
    UnlockAttemptsCheck,
    StandardAccountCheck,
    EmptyPasswordCheck,
    SupportedOsCheck,
    UpdateAgeCheck,
    AutoUpdatesCheck,
    MalwareSignaturesCheck,
)

DEVICE_CHECK_IDS: tuple[str, ...] = tuple(c.check_id for c in REGISTRY)
# The policy's default list of required checks.
DEFAULT_REQUIRED_IDS: tuple[str, ...] = tuple(c.check_id for c in REGISTRY if c.required_by_default)
BY_ID: dict[str, type[DeviceCheck]] = {c.check_id: c for c in REGISTRY}
assert len(BY_ID) == len(REGISTRY), "two device checks share an id"


def standard_checks() -> tuple[DeviceCheck, ...]:
    """Every device check, in the order people read them: the computer's own settings
    first, then what only the tray app sees as it happens (drives plugged in today)."""
    settled = [c for c in REGISTRY if not any(f.live for f in c.needs)]
    live = [c for c in REGISTRY if any(f.live for f in c.needs)]
    return tuple(c() for c in (*settled, *live))


def facts() -> tuple[Fact[Any], ...]:
    """Every fact the checks read, once each, in the order the checks need them."""
    seen: dict[str, Fact[Any]] = {}
    for check in REGISTRY:
        for fact in check.needs:
            other = seen.setdefault(fact.id, fact)
            assert other == fact, f"two facts share the id {fact.id!r}"
    return tuple(seen.values())


def adapter_facts() -> tuple[Fact[Any], ...]:
    """The facts each system's OS adapters read (the live ones come from the tray)."""
    return tuple(f for f in facts() if not f.live)


def live_check_ids() -> tuple[str, ...]:
    """Checks known only where the tray app watches (drives being plugged in)."""
    return tuple(c.check_id for c in REGISTRY if any(f.live for f in c.needs))


__all__ = [
    "BY_ID",
    "DEFAULT_REQUIRED_IDS",
    "DEVICE_CHECK_IDS",
    "REGISTRY",
    "AutoLoginCheck",
    "AutoUpdatesCheck",
    "AutorunCheck",
    "DiskEncryptionCheck",
    "EmptyPasswordCheck",
    "FirewallCheck",
    "GuestAccountCheck",
    "InboundBlockedCheck",
    "MalwareCheck",
    "MalwareSignaturesCheck",
    "RemoteAccessCheck",
    "RemovableMediaCheck",
    "ScreenLockCheck",
    "StandardAccountCheck",
    "SupportedOsCheck",
    "UnlockAttemptsCheck",
    "UpdateAgeCheck",
    "UpdatesCheck",
    "adapter_facts",
    "facts",
    "live_check_ids",
    "standard_checks",
]
