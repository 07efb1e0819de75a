"""The parts every rule shares: the context a check runs in and the Rule protocol.

Each rule carries its own catalogue entry (Django's validators carry their help text
the same way): a stable id, the title the window and the CLI show, its kind, what it
expects before anything is typed, and a short "why". Nothing outside the rule keeps a
copy of those words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal, Protocol

from desktop.core.checks.findings import Finding, Status
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.prepass import normalise as normalise
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.kit.visible import seen_length
from desktop.core.policy.schema import Policy

RuleKind = Literal["local", "store", "network"]


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

    @property
    def length(self) -> int:
        """Characters as the person sees them (see ``visible.seen_length``)."""
        return seen_length(self.as_typed or self.password)

    @property
    def too_long(self) -> bool:
        return self.length > self.policy.max_length


class Catalogued(Protocol):
    """A rule's catalogue entry: what the window and the CLI show about it."""

    rule_id: ClassVar[str]
    title: ClassVar[str]
    kind: ClassVar[RuleKind]
    why: ClassVar[str]

    def expects(self, policy: Policy) -> str:
        """What the rule asks for, shown before anything is typed."""
        ...


class Rule(Catalogued, Protocol):
    """One policy rule. ``check`` returns a finding and never raises for a weak password.

    ``requires`` names rules that must pass before this one may run at all; the
    pipeline enforces it (the breach lookup sends nothing for text that is too short
    or has hidden characters in it).
    """

    requires: ClassVar[tuple[str, ...]]

    def check(self, ctx: CheckContext) -> Finding: ...


@dataclass(frozen=True)
class RuleInfo:
    """A rule's catalogue entry with the policy's numbers filled in, for display."""

    rule_id: str
    title: str
    kind: RuleKind
    expects: str
    why: str


def describe(rule: Catalogued, policy: Policy) -> RuleInfo:
    return RuleInfo(rule.rule_id, _(rule.title), rule.kind, rule.expects(policy), _(rule.why))


def finding(rule_id: str, status: Status, message: str, hint: str = "") -> Finding:
    return Finding(rule_id, status, message, hint)


def unchecked(rule_id: str, why: NotChecked, hint: str = "", message: str = "") -> Finding:
    """A rule that could not run: "Not checked: <reason>." (or ``message``), and why."""
    return Finding(rule_id, Status.NOT_CHECKED, message or why.sentence, hint, unchecked=why)


TOO_LONG = NotChecked(N_("shorten the password to the allowed length first"), "", Reason.WAITING)
NOTHING_ENTERED = NotChecked(N_("no password entered"), "", Reason.WAITING)
TOO_LONG_TO_CHECK = TOO_LONG.sentence
