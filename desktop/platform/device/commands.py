"""Running a system command for a device fact, with a time limit and no console window.

Used only where the OS offers no library call (``powercfg``, ``fdesetup``,
``socketfilterfw``...). Every answer is either the command's output or an ``Unread``
saying in plain words why not; the adapters parse the output and their tests pin its
format with recorded real outputs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop.core.device.readings import Unread
from desktop.core.kit.i18n import N_
from desktop.core.kit.unchecked import Reason

COMMAND_TIMEOUT = 1.8  # inside the runner's 2 s, so a slow command is ended, not leaked


@dataclass(frozen=True)
class Output:
    code: int
    stdout: str
    stderr: str = ""


Run = Callable[[Sequence[str]], Output | Unread]


def run_command(argv: Sequence[str], timeout: float = COMMAND_TIMEOUT) -> Output | Unread:
    """Run ``argv`` and return what it printed, or why it could not be run."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform.startswith("win") else 0
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # outputs are parsed in English
    try:
        done = subprocess.run(
            list(argv),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            creationflags=flags,
            check=False,
        )
    except FileNotFoundError:
        return Unread(
            N_("{basename} is not on this computer"),
            "ENOENT",
            values=(("basename", os.path.basename(argv[0])),),
        )
    except PermissionError:
        return Unread(
            N_("{basename} may not be run here"),
            "EACCES",
            values=(("basename", os.path.basename(argv[0])),),
        )
    except subprocess.TimeoutExpired:
        name = os.path.basename(argv[0])
        return Unread(
            N_("{name} did not answer in time"), "timeout", Reason.TIMEOUT, (("name", name),)
        )
    except OSError as exc:
        return Unread(
            N_("{basename} could not be run"),
            exc.strerror or str(exc),
            values=(("basename", os.path.basename(argv[0])),),
        )
    return Output(done.returncode, done.stdout, done.stderr)
