"""GNOME auto-run, read with the real ``gsettings`` over dconf databases compiled by the
real ``dconf``: the schema's default, the person's own choice, an organisation's value
with and without a lock, and a session with no GNOME settings at all."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from desktop.core.device.readings import Unread
from desktop.core.device.readings_ce import AutorunReading
from desktop.platform.device.linux.autorun import GnomeAutorun
from tests.fixtures_device import need

pytestmark = pytest.mark.device

SECTION = "[org/gnome/desktop/media-handling]\n"
LOCK = "/org/gnome/desktop/media-handling/autorun-never\n"


def _compile(db: Path, files: dict[str, str]) -> None:
    source = db.with_name(db.name + ".d")
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    source.mkdir(parents=True, exist_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([need("dconf"), "compile", str(db), str(source)], check=True, timeout=10)


def _env(
    tmp_path: Path, user: str | None = None, site: dict[str, str] | None = None
) -> dict[str, str]:
    need("gsettings")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DCONF", "GSETTINGS", "XDG"))}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    (tmp_path / "run").mkdir(exist_ok=True, mode=0o700)
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
        GSETTINGS_BACKEND="dconf",
        XDG_CURRENT_DESKTOP="ubuntu:GNOME",
    )
    if user is not None:
        _compile(tmp_path / "config/dconf/user", {"user": SECTION + user})
    profile = tmp_path / "profile"
    lines = "user-db:user\n"
    if site is not None:
        _compile(tmp_path / "site/db", site)
        lines += f"file-db:{tmp_path / 'site/db'}\n"
    profile.write_text(lines)
    env["DCONF_PROFILE"] = str(profile)
    return env


def test_gnomes_default_lets_drives_start_programs(tmp_path: Path) -> None:
    reading = GnomeAutorun(_env(tmp_path)).read()
    assert reading == AutorunReading(False, admin_locked=False, source="GNOME settings")


def test_the_persons_own_never_is_read(tmp_path: Path) -> None:
    reading = GnomeAutorun(_env(tmp_path, user="autorun-never=true\n")).read()
    assert reading == AutorunReading(True, admin_locked=False, source="GNOME settings")


def test_an_unlocked_organisation_value_gives_way_to_the_persons(tmp_path: Path) -> None:
    # Decoy: the system database says "never", but without a lock the person's value wins.
    env = _env(
        tmp_path, user="autorun-never=false\n", site={"00-org": SECTION + "autorun-never=true\n"}
    )
    reading = GnomeAutorun(env).read()
    assert isinstance(reading, AutorunReading) and reading.autorun_off is False


def test_a_locked_organisation_value_wins_and_is_marked_as_theirs(tmp_path: Path) -> None:
    site = {"00-org": SECTION + "autorun-never=true\n", "locks/00-org": LOCK}
    env = _env(tmp_path, user="autorun-never=false\n", site=site)
    assert GnomeAutorun(env).read() == AutorunReading(
        True, admin_locked=True, source="GNOME settings"
    )


def test_without_gnomes_settings_it_is_not_checked(tmp_path: Path) -> None:
    env = _env(tmp_path)
    env["XDG_DATA_DIRS"] = str(tmp_path / "share")  # a session with no GNOME schemas
    reading = GnomeAutorun(env).read()
    assert isinstance(reading, Unread) and "only on the GNOME desktop" in reading.clause


def test_another_desktop_is_not_checked_even_with_gnomes_settings_present(
    tmp_path: Path,
) -> None:
    env = {**_env(tmp_path, user="autorun-never=true\n"), "XDG_CURRENT_DESKTOP": "KDE"}
    reading = GnomeAutorun(env).read()
    assert isinstance(reading, Unread) and "only on the GNOME desktop" in reading.clause


def test_without_gsettings_it_is_not_checked(tmp_path: Path) -> None:
    reading = GnomeAutorun(_env(tmp_path), gsettings=str(tmp_path / "gsettings")).read()
    assert isinstance(reading, Unread)
