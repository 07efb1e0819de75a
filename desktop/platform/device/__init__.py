"""Device posture adapters: one source per fact and system, behind ``FactSource``.

``device_sources`` is the one place that picks them for this OS. The Linux adapters
live in ``linux/`` (``linux_sources()``); until they are present every Linux fact is
"not supported yet", which the checks show as "Not checked", never as a pass.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.core.device.checks import adapter_facts, facts
from desktop.core.device.findings import System
from desktop.core.device.readings import DriveWatch, FactSource, Unread
from desktop.core.device.runner import DeviceRunner
from desktop.core.kit.unchecked import Reason

log = logging.getLogger(__name__)

# The facts every system's adapters answer for, from the registry of device checks.
CHECKED_FACTS: tuple[str, ...] = tuple(f.id for f in adapter_facts())


@dataclass(frozen=True)
class Unsupported:
    """A fact this system's adapters do not read (yet)."""

    reason: str = "the app cannot read this on this computer yet"

    def read(self) -> Unread:
        return Unread(self.reason, "", Reason.UNSUPPORTED)


@dataclass
class DeviceSources:
    system: System
    sources: dict[str, FactSource[object]] = field(default_factory=dict)
    drive_watch: DriveWatch | None = None


def system_of(platform: str = sys.platform) -> System:
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"


def device_sources(
    platform: str = sys.platform,
    cache_dir: Path | None = None,
    malware_products: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    now: Callable[[], datetime] | None = None,
) -> DeviceSources:
    """The sources for this OS; any fact without an adapter reads as not supported.

    ``malware_products`` are the anti-malware units the policy names (Linux only: there
    is no system-wide register of them to ask). ``env`` is the session's environment,
    from the composition root (the Linux readers read the desktop's settings from it);
    ``now`` the root's clock, for the readers that count days."""
    system = system_of(platform)
    found = DeviceSources(system)
    if system == "windows":
        from desktop.platform.device.windows import windows_sources
        from desktop.platform.device.windows.drives import WindowsDriveWatch

        found.sources.update(windows_sources(cache_dir))
        found.drive_watch = WindowsDriveWatch()
    elif system == "macos":
        from desktop.platform.device.macos import macos_sources
        from desktop.platform.device.macos.drives import MacDriveWatch

        found.sources.update(macos_sources(now))
        found.drive_watch = MacDriveWatch()
    else:
        _add_linux(found, malware_products, env=env, cache_dir=cache_dir, now=now)
    for fact in CHECKED_FACTS:
        found.sources.setdefault(fact, Unsupported())
    return found


def _add_linux(
    found: DeviceSources,
    malware_products: Sequence[str] = (),
    load: Callable[[str], Any] = importlib.import_module,
    env: Mapping[str, str] | None = None,
    cache_dir: Path | None = None,
    now: Callable[[], datetime] | None = None,
) -> None:
    try:
        module = load("desktop.platform.device.linux")
        linux_sources = module.linux_sources
    except (ImportError, AttributeError):
        return
    try:
        given: dict[str, Any] = {} if env is None else {"env": env}
        if cache_dir is not None:
            given["cache_dir"] = cache_dir
        if now is not None:
            given["clock"] = lambda: now().timestamp()
        got = linux_sources(malware_products=tuple(malware_products), **given)
    except Exception as exc:  # a broken adapter set must not take the app down
        log.warning("Linux device sources could not be built: %s", type(exc).__name__)
        return
    if isinstance(got, tuple):
        sources, watch = got
    elif hasattr(got, "sources"):
        sources, watch = got.sources, getattr(got, "drive_watch", None)
    else:
        sources, watch = got, None
    found.sources.update(dict(sources))
    found.drive_watch = watch


NO_WATCH = Unsupported("only the tray app watches for drives being plugged in")


def build_runner(
    platform: str = sys.platform,
    cache_dir: Path | None = None,
    drives: FactSource[object] | None = None,
    malware_products: Sequence[str] = (),
    now: Callable[[], datetime] | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[DeviceRunner, DeviceSources]:
    """The device runner for this computer. ``drives`` is the tray's drive log; without
    it (the command line) the removable-media check says only the tray app watches.
    ``now`` is the composition root's clock."""
    found = device_sources(platform, cache_dir, malware_products, env, now)
    sources = dict(found.sources)
    for fact in facts():
        if fact.live:
            sources[fact.id] = drives if drives is not None else NO_WATCH
    return DeviceRunner(sources, found.system, now=now), found


__all__ = [
    "DeviceSources",
    "Unsupported",
    "build_runner",
    "device_sources",
    "system_of",
]
