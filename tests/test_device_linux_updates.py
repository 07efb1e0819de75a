"""Updates: a real packagekitd (with polkitd) on a private system bus reading this
machine's apt lists; a replay of a recorded real GetUpdates answer for an exact count;
a paused packagekitd and an absent one; unattended-upgrades through the real
``apt-config`` with a configuration of the test's own (``APT_CONFIG``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io import blocking

from desktop.core.device.readings import Unread, UpdatesReading
from desktop.platform.device.linux.updates import (
    LinuxUpdates,
    PackageKitUpdates,
    unattended_upgrades,
)
from tests.fixtures_device import SystemBus, need, packagekit_daemon
from tests.loaded import LOADED

pytestmark = pytest.mark.device

RECORDED = json.loads((Path(__file__).parent / "data/packagekit_get_updates.json").read_text())


def _apt_upgradable() -> int:
    out = subprocess.run(["apt-get", "-s", "upgrade"], capture_output=True, text=True, timeout=60)
    return sum(1 for line in out.stdout.splitlines() if line.startswith("Inst "))


def test_real_packagekit_counts_security_updates(system_bus: SystemBus, tmp_path: Path) -> None:
    with packagekit_daemon(system_bus, tmp_path / "pk"):
        source = PackageKitUpdates(system_bus.address, time_limit=60)
        pending = source.read()
    assert isinstance(pending, int)
    # Only the security ones among what apt itself would upgrade.
    assert 0 <= pending <= _apt_upgradable()


def test_a_slow_search_never_holds_up_the_check(system_bus: SystemBus, tmp_path: Path) -> None:
    with packagekit_daemon(system_bus, tmp_path / "pk"):
        source = PackageKitUpdates(system_bus.address, time_limit=0.01)
        started = time.monotonic()
        first = source.read()
        # "still looking" is what shows it did not wait for the search; the bound only
        # catches a hang
        assert time.monotonic() - started < 0.01 + LOADED
        assert isinstance(first, Unread) and "still looking" in first.reason
        deadline = time.monotonic() + 60
        later = source.read()
        while isinstance(later, Unread) and time.monotonic() < deadline:
            time.sleep(0.2)
            later = source.read()
    assert isinstance(later, int)  # the answer found in the background is kept


def test_a_paused_packagekit_is_unknown(system_bus: SystemBus, tmp_path: Path) -> None:
    with packagekit_daemon(system_bus, tmp_path / "pk") as daemon:
        os.kill(daemon.pid, signal.SIGSTOP)
        source = PackageKitUpdates(system_bus.address, time_limit=3, search_limit=1)
        reading = LinuxUpdates(source, automatic=lambda: True).read()
    assert isinstance(reading, Unread) and "did not answer in time" in reading.reason


def test_no_packagekit_is_unknown(system_bus: SystemBus) -> None:
    reading = LinuxUpdates(PackageKitUpdates(system_bus.address), automatic=lambda: True).read()
    assert isinstance(reading, Unread) and "not running" in reading.reason


class PackageKitReplay:
    """Answers CreateTransaction and GetUpdates with the recorded real signals."""

    def __init__(self, address: str, package: list[list[Any]], finished: list[int]) -> None:
        self.conn = blocking.open_dbus_connection(bus=address)
        self.conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.PackageKit"))
        self.package, self.finished = package, finished
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                msg = self.conn.receive()
            except (OSError, ValueError):
                return
            if msg.header.message_type is not MessageType.method_call:
                continue
            member = msg.header.fields.get(3)
            if member == "CreateTransaction":
                self.conn.send(new_method_return(msg, "o", ("/1_replay",)))
            elif member == "GetUpdates":
                self.conn.send(new_method_return(msg))
                emitter = DBusAddress(
                    "/1_replay", interface="org.freedesktop.PackageKit.Transaction"
                )
                for info, package_id, summary in self.package:
                    self.conn.send(
                        new_signal(emitter, "Package", "uss", (info, package_id, summary))
                    )
                self.conn.send(new_signal(emitter, "Finished", "uu", tuple(self.finished)))

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def replay(system_bus: SystemBus) -> Iterator[SystemBus]:
    service = PackageKitReplay(system_bus.address, RECORDED["package"], RECORDED["finished"])
    try:
        yield system_bus
    finally:
        service.close()


def test_recorded_answer_counts_only_security_updates(replay: SystemBus) -> None:
    infos = [info & 0xFFFF for info, _, _ in RECORDED["package"]]
    assert infos.count(8) == 69 and len(infos) == 128  # the recorded run, as received
    reading = LinuxUpdates(PackageKitUpdates(replay.address), automatic=lambda: False).read()
    assert reading == UpdatesReading(pending_security=69, oldest_pending_days=None, automatic=False)


def _apt_env(tmp_path: Path, periodic: str | None) -> dict[str, str]:
    parts = tmp_path / "apt.conf.d"
    parts.mkdir(exist_ok=True)
    if periodic is not None:
        (parts / "20auto-upgrades").write_text(
            'APT::Periodic::Update-Package-Lists "1";\n'
            f'APT::Periodic::Unattended-Upgrade "{periodic}";\n'
        )
    main = tmp_path / "apt.conf"
    main.write_text(f'Dir::Etc::parts "{parts}";\n')
    return {**os.environ, "APT_CONFIG": str(main)}


def test_apt_config_prints_the_form_the_reader_expects(tmp_path: Path) -> None:
    need("apt-config")
    out = subprocess.run(
        ["apt-config", "shell", "UU", "APT::Periodic::Unattended-Upgrade"],
        env=_apt_env(tmp_path, "1"),
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "UU='1'\n"


def test_unattended_upgrades_on_off_and_not_installed(tmp_path: Path) -> None:
    program = tmp_path / "unattended-upgrade"
    program.write_text("")
    assert unattended_upgrades(_apt_env(tmp_path, "1"), program) is True
    assert unattended_upgrades(_apt_env(tmp_path, "0"), program) is False
    (tmp_path / "apt.conf.d/20auto-upgrades").unlink()
    assert unattended_upgrades(_apt_env(tmp_path, None), program) is False
    assert unattended_upgrades(_apt_env(tmp_path, "1"), tmp_path / "absent") is False
