"""Personal words (names, pets, birthdays) kept in the OS keyring, and only if asked.

The check window uses these words to spot a password built from things about you.
They never leave the computer and are never written to a plain file: when the person
ticks "Remember these on this computer" they go into the OS keyring (service
``hygiene-helper``, user name ``personal-words``) through a backend passed in; when
they untick it, the entry is deleted. Reading and writing can block (the keyring may
ask for a password), so the window calls this from a worker thread.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

SERVICE = "hygiene-helper"
USERNAME = "personal-words"
MAX_WORDS = 50
MAX_WORD_LENGTH = 100

log = logging.getLogger(__name__)


class KeyringBackend(Protocol):
    """The three calls we need; both the ``keyring`` module and its backends have them."""

    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


@dataclass(frozen=True)
class LoadedWords:
    """What was found: the words, whether any were stored, and a problem to show, if any."""

    words: tuple[str, ...] = ()
    remembered: bool = False
    problem: str = ""


def split_words(text: str) -> tuple[str, ...]:
    """Split what the person typed into words, on commas, semicolons and new lines.

    Spaces are kept inside an entry so that "12 March 2001" stays one date. Empty and
    repeated entries are dropped; order is kept.
    """
    seen: dict[str, None] = {}
    for part in re.split(r"[,;\n]+", text):
        word = " ".join(part.split())[:MAX_WORD_LENGTH]
        if word and word.casefold() not in {w.casefold() for w in seen}:
            seen[word] = None
    return tuple(seen)[:MAX_WORDS]


def join_words(words: Iterable[str]) -> str:
    return ", ".join(words)


class PersonalWordsStore:
    """Loads, saves and forgets the person's words in the keyring. Never raises."""

    def __init__(self, backend: KeyringBackend) -> None:
        self._backend = backend

    def load(self) -> LoadedWords:
        try:
            raw = self._backend.get_password(SERVICE, USERNAME)
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
                problem="The remembered personal words could "
                "not be read. Type them again and tick Remember to replace them.",
            )
        return LoadedWords(split_words("\n".join(data)), remembered=True)

    def save(self, words: Iterable[str]) -> str:
        """Store the words; returns "" or a problem to show."""
        clean = list(split_words("\n".join(words)))
        try:
            self._backend.set_password(SERVICE, USERNAME, json.dumps(clean, ensure_ascii=False))
        except Exception as exc:
            return _problem("save", exc)
        return ""

    def forget(self) -> str:
        """Delete the stored words; returns "" or a problem to show. Nothing stored is fine."""
        try:
            if self._backend.get_password(SERVICE, USERNAME) is None:
                return ""
            self._backend.delete_password(SERVICE, USERNAME)
        except Exception as exc:
            return _problem("delete", exc)
        return ""


_VERBS = {"read": "read from", "save": "saved in", "delete": "removed from"}


def _problem(action: str, exc: Exception) -> str:
    # The kind of failure is for IT's log; the person reads what it means.
    log.warning("personal words not %s the keyring: %s", _VERBS[action], type(exc).__name__)
    return (
        f"Your personal words could not be {_VERBS[action]} the system keyring "
        "(this computer's safe store for passwords). They are still used while this "
        "window is open."
    )


class SystemKeyring:
    """The OS keyring through the ``keyring`` package, imported on first use.

    Importing ``keyring`` takes a noticeable part of start-up, and the first call may
    wait for an unlock prompt, so both happen on a worker when the words are needed.
    """

    def get_password(self, service: str, username: str) -> str | None:
        from desktop.platform.keyring import system_keyring

        value: str | None = system_keyring().get_password(service, username)
        return value

    def set_password(self, service: str, username: str, password: str) -> None:
        from desktop.platform.keyring import system_keyring

        system_keyring().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        from desktop.platform.keyring import system_keyring

        system_keyring().delete_password(service, username)
