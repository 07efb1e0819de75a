"""Runs every rule and returns every finding, so the window can show each rule's state."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.core.checks.base import CheckContext, Rule, RuleKind
from desktop.core.checks.breached import BreachedRule
from desktop.core.checks.characters import CharactersRule
from desktop.core.checks.findings import CheckResult, Finding, Status
from desktop.core.checks.guessable import GuessableRule
from desktop.core.checks.length import LengthRule
from desktop.core.checks.personal import PersonalRule
from desktop.core.checks.ports import BreachLookup, ReuseCheck
from desktop.core.checks.prepass import prepare
from desktop.core.checks.reuse import ReuseRule
from desktop.core.checks.strength import Strength, StrengthEstimator
from desktop.core.policy.schema import Policy


class Pipeline:
    """An ordered list of rules built from the policy and the collaborators passed in."""

    def __init__(self, policy: Policy, rules: Sequence[Rule]) -> None:
        self.policy = policy
        self.rules = tuple(rules)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.rule_id for r in self.rules)

    def run(
        self,
        password: str,
        personal_words: Iterable[str] = (),
        kinds: Iterable[RuleKind] | None = None,
    ) -> CheckResult:
        """Check ``password``. With ``kinds``, only those rules run (the window runs the
        local ones on every key press and the slower ones after a pause)."""
        wanted = None if kinds is None else set(kinds)
        words = tuple(w for w in (s.strip() for s in personal_words) if w)
        ctx = CheckContext(
            prepare(password, self.policy.max_length), self.policy, words, as_typed=password
        )
        findings: list[Finding] = []
        for rule in self.rules:
            if wanted is not None and rule.kind not in wanted:
                continue
            try:
                findings.append(rule.check(ctx))
            except Exception as exc:  # a broken rule must not take the others down
                findings.append(
                    Finding(
                        rule.rule_id,
                        Status.NOT_CHECKED,
                        f"Not checked: this check failed ({type(exc).__name__}).",
                        "Please tell IT; the other checks still ran.",
                    )
                )
        strength = ctx.scratch.get("strength")
        score = strength.score if isinstance(strength, Strength) else 0
        feedback: tuple[str, ...] = ()
        if isinstance(strength, Strength):
            feedback = ((strength.warning,) if strength.warning else ()) + strength.suggestions
        return CheckResult(tuple(findings), score, feedback)


def build_pipeline(
    policy: Policy,
    breach: BreachLookup | None = None,
    history: ReuseCheck | None = None,
    estimator: StrengthEstimator | None = None,
) -> Pipeline:
    """The standard rules in the order people read them."""
    rules: list[Rule] = [
        LengthRule(),
        GuessableRule(estimator),
        PersonalRule(),
        CharactersRule(),
        BreachedRule(breach if policy.breach_check != "off" else None),
        ReuseRule(history),
    ]
    return Pipeline(policy, rules)
