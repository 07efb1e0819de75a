"""Why the password history could not be used, in words a person can act on.

Every fault the history can meet is one of these. Each carries ``reason``: one line
saying what happened and what to do, shown by the ``reuse`` rule as "Not checked: ..."
and printed by the ``hygiene history`` commands. None of them ever holds a password or
any hash of one.
"""

from __future__ import annotations

from desktop.core.kit.i18n import N_


class HistoryError(Exception):
    """Base of every history fault; ``reason`` is the one-line message for people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class StoreUnavailable(HistoryError):
    """The keyring is missing, locked, busy or refused: nothing was read or written."""


class RecordDamaged(HistoryError):
    """The saved record fails its checks (cut short, altered, parts missing).

    It is left exactly as it is; only ``hygiene history clear`` (the person's say)
    removes it.
    """


class RecordForeign(RecordDamaged):
    """Something is saved under the history's name, but it is not a history record."""


class RecordTooNew(HistoryError):
    """The record was written by a newer version; this one must not read or replace it."""


DAMAGED = N_(
    "the saved password history is damaged. It has been left as it is. "
    "Run 'hygiene history clear' to start a new one, or ask IT."
)
FOREIGN = N_(
    "the keyring holds something under the password history's name that this "
    "app did not write. It has been left as it is; ask IT."
)
TOO_NEW = N_(
    "the password history was saved by a newer version of Hygiene Helper. "
    "It has been left as it is; update this app."
)
