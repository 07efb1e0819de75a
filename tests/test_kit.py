"""The core kit: one place for per-user folders, one safe JSON file helper, bounded calls."""

from __future__ import annotations

import stat
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.core.kit.bounded import BoundedCaller, TimedOut
from desktop.core.kit.jsonfile import (
    json_depth,
    keep_aside,
    load_json,
    parse_json,
    value_depth,
    write_json,
)
from desktop.core.kit.paths import config_dir, drafts_dir, private_dir, runtime_dir


def test_each_os_has_its_usual_folders() -> None:
    assert config_dir("linux", {"XDG_CONFIG_HOME": "/h/.cfg"}) == Path("/h/.cfg/hygiene-helper")
    assert config_dir("linux", {"HOME": "/h"}) == Path("/h/.config/hygiene-helper")
    assert config_dir("win32", {"APPDATA": r"C:\U\a\AppData\Roaming"}).name == "HygieneHelper"
    assert config_dir("darwin", {"HOME": "/Users/a"}) == Path(
        "/Users/a/Library/Application Support/HygieneHelper"
    )
    assert drafts_dir("linux", {"HOME": "/h"}) == Path("/h/.config/hygiene-helper/drafts")
    assert runtime_dir("linux", {"XDG_RUNTIME_DIR": "/run/user/1"}) == Path(
        "/run/user/1/hygiene-helper"
    )
    assert runtime_dir("darwin", {"HOME": "/Users/a"}).parts[-2:] == ("Caches", "HygieneHelper")


def test_private_folders_and_files(tmp_path: Path) -> None:
    folder = private_dir(tmp_path / "a" / "b")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    write_json(folder / "x.json", {"k": "é"})
    assert stat.S_IMODE((folder / "x.json").stat().st_mode) == 0o600
    assert [p.name for p in folder.iterdir()] == ["x.json"]  # no temporary file left


def test_nesting_is_measured_without_parsing() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[not counted]]]]"}]}') == 3
    assert json_depth('"\\"[" ') == 0
    assert value_depth({"a": [1, {"b": []}]}) == 4
    with pytest.raises(ValueError):
        parse_json(b"[" * 33 + b"]" * 33)
    assert parse_json(b"[" * 32 + b"]" * 32) is not None


def test_damaged_files_are_renamed_with_the_time(tmp_path: Path) -> None:
    when = datetime(2026, 3, 9, 10, 30, 5, tzinfo=UTC)
    path = tmp_path / "f.json"
    path.write_text("{")
    loaded = load_json(path, dict, {}, what="Your file", instead="x", now=lambda: when)
    assert loaded.kept_as == tmp_path / "f.json.damaged-20260309T103005Z"
    path.write_text("{")
    assert keep_aside(path, when).name == "f.json.damaged-20260309T103005Z-2"


def test_a_call_that_never_returns_is_given_up_and_the_next_fails_fast() -> None:
    release = threading.Event()
    caller = BoundedCaller(0.2)
    with pytest.raises(TimedOut):
        caller.call(release.wait)
    assert caller.stuck()
    with pytest.raises(TimedOut):
        caller.call(lambda: 1)  # does not start another stuck thread
    release.set()
    for _ in range(50):
        if not caller.stuck():
            break
        threading.Event().wait(0.01)
    assert caller.call(lambda: 7) == 7
    with pytest.raises(KeyError):
        caller.call(lambda: {}["missing"])  # errors come back as they are
