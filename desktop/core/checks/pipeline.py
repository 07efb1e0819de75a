"""Runs every rule and returns every finding, so the window can show each rule's state.

The pipeline is also the catalogue: its rules carry their ids, titles, kinds and what
they expect, and ``verdict`` weighs their findings against the policy. Adding a rule
is one new class, one line in ``build_pipeline`` and its tests; the window and
``hygiene check`` pick it up from here.

A rule that ``requires`` others runs only when they pass. Those are cheap local rules;
they are run here when the caller did not ask for them (the window runs the slow rules
on their own), so the breach lookup never sends anything for text the length or
characters rule refuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from desktop.core.checks.base import CheckContext, Rule, RuleInfo, RuleKind, describe, unchecked
from desktop.core.checks.breached import BreachedRule
from desktop.core.checks.characters import CharactersRule
from desktop.core.checks.findings import CheckResult, Finding, Status
from desktop.core.checks.guessable import GuessableRule
from desktop.core.checks.length import LengthRule
from desktop.core.checks.personal import PersonalRule
from desktop.core.checks.ports import BreachLookup, ReuseCheck
from desktop.core.checks.reuse import ReuseRule
from desktop.core.checks.rootword import RootWordRule
from desktop.core.checks.strength import StrengthEstimator
from desktop.core.checks.verdict import Verdict, decide
from desktop.core.kit import i18n
from desktop.core.kit.i18n import _, ngettext
from desktop.core.kit.prepass import prepare
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.policy.schema import Policy


class Pipeline:
    """An ordered list of rules built from the policy and the collaborators passed in."""

    def __init__(self, policy: Policy, rules: Sequence[Rule]) -> None:
        self.policy = policy
        self.rules = tuple(rules)
        ids = [r.rule_id for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError(f"two rules share an id: {ids}")
        for rule in self.rules:
            absent = [r for r in rule.requires if r not in ids]
            if absent:
                raise ValueError(f"rule {rule.rule_id!r} requires {absent}, not in the pipeline")

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.rule_id for r in self.rules)

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.rule_id == rule_id), None)

    @property
    def catalogue(self) -> tuple[RuleInfo, ...]:
        """Every rule's title and what it expects, with this policy's numbers."""
        return tuple(describe(r, self.policy) for r in self.rules)

    def run(
        self,
        password: str,
        personal_words: Iterable[str] = (),
        kinds: Iterable[RuleKind] | None = None,
    ) -> CheckResult:
        """Check ``password``. With ``kinds``, only those rules run (the window runs the
        local ones on every key press and the slower ones once the password is settled)."""
        wanted = None if kinds is None else set(kinds)
        words = tuple(w for w in (s.strip() for s in personal_words) if w)
        ctx = CheckContext(
            prepare(password, self.policy.max_length), self.policy, words, as_typed=password
        )
        done: dict[str, Finding] = {}
        findings: list[Finding] = []
        for rule in self.rules:
            if wanted is not None and rule.kind not in wanted:
                continue
            findings.append(self._run_one(rule, ctx, done))
        return CheckResult(tuple(findings))

    def verdict(
        self, findings: Sequence[Finding], match: Finding | None = None, entered: bool = True
    ) -> Verdict:
        """The one verdict on these findings; see ``verdict.decide``."""
        return decide(self.policy, self.rules, findings, match, entered)

    def _run_one(self, rule: Rule, ctx: CheckContext, done: dict[str, Finding]) -> Finding:
        if rule.rule_id in done:
            return done[rule.rule_id]
        blocked = [
            r
            for r in (self.rule(i) for i in rule.requires)
            if r is not None and self._run_one(r, ctx, done).status is not Status.PASS
        ]
        if blocked:
            titles = i18n.join([_("“{title}”", title=_(r.title)) for r in blocked])
            waits = ngettext(
                "this runs once {titles} passes",
                "this runs once {titles} pass",
                len(blocked),
                titles=titles,
            )
            result = unchecked(
                rule.rule_id,
                NotChecked(waits, "", Reason.WAITING),
                _("Nothing about this password has been sent anywhere."),
                message=_("Not checked yet: {waits}.", waits=waits),
            )
        else:
            try:
                result = rule.check(ctx)
            except Exception as exc:  # a broken rule must not take the others down
                name = type(exc).__name__
                result = unchecked(
                    rule.rule_id,
                    NotChecked(_("this check failed ({name})", name=name), name, Reason.FAILED),
                    _("Please tell IT; the other checks still ran."),
                )
        done[rule.rule_id] = result
        return result


def build_pipeline(
    policy: Policy,
    breach: BreachLookup | None = None,
    history: ReuseCheck | None = None,
    estimator: StrengthEstimator | None = None,
) -> Pipeline:
    """The standard rules in the order people read them. Register a new rule here."""
    rules: list[Rule] = [
        LengthRule(),
        GuessableRule(estimator),
        PersonalRule(),
        RootWordRule(),
        CharactersRule(),
        BreachedRule(breach if policy.breach_check != "off" else None),
        ReuseRule(history),
    ]
    return Pipeline(policy, rules)


def standard_rules() -> tuple[Rule, ...]:
    """The standard rules without collaborators: their catalogue, cheap to build."""
    return build_pipeline(Policy(breach_check="off")).rules


def standard_rule_ids() -> tuple[str, ...]:
    """The ids a policy may name in ``required_checks``."""
    return tuple(r.rule_id for r in standard_rules())
