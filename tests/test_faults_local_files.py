"""Fault injection: the app's own local files, damaged or swapped for something odd.

Every file the app reads (settings, the lock count, the report draft, the managed
policy) is given each fault for real: a named pipe (a plain open() blocks for good),
a link to /dev/zero (never ends), a link to nothing, a folder, a file far too large,
bytes that are not UTF-8, JSON or TOML nested 100,000 deep, the wrong shape. For each:
an answer within ``LIMIT`` seconds (the calls run through a bounded caller, so a hang
fails the test instead of stopping it), the safe defaults, one plain message naming the
file, no traceback, and nothing lost (a damaged file is kept aside byte for byte).

Permission faults: root reads through any permission, so those parts run in a child
process with the two capabilities that let root do so dropped
(``setpriv --bounding-set=-dac_override,-dac_read_search``); as an ordinary user they
run as that user. The folder and file modes are then enforced by the kernel for real.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.kit.bounded import BoundedCaller, TimedOut
from desktop.core.kit.jsonfile import MAX_BYTES
from desktop.core.policy.resolve import resolve
from desktop.core.policy.schema import Policy
from desktop.core.reminders.tally import JsonTallyStore
from desktop.core.report.drafts import DraftStore
from desktop.core.settings import UserSettings

LIMIT = 5.0  # seconds; each of these answers in milliseconds when it works
ROOT = Path(__file__).resolve().parents[1]

DAMAGE: dict[str, bytes] = {
    "not-utf8": b'{"nudge_after": "\xff\xfe\xfa"}',
    "deep-array": b"[" * 100_000 + b"]" * 100_000,
    "deep-object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "not-json": b"{ half a file",
    "wrong-shape": b"[1, 2, 3]",
}
ODD = ("fifo", "dev-zero", "dangling", "folder", "huge")


def plant(path: Path, fault: str, size: int = MAX_BYTES) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fault == "fifo":
        os.mkfifo(path)
    elif fault == "dev-zero":
        path.symlink_to("/dev/zero")
    elif fault == "dangling":
        path.symlink_to(path.parent / "moved-away.json")
    elif fault == "folder":
        path.mkdir()
    elif fault == "huge":
        path.write_bytes(b" " * (size + 1))
    else:
        path.write_bytes(DAMAGE[fault])


def within(fn: Callable[[], object]) -> object:
    try:
        return BoundedCaller(LIMIT).call(fn)
    except TimedOut:
        pytest.fail(f"no answer within {LIMIT} seconds: the read hung")


def load_settings(folder: Path) -> tuple[Path, object, str]:
    store = UserSettings(folder / "settings.json")
    value = within(store.load)
    return store.path, value, store.problem


def load_tally(folder: Path) -> tuple[Path, object, str]:
    store = JsonTallyStore(folder / "lock-tally.json")
    value = within(store.load)
    return store.path, value, store.problem


def load_draft(folder: Path) -> tuple[Path, object, str]:
    store = DraftStore(folder)
    value = within(store.load)
    return store.path, value, store.problem


LOADERS = {
    "settings": (load_settings, {}),
    "tally": (load_tally, {}),
    "draft": (load_draft, None),
}


def assert_plain(message: str, path: Path) -> None:
    assert message, "a fault must be said, not silent"
    assert "Traceback" not in message and "Error" not in message
    assert path.name in message


@pytest.mark.parametrize("fault", ODD)
@pytest.mark.parametrize("area", sorted(LOADERS))
def test_an_odd_file_is_refused_quickly_and_left_where_it_is(
    tmp_path: Path, area: str, fault: str
) -> None:
    load, default = LOADERS[area]
    names = {"settings": "settings.json", "tally": "lock-tally.json", "draft": "report.json"}
    path = tmp_path / names[area]
    plant(path, fault)
    _, value, problem = load(tmp_path)
    assert value == default
    assert_plain(problem, path)
    expected = {
        "fifo": "is a named pipe, not an ordinary file",
        "dev-zero": "is a device, not an ordinary file",
        "dangling": "which does not exist",
        "folder": "is a folder, not an ordinary file",
        "huge": "far larger than this file ever is",
    }[fault]
    assert expected in problem
    assert os.path.lexists(path)  # not ours to move: it stays for whoever put it there


@pytest.mark.parametrize("fault", sorted(DAMAGE))
@pytest.mark.parametrize("area", sorted(LOADERS))
def test_a_damaged_file_is_kept_aside_and_the_defaults_used(
    tmp_path: Path, area: str, fault: str
) -> None:
    load, default = LOADERS[area]
    names = {"settings": "settings.json", "tally": "lock-tally.json", "draft": "report.json"}
    path = tmp_path / names[area]
    plant(path, fault)
    _, value, problem = load(tmp_path)
    assert value == default
    assert_plain(problem, path)
    assert "damaged" in problem
    [kept] = tmp_path.glob(f"{path.name}.damaged-*")
    assert kept.read_bytes() == DAMAGE[fault]  # nothing lost
    assert kept.name in problem
    assert not path.exists()
    # the next save makes a good file again, private to the person
    if area == "settings":
        UserSettings(path).save({"nudge_after": 90})
        assert UserSettings(path).load() == {"nudge_after": 90}
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("fault", [*ODD, "not-utf8", "deep-array", "not-json"])
def test_a_faulty_managed_policy_is_reported_and_defaults_apply(tmp_path: Path, fault: str) -> None:
    path = tmp_path / "policy.toml"
    if fault == "deep-array":
        path.write_bytes(b"x = " + b"[" * 100_000 + b"]" * 100_000)
    elif fault == "not-json":
        path.write_bytes(b"min_length = = 3")
    else:
        plant(path, fault, size=256 * 1024)
    effective = within(lambda: resolve(path, {"nudge_after": 300}))
    assert effective.policy == Policy()  # nothing half-applied
    [problem] = effective.problems
    assert_plain(problem, path)
    assert "built-in defaults are in use" in problem
    if fault == "dangling":
        assert "is a link to" in problem and "which does not exist" in problem


def test_a_settings_folder_created_by_an_older_version_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "hygiene-helper"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)  # noqa: S103  # the open folder an older version made
    UserSettings(folder / "settings.json").save({"nudge_after": 90})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


# -- permissions, enforced by the kernel ------------------------------------------------

_CHILD = r"""
import json, sys
from pathlib import Path
from desktop.core.policy.resolve import resolve
from desktop.core.reminders.tally import JsonTallyStore
from desktop.core.report.drafts import DraftStore
from desktop.core.settings import UserSettings

