"""Updates: a real packagekitd (with polkitd) on a private system bus reading this
machine's apt lists; a replay of a recorded real GetUpdates answer for an exact count;
a paused packagekitd and an absent one; unattended-upgrades through the real
``apt-config`` with a configuration of the test's own (``APT_CONFIG``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, MessageType, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io import blocking

from desktop.core.device import DeviceStatus
from desktop.core.device.base import DeviceContext
from desktop.core.device.checks import UpdatesCheck
from desktop.core.device.readings import Unread, UpdatesReading
from desktop.core.kit.unchecked import Reason
from desktop.core.policy.schema import Policy
from desktop.platform.device.linux.updates import (
    LinuxUpdates,
    PackageKitUpdates,
    SystemStamp,
    lists_age_seconds,
    lists_refreshed,
    seconds_since_refresh,
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
        # A fresh PackageKit state folder: PackageKit itself has never refreshed.
        assert seconds_since_refresh(system_bus.address) is None
        source.close()
    assert not isinstance(pending, Unread)
    # Only the security ones among what apt itself would upgrade.
    assert 0 <= len(pending.ids) <= _apt_upgradable()


def test_a_slow_search_never_holds_up_the_check(system_bus: SystemBus, tmp_path: Path) -> None:
    with packagekit_daemon(system_bus, tmp_path / "pk"):
        source = PackageKitUpdates(system_bus.address, time_limit=0.01)
        started = time.monotonic()
        first = source.read()
        # "still looking" is what shows it did not wait for the search; the bound only
        # catches a hang
        assert time.monotonic() - started < 0.01 + LOADED
        assert isinstance(first, Unread) and "still looking" in first.clause
        deadline = time.monotonic() + 60
        later = source.read()
        while isinstance(later, Unread) and time.monotonic() < deadline:
            time.sleep(0.2)
            later = source.read()
        source.close()
    assert not isinstance(later, Unread)  # the answer found in the background is kept


def test_a_paused_packagekit_is_unknown(system_bus: SystemBus, tmp_path: Path) -> None:
    with packagekit_daemon(system_bus, tmp_path / "pk") as daemon:
        os.kill(daemon.pid, signal.SIGSTOP)
        source = PackageKitUpdates(
            system_bus.address, time_limit=3, search_limit=1, watch_signals=False
        )
        reading = LinuxUpdates(source, automatic=lambda: True).read()
    assert isinstance(reading, Unread) and "did not answer in time" in reading.clause


def test_no_packagekit_is_unknown(system_bus: SystemBus) -> None:
    source = PackageKitUpdates(system_bus.address, watch_signals=False)
    reading = LinuxUpdates(source, automatic=lambda: True).read()
    assert isinstance(reading, Unread) and "not running" in reading.clause


class PackageKitReplay:
    """Answers CreateTransaction and GetUpdates with the recorded real signals, counts the
    searches, and can send PackageKit's UpdatesChanged signal."""

    def __init__(self, address: str, package: list[list[Any]], finished: list[int]) -> None:
        self.conn = blocking.open_dbus_connection(bus=address)
        self.conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.PackageKit"))
        self.package, self.finished = package, finished
        self.searches = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def updates_changed(self) -> None:
        emitter = DBusAddress("/org/freedesktop/PackageKit", interface="org.freedesktop.PackageKit")
        self.conn.send(new_signal(emitter, "UpdatesChanged"))

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
                self.searches += 1
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
def replay(system_bus: SystemBus) -> Iterator[tuple[SystemBus, PackageKitReplay]]:
    service = PackageKitReplay(system_bus.address, RECORDED["package"], RECORDED["finished"])
    try:
        yield system_bus, service
    finally:
        service.close()


