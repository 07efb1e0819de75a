"""Linux: which system this is (os-release files as Debian and Ubuntu ship them), when
updates were last installed (apt's history log, rotated copies included), and whether
they install by themselves (the real ``apt-config`` over a private apt.conf.d)."""

from __future__ import annotations

import gzip
import os
from datetime import date
from pathlib import Path

import pytest

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import AutoUpdatesReading, OsReading, UpdateHistoryReading
from desktop.platform.device.linux.apt import AptAutoUpdates, AptHistory
from desktop.platform.device.linux.os_release import LinuxOsRelease
from tests.fixtures_device import need

UBUNTU = """\
PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
VERSION_ID="24.04"
VERSION="24.04.1 LTS (Noble Numbat)"
ID=ubuntu
ID_LIKE=debian
"""


def test_ubuntu_os_release_is_read_with_its_quoting(tmp_path: Path) -> None:
    (tmp_path / "usr/lib").mkdir(parents=True)
    (tmp_path / "usr/lib/os-release").write_text(UBUNTU)
    assert LinuxOsRelease(tmp_path).read() == OsReading("ubuntu", "24.04", "Ubuntu 24.04.1 LTS")


def test_this_machines_own_os_release() -> None:
    reading = LinuxOsRelease().read()
    assert isinstance(reading, OsReading) and reading.family == "debian"


def test_no_os_release_is_not_checked(tmp_path: Path) -> None:
    assert isinstance(LinuxOsRelease(tmp_path).read(), Unread)


# apt's own entry format (Debian 12), one with an upgrade and one install only.
UPGRADE = """\
Start-Date: 2026-11-02  06:12:40
Commandline: /usr/bin/unattended-upgrade
Upgrade: libc6:amd64 (2.36-9+deb12u8, 2.36-9+deb12u9)
End-Date: 2026-11-02  06:12:58
"""
INSTALL = """\
Start-Date: 2026-11-20  10:01:02
Commandline: apt-get install -y vim
Install: vim:amd64 (2:9.0.1378-2)
End-Date: 2026-11-20  10:01:09
"""


def test_the_last_upgrade_counts_not_a_later_install(tmp_path: Path) -> None:
    (tmp_path / "history.log").write_text(UPGRADE + "\n" + INSTALL)
    assert AptHistory(tmp_path).read() == UpdateHistoryReading(date(2026, 11, 2), "apt history")


def test_rotated_compressed_logs_are_read(tmp_path: Path) -> None:
    (tmp_path / "history.log").write_text(INSTALL)
    with gzip.open(tmp_path / "history.log.1.gz", "wt") as handle:
        handle.write(UPGRADE)
    reading = AptHistory(tmp_path).read()
    assert reading == UpdateHistoryReading(date(2026, 11, 2), "apt history")


def test_a_log_with_no_upgrade_says_none_and_no_log_is_not_checked(tmp_path: Path) -> None:
    (tmp_path / "history.log").write_text(INSTALL)
    assert AptHistory(tmp_path).read() == UpdateHistoryReading(None, "apt history")
    assert isinstance(AptHistory(tmp_path / "none").read(), Unread)


def test_this_machines_own_history_log() -> None:
    reading = AptHistory().read()
    assert isinstance(reading, UpdateHistoryReading) and reading.source == "apt history"


def _apt(tmp_path: Path, parts: dict[str, str]) -> dict[str, str]:
    need("apt-config")
    etc = tmp_path / "etc/apt"
    (etc / "apt.conf.d").mkdir(parents=True)
    for name, text in parts.items():
        (etc / "apt.conf.d" / name).write_text(text)
    conf = tmp_path / "apt.conf"
    conf.write_text(f'Dir::Etc "{etc}";\n')
    return {**os.environ, "APT_CONFIG": str(conf)}


ON = 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n'


def _systemd(tmp_path: Path, state: str) -> Path:
    """A systemd tree with the timer as Debian ships it, switched on, off or masked."""
    need("systemctl")
    root = tmp_path / "root"
    units = root / "usr/lib/systemd/system"
    units.mkdir(parents=True)
    (units / "apt-daily-upgrade.timer").write_text(
        "[Unit]\nDescription=Daily apt upgrade and clean activities\n"
        "[Timer]\nOnCalendar=*-*-* 6:00\n[Install]\nWantedBy=timers.target\n"
    )
    etc = root / "etc/systemd/system"
    (etc / "timers.target.wants").mkdir(parents=True)
    if state == "enabled":
        (etc / "timers.target.wants/apt-daily-upgrade.timer").symlink_to(
            "/usr/lib/systemd/system/apt-daily-upgrade.timer"
        )
    elif state == "masked":
        (etc / "apt-daily-upgrade.timer").symlink_to("/dev/null")
    return root


def test_apt_periodic_settings_on_with_unattended_upgrades(tmp_path: Path) -> None:
    tool = tmp_path / "unattended-upgrade"
    tool.write_text("")
    env = _apt(tmp_path, {"20auto-upgrades": ON})
    reading = AptAutoUpdates(env, tool, _systemd(tmp_path, "enabled")).read()
    assert reading == AutoUpdatesReading(True, source="apt")


@pytest.mark.parametrize("state", ["disabled", "masked"])
def test_settings_on_with_the_timer_switched_off_are_off(tmp_path: Path, state: str) -> None:
    tool = tmp_path / "unattended-upgrade"
    tool.write_text("")
    env = _apt(tmp_path, {"20auto-upgrades": ON})
    reading = AptAutoUpdates(env, tool, _systemd(tmp_path, state)).read()
    assert isinstance(reading, AutoUpdatesReading) and reading.automatic is False


def test_periodic_enable_zero_turns_everything_off(tmp_path: Path) -> None:
    tool = tmp_path / "unattended-upgrade"
    tool.write_text("")
    parts = {"20auto-upgrades": ON, "10periodic": 'APT::Periodic::Enable "0";\n'}
    reading = AptAutoUpdates(_apt(tmp_path, parts), tool, _systemd(tmp_path, "enabled")).read()
    assert isinstance(reading, AutoUpdatesReading) and reading.automatic is False


def test_a_later_file_that_turns_it_off_wins(tmp_path: Path) -> None:
    tool = tmp_path / "unattended-upgrade"
    tool.write_text("")
    parts = {"20auto-upgrades": ON, "99local": 'APT::Periodic::Unattended-Upgrade "0";\n'}
    reading = AptAutoUpdates(_apt(tmp_path, parts), tool).read()
    assert isinstance(reading, AutoUpdatesReading) and reading.automatic is False


def test_settings_on_without_unattended_upgrades_installed_are_off(tmp_path: Path) -> None:
    reading = AptAutoUpdates(_apt(tmp_path, {"20auto-upgrades": ON}), tmp_path / "none").read()
    assert isinstance(reading, AutoUpdatesReading) and reading.automatic is False


def test_without_apt_it_is_not_checked(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path)}
    assert isinstance(AptAutoUpdates(env).read(), Unread)