base = Path(sys.argv[1])
out = {}
for case in ("closed-folder", "unreadable-file"):
    folder = base / case
    settings = UserSettings(folder / "settings.json"); value = settings.load()
    tally = JsonTallyStore(folder / "lock-tally.json"); weeks = tally.load()
    drafts = DraftStore(folder); draft = drafts.load()
    policy = resolve(folder / "policy.toml")
    out[case] = {
        "settings": [value, settings.problem],
        "tally": [len(weeks), tally.problem],
        "draft": [draft is None, drafts.problem],
        "policy": [policy.policy == type(policy.policy)(), list(policy.problems)],
    }
print(json.dumps(out))
"""


def unprivileged(argv: list[str]) -> list[str]:
    """``argv`` run so that file permissions apply (see the module notes)."""
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("setpriv (util-linux) is needed to test permissions as root")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", *argv]


def _closed_folders(tmp_path: Path) -> None:
    for case in ("closed-folder", "unreadable-file"):
        folder = tmp_path / case
        folder.mkdir()
        for name, text in (
            ("settings.json", '{"nudge_after": 90}'),
            ("lock-tally.json", '{"version": 1, "weeks": {}}'),
            ("report.json", "{}"),
            ("policy.toml", "min_length = 12\n"),
        ):
            (folder / name).write_text(text)
            if case == "unreadable-file":
                os.chmod(folder / name, 0)
    os.chmod(tmp_path / "closed-folder", 0)


def test_a_folder_or_file_the_person_may_not_read_is_said_plainly(tmp_path: Path) -> None:
    _closed_folders(tmp_path)
    try:
        done = subprocess.run(
            unprivileged([sys.executable, "-c", _CHILD, str(tmp_path)]),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        os.chmod(tmp_path / "closed-folder", 0o700)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = json.loads(done.stdout)
    for case, words in (
        ("closed-folder", "you do not have permission to open its folder"),
        ("unreadable-file", "you do not have permission to read it"),
    ):
        got = out[case]
        assert got["settings"][0] == {} and words in got["settings"][1]
        assert got["tally"][0] == 0 and words in got["tally"][1]
        assert got["draft"][0] is True and words in got["draft"][1]
        assert got["policy"][0] is True and words in got["policy"][1][0]
    # nothing was moved or changed: the files are all still there, as they were
    assert (tmp_path / "closed-folder" / "settings.json").read_text() == '{"nudge_after": 90}'


def test_check_runs_with_a_closed_policy_folder_and_settings_folder(tmp_path: Path) -> None:
    _closed_folders(tmp_path)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "closed-folder"), HOME=str(tmp_path))
    try:
        done = subprocess.run(
            unprivileged(
                [
                    sys.executable,
                    "-m",
                    "desktop",
                    "check",
                    "--no-network",
                    "--policy",
                    str(tmp_path / "closed-folder" / "policy.toml"),
                ]
            ),
            cwd=ROOT,
            input="Kettle-Orbit-Lantern-93\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    finally:
        os.chmod(tmp_path / "closed-folder", 0o700)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr  # a verdict, not a crash (2 is usage)
    assert "you do not have permission to open its folder" in done.stderr
    assert "defaults are in use" in done.stderr
