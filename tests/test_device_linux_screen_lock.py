"""Screen lock on Linux desktops, read from the real settings stores.

GNOME: the real ``gsettings`` with the keyfile backend and with dconf (a compiled
system database whose admin lock beats the user's own value). KDE: real
``kscreenlockerrc`` files in an XDG cascade. Xfce: files written by a real ``xfconfd``
on a private session bus, through ``xfconf-query``.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.core.device.readings import ScreenLockReading, Unread
from desktop.core.kit.untrusted import shown
from desktop.platform.device.linux.screen_lock import (
    XFCE_HOW,
    GnomeScreenLock,
    KdeScreenLock,
    LinuxScreenLock,
    XfceScreenLock,
    _xfconf_properties,
)
from tests.fixtures_device import SystemBus, need, read_as_nobody, started, stop_pid
from tests.loaded import LOADED

pytestmark = pytest.mark.device

XFCONFD = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DCONF", "GSETTINGS", "XDG"))}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "run").mkdir(exist_ok=True, mode=0o700)
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
    )
    env.update(extra)
    return env


def _keyfile(tmp_path: Path, text: str) -> dict[str, str]:
    need("gsettings")
    env = _env(tmp_path, GSETTINGS_BACKEND="keyfile")
    folder = tmp_path / "config/glib-2.0/settings"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "keyfile").write_text(text)
    return env


def test_gsettings_prints_values_in_the_form_the_reader_expects(tmp_path: Path) -> None:
    env = _keyfile(tmp_path, "[org/gnome/desktop/session]\nidle-delay=uint32 420\n")
    got = [
        subprocess.run(["gsettings", *args], env=env, capture_output=True, text=True).stdout
        for args in (
            ("get", "org.gnome.desktop.session", "idle-delay"),
            ("get", "org.gnome.desktop.screensaver", "lock-enabled"),
            ("writable", "org.gnome.desktop.session", "idle-delay"),
        )
    ]
    assert got == ["uint32 420\n", "true\n", "true\n"]


def test_gnome_time_to_lock_is_idle_delay_plus_lock_delay(tmp_path: Path) -> None:
    env = _keyfile(
        tmp_path,
        "[org/gnome/desktop/session]\nidle-delay=uint32 600\n"
        "[org/gnome/desktop/screensaver]\nlock-delay=uint32 30\nlock-enabled=true\n",
    )
    reading = LinuxScreenLock({**env, "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}).read()
    assert isinstance(reading, ScreenLockReading)
    assert (reading.desktop, reading.lock_enabled, reading.seconds_to_lock) == ("GNOME", True, 630)
    assert reading.admin_locked is False


def test_gnome_idle_delay_zero_means_it_never_locks(tmp_path: Path) -> None:
    env = _keyfile(tmp_path, "[org/gnome/desktop/session]\nidle-delay=uint32 0\n")
    reading = GnomeScreenLock(env).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.lock_enabled is False and reading.seconds_to_lock is None


def test_gnome_lock_switched_off_or_forbidden_by_lockdown(tmp_path: Path) -> None:
    off = _keyfile(tmp_path, "[org/gnome/desktop/screensaver]\nlock-enabled=false\n")
    reading = GnomeScreenLock(off).read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is False
    lockdown = _keyfile(tmp_path, "[org/gnome/desktop/lockdown]\ndisable-lock-screen=true\n")
    reading = GnomeScreenLock(lockdown).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.lock_enabled is False and reading.seconds_to_lock is None


def test_gnome_screen_saver_not_starting_on_idle_never_locks(tmp_path: Path) -> None:
    env = _keyfile(
        tmp_path,
        "[org/gnome/desktop/screensaver]\nlock-enabled=true\nidle-activation-enabled=false\n",
    )
    reading = GnomeScreenLock(env).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.lock_enabled is False and reading.seconds_to_lock is None


@pytest.mark.parametrize(
    ("current", "reads"),
    [
        ("ubuntu:GNOME", True),
        ("GNOME-Classic:GNOME", True),
        ("X-Cinnamon:GNOME", False),  # Cinnamon has its own locker
        ("Budgie:GNOME", False),
        ("Unity:Unity7:ubuntu", False),
    ],
)
def test_the_first_desktop_in_the_list_decides(tmp_path: Path, current: str, reads: bool) -> None:
    env = _keyfile(tmp_path, "[org/gnome/desktop/session]\nidle-delay=uint32 60\n")
    reading = LinuxScreenLock({**env, "XDG_CURRENT_DESKTOP": current}).read()
    if reads:
        assert isinstance(reading, ScreenLockReading) and reading.desktop == "GNOME"
    else:
        assert isinstance(reading, Unread) and f"({shown(current)})" in reading.clause


def _compile(db: Path, files: dict[str, str]) -> None:
    source = db.with_name(db.name + ".d")
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([need("dconf"), "compile", str(db), str(source)], check=True, timeout=10)


def test_an_administrator_locked_dconf_value_beats_the_users_own(tmp_path: Path) -> None:
    # The user chose "never"; the administrator fixed five minutes and locked it.
    _compile(
        tmp_path / "config/dconf/user",
        {
            "user": "[org/gnome/desktop/session]\nidle-delay=uint32 0\n"
            "[org/gnome/desktop/screensaver]\nlock-delay=uint32 60\n"
        },
    )
    site = tmp_path / "site/db"
    _compile(
        site,
        {
            "00-school": "[org/gnome/desktop/session]\nidle-delay=uint32 300\n",
            "locks/00-school": "/org/gnome/desktop/session/idle-delay\n",
        },
    )
    profile = tmp_path / "profile"
    profile.write_text(f"user-db:user\nfile-db:{site}\n")
    env = _env(tmp_path, GSETTINGS_BACKEND="dconf", DCONF_PROFILE=str(profile))
    reading = GnomeScreenLock(env).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.seconds_to_lock == 360  # the locked 300 s, plus the user's own 60 s grace
    assert reading.admin_locked is False  # lock-delay is still the user's to change
    (tmp_path / "site/db.d/locks/00-school").write_text(
        "/org/gnome/desktop/session/idle-delay\n/org/gnome/desktop/screensaver/lock-delay\n"
    )
    _compile(site, {})
    reading = GnomeScreenLock(env).read()
    assert isinstance(reading, ScreenLockReading) and reading.admin_locked is True


def test_gnome_without_its_schemas_is_unknown(tmp_path: Path) -> None:
    env = _env(tmp_path, XDG_DATA_DIRS=str(tmp_path / "nothing"), GSETTINGS_BACKEND="keyfile")
    reading = GnomeScreenLock(env).read()
    assert isinstance(reading, Unread) and "could not be read" in reading.clause
    assert "schema" in reading.detail.lower()


def test_gnome_without_gsettings_is_unknown(tmp_path: Path) -> None:
    reading = GnomeScreenLock(_env(tmp_path), gsettings=str(tmp_path / "gsettings")).read()
    assert isinstance(reading, Unread) and "not installed" in reading.clause


def test_gsettings_that_hangs_gives_unknown_in_time(tmp_path: Path) -> None:
    # A keyfile that is a pipe nobody writes to: the real gsettings blocks opening it.
    env = _keyfile(tmp_path, "")
    keyfile = tmp_path / "config/glib-2.0/settings/keyfile"
    keyfile.unlink()
    os.mkfifo(keyfile)
    started_at = time.monotonic()
    reading = GnomeScreenLock(env).read()
    assert isinstance(reading, Unread) and "in time" in reading.clause
    assert time.monotonic() - started_at < 2.0 + LOADED  # the readers' 2 s limit, a busy machine


# --- KDE -------------------------------------------------------------------------------


def _kde(tmp_path: Path, user: str | None, system: str | None) -> KdeScreenLock:
    env = _env(tmp_path, XDG_CONFIG_DIRS=f"{tmp_path / 'xdg'}:{tmp_path / 'other'}")
    if user is not None:
        (tmp_path / "config/kscreenlockerrc").write_text(user)
    if system is not None:
        (tmp_path / "xdg").mkdir(exist_ok=True)
        (tmp_path / "xdg/kscreenlockerrc").write_text(system)
    return KdeScreenLock(env)


def test_kde_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    reading = _kde(tmp_path, None, None).read()
    assert reading == ScreenLockReading(
        "KDE Plasma",
        True,
        5 * 60 + 5,
        False,
        "System Settings > Workspace Behaviour > Screen Locking",
    )


def test_kde_users_value_wins_over_the_system_default(tmp_path: Path) -> None:
    reading = _kde(tmp_path, "[Daemon]\nTimeout=20\nLockGrace=0\n", "[Daemon]\nTimeout=10\n").read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.seconds_to_lock == 20 * 60 and reading.admin_locked is False


def test_kde_immutable_system_value_wins_over_the_users(tmp_path: Path) -> None:
    reading = _kde(
        tmp_path,
        "[Daemon]\nTimeout=60\nAutolock=false\n",
        "[Daemon]\nTimeout[$i]=10\nAutolock[$i]=true\n",
    ).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.lock_enabled is True and reading.seconds_to_lock == 10 * 60 + 5
    assert reading.admin_locked is True


def test_kde_immutable_group_and_file(tmp_path: Path) -> None:
    group = _kde(tmp_path, "[Daemon]\nTimeout=60\n", "[Daemon][$i]\nTimeout=3\nAutolock=true\n")
    reading = group.read()
    assert isinstance(reading, ScreenLockReading) and reading.seconds_to_lock == 3 * 60 + 5
    whole = _kde(tmp_path, "[Daemon]\nAutolock=true\n", "[$i]\n[Daemon]\nAutolock=false\n")
    reading = whole.read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is False


def test_kde_autolock_off_and_broken_values(tmp_path: Path) -> None:
    reading = _kde(tmp_path, "[Daemon]\nAutolock=false\nTimeout[de]=x\n", None).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.lock_enabled is False and reading.seconds_to_lock is None
    # KConfig gives the default for a number it cannot read: five minutes.
    broken = _kde(tmp_path, "[Daemon]\nTimeout=soon\n", None).read()
    assert isinstance(broken, ScreenLockReading) and broken.seconds_to_lock == 5 * 60 + 5


@pytest.mark.parametrize("spelling", ["false", "False", "no", "NO", "off", "Off", "0"])
def test_kde_autolock_off_in_every_spelling_kconfig_accepts(tmp_path: Path, spelling: str) -> None:
    reading = _kde(tmp_path, f"[Daemon]\nAutolock={spelling}\n", None).read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is False


@pytest.mark.parametrize("spelling", ["true", "TRUE", "yes", "on", "1"])
def test_kde_autolock_on_in_every_spelling(tmp_path: Path, spelling: str) -> None:
    reading = _kde(tmp_path, f"[Daemon]\nAutolock={spelling}\nTimeout=7\n", None).read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is True


def test_kde_timeout_zero_means_it_never_locks(tmp_path: Path) -> None:
    reading = _kde(tmp_path, "[Daemon]\nAutolock=true\nTimeout=0\n", None).read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is False


# --- Xfce ------------------------------------------------------------------------------


@dataclass
class Xfconf:
    env: dict[str, str]
    daemon: subprocess.Popen[bytes]

    def set(self, prop: str, kind: str, value: str) -> None:
        subprocess.run(
            ["xfconf-query", "-c", "xfce4-screensaver", "-p", prop, "-n", "-t", kind, "-s", value],
            env=self.env,
            check=True,
            timeout=10,
        )

    def save(self) -> None:
        """xfconfd writes its files when it stops: stop it by its pid."""
        stop_pid(self.daemon)


@pytest.fixture
def xfconf(tmp_path: Path) -> Iterator[Xfconf]:
    """A real xfconfd on a private session bus, keeping its files under tmp_path."""
    need(XFCONFD)
    need("xfconf-query")
    env = _env(tmp_path, XDG_CONFIG_DIRS=str(tmp_path / "xdg"))
    bus = subprocess.Popen(
        [need("dbus-daemon"), "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        session = SystemBus(env["DBUS_SESSION_BUS_ADDRESS"], tmp_path)  # any bus will do
        with started(
            [XFCONFD],
            tmp_path / "xfconfd.log",
            env=env,
            ready=lambda: session.has_owner("org.xfce.Xfconf"),
            what="xfconfd appearing on the session bus",
        ) as daemon:
            yield Xfconf(env, daemon)
    finally:
        bus.terminate()
        bus.wait(timeout=5)
        if bus.stdout is not None:
            bus.stdout.close()


def test_xfce_settings_written_by_xfconfd(tmp_path: Path, xfconf: Xfconf) -> None:
    xfconf.set("/saver/idle-activation/delay", "int", "12")
    xfconf.set("/lock/saver-activation/delay", "int", "1")
    xfconf.save()
    written = tmp_path / "config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"
    assert written.exists()
    reading = XfceScreenLock(xfconf.env, installed=True).read()
    assert reading == ScreenLockReading("Xfce", True, 13 * 60, False, XFCE_HOW)


def test_xfce_lock_off_and_an_administrator_lock(tmp_path: Path, xfconf: Xfconf) -> None:
    xfconf.set("/lock/enabled", "bool", "false")
    xfconf.set("/saver/idle-activation/delay", "int", "45")
    xfconf.save()
    reading = XfceScreenLock(xfconf.env, installed=True).read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is False
    system = tmp_path / "xdg/xfce4/xfconf/xfce-perchannel-xml"
    system.mkdir(parents=True)
    (system / "xfce4-screensaver.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<channel name="xfce4-screensaver" version="1.0">\n'
        '  <property name="saver" type="empty">\n'
        '    <property name="enabled" type="bool" value="true" locked="*"/>\n'
        '    <property name="idle-activation" type="empty">\n'
        '      <property name="enabled" type="bool" value="true" locked="*"/>\n'
        '      <property name="delay" type="int" value="10" locked="*"/>\n'
        "    </property>\n  </property>\n"
        '  <property name="lock" type="empty">\n'
        '    <property name="enabled" type="bool" value="true" locked="*"/>\n'
        "  </property>\n</channel>\n"
    )
    reading = XfceScreenLock(xfconf.env, installed=True).read()
    assert reading == ScreenLockReading("Xfce", True, 10 * 60, True, XFCE_HOW)


def test_xfce_saver_not_starting_on_idle_never_locks(tmp_path: Path, xfconf: Xfconf) -> None:
    xfconf.set("/saver/idle-activation/enabled", "bool", "false")
    xfconf.save()
    reading = XfceScreenLock(xfconf.env, installed=True).read()
    assert isinstance(reading, ScreenLockReading)
    assert reading.lock_enabled is False and reading.seconds_to_lock is None


XFCE_VALUES = [
    ("bool", "true"),
    ("bool", "false"),
    ("bool", "False"),
    ("bool", "TRUE"),
    ("bool", "yes"),
    ("bool", "1"),
    ("bool", " true"),
    ("int", "010"),
    ("int", "0x10"),
    ("int", " 12"),
    ("int", "7x"),
]


def test_xfce_values_are_read_as_xfconfd_reads_them(tmp_path: Path, xfconf: Xfconf) -> None:
    """Hand-edited files: what the real xfconfd serves (a boolean only as exactly "true"
    or "false", numbers as C reads them, and a value it cannot parse kept as zero with
    the rest of its file passed over) is what the reader must see."""
    stop_pid(xfconf.daemon)
    folder = tmp_path / "config/xfce4/xfconf/xfce-perchannel-xml"
    folder.mkdir(parents=True, exist_ok=True)
    for number, (kind, value) in enumerate(XFCE_VALUES):
        (folder / f"c{number}.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<channel name="c{number}" version="1.0">\n'
            f'  <property name="x" type="{kind}" value="{value}"/>\n'
            '  <property name="after" type="int" value="5"/>\n</channel>\n'
        )
    bus = SystemBus(xfconf.env["DBUS_SESSION_BUS_ADDRESS"], tmp_path)
    served: list[tuple[str, str]] = []
    with started(
        [XFCONFD],
        tmp_path / "xfconfd2.log",
        env=xfconf.env,
        ready=lambda: bus.has_owner("org.xfce.Xfconf"),
    ):
        for number in range(len(XFCE_VALUES)):
            got = [
                subprocess.run(
                    ["xfconf-query", "-c", f"c{number}", "-p", prop],
                    env=xfconf.env,
                    capture_output=True,
                    text=True,
                    timeout=10,
                    check=False,
                )
                for prop in ("/x", "/after")
            ]
            served.append(tuple(g.stdout.strip() if g.returncode == 0 else "" for g in got))  # type: ignore[arg-type]
    ours = [
        tuple(
            _xfconf_properties(folder / f"c{number}.xml").get(p, ("", False))[0]
            for p in ("/x", "/after")
        )
        for number in range(len(XFCE_VALUES))
    ]
    assert ours == served
    assert served[2] == ("false", "")  # "False": not a boolean, kept as false, rest lost


def test_xfce_a_lock_spelled_in_capitals_is_off(tmp_path: Path) -> None:
    folder = tmp_path / "config/xfce4/xfconf/xfce-perchannel-xml"
    folder.mkdir(parents=True)
    (folder / "xfce4-screensaver.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<channel name="xfce4-screensaver" version="1.0">\n'
        '  <property name="lock" type="empty">\n'
        '    <property name="enabled" type="bool" value="TRUE"/>\n'
        "  </property>\n</channel>\n"
    )
    reading = XfceScreenLock(_env(tmp_path), installed=True).read()
    assert isinstance(reading, ScreenLockReading) and reading.lock_enabled is False


def test_xfce_without_its_screen_saver_is_unknown(tmp_path: Path) -> None:
    reading = LinuxScreenLock(_env(tmp_path, XDG_CURRENT_DESKTOP="XFCE")).read()
    if isinstance(reading, ScreenLockReading):  # xfce4-screensaver happens to be installed
        reading = XfceScreenLock(_env(tmp_path), installed=False).read()
    assert isinstance(reading, Unread) and "cannot read the locker" in reading.clause


def test_a_desktop_it_cannot_read_is_unknown(tmp_path: Path) -> None:
    reading = LinuxScreenLock(_env(tmp_path, XDG_CURRENT_DESKTOP="sway")).read()
    assert isinstance(reading, Unread) and f"({shown('sway')})" in reading.clause
    none = LinuxScreenLock(_env(tmp_path)).read()
    assert isinstance(none, Unread) and "No desktop session" in none.clause


def test_settings_files_the_user_may_not_read_are_unknown(open_tmp: Path) -> None:
    env = _env(open_tmp, XDG_CONFIG_DIRS=str(open_tmp / "xdg"))
    for folder in ("config", "run"):
        (open_tmp / folder).chmod(0o755)
    kde = open_tmp / "config/kscreenlockerrc"
    kde.write_text("[Daemon]\nAutolock=false\n")
    kde.chmod(0o600)  # root's only
    got = read_as_nobody(
        "from desktop.platform.device.linux.screen_lock import KdeScreenLock as K; "
        f"print(repr(K({env!r}).read()))"
    )
    assert got.startswith("NotChecked(") and "could not be read" in got
    xfce = open_tmp / "config/xfce4/xfconf/xfce-perchannel-xml/xfce4-screensaver.xml"
    xfce.parent.mkdir(parents=True)
    xfce.write_text('<channel name="xfce4-screensaver" version="1.0"/>')
    xfce.chmod(0o600)
    for folder in (xfce.parent, xfce.parent.parent, xfce.parent.parent.parent):
        folder.chmod(0o755)
    got = read_as_nobody(
        "from desktop.platform.device.linux.screen_lock import XfceScreenLock as X; "
        f"print(repr(X({env!r}, installed=True).read()))"
    )
    assert got.startswith("NotChecked(") and "could not be read" in got
