"""The parts every rule shares: the context a check runs in and the Rule protocol."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import ClassVar, Literal, Protocol

from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.visible import seen_length
from desktop.core.policy.schema import Policy

RuleKind = Literal["local", "store", "network"]


def normalise(password: str) -> str:
    """NFKC, so that look-alike forms (full-width letters, ligatures) count as what they are.

    Lone surrogates cannot be normalised; they are kept as they are and the
    ``characters`` rule reports them.
    """
    try:
        return unicodedata.normalize("NFKC", password)
    except UnicodeError:
        return password


@dataclass(frozen=True)
class CheckContext:
    """What one check run knows: the candidate (NFKC), the policy and the user's words.

    ``as_typed`` is the password exactly as entered: breach lists hold passwords as
    people typed them, so the breach lookup must hash that form, not the normalised one.
    """

    password: str
    policy: Policy
    personal_words: tuple[str, ...] = ()
    as_typed: str = ""
    scratch: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def length(self) -> int:
        """Characters as the person sees them (see ``visible.seen_length``)."""
        return seen_length(self.as_typed or self.password)

    @property
    def too_long(self) -> bool:
        return self.length > self.policy.max_length


class Rule(Protocol):
    """One policy rule. ``check`` returns a finding and never raises for a weak password."""

    rule_id: ClassVar[str]
    title: ClassVar[str]
    kind: ClassVar[RuleKind]

    def check(self, ctx: CheckContext) -> Finding: ...


def finding(rule_id: str, status: Status, message: str, hint: str = "") -> Finding:
    return Finding(rule_id, status, message, hint)


TOO_LONG_TO_CHECK = "Not checked: shorten the password to the allowed length first."
