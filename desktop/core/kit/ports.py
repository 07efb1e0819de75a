"""Small interfaces the checks depend on, so lookups and stores are passed in.

The breach lookup and the password history each live in their own room and implement
these. They sit here, below the checks and those rooms, so neither imports the other.
Tests pass real implementations backed by loopback servers and a private keyring, or
simple in-memory ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol


class BreachOutcome(str, Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNKNOWN = "unknown"  # the check could not complete: never treated as a pass


@dataclass(frozen=True)
class BreachVerdict:
    outcome: BreachOutcome
    count: int = 0
    reason: str = ""  # one line a person can act on, when the outcome is UNKNOWN
    source: str = ""  # "online", "offline" or a mirror's name, for the message
    hint: str = ""  # what to do, when the usual advice for the source would be wrong


class BreachLookup(Protocol):
    """Says whether a password is in a known breach. Only a 5-character prefix may leave."""

    def lookup(self, password: str) -> BreachVerdict: ...


class ReuseOutcome(str, Enum):
    NONE = "none"
    EXACT = "exact"  # the same as a password used before
    NEAR = "near"  # too close to a password used before
    ACCOUNT_EXACT = "account_exact"  # the same as one used for another account
    ACCOUNT_NEAR = "account_near"
    UNAVAILABLE = "unavailable"  # no history could be read: never treated as a pass
    EMPTY = "empty"  # a working store with nothing in it yet


@dataclass(frozen=True)
class ReuseVerdict:
    outcome: ReuseOutcome
    label: str = ""  # the other account's label, for ACCOUNT_*
    reason: str = ""  # why it is unavailable and what to do


class ReuseCheck(Protocol):
    """Compares a candidate with the hashed history; never stores it."""

    def check_reuse(self, password: str) -> ReuseVerdict: ...
