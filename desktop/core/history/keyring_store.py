"""The history kept in the operating system's own secret store, through ``keyring``.

Windows Credential Manager, the macOS Keychain or the Secret Service on Linux keep
the record encrypted under the person's login. The backend object is passed in (tests
pass a private Secret Service, or keyring's own ``fail`` and ``null`` backends), or a
``load_backend`` that finds it the first time the history is used (the app's OS
keyring adapter), so building a pipeline never waits on D-Bus.

Backends with a priority below 1 are refused: that is keyring's own line between a
real secret store and ``fail``, ``null`` or a plain file. There is never a silent
fallback to a file.

Splitting. A Windows credential blob holds 2,560 bytes of UTF-16, so at most
``MAX_ENTRY_CHARS`` characters per entry. A longer record is split: the parts after
the first are written under ``<name>.<slot><n>`` and the head entry (``<name>``)
says which slot and how many parts. A save writes the parts into the slot the head
does not point at, then the head (the one step that commits), then removes the old
slot's parts, so a crash at any point leaves either the old record or the new one.

Time limit. Every keyring call is given ``timeout`` seconds (``KEYRING_TIMEOUT``, 5 s,
through ``kit.bounded``); a daemon that does not answer makes the operation fail with
``StoreUnavailable`` in about that time (a check then says "not checked", an addition
"not recorded, try again"). Nothing is lost: a call that finishes late can only
complete the change (the head is the commit point) or leave the old record.

A secret that is not text (not UTF-8) is reported as a damaged record, and ``erase``
deletes every name without reading any, so ``hygiene history clear`` still works.

Concurrency. ``update`` holds a lock file (``filelock``) around read-modify-write,
then reads back what it wrote and starts again if it was not kept, so two processes
adding at once both keep their addition. Readers take no lock: if the parts of a
split record do not fit together they look again, since a writer may have committed
in between.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop.core.kit.i18n import N_, _

if TYPE_CHECKING:  # keyring (about 13 MiB with what it imports) loads on first use
    pass

from desktop.core.history.errors import DAMAGED, HistoryError, RecordDamaged, StoreUnavailable
from desktop.core.history.filelock import exclusive
from desktop.core.history.record import (
    Record,
    decode,
    encode,
    from_text,
    make_head,
    parse_head,
    to_text,
)
from desktop.core.history.store import Change
from desktop.core.kit.bounded import BoundedCaller, TimedOut
from desktop.core.kit.secrets import (
    KEYRING_SERVICE,
    SecretBackend,
    keyring_locked,
    no_keyring,
    not_stored,
    storage_full,
)

SERVICE = KEYRING_SERVICE
RECORD_NAME = "password-history"
MAX_ENTRY_CHARS = 1280
MAX_PARTS = 9
_ATTEMPTS = 3
KEYRING_TIMEOUT = 5.0  # seconds for a keyring call; an unanswered unlock prompt counts

NO_KEYRING = N_(
    "there is no keyring (the secure password store) on this computer, so "
    "earlier passwords cannot be kept or checked. Ask IT to set one up."
)
NO_ROOM = N_(
    "the keyring could not save anything: the disk it keeps its files on is full or "
    "cannot be written to, so nothing was recorded. Free some space (empty the bin, "
    "delete large downloads) or ask IT, then try again."
)
LOCKED = N_("your keyring is locked. Unlock it with your login password, then try again.")
NOT_KEPT = N_(
    "the keyring did not keep the change, so nothing was recorded. "
    "Try again; if it keeps happening, ask IT."
)

T = TypeVar("T")

log = logging.getLogger(__name__)


def no_answer(exc: BaseException) -> str:
    log.warning("password history: the keyring did not answer: %s", type(exc).__name__)
    return _(
        "the keyring (this computer's safe store for passwords) did not answer. Log out "
        "and back in, then try again; if it keeps happening, ask IT."
    )


def no_answer_in_time(seconds: float) -> str:
    return _(
        "the keyring did not answer within {seconds:g} seconds, so "
        "nothing was read or changed. Try again; if it keeps "
        "happening, log out and back in, or ask IT.",
        seconds=seconds,
    )


NOT_TEXT = N_(
    "the saved password history is damaged (it is not text). It has been left as it is. "
    "Run 'hygiene history clear' to start a new one, or ask IT."
)


@contextmanager
def _keyring_faults() -> Iterator[None]:
    """Turn whatever a backend raises (D-Bus, Win32, Keychain errors) into a reason."""
    try:
        yield
    except HistoryError:
        raise
    except TimedOut as exc:
        raise StoreUnavailable(no_answer_in_time(exc.seconds)) from None
    except UnicodeDecodeError:  # the Secret Service backend decodes secrets as UTF-8
        raise RecordDamaged(_(NOT_TEXT)) from None
    except Exception as exc:  # backends raise many unrelated types; none may escape
        if keyring_locked(exc):
            raise StoreUnavailable(_(LOCKED)) from None
        if no_keyring(exc):
            raise StoreUnavailable(_(NO_KEYRING)) from None
        if storage_full(exc):  # it answered: it could not write its file
            log.warning("password history: the keyring could not write: %s", type(exc).__name__)
            raise StoreUnavailable(_(NO_ROOM)) from None
        raise StoreUnavailable(no_answer(exc)) from None


class KeyringStore:
    """A HistoryStore in the OS keyring, under ``service`` / ``name`` and its parts."""

    def __init__(
        self,
        backend: SecretBackend | None = None,
        *,
        lock_path: Path,
        service: str = SERVICE,
        name: str = RECORD_NAME,
        max_chars: int = MAX_ENTRY_CHARS,
        load_backend: Callable[[], SecretBackend] | None = None,
        timeout: float = KEYRING_TIMEOUT,
    ) -> None:
        find: Callable[[], SecretBackend]
        if backend is not None:
            given = backend
            find = lambda: given  # noqa: E731
        elif load_backend is not None:
            find = load_backend
        else:
            raise TypeError("KeyringStore needs a backend or a way to find one")
        self._find = find
        self._usable: SecretBackend | None = None
        self.lock_path = lock_path
        self.service = service
        self.name = name
        self.max_chars = max_chars
        self._bounded = BoundedCaller(timeout)

    # -- the backend --------------------------------------------------------------

    def backend(self) -> SecretBackend:
        """The backend, once it has been found to be a real secret store."""
        if self._usable is None:
            load = self._find

            def find() -> tuple[SecretBackend, float]:
                found = load()
                return found, found.priority  # asking the priority may use D-Bus too

            with _keyring_faults():
                backend, priority = self._bounded.call(find)
            if priority < 1:
                raise StoreUnavailable(_(NO_KEYRING))
            self._usable = backend
        return self._usable

    def _call(self, fn: Callable[[SecretBackend], T]) -> T:
        backend = self.backend()
        with _keyring_faults():
            return self._bounded.call(lambda: fn(backend))

    def _get(self, username: str) -> str | None:
        return self._call(lambda b: b.get_password(self.service, username))

    def _set(self, username: str, text: str) -> None:
        self._call(lambda b: b.set_password(self.service, username, text))

    def _delete(self, username: str) -> None:
        def delete(backend: SecretBackend) -> None:
            try:
                backend.delete_password(self.service, username)
            except Exception as exc:
                if not not_stored(exc):  # already gone is fine
                    raise

        self._call(delete)

    def part_name(self, slot: str, index: int) -> str:
        return f"{self.name}.{slot}{index}"

    def stored_entries(self) -> dict[str, str]:
        """Every entry this store has written and not removed, by name (for checks)."""
        found: dict[str, str] = {}
        head = self._get(self.name)
        if head is not None:
            found[self.name] = head
        for slot in "ab":
            for index in range(1, MAX_PARTS):
                text = self._get(self.part_name(slot, index))
                if text is None:
                    break
                found[self.part_name(slot, index)] = text
        return found

    # -- reading ------------------------------------------------------------------

    def _decode(self, head: str) -> Record:
        slot, parts, first = parse_head(head)
        pieces = [first]
        for index in range(1, parts):
            piece = self._get(self.part_name(slot, index))
            if piece is None:
                raise RecordDamaged(_(DAMAGED))
            pieces.append(piece)
        return decode(from_text("".join(pieces)))

    def _read_settled(self) -> tuple[str | None, Record | None]:
        """The head text and its record; looks again if a writer committed meanwhile."""
        for _unused in range(_ATTEMPTS):
            head = self._get(self.name)
            if head is None:
                return None, None
            try:
                return head, self._decode(head)
            except RecordDamaged:
                if self._get(self.name) == head:
                    raise
        raise RecordDamaged(_(DAMAGED))

    def read(self) -> Record | None:
        return self._read_settled()[1]

    # -- writing ------------------------------------------------------------------

    def _split(self, text: str) -> list[str]:
        first = self.max_chars - len(make_head("a", MAX_PARTS, ""))
        pieces = [text[:first]]
        rest = text[first:]
        while rest:
            pieces.append(rest[: self.max_chars])
            rest = rest[self.max_chars :]
        if len(pieces) > MAX_PARTS:
            raise StoreUnavailable(_(NOT_KEPT))
        return pieces

    def _drop_parts(self, slot: str, start: int) -> None:
        """Remove a slot's parts from ``start`` on; a failure only leaves harmless leftovers."""
        with suppress(StoreUnavailable):
            for index in range(start, MAX_PARTS):
                name = self.part_name(slot, index)
                if self._get(name) is None:
                    break
                self._delete(name)

    def _write(self, record: Record, old_head: str | None) -> str:
        pieces = self._split(to_text(encode(record)))
        old_slot = parse_head(old_head)[0] if old_head is not None else "b"
        slot = "b" if old_slot == "a" else "a"
        for index, piece in enumerate(pieces[1:], start=1):
            self._set(self.part_name(slot, index), piece)
        head = make_head(slot, len(pieces), pieces[0])
        self._set(self.name, head)  # the commit point
        if old_head is not None:
            self._drop_parts(old_slot, 1)
        self._drop_parts(slot, len(pieces))
        return head

    def update(self, change: Change) -> Record | None:
        self.backend()  # say "no keyring" before touching the lock file
        with exclusive(self.lock_path):
            for _unused in range(_ATTEMPTS):
                head, current = self._read_settled()
                new = change(current)
                if new is current:
                    return current
                if new is None:
                    self._erase_unlocked()
                    return None
                written = self._write(new, head)
                # Read back: a backend that drops writes, or a writer that ignores the
                # lock, must not make us report an addition that was lost.
                head, kept = self._read_settled()
                if head == written and kept is not None and encode(kept) == encode(new):
                    return kept
        raise StoreUnavailable(_(NOT_KEPT))

    def _erase_unlocked(self) -> None:
        # Nothing is read first: a record that cannot be read must still be removable.
        self._delete(self.name)
        for slot in "ab":
            for index in range(1, MAX_PARTS):
                self._delete(self.part_name(slot, index))

    def erase(self) -> None:
        self.backend()
        with exclusive(self.lock_path):
            self._erase_unlocked()