@dataclass
class Stamps:
    """apt's lists and dpkg's status file, stand-ins in a folder of the test's own."""

    root: Path

    def __post_init__(self) -> None:
        (self.root / "lists").mkdir(parents=True, exist_ok=True)
        self.refresh(1_790_000_000)
        self.install(1_790_000_000)

    def refresh(self, when: float) -> None:
        release = self.root / "lists/deb.debian.org_debian-security_dists_x_InRelease"
        release.write_text("Origin: Debian\n")
        os.utime(release, (when, when))

    def install(self, when: float) -> None:
        status = self.root / "status"
        status.write_text("Package: x\n")
        os.utime(status, (when, when))

    def stamp(self) -> SystemStamp:
        return SystemStamp(self.root / "lists", self.root / "status")


def _source(bus: str, stamps: Stamps, clock: list[float], cache: Path) -> PackageKitUpdates:
    return PackageKitUpdates(
        bus, cache=cache, stamp=stamps.stamp(), clock=lambda: clock[0], in_child=False
    )


def test_recorded_answer_counts_only_security_updates(
    replay: tuple[SystemBus, PackageKitReplay], tmp_path: Path
) -> None:
    bus, _service = replay
    infos = [info & 0xFFFF for info, _, _ in RECORDED["package"]]
    assert infos.count(8) == 69 and len(infos) == 128  # the recorded run, as received
    source = PackageKitUpdates(bus.address, watch_signals=False)
    reading = LinuxUpdates(source, automatic=lambda: False, lists_age=lambda: 3600.0).read()
    assert reading == UpdatesReading(69, 0, automatic=False, lists_age_days=0)


def test_the_last_answer_is_given_at_once_while_nothing_it_depends_on_changed(
    replay: tuple[SystemBus, PackageKitReplay], tmp_path: Path
) -> None:
    bus, service = replay
    stamps, clock, cache = Stamps(tmp_path), [1_790_000_100.0], tmp_path / "cache.json"
    first = _source(bus.address, stamps, clock, cache)
    assert not isinstance(first.read(), Unread) and service.searches == 1
    first.close()
    # A new process (the command run again) starts from the kept answer: no search.
    again = _source(bus.address, stamps, clock, cache)
    kept = again.read()
    assert not isinstance(kept, Unread) and len(kept.ids) == 69
    assert service.searches == 1  # answered from what was kept, PackageKit not asked
    # Updates installed: the answer no longer holds, a new search runs.
    stamps.install(1_790_000_200)
    assert not isinstance(again.read(), Unread) and service.searches == 2
    # PackageKit says the updates changed: searched again without being asked.
    assert again.watching.wait(10)
    service.updates_changed()
    deadline = time.monotonic() + 10
    while service.searches < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.searches == 3
    again.close()


def test_how_long_an_update_waited_counts_from_when_it_was_first_seen(
    replay: tuple[SystemBus, PackageKitReplay], tmp_path: Path
) -> None:
    bus, _service = replay
    stamps, clock, cache = Stamps(tmp_path), [1_790_000_100.0], tmp_path / "cache.json"

    def reading() -> UpdatesReading | Unread:
        source = _source(bus.address, stamps, clock, cache)
        try:
            return LinuxUpdates(
                source, automatic=lambda: True, lists_age=lambda: 0.0, clock=lambda: clock[0]
            ).read()
        finally:
            source.close()

    assert reading() == UpdatesReading(69, 0, True, lists_age_days=0)
    clock[0] += 20 * 86400  # twenty days on, the lists refreshed, the same updates waiting
    stamps.refresh(clock[0])
    later = reading()
    assert later == UpdatesReading(69, 20, True, lists_age_days=0)
    finding = UpdatesCheck().evaluate_one(
        later, DeviceContext(Policy(), "linux", datetime.now(UTC))
    )
    assert finding.status is DeviceStatus.FAIL and "waited 20 days" in finding.summary


def test_the_lists_age_is_read_from_apts_lists(tmp_path: Path) -> None:
    Stamps(tmp_path)
    assert lists_refreshed(tmp_path / "lists") == 1_790_000_000
    assert lists_age_seconds(lists=tmp_path / "lists", clock=lambda: 1_790_000_000 + 86400) == (
        86400
    )
    assert lists_refreshed(tmp_path / "nothing") is None
    (tmp_path / "empty").mkdir()
    assert lists_age_seconds(lists=tmp_path / "empty") is None  # never refreshed
    assert lists_refreshed() is not None  # this machine's own lists can be read


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


