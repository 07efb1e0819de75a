"""What every Linux device adapter shares: a command run with a time limit that never
raises, a D-Bus caller on the system bus with the same limit, and small readers for
the key-file formats the display managers use.
"""

from __future__ import annotations

import configparser
import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop.core.device.readings import Unread
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import N_
from desktop.core.kit.unchecked import Reason

TIME_LIMIT = 2.0  # seconds any one daemon or command may take
SYSTEM_BUS = "SYSTEM"


def wall_seconds() -> float:
    """Seconds since the epoch, from the app's one clock: for a reader built without the
    composition root's clock (tests, tools); the app passes the root's."""
    return SystemClock().now().timestamp()


@dataclass(frozen=True)
class Ran:
    """A finished command: its exit code and output."""

    returncode: int
    stdout: str
    stderr: str


def run(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    timeout: float = TIME_LIMIT,
) -> Ran | Unread:
    """Run a command for at most ``timeout`` seconds; an ``Unread`` if it cannot run."""
    try:
        done = subprocess.run(
            list(argv),
            env=dict(env) if env is not None else None,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        return Unread(
            N_("{name} is not installed."), "not found", values=(("name", Path(argv[0]).name),)
        )
    except subprocess.TimeoutExpired:
        return Unread(
            N_("{name} did not answer in time."),
            "timeout",
            Reason.TIMEOUT,
            (("name", Path(argv[0]).name),),
        )
    except OSError as exc:
        return Unread(
            N_("{name} could not be run."), str(exc), values=(("name", Path(argv[0]).name),)
        )
    return Ran(done.returncode, done.stdout, done.stderr)


def read_text(path: Path) -> str | None:
    """A config file's text, or None when it is absent or cannot be read."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def unreadable(paths: Iterable[Path]) -> list[Path]:
    """The files that are there but cannot be read (permission denied, a folder...)."""
    bad: list[Path] = []
    for path in paths:
        if not os.path.lexists(path):
            continue
        try:
            with open(path, "rb") as handle:
                handle.read(1)
        except OSError:
            bad.append(path)
    return bad


def keyfile(paths: Iterable[Path]) -> configparser.ConfigParser:
    """INI-style files read in order (later ones win), as GDM, LightDM and SDDM do.

    Unreadable files are passed over; a broken line does not spoil the rest.
    """
    parser = configparser.ConfigParser(
        interpolation=None, strict=False, comment_prefixes=("#", ";"), delimiters=("=",)
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    for path in paths:
        text = read_text(path)
        if text is None:
            continue
        try:
            parser.read_string(text, source=str(path))
        except configparser.Error:
            continue
    return parser


def conf_dir(path: Path) -> list[Path]:
    """The ``*.conf`` files of a drop-in folder, in name order."""
    try:
        return sorted(p for p in path.iterdir() if p.suffix == ".conf")
    except OSError:
        return []


def environ(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return env if env is not None else os.environ
