"""Automatic sign-in: a real accounts-daemon on a private system bus, reading a GDM
file placed over /etc in its own mount namespace; LightDM and SDDM files in a
stand-in root; and the unknown paths (no daemon, a paused daemon, nothing installed)."""

from __future__ import annotations

import getpass
import os
import signal
import time
from pathlib import Path

import pytest

from desktop.core.device.readings import AutoLoginReading, Unread
from desktop.platform.device.linux.auto_login import AccountsServiceAutoLogin, LinuxAutoLogin
from tests.fixtures_device import SystemBus, accounts_daemon, read_as_nobody
from tests.loaded import LOADED

pytestmark = pytest.mark.device

ME = getpass.getuser()


def _gdm(etc: Path, text: str) -> Path:
    (etc / "gdm3").mkdir(parents=True, exist_ok=True)
    (etc / "gdm3/daemon.conf").write_text(text)
    return etc


def test_accounts_service_sees_gdm_auto_login(system_bus: SystemBus, tmp_path: Path) -> None:
    etc = _gdm(tmp_path / "etc", f"[daemon]\nAutomaticLoginEnable=True\nAutomaticLogin={ME}\n")
    with accounts_daemon(system_bus, etc):
        reading = AccountsServiceAutoLogin(system_bus.address).read()
    assert reading == AutoLoginReading(auto_login=True, source="AccountsService")


def test_accounts_service_with_auto_login_off(system_bus: SystemBus, tmp_path: Path) -> None:
    etc = _gdm(tmp_path / "etc", f"[daemon]\nAutomaticLoginEnable=False\nAutomaticLogin={ME}\n")
    with accounts_daemon(system_bus, etc):
        whole = LinuxAutoLogin(AccountsServiceAutoLogin(system_bus.address), root=tmp_path).read()
    # Both the service and GDM's own file (under the stand-in root) were read.
    assert whole == AutoLoginReading(auto_login=False, source="AccountsService, GDM")


def test_another_users_auto_login_is_found_by_name(system_bus: SystemBus, tmp_path: Path) -> None:
    etc = _gdm(tmp_path / "etc", "[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=nobody\n")
    with accounts_daemon(system_bus, etc):
        mine = AccountsServiceAutoLogin(system_bus.address, users=[ME]).read()
        theirs = AccountsServiceAutoLogin(system_bus.address, users=[ME, "nobody"]).read()
    assert isinstance(mine, AutoLoginReading) and isinstance(theirs, AutoLoginReading)
    assert theirs.auto_login is True