def test_a_search_the_command_could_not_wait_for_finishes_and_is_kept(
    replay: tuple[SystemBus, PackageKitReplay], tmp_path: Path
) -> None:
    """The search runs in a process of its own (the real ``hygiene device
    --search-updates``), which outlives a command that gave up waiting: the next run
    finds the answer kept."""
    bus, service = replay
    cache = tmp_path / "state/security-updates.json"
    first = PackageKitUpdates(bus.address, cache=cache, watch_signals=False, first_wait=0.0)
    gave_up = first.read()
    assert isinstance(gave_up, Unread) and "still looking" in gave_up.clause
    deadline = time.monotonic() + 60
    while not cache.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.exists() and service.searches == 1
    later = PackageKitUpdates(bus.address, cache=cache, watch_signals=False)
    kept = later.read()
    assert not isinstance(kept, Unread) and len(kept.ids) == 69
    assert service.searches == 1


def test_with_a_folder_to_keep_answers_a_reading_never_waits_for_the_search(
    replay: tuple[SystemBus, PackageKitReplay], tmp_path: Path
) -> None:
    """What the app and the command use: the search runs in a process of its own, and a
    reading made while it runs says "still looking" (waiting, never a pass) instead of
    holding the run up; the next reading has the answer the search kept."""
    bus, service = replay
    cache = tmp_path / "state/security-updates.json"
    source = PackageKitUpdates(bus.address, cache=cache, watch_signals=False)
    first = LinuxUpdates(source, automatic=lambda: True, lists_age=lambda: 0.0).read()
    assert isinstance(first, Unread) and "still looking" in first.clause
    assert first.code is Reason.WAITING
    finding = UpdatesCheck().evaluate_one(
        first, DeviceContext(Policy(), "linux", datetime.now(UTC))
    )
    assert finding.status is DeviceStatus.UNKNOWN
    deadline = time.monotonic() + 60
    later = source.read()
    while isinstance(later, Unread) and time.monotonic() < deadline:
        time.sleep(0.1)
        later = source.read()
    assert not isinstance(later, Unread) and len(later.ids) == 69
    assert service.searches == 1  # one search, joined, never started twice


def test_with_a_folder_to_keep_answers_no_packagekit_is_said_at_once(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    """Not waiting for the search must not turn "PackageKit is not there" into "still
    looking" run after run: the bus is asked first, and no search process is started."""
    spawned: list[Path] = []

    def spawn(_bus: str, cache: Path) -> subprocess.Popen[bytes]:
        spawned.append(cache)
        raise OSError("not expected")

    source = PackageKitUpdates(
        system_bus.address, cache=tmp_path / "kept.json", watch_signals=False, spawn=spawn
    )
    reading = source.read()
    assert isinstance(reading, Unread) and "not running" in reading.clause
    assert reading.code is not Reason.WAITING and spawned == []


def test_a_search_that_failed_is_said_by_the_next_reading_not_still_looking(
    replay: tuple[SystemBus, PackageKitReplay], tmp_path: Path
) -> None:
    """The tray's reader: its search process gave up (PackageKit too slow); the next
    reading says so, while a new search runs, instead of "still looking" again."""
    bus, _service = replay

    def too_slow(_bus: str, _cache: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])  # EXIT_TIMEOUT

    source = PackageKitUpdates(
        bus.address, cache=tmp_path / "kept.json", watch_signals=False, spawn=too_slow
    )
    first = source.read()
    assert isinstance(first, Unread) and first.code is Reason.WAITING
    deadline = time.monotonic() + 30
    while source._search is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    second = source.read()
    assert isinstance(second, Unread) and "did not answer in time" in second.clause
    assert second.code is not Reason.WAITING
