"""``python -m desktop`` runs the ``hygiene`` command line.

Ctrl-C is held from the first line (only the built-in ``signal`` module is loaded
before), so a press while the command line loads stops it quietly, never with a
traceback; ``main`` then handles Ctrl-C as usual.
"""

import signal

_pressed: list[int] = []
signal.signal(signal.SIGINT, lambda *_: _pressed.append(1))

import sys  # noqa: E402  (after the handler, on purpose)

from desktop.cli.main import main  # noqa: E402

signal.signal(signal.SIGINT, signal.default_int_handler)
if _pressed:
    print("hygiene: Stopped.", file=sys.stderr)
    sys.exit(130)
sys.exit(main())
