"""Accounts on Linux: a real accounts-daemon on a private system bus, seeing test
accounts in an /etc laid over the machine's in its own mount namespace; /etc/shadow read
as root and refused as ``nobody``."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import AdminReading, EmptyPasswordReading
from desktop.platform.device.linux.accounts import LinuxAdminAccount, LinuxEmptyPasswords
from tests.fixtures_device import SystemBus, accounts_daemon, read_as_nobody

pytestmark = pytest.mark.device

HASH = "$y$j9T$hh0teststand1n$0Zb3jvVFYm8J3cJp0pVqGQ8xqC4sNbEnsLDwIDVyH.3"


def _etc(tmp_path: Path) -> Path:
    """/etc with two people: hhadmin (in sudo) and hhplain (no password at all)."""
    etc = tmp_path / "etc"
    etc.mkdir()
    passwd = Path("/etc/passwd").read_text()
    passwd += "hhadmin:x:1501:1501::/home/hhadmin:/bin/bash\n"
    passwd += "hhplain:x:1502:1502::/home/hhplain:/bin/bash\n"
    (etc / "passwd").write_text(passwd)
    group = []
    for line in Path("/etc/group").read_text().splitlines():
        if line.startswith("sudo:"):
            line = line + ("," if not line.endswith(":") else "") + "hhadmin"
        group.append(line)
    group += ["hhadmin:x:1501:", "hhplain:x:1502:"]
    (etc / "group").write_text("\n".join(group) + "\n")
    shadow = Path("/etc/shadow").read_text()
    shadow += f"hhadmin:{HASH}:20000:0:99999:7:::\nhhplain::20000:0:99999:7:::\n"
    (etc / "shadow").write_text(shadow)
    (etc / "shadow").chmod(0o640)
    return etc


def test_the_accounts_service_names_an_administrator(system_bus: SystemBus, tmp_path: Path) -> None:
    with accounts_daemon(system_bus, _etc(tmp_path)):
        admin = LinuxAdminAccount(system_bus.address, user="hhadmin", groups=lambda _n: ()).read()
        plain = LinuxAdminAccount(system_bus.address, user="hhplain", groups=lambda _n: ()).read()
    assert admin == AdminReading(True, "administrator in the Users settings")
    assert plain == AdminReading(False, "no administrator group")


def test_without_the_service_group_membership_decides(system_bus: SystemBus) -> None:
    # No accounts-daemon on this bus: the groups are read.
    reader = LinuxAdminAccount(system_bus.address, user="ann", groups=lambda _n: ("ann", "wheel"))
    assert reader.read() == AdminReading(True, "in the admin group")
    plain = LinuxAdminAccount(system_bus.address, user="ann", groups=lambda _n: ("ann", "audio"))
    assert plain.read() == AdminReading(False, "no administrator group")


def test_the_real_group_database_is_read_for_a_real_account(system_bus: SystemBus) -> None:
    # root's groups on this machine hold no admin group, but uid 0 is the administrator.
    reading = LinuxAdminAccount(system_bus.address).read()
    assert isinstance(reading, AdminReading) and reading.admin is True


def test_shadow_read_as_root_counts_empty_passwords(tmp_path: Path) -> None:
    etc = _etc(tmp_path)
    reading = LinuxEmptyPasswords(etc / "shadow", bus="unix:path=/nonexistent").read()
    assert isinstance(reading, EmptyPasswordReading)
    assert (
        reading.count >= 1 and "hhplain" in reading.accounts and "hhadmin" not in reading.accounts
    )


def test_shadow_refused_without_the_service_is_not_checked(open_tmp: Path) -> None:
    shadow = open_tmp / "shadow"
    shadow.write_text("ann::20000:0:99999:7:::\n")
    shadow.chmod(0o600)  # root's only, as /etc/shadow is
    got = read_as_nobody(
        "from pathlib import Path; "
        "from desktop.platform.device.linux.accounts import LinuxEmptyPasswords; "
        f"print(repr(LinuxEmptyPasswords(Path({str(shadow)!r}), "
        "bus='unix:path=/nonexistent').read()))"
    )
    assert got.startswith("NotChecked(") and "only an administrator" in got


def _refused(path: Path) -> str:
    # The tests run as root, whom file modes do not stop; the refusal itself is real in
    # the test above (as nobody). Here it stands in so the service can be asked.
    raise PermissionError(str(path))


def test_shadow_refused_but_the_service_knows_an_empty_password(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    with accounts_daemon(system_bus, _etc(tmp_path)):
        reading = LinuxEmptyPasswords(bus=system_bus.address, read_shadow=_refused).read()
    assert isinstance(reading, EmptyPasswordReading) and "hhplain" in reading.accounts


def test_shadow_refused_and_the_service_knows_none_is_not_checked(
    system_bus: SystemBus, tmp_path: Path
) -> None:
    etc = _etc(tmp_path)
    (etc / "shadow").write_text((etc / "shadow").read_text().replace("hhplain::", "hhplain:!:"))
    with accounts_daemon(system_bus, etc):
        reading = LinuxEmptyPasswords(bus=system_bus.address, read_shadow=_refused).read()
    assert isinstance(reading, Unread) and "only an administrator" in reading.clause
