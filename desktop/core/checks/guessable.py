"""The ``guessable`` rule: zxcvbn's score must reach the policy's ``min_score``."""

from __future__ import annotations

from typing import ClassVar

from desktop.core.checks.base import TOO_LONG_TO_CHECK, CheckContext, RuleKind, finding
from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.strength import Strength, StrengthEstimator

SCORE_WORDS = (
    "very easy to guess",
    "easy to guess",
    "fairly easy to guess",
    "hard to guess",
    "very hard to guess",
)


class GuessableRule:
    """Uses the personal and organisation words as zxcvbn user inputs."""

    rule_id: ClassVar[str] = "guessable"
    title: ClassVar[str] = "Hard to guess"
    kind: ClassVar[RuleKind] = "local"

    def __init__(self, estimator: StrengthEstimator | None = None) -> None:
        self._estimator = estimator or StrengthEstimator()

    def check(self, ctx: CheckContext) -> Finding:
        if ctx.length == 0:
            ctx.scratch["strength"] = Strength(0, 0.0)
            return finding(
                self.rule_id,
                Status.FAIL,
                "No password entered yet.",
                "Try three or four random words together.",
            )
        if ctx.too_long:
            return finding(self.rule_id, Status.NOT_CHECKED, TOO_LONG_TO_CHECK)
        inputs = list(ctx.personal_words) + list(ctx.policy.org_words)
        strength = self._estimator.estimate(ctx.password, inputs)
        ctx.scratch["strength"] = strength
        words = SCORE_WORDS[max(0, min(4, strength.score))]
        advice = " ".join(strength.suggestions) or "Try three or four random words together."
        if strength.score < ctx.policy.min_score:
            message = f"It is {words} ({strength.score} out of 4)."
            if strength.warning:
                message += " " + strength.warning
            return finding(self.rule_id, Status.FAIL, message, advice)
        return finding(
            self.rule_id,
            Status.PASS,
            f"It is {words} ({strength.score} out of 4).",
            " ".join(strength.suggestions),
        )
