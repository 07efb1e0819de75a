"""``linux_sources()`` as the composition root gets it: every check id, and on a system
bus with no daemons at all, every D-Bus reader says unknown, none raises or passes."""

from __future__ import annotations

import time

import pytest

from desktop.core.device.readings import Unread
from desktop.platform.device import CHECKED_FACTS
from desktop.platform.device.linux import linux_sources
from desktop.platform.device.linux.udisks import UdisksDriveWatch
from tests.fixtures_device import SystemBus
from tests.loaded import LOADED

pytestmark = pytest.mark.device


def test_every_check_has_a_source_and_the_drive_watch_is_udisks() -> None:
    sources, watch = linux_sources(malware_products=["clamav-daemon"])
    # Every fact the registry's checks read has a Linux reader.
    assert set(sources) == set(CHECKED_FACTS)
    assert isinstance(watch, UdisksDriveWatch)


def test_with_no_daemons_every_reading_is_unknown(
    system_bus: SystemBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", system_bus.address)
    sources, watch = linux_sources(env={"HOME": "/nonexistent"})
    started = time.monotonic()
    # The firewall reader is left out: as root it would ask this machine's own ufw.
    for check in ("screen_lock", "disk_encryption", "updates", "malware_protection"):
        reading = sources[check].read()
        assert isinstance(reading, Unread), check
        assert reading.reason.endswith("."), check
    assert time.monotonic() - started < 4 * 2.0 + LOADED  # four readers, 2 s limit each
    sources["updates"].close()  # type: ignore[attr-defined]  # before the bus goes
    assert watch.start(lambda drive: None) is False
