"""The ``guessable`` rule: zxcvbn's score must reach the policy's ``min_score``.

The estimate travels in the rule's own finding (``Finding.strength``), so the window's
meter and advice read it from there.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from desktop.core.checks.base import TOO_LONG, CheckContext, RuleKind, unchecked
from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.strength import Strength, StrengthEstimator
from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import Policy

SCORE_WORDS = (
    N_("very easy to guess"),
    N_("easy to guess"),
    N_("fairly easy to guess"),
    N_("hard to guess"),
    N_("very hard to guess"),
)


class GuessableRule:
    """Uses the personal and organisation words as zxcvbn user inputs.

    The estimator (which loads zxcvbn's dictionaries) is made on the first check, so
    building the rule, and so the pipeline's catalogue, costs nothing.
    """

    rule_id: ClassVar[str] = "guessable"
    title: ClassVar[str] = N_("Hard to guess")
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = N_(
        "Attackers try common passwords, words and patterns first, with your details "
        "mixed in. A password made of a few random words is hard to guess and easy to "
        "remember."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def __init__(self, estimator: StrengthEstimator | None = None) -> None:
        self._estimator = estimator
        self._lock = threading.Lock()

    def expects(self, policy: Policy) -> str:
        return _("Not a common word, name or pattern.")

    def _estimator_now(self) -> StrengthEstimator:
        with self._lock:
            if self._estimator is None:
                self._estimator = StrengthEstimator()
            return self._estimator

    def check(self, ctx: CheckContext) -> Finding:
        if ctx.length == 0:
            return Finding(
                self.rule_id,
                Status.FAIL,
                _("No password entered yet."),
                _("Try three or four random words together."),
                strength=Strength(0, 0.0),
            )
        if ctx.too_long:
            return unchecked(self.rule_id, TOO_LONG)
        inputs = list(ctx.personal_words) + list(ctx.policy.org_words)
        strength = self._estimator_now().estimate(ctx.password, inputs)
        words = _(SCORE_WORDS[max(0, min(4, strength.score))])
        advice = " ".join(strength.suggestions) or _("Try three or four random words together.")
        if strength.score < ctx.policy.min_score:
            message = _("It is {words} ({score} out of 4).", words=words, score=strength.score)
            if strength.warning:
                message += " " + strength.warning
            return Finding(self.rule_id, Status.FAIL, message, advice, strength=strength)
        return Finding(
            self.rule_id,
            Status.PASS,
            _("It is {words} ({score} out of 4).", words=words, score=strength.score),
            " ".join(strength.suggestions),
            strength=strength,
        )
