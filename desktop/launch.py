"""The installed commands' entry points: Ctrl-C is held from their very first line.

``hygiene`` and ``hygiene-helper`` start here rather than in ``cli.main`` or ``app``, so
that Ctrl-C while those modules load cannot surface as a traceback from the middle of
an import. Only the built-in ``_signal`` module is loaded before the hold (the
``signal`` module builds enums and takes long enough to be interrupted itself).
``python -m desktop`` holds Ctrl-C in its own first line, before this module loads, and
hands the hold over (``desktop/__main__.py``).

A press during loading ends with "Stopped." and exit code 130. Afterwards each entry
point handles Ctrl-C itself; a press that lands in the moment between the hold ending
and the entry point's own handling starting is caught here and ends the same way.
"""

from __future__ import annotations

import _signal
from collections.abc import Callable

EXIT_STOPPED = 130


def hold() -> list[int]:
    """Remember Ctrl-C instead of raising it; the list gets an item per press."""
    pressed: list[int] = []
    _signal.signal(_signal.SIGINT, lambda *_: pressed.append(1))
    return pressed


def _held(load: Callable[[], Callable[[], int]], name: str, pressed: list[int] | None) -> int:
    if pressed is None:
        pressed = hold()
    try:
        try:
            run = load()
        finally:
            _signal.signal(_signal.SIGINT, _signal.default_int_handler)
        if pressed:
            raise KeyboardInterrupt
        return run()
    except KeyboardInterrupt:
        import sys

        print(f"{name}: Stopped.", file=sys.stderr)
        return EXIT_STOPPED


def _cli() -> Callable[[], int]:
    from desktop.cli.main import main

    return main


def _app() -> Callable[[], int]:
    from desktop.app import main

    return main


def hygiene(pressed: list[int] | None = None) -> int:
    """The ``hygiene`` command (``pressed``: the hold ``python -m desktop`` made first)."""
    return _held(_cli, "hygiene", pressed)


def hygiene_helper(pressed: list[int] | None = None) -> int:
    """The ``hygiene-helper`` app (``pressed``: a hold made before this module loaded)."""
    return _held(_app, "Hygiene Helper", pressed)
