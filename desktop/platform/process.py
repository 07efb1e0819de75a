"""Process hygiene for the app and the command line, done first thing at start.

A password typed into the window or piped into ``hygiene check`` sits in memory for a
moment; a core dump would write that memory to disk. ``no_core_dumps`` sets the core
file limit to zero (both soft and hard, so nothing later can raise it) and, on Linux,
marks the process not dumpable (``PR_SET_DUMPABLE`` through ``prctl``), which also
keeps other programs of the same user from reading its memory through ``ptrace``.
Where a step is not available (Windows, a sandbox refusing ``prctl``) it is skipped:
this is a safety net, never a reason not to start.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def _prctl(option: int, value: int = 0) -> int | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return None
    prctl.restype = ctypes.c_int
    result: int = prctl(option, value, 0, 0, 0)
    return result


def no_core_dumps() -> None:
    """Turn core dumps off for this process (see the module notes)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        _prctl(PR_SET_DUMPABLE, 0)


def dumpable() -> bool | None:
    """Whether this process could be dumped (Linux; None elsewhere), for checks."""
    if not sys.platform.startswith("linux"):
        return None
    result = _prctl(PR_GET_DUMPABLE)
    return None if result is None or result < 0 else bool(result)


EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for a tool whose reader went away


def output_closed() -> int:
    """After ``BrokenPipeError``: end quietly, as a Unix tool does when its reader has
    gone (``hygiene check | head -0``).

    Python ignores SIGPIPE, so writing to a closed pipe raises instead of ending the
    process. The standard streams are pointed at the null device so that the flush at
    exit cannot fail again and print "Exception ignored"; the caller returns the code.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return EXIT_PIPE
    try:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):  # not a real file
                os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)
    return EXIT_PIPE