def test_a_paused_accounts_service_is_unknown_in_time(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    with accounts_daemon(system_bus, tmp_path / "etc") as daemon:
        os.kill(daemon.pid, signal.SIGSTOP)
        started = time.monotonic()
        reading = LinuxAutoLogin(AccountsServiceAutoLogin(system_bus.address), root=tmp_path).read()
        took = time.monotonic() - started
    assert isinstance(reading, Unread) and "accounts service" in reading.clause
    assert took < 2.0 + LOADED  # the readers' 2 s limit, a busy machine


def test_no_accounts_service_and_no_login_screen_is_unknown(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    reading = LinuxAutoLogin(AccountsServiceAutoLogin(system_bus.address), root=tmp_path).read()
    assert isinstance(reading, Unread) and "No login screen" in reading.clause


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_display_manager_files_without_the_service(system_bus: SystemBus, tmp_path: Path) -> None:
    absent = AccountsServiceAutoLogin(system_bus.address)
    _write(
        tmp_path / "lightdm",
        {
            "usr/share/lightdm/lightdm.conf.d/01-debian.conf": (
                "[Seat:*]\ngreeter-allow-guest=true\n"
            ),
            "etc/lightdm/lightdm.conf": "[Seat:*]\n#autologin-user=pat\nallow-guest=false\n",
        },
    )
    lightdm = LinuxAutoLogin(absent, root=tmp_path / "lightdm").read()
    # allow-guest=false switches guest sessions off, whatever the greeter is told.
    assert lightdm == AutoLoginReading(False, guest_account=False, source="LightDM")
    _write(
        tmp_path / "lightdm",
        {"etc/lightdm/lightdm.conf.d/50-kiosk.conf": "[Seat:*]\nautologin-user=kiosk\n"},
    )
    assert LinuxAutoLogin(absent, root=tmp_path / "lightdm").read() == AutoLoginReading(
        True, guest_account=False, source="LightDM"
    )
    _write(
        tmp_path / "sddm",
        {
            "usr/lib/sddm/sddm.conf.d/default.conf": "[Autologin]\nUser=\n",
            "etc/sddm.conf.d/kiosk.conf": "[Autologin]\nUser=kiosk\nSession=plasma\n",
        },
    )
    assert LinuxAutoLogin(absent, root=tmp_path / "sddm").read() == AutoLoginReading(
        True, source="SDDM"
    )
    _write(
        tmp_path / "gdm",
        {"etc/gdm3/daemon.conf": "[daemon]\nTimedLoginEnable=true\nTimedLogin=pat\n"},
    )
    assert LinuxAutoLogin(absent, root=tmp_path / "gdm").read() == AutoLoginReading(
        True, source="GDM"
    )
    _write(tmp_path / "broken", {"etc/sddm.conf": "no section here\n[Autologin\n"})
    assert LinuxAutoLogin(absent, root=tmp_path / "broken").read() == AutoLoginReading(
        False, source="SDDM"
    )


def test_a_login_screen_file_the_user_may_not_read_is_unknown(
    system_bus: SystemBus, open_tmp: Path
) -> None:
    _write(open_tmp, {"etc/sddm.conf.d/kiosk.conf": "[Autologin]\nUser=kiosk\n"})
    for folder in (open_tmp / "etc", open_tmp / "etc/sddm.conf.d"):
        folder.chmod(0o755)
    (open_tmp / "etc/sddm.conf.d/kiosk.conf").chmod(0o600)  # root's only
    got = read_as_nobody(
        "from desktop.platform.device.linux.auto_login import AccountsServiceAutoLogin as A, "
        "LinuxAutoLogin as L; from pathlib import Path; "
        f"r = L(A({system_bus.address!r}), root=Path({str(open_tmp)!r})).read(); "
        "print(type(r).__name__, r.sentence)"
    )
    assert got.startswith("NotChecked ") and "(SDDM) could not be read" in got


def test_lightdm_guest_sessions_are_on_by_default_where_the_guest_script_is_installed(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    absent = AccountsServiceAutoLogin(system_bus.address)
    _write(tmp_path, {"etc/lightdm/lightdm.conf": "[Seat:*]\ngreeter-hide-users=true\n"})
    # No guest-account script: LightDM cannot offer a guest session.
    assert LinuxAutoLogin(absent, root=tmp_path).read() == AutoLoginReading(
        False, guest_account=False, source="LightDM"
    )
    _write(tmp_path, {"usr/sbin/guest-account": "#!/bin/sh\n"})
    assert LinuxAutoLogin(absent, root=tmp_path).read() == AutoLoginReading(
        False, guest_account=True, source="LightDM"
    )
    # "yes" is not LightDM's "true": the setting is off, so the default does not apply
    # either; a drop-in along /etc/xdg is read too.
    _write(
        tmp_path,
        {"etc/xdg/lightdm/lightdm.conf.d/10-site.conf": "[Seat:*]\nallow-guest=yes\n"},
    )
    assert LinuxAutoLogin(absent, root=tmp_path).read() == AutoLoginReading(
        False, guest_account=False, source="LightDM"
    )


@pytest.mark.parametrize(
    ("value", "on"), [("true", True), ("True", True), ("1", True), ("yes", False), ("on", False)]
)
def test_gdm_reads_its_booleans_as_gdm_does_in_every_place_it_looks(
    system_bus: SystemBus, tmp_path: Path, value: str, on: bool
) -> None:
    absent = AccountsServiceAutoLogin(system_bus.address)
    for place in ("etc/gdm3/daemon.conf", "etc/gdm3/custom.conf", "etc/gdm/custom.conf"):
        root = tmp_path / place.replace("/", "-")
        _write(root, {place: f"[daemon]\nAutomaticLoginEnable={value}\nAutomaticLogin=pat\n"})
        assert LinuxAutoLogin(absent, root=root).read() == AutoLoginReading(on, source="GDM")
