"""What a check says about a password: a status, a plain message and a hint."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.rule_id,
            "status": self.status.value,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class CheckResult:
    """Every rule's finding for one password, in pipeline order."""

    findings: tuple[Finding, ...]
    score: int
    feedback: tuple[str, ...] = field(default=())

    @property
    def accepted(self) -> bool:
        """Accepted when no rule failed. Rules that were not checked are shown as such."""
        return not any(f.status is Status.FAIL for f in self.findings)

    def get(self, rule_id: str) -> Finding | None:
        return next((f for f in self.findings if f.rule_id == rule_id), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "accepted": self.accepted,
            "checks": [f.as_dict() for f in self.findings],
            "score": self.score,
        }
