"""Guards against a Qt binding that breaks reference counts on signals.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()`` under Python
3.11; a long session (or a test run) then aborts. pyproject.toml excludes that
release; this test fails loudly if such a build is installed again.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int, object)


def test_emitting_signals_keeps_reference_counts_steady(qapp):
    emitter = _Emitter()
    received: list[int] = []
    emitter.fired.connect(lambda n, _obj: received.append(n))
    before = (sys.getrefcount(True), sys.getrefcount(None))
    for n in range(2_000):
        emitter.fired.emit(n, None)
    after = (sys.getrefcount(True), sys.getrefcount(None))
    assert len(received) == 2_000
    # A handful of references may come and go; a leak or a drop would be thousands.
    assert abs(after[0] - before[0]) < 50 and abs(after[1] - before[1]) < 50
