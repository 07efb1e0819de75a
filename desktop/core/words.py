"""Personal words (names, pets, birthdays) kept in the OS keyring, and only if asked.

The check window uses these words to spot a password built from things about you.
They never leave the computer and are never written to a plain file: when the person
ticks "Remember these on this computer" they go into the OS keyring (service
``KEYRING_SERVICE``, user name ``personal-words``) through a store passed in; when
they untick it, the entry is deleted. Reading and writing can block (the keyring may
ask for a password), so the window calls this from a worker thread, and every call has
a time limit (``KEYRING_TIMEOUT``): a keyring that does not answer gives a problem to
show, and the words typed in the window are still used.

Under any locale: the stored text is JSON with non-ASCII characters escaped, so
accented words come back the same whatever the system's encoding, and older entries
written unescaped are read as the Unicode text they are.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.core.kit.bounded import BoundedCaller, TimedOut
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.secrets import KEYRING_SERVICE, SecretStore, storage_full

SERVICE = KEYRING_SERVICE
USERNAME = "personal-words"
MAX_WORDS = 50
MAX_WORD_LENGTH = 100
KEYRING_TIMEOUT = 5.0  # seconds, as for the password history
# A comma between a day and a year ("March 14, 2015") belongs to the date.
_SPLIT = re.compile(r"[;\n]+|,(?!\s*\d{4}\b)|(?<![A-Za-z]\s\d)(?<![A-Za-z]\s\d\d),")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedWords:
    """What was found: the words, whether any were stored, and a problem to show, if any."""

    words: tuple[str, ...] = ()
    remembered: bool = False
    problem: str = ""


def split_words(text: str) -> tuple[str, ...]:
    """Split what the person typed into words, on commas, semicolons and new lines.

    Spaces are kept inside an entry so that "12 March 2001" stays one date, and a comma
    before a year stays too, so that "March 14, 2015" does. Empty and repeated entries
    are dropped; order is kept.
    """
    seen: dict[str, None] = {}
    for part in _SPLIT.split(text):
        word = " ".join(part.split())[:MAX_WORD_LENGTH]
        if word and word.casefold() not in {w.casefold() for w in seen}:
            seen[word] = None
    return tuple(seen)[:MAX_WORDS]


def join_words(words: Iterable[str]) -> str:
    return ", ".join(words)


class PersonalWordsStore:
    """Loads, saves and forgets the person's words in the keyring. Never raises."""

    def __init__(self, backend: SecretStore, timeout: float = KEYRING_TIMEOUT) -> None:
        self._backend = backend
        self._bounded = BoundedCaller(timeout)

    def load(self) -> LoadedWords:
        try:
            raw = self._bounded.call(lambda: self._backend.get_password(SERVICE, USERNAME))
        except Exception as exc:  # a locked or missing keyring must not stop the app
            return LoadedWords(problem=_problem("read", exc))
        if raw is None:
            return LoadedWords()
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, list) or not all(isinstance(w, str) for w in data):
            return LoadedWords(
                remembered=True,
                problem=_(
                    "The remembered personal words could "
                    "not be read. Type them again and tick Remember to replace them."
                ),
            )
        return LoadedWords(split_words("\n".join(data)), remembered=True)

    def save(self, words: Iterable[str]) -> str:
        """Store the words; returns "" or a problem to show."""
        clean = list(split_words("\n".join(words)))
        try:
            text = json.dumps(clean, ensure_ascii=True)  # plain ASCII: no locale can garble it
            self._bounded.call(lambda: self._backend.set_password(SERVICE, USERNAME, text))
        except Exception as exc:
            return _problem("save", exc)
        return ""

    def forget(self) -> str:
        """Delete the stored words; returns "" or a problem to show. Nothing stored is fine."""
        try:
            backend = self._backend
            if self._bounded.call(lambda: backend.get_password(SERVICE, USERNAME)) is None:
                return ""
            self._bounded.call(lambda: backend.delete_password(SERVICE, USERNAME))
        except Exception as exc:
            return _problem("delete", exc)
        return ""


_VERBS = {"read": N_("read from"), "save": N_("saved in"), "delete": N_("removed from")}


def _problem(action: str, exc: Exception) -> str:
    # The kind of failure is for IT's log; the person reads what it means.
    log.warning("personal words not %s the keyring: %s", _(_VERBS[action]), type(exc).__name__)
    if isinstance(exc, TimedOut):
        return _(
            "Your personal words could not be {value} the system keyring "
            "(this computer's safe store for passwords): it did not "
            "answer within {seconds:g} seconds. They are still used "
            "while this window is open; try again later.",
            value=_(_VERBS[action]),
            seconds=exc.seconds,
        )
    if storage_full(exc):
        return _(
            "Your personal words could not be {value} the system keyring "
            "(this computer's safe store for passwords): the disk it "
            "keeps its files on is full or cannot be written to. They "
            "are still used while this window is open; free some space "
            "or ask IT, then try again.",
            value=_(_VERBS[action]),
        )
    return _(
        "Your personal words could not be {value} the system keyring "
        "(this computer's safe store for passwords). They are still "
        "used while this window is open.",
        value=_(_VERBS[action]),
    )
