"""Starting a private X server (Xvfb) for tests, benchmarks and screenshots.

Xvfb picks a free display number itself and writes it to a pipe once it accepts
clients (``-displayfd``), so nothing races for ``:99`` and nothing waits by guesswork.
It listens on no TCP port.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any


class XvfbError(RuntimeError):
    """Xvfb could not be started."""


def start_xvfb(
    screen: str = "1280x900x24", program: str = "Xvfb"
) -> tuple[subprocess.Popen[bytes], str]:
    """Start Xvfb; return the process and its DISPLAY value (":N"). The caller stops it."""
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(
            [program, "-displayfd", str(write_end), "-nolisten", "tcp", "-screen", "0", screen],
            pass_fds=(write_end,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        raise XvfbError(f"Xvfb could not be started ({exc.strerror})") from None
    os.close(write_end)
    with os.fdopen(read_end) as fh:
        number = fh.readline().strip()
    if not number:
        proc.kill()
        proc.wait(timeout=10)
        raise XvfbError("Xvfb did not start")
    return proc, f":{number}"


def stop(proc: subprocess.Popen[Any]) -> None:
    """Stop a process the tests started (Xvfb, a bus, a daemon, a screen reader, an app),
    by its process id: SIGTERM, then SIGKILL after 10 s; then close its pipes."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
