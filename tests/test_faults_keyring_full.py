"""A full disk under the keyring, for real: gnome-keyring keeps its files on a tiny
tmpfs that is then filled up.

Adding to the history (the real ``hygiene history add``) and saving personal words
must say the disk is full, not that the keyring "did not answer" (it answered: it
could not write), must not claim anything was recorded, and must work again once there
is room. Mounting needs root; the test is skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.words import PersonalWordsStore
from tests.fixtures_keyring import SecretServiceSession, private_secret_service

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Kettle-Orbit-Lantern-93\n"

pytestmark = pytest.mark.keyring


class FullDisk:
    """The keyring's data folder moved onto a small tmpfs; ``fill()`` leaves no room."""

    def __init__(self, session: SecretServiceSession) -> None:
        self.data = session.root / "data"
        self.kept = session.root / "data.kept"
        self.filler = self.data / "filler"

    def __enter__(self) -> FullDisk:
        shutil.copytree(self.data, self.kept)
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "hh-keyring-full", self.data],
            check=True,
        )
        shutil.copytree(self.kept, self.data, dirs_exist_ok=True)
        return self

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass  # no space left: as wanted
        finally:
            os.close(fd)

    def make_room(self) -> None:
        self.filler.unlink()

    def __exit__(self, *exc: object) -> None:
        subprocess.run(["umount", "-l", self.data], check=False)


@pytest.fixture
def full_disk() -> Iterator[tuple[SecretServiceSession, FullDisk]]:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    with private_secret_service() as session:
        # as on a computer in use, the login keyring exists before the disk fills up
        session.backend.set_password("another-app", "someone", "its own secret")
        with FullDisk(session) as disk:
            yield session, disk


def hygiene(session: SecretServiceSession, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = dict(session.env, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=PASSWORD.encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_a_full_disk_under_the_keyring_is_named_and_nothing_claimed(
    full_disk: tuple[SecretServiceSession, FullDisk], tmp_path: Path
) -> None:
    session, disk = full_disk
    disk.fill()
    code, out, err = hygiene(session, tmp_path, "history", "add")
    assert code == 1 and "Traceback" not in err
    assert "Recorded" not in out
    assert "disk it keeps its files on is full" in err and "nothing was recorded" in err
    assert "did not answer" not in err

    problem = PersonalWordsStore(session.backend).save(["Biscuit"])
    assert "disk it keeps its files on is full" in problem and "did not answer" not in problem

    disk.make_room()  # once there is room, it works as before
    code, out, err = hygiene(session, tmp_path, "history", "add")
    assert code == 0, err
    assert out.startswith("Recorded. 1 earlier password remembered")
