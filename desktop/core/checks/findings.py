"""What a check says about a password: a status, a plain message and a hint."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from desktop.core.checks.strength import Strength
from desktop.core.kit.unchecked import NotChecked


class Status(str, Enum):
    """A rule's verdict. NOT_CHECKED means the rule could not run: it is never a pass."""

    PASS = "pass"
    FAIL = "fail"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class Finding:
    """One rule's result. Messages never contain the password or any hash of it."""

    rule_id: str
    status: Status
    message: str
    hint: str = ""
    # Only the guessable rule fills this in: the score and advice for the meter.
    strength: Strength | None = field(default=None, compare=False, repr=False)
    # Why the rule could not run (NOT_CHECKED only): its reason code and sentence.
    unchecked: NotChecked | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, str]:
        """For ``hygiene check --json``; ``reason`` is the not-checked reason code, or ""."""
        return {
            "id": self.rule_id,
            "status": self.status.value,
            "message": self.message,
            "hint": self.hint,
            "reason": self.unchecked.code.value if self.unchecked is not None else "",
        }


@dataclass(frozen=True)
class CheckResult:
    """Every rule's finding for one password, in pipeline order.

    Whether the password may be used is not decided here: ``Pipeline.verdict`` weighs
    the findings against the policy (see ``verdict.py``).
    """

    findings: tuple[Finding, ...]

    def get(self, rule_id: str) -> Finding | None:
        return next((f for f in self.findings if f.rule_id == rule_id), None)

    @property
    def strength(self) -> Strength | None:
        """The estimate the guessable rule made, if it ran."""
        return next((f.strength for f in self.findings if f.strength is not None), None)

    @property
    def score(self) -> int:
        strength = self.strength
        return strength.score if strength is not None else 0

    @property
    def feedback(self) -> tuple[str, ...]:
        strength = self.strength
        if strength is None:
            return ()
        return ((strength.warning,) if strength.warning else ()) + strength.suggestions
