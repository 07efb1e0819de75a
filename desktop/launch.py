"""The installed commands' entry points: Ctrl-C is held from their very first line.

``hygiene`` and ``hygiene-helper`` start here rather than in ``cli.main`` or ``app``, so
that Ctrl-C while those modules load cannot surface as a traceback from the middle of
an import. Only the built-in ``_signal`` module is loaded before the hold (the
``signal`` module builds enums and takes long enough to be interrupted itself). A
press during loading ends with "Stopped." and exit code 130; afterwards each entry
point handles Ctrl-C itself.
"""

from __future__ import annotations

import _signal
from collections.abc import Callable


def _held(load: Callable[[], Callable[[], int]], name: str) -> int:
    pressed: list[int] = []
    _signal.signal(_signal.SIGINT, lambda *_: pressed.append(1))
    try:
        run = load()
    finally:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)
    if pressed:
        import sys

        print(f"{name}: Stopped.", file=sys.stderr)
        return 130
    return run()


def _cli() -> Callable[[], int]:
    from desktop.cli.main import main

    return main


def _app() -> Callable[[], int]:
    from desktop.app import main

    return main


def hygiene() -> int:
    """The ``hygiene`` command."""
    return _held(_cli, "hygiene")


def hygiene_helper() -> int:
    """The ``hygiene-helper`` app."""
    return _held(_app, "Hygiene Helper")
