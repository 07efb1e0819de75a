"""A slot that fails is logged, never lost: the one guard for timers and worker results.

An exception that escapes a Qt slot is printed by the binding and then forgotten; the
slot's own clean-up (restarting a single-shot timer, clearing a busy state) never runs.
``guarded`` wraps a callback so an ``Exception`` is logged for IT and the event loop
carries on; callers that must keep something going do so in a ``finally``.

The log gets the exception's type and where it happened, never its message: a message
can quote a value (a password, a personal word) that must not be written down.
"""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable
from typing import ParamSpec

log = logging.getLogger(__name__)
P = ParamSpec("P")


def log_failure(what: str, exc: BaseException) -> None:
    """Log that ``what`` failed: the exception's type and its frames, not its text."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s failed unexpectedly (%s)\n%s", what, type(exc).__name__, frames.rstrip())


def guarded(callback: Callable[P, object], what: str) -> Callable[P, None]:
    """``callback`` for use as a slot: an Exception is logged and swallowed."""

    @functools.wraps(callback)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except Exception as exc:  # a slot must never end the event loop's work
            log_failure(what, exc)

    return run
