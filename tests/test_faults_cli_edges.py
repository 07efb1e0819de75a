"""The ``hygiene`` command at its edges, run for real in child processes: a reader that
has gone away (``hygiene check | head -0``), Ctrl-C just after a history addition
was made, and an offline breach list in a folder the person cannot enter.

A closed pipe is made deterministic by closing the read end before the child starts:
its first write fails, whatever the timing. The command must end quietly (exit 141,
as a Unix tool killed by SIGPIPE, or its own 0/1) with nothing on standard error.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_keyring import SecretServiceSession

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Kettle-Orbit-Lantern-93\n"


def _env(base: dict[str, str], tmp_path: Path) -> dict[str, str]:
    env = dict(base)
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("HOME", str(tmp_path))
    env.setdefault("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return env


def run_into_closed_pipe(
    args: list[str], env: dict[str, str], stdin: str = PASSWORD
) -> tuple[int, str]:
    """Run ``hygiene ARGS`` with standard output and error into pipes nobody reads."""
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    os.close(out_read)  # the reader has gone before the first word is written
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "desktop", *args],
            stdin=subprocess.PIPE,
            stdout=out_write,
            stderr=err_write,
            cwd=ROOT,
            env=env,
        )
    finally:
        os.close(out_write)
        os.close(err_write)
    assert child.stdin is not None
    child.stdin.write(stdin.encode())
    child.stdin.close()
    code = child.wait(timeout=120)
    with os.fdopen(err_read, "rb") as err:
        return code, err.read().decode(errors="replace")


@pytest.fixture
def keyring_env(empty_history: SecretServiceSession, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield _env(empty_history.env, tmp_path)


COMMANDS = [
    ["check", "--no-network"],
    ["check", "--no-network", "--json"],
    ["policy", "show"],
    ["history", "list"],
    ["history", "list", "--json"],
    ["device"],
    ["--help"],
]


@pytest.mark.keyring
def test_every_command_ends_quietly_when_its_reader_has_gone(
    keyring_env: dict[str, str], empty_history: SecretServiceSession
) -> None:
    # something to list, so 'history list' has lines to write
    added = subprocess.run(
        [sys.executable, "-m", "desktop", "history", "add"],
        input=PASSWORD.encode(),
        capture_output=True,
        cwd=ROOT,
        env=keyring_env,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    for args in COMMANDS:
        code, err = run_into_closed_pipe(args, keyring_env)
        assert "Traceback" not in err and "Exception ignored" not in err, (args, err)
        assert err == "", (args, err)  # not a word: the reader chose to stop reading
        assert code in (141, 0, 1), (args, code)


def test_policy_show_without_a_keyring_ends_quietly_too(tmp_path: Path) -> None:
    env = _env(dict(os.environ), tmp_path)
    code, err = run_into_closed_pipe(["policy", "show"], env)
    assert (code, err) == (141, "")


@pytest.mark.keyring
def test_ctrl_c_just_after_the_addition_is_made_says_recorded(
    empty_history: SecretServiceSession, tmp_path: Path
) -> None:
    env = _env(empty_history.env, tmp_path)
    env["PYTHON_KEYRING_BACKEND"] = "tests.interrupting_keyring.InterruptAfterCommit"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "history", "add"],
        input=PASSWORD.encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    out, err = done.stdout.decode(), done.stderr.decode()
    assert "Traceback" not in err
    assert "Stopped" not in err  # it was recorded: saying "Stopped." would mislead
    assert out.startswith("Recorded. 1 earlier password remembered"), (out, err)
    assert done.returncode == 0
    # and it really is in the keyring
    listing = subprocess.run(
        [sys.executable, "-m", "desktop", "history", "list", "--json"],
        capture_output=True,
        cwd=ROOT,
        env=_env(empty_history.env, tmp_path),
        timeout=120,
    )
    assert listing.stdout.decode().count('"recorded"') == 1, listing.stderr


def test_a_breach_list_in_a_folder_the_person_cannot_enter_is_said_plainly(
    tmp_path: Path,
) -> None:
    from tests.test_faults_local_files import unprivileged

    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "list.txt").write_text("0000000000000000000000000000000000000000:1\n")
    policy = tmp_path / "policy.toml"
    policy.write_text(
        f'breach_check = "offline"\noffline_breach_file = "{closed / "list.txt"}"\n',
        encoding="utf-8",
    )
    env = _env(dict(os.environ), tmp_path)
    os.chmod(closed, 0)
    try:
        runs = {
            args[0]: subprocess.run(
                unprivileged([sys.executable, "-m", "desktop", *args]),
                input=PASSWORD.encode(),
                capture_output=True,
                cwd=ROOT,
                env=env,
                timeout=120,
            )
            for args in (
                ["breach-file", "verify", str(closed / "list.txt")],
                ["check", "--policy", str(policy)],
            )
        }
    finally:
        os.chmod(closed, 0o700)
    verify, check = runs["breach-file"], runs["check"]
    for done in (verify, check):
        assert b"Traceback" not in done.stderr
    assert verify.returncode == 1
    assert b"cannot be opened: no permission" in verify.stdout  # not "nothing is there"
    out = check.stdout.decode()
    assert "NOT CHECKED  breached" in out and "cannot be opened (no permission)" in out
