"""Damaged local files and a first start, as the started tray app meets them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.support import private_root
from tests.test_faults_local_files import plant


def test_the_first_start_makes_the_settings_folder_private(qtbot: object, tmp_path: Path) -> None:
    from desktop.app import Running, start

    services = private_root(tmp_path, {"XDG_CONFIG_HOME": str(tmp_path / "config")})
    started = start(["--no-network"], services=services, instance_name=f"hh-first-{os.getpid()}")
    assert isinstance(started, Running)
    try:
        assert started.controller.slow_runner.wait(30_000)  # the first-start note is written there
        folder = tmp_path / "config" / "hygiene-helper"
        assert (folder / "first-start-done").exists()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in folder.iterdir())
    finally:
        started.controller.quit()
        started.stop()


def test_the_tray_app_starts_with_every_local_file_damaged(qtbot: object, tmp_path: Path) -> None:
    from desktop.app import Running, start

    config = tmp_path / "config" / "hygiene-helper"
    plant(config / "settings.json", "dev-zero")
    plant(config / "lock-tally.json", "fifo")
    plant(config / "drafts" / "report.json", "not-utf8")
    services = private_root(tmp_path, {"XDG_CONFIG_HOME": str(tmp_path / "config")})
    # Started on this (the GUI) thread: every read it does is non-blocking by design,
    # and a hang here would show as the test never finishing.
    started = start(["--no-network"], services=services, instance_name=f"hh-faults-{os.getpid()}")
    assert isinstance(started, Running)
    try:
        assert "Lock reminders are" in started.controller.status_text
    finally:
        started.controller.quit()
        started.stop()


def test_the_app_finds_its_own_instance_name_when_none_is_given(
    qtbot: object, tmp_path: Path
) -> None:
    """As a person starts it: no name is passed, so the app derives its single-instance
    name from the environment the root saw (here a private runtime folder)."""
    from desktop.app import Running, start

    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    services = private_root(
        tmp_path, {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_RUNTIME_DIR": str(runtime)}
    )
    started = start(["--no-network"], services=services)
    assert isinstance(started, Running)
    try:
        assert (runtime / "hygiene-helper.sock").exists()  # listening under the derived name
    finally:
        started.controller.quit()
        started.stop()
