"""Where the record is kept: the HistoryStore interface and the in-memory store.

A store saves and loads one ``Record`` and changes it atomically. The keyring store
(``keyring_store.KeyringStore``) is the real one; ``MemoryStore`` keeps the same text
a keyring would hold, so the format, the fault handling and the contract tests are
shared, and it serves tests and the window's preview.

Faults are raised as ``HistoryError`` subclasses (see ``errors``): a damaged, foreign
or newer record is never changed by ``update``; only ``erase`` removes it, and only
when the person has said so.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from desktop.core.history.errors import DAMAGED, RecordDamaged
from desktop.core.history.record import (
    Record,
    decode,
    encode,
    from_text,
    make_head,
    parse_head,
    to_text,
)
from desktop.core.kit.i18n import _

Change = Callable[[Record | None], Record | None]


class HistoryStore(Protocol):
    """Loads, changes and erases one person's record."""

    def read(self) -> Record | None:
        """The saved record, or None when there is none yet."""
        ...

    def update(self, change: Change) -> Record | None:
        """Apply ``change`` to the saved record as one atomic step and return the result.

        ``change`` gets the current record (or None) and returns the new one, the same
        object for "no change", or None to remove it. No other update can slip in
        between the read and the write, in this process or another.
        """
        ...

    def erase(self) -> None:
        """Remove whatever is saved, even a damaged or foreign record."""
        ...


def record_from_head(text: str) -> Record:
    """Decode a record kept whole in one entry."""
    _unused, parts, body = parse_head(text)
    if parts != 1:
        raise RecordDamaged(_(DAMAGED))
    return decode(from_text(body))


class MemoryStore:
    """A HistoryStore held in memory, as the text the keyring would hold.

    ``text`` may be set directly to anything, as a damaged keyring entry would be.
    """

    def __init__(self, text: str | None = None) -> None:
        self.text = text
        self._lock = threading.Lock()

    def read(self) -> Record | None:
        text = self.text
        return None if text is None else record_from_head(text)

    def update(self, change: Change) -> Record | None:
        with self._lock:
            current = self.read()
            new = change(current)
            if new is current:
                return current
            self.text = None if new is None else make_head("a", 1, to_text(encode(new)))
            return new

    def erase(self) -> None:
        with self._lock:
            self.text = None
