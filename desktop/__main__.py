"""``python -m desktop`` runs the ``hygiene`` command line.

Ctrl-C is held from the first line, before anything of the app is imported, as the
installed commands do (see ``desktop.launch``): the built-in ``_signal`` module only,
and a handler that remembers the press. ``desktop.launch`` takes the hold over.
"""

import _signal

_pressed: list[int] = []
_signal.signal(_signal.SIGINT, lambda *_: _pressed.append(1))

from desktop.launch import hygiene  # noqa: E402  (after the hold, on purpose)

raise SystemExit(hygiene(_pressed))
