"""The hashed password history behind the ``reuse`` rule (no Qt here).

Earlier passwords and passwords used for other accounts are kept only as short tags
of slow salted hashes (Argon2id), with near-reuse forms, in one compact record in the
operating system's keyring. See ``hashing`` for the cost and false-match reasoning,
``record`` for the format and ``keyring_store`` for splitting and concurrency.
"""

from desktop.core.history.errors import (
    HistoryError,
    RecordDamaged,
    RecordForeign,
    RecordTooNew,
    StoreUnavailable,
)
from desktop.core.history.history import (
    PasswordHistory,
    RequestError,
    keyring_history,
)
from desktop.core.history.keyring_store import KeyringStore
from desktop.core.history.store import HistoryStore, MemoryStore

__all__ = [
    "HistoryError",
    "HistoryStore",
    "KeyringStore",
    "MemoryStore",
    "PasswordHistory",
    "RecordDamaged",
    "RecordForeign",
    "RecordTooNew",
    "RequestError",
    "StoreUnavailable",
    "keyring_history",
]
