"""The core's catalogue and verdict: what the window and ``hygiene check`` both show.

Also the gate in front of the breach lookup: nothing is looked up for text the length
or characters rule refuses, whichever rules the caller asked for.
"""

from __future__ import annotations

from typing import ClassVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli.check import as_json, render
from desktop.core.checks import Pipeline, build_pipeline, standard_rules
from desktop.core.checks.base import CheckContext, RuleKind
from desktop.core.checks.confirm import MatchRule, confirmation_finding
from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.ports import BreachOutcome, BreachVerdict
from desktop.core.checks.verdict import VerdictState, decide
from desktop.core.policy.schema import Policy

STRONG = "kettle orbit lantern mosaic"


class Recorder:
    """A breach lookup that notes what it was asked about and finds nothing."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def lookup(self, password: str) -> BreachVerdict:
        self.seen.append(password)
        return BreachVerdict(BreachOutcome.NOT_FOUND, source="online")


# the catalogue ---------------------------------------------------------------------------


def test_every_rule_carries_its_title_expectation_and_why() -> None:
    policy = Policy(min_length=12)
    for info in build_pipeline(policy).catalogue:
        assert info.title and info.expects.endswith(".") and len(info.why) > 40, info
    by_id = {i.rule_id: i for i in build_pipeline(policy).catalogue}
    assert by_id["length"].expects == "At least 12 characters."
    assert by_id["breached"].title == "Not in a known data breach"
    match = MatchRule()
    assert (match.rule_id, match.title, match.expects(policy)) == (
        "match",
        "Both entries match",
        "The same in both boxes.",
    )


def test_standard_rules_are_the_pipeline_the_app_builds() -> None:
    built = build_pipeline(Policy(), Recorder()).rule_ids
    assert tuple(r.rule_id for r in standard_rules()) == built


def test_the_strength_travels_in_the_guessable_finding() -> None:
    result = build_pipeline(Policy()).run("qwertyuiop")
    guessable = result.get("guessable")
    assert guessable is not None and guessable.strength is not None
    assert result.score == guessable.strength.score == 0
    assert any("hundred most common" in line for line in result.feedback)
    assert "strength" not in guessable.as_dict()


# the gate in front of the breach lookup ----------------------------------------------------


def test_nothing_is_looked_up_for_text_the_local_rules_refuse() -> None:
    recorder = Recorder()
    pipeline = build_pipeline(Policy(), recorder)
    refused = [
        "",
        "kettle or",  # too short: a half-typed password
        "x" * 129,  # too long
        "kettle\x00orbit lantern",  # a control character
        "kettle\u202eorbit lantern",  # a direction mark
    ]
    for text in refused:
        for kinds in (None, ("network",), ("store", "network")):
            result = pipeline.run(text, kinds=kinds)
            breached = result.get("breached")
            assert breached is not None and breached.status is Status.NOT_CHECKED
            assert breached.message.startswith("Not checked yet")
            # Only what was asked for comes back, though the gate ran the local rules.
            if kinds is not None:
                assert {f.rule_id for f in result.findings} <= {"breached", "reuse"}
    assert recorder.seen == []
    pipeline.run(STRONG, kinds=("network",))
    assert recorder.seen == [STRONG]


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.text(alphabet=st.sampled_from("ab \u200b\u200f\x00é😀"), max_size=14))
def test_a_lookup_only_ever_sees_text_that_passes_length_and_characters(text: str) -> None:
    recorder = Recorder()
    pipeline = build_pipeline(Policy(), recorder)
    pipeline.run(text, kinds=("network",))
    local = pipeline.run(text, kinds=("local",))
    passes = all(local.get(i).status is Status.PASS for i in ("length", "characters"))  # type: ignore[union-attr]
    assert recorder.seen == ([text] if passes else [])


def test_a_pipeline_whose_rule_requires_a_missing_one_is_refused() -> None:
    breached = build_pipeline(Policy(), Recorder()).rule("breached")
    assert breached is not None
    try:
        Pipeline(Policy(), [breached])
    except ValueError as exc:
        assert "length" in str(exc)
    else:
        raise AssertionError("a breach rule without its gate was accepted")


# the verdict -------------------------------------------------------------------------------

RULES = standard_rules()


def found(status: Status, *ids: str) -> list[Finding]:
    return [Finding(i, status, "said") for i in ids]


ALL = [r.rule_id for r in RULES]
LOCAL = [r.rule_id for r in RULES if r.kind == "local"]
SAME = confirmation_finding(STRONG, STRONG)


def test_nothing_typed_is_waiting_not_refused() -> None:
    verdict = decide(Policy(), RULES, [], confirmation_finding("", ""), entered=False)
    assert (verdict.state, verdict.accepted) == (VerdictState.EMPTY, False)
    assert verdict.reason == "Type a new password to start."


def test_every_rule_passed_and_both_boxes_match_is_accepted_and_complete() -> None:
    verdict = decide(Policy(), RULES, found(Status.PASS, *ALL), SAME)
    assert verdict.accepted and verdict.complete and verdict.state is VerdictState.ACCEPTED
    assert verdict.reason == "Good choice: you can use this password."
    # The CLI has no second box and gets the same answer.
    assert decide(Policy(), RULES, found(Status.PASS, *ALL)) == verdict


def test_one_failure_refuses_whatever_else_is_pending() -> None:
    findings = found(Status.PASS, *LOCAL[1:]) + found(Status.FAIL, LOCAL[0])
    verdict = decide(Policy(), RULES, findings, SAME)
    assert not verdict.accepted and verdict.state is VerdictState.REJECTED
    assert verdict.failed == (LOCAL[0],) and "choose a different password" in verdict.reason


def test_two_different_entries_refuse() -> None:
    other = confirmation_finding(STRONG, STRONG + "!")
    verdict = decide(Policy(), RULES, found(Status.PASS, *ALL), other)
    assert not verdict.accepted and verdict.reason == "Not yet: the two entries are different."


def test_on_the_way_is_checking_or_nearly_there_never_accepted() -> None:
    assert decide(Policy(), RULES, [], SAME).state is VerdictState.CHECKING
    half = confirmation_finding(STRONG, STRONG[:4])
    nearly = decide(Policy(), RULES, found(Status.PASS, *LOCAL), half)
    assert nearly.state is VerdictState.CONFIRM and "second box" in nearly.reason
    slow = decide(Policy(), RULES, found(Status.PASS, *LOCAL), SAME)
    assert slow.state is VerdictState.CHECKING and not slow.accepted
    assert "“Not in a known data breach” and “Not used before”" in slow.reason


def test_not_checked_is_accepted_but_never_complete() -> None:
    findings = found(Status.PASS, *LOCAL) + found(Status.NOT_CHECKED, "breached", "reuse")
    verdict = decide(Policy(), RULES, findings, SAME)
    assert verdict.accepted and not verdict.complete
    assert "could not run" in verdict.reason


def test_a_required_check_that_could_not_run_refuses_and_says_what_to_do() -> None:
    findings = found(Status.PASS, *LOCAL, "reuse") + found(Status.NOT_CHECKED, "breached")
    policy = Policy(required_checks=("breached",))
    verdict = decide(policy, RULES, findings, SAME)
    assert not verdict.accepted and verdict.state is VerdictState.REJECTED
    assert verdict.missing == ("breached",)
    assert verdict.reason.startswith("Not yet: “Not in a known data breach” could not be checked.")
    assert "ask IT" in verdict.reason
    # A required check that did run changes nothing.
    ran = found(Status.PASS, *ALL)
    assert decide(policy, RULES, ran, SAME).accepted


def test_the_breach_hint_does_not_offer_the_password_when_the_check_is_required() -> None:
    broken = BreachVerdict(BreachOutcome.UNKNOWN, reason="the service broke", source="online")

    class Broken:
        def lookup(self, password: str) -> BreachVerdict:
            return broken

    optional = build_pipeline(Policy(), Broken()).run(STRONG).get("breached")
    required = build_pipeline(Policy(required_checks=("breached",)), Broken()).run(STRONG)
    assert optional is not None and "You can still use" in optional.hint
    hint = required.get("breached").hint  # type: ignore[union-attr]
    assert "You can still use" not in hint and "back online" in hint


# adding a rule -----------------------------------------------------------------------------


class NoTrailingSpaceRule:
    """A new rule, as the next engineer would write it: the class is all it takes."""

    rule_id: ClassVar[str] = "trailing"
    title: ClassVar[str] = "No space at the end"
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = "A space at the end is easy to lose when you type the password again."
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return "No space after the last character."

    def check(self, ctx: CheckContext) -> Finding:
        if ctx.as_typed.endswith(" "):
            return Finding(self.rule_id, Status.FAIL, "It ends with a space.", "Remove it.")
        return Finding(self.rule_id, Status.PASS, "No space at the end.")


def pipeline_with_new_rule(policy: Policy) -> Pipeline:
    return Pipeline(policy, [*build_pipeline(policy).rules, NoTrailingSpaceRule()])


def test_a_registered_rule_reaches_the_verdict_and_the_cli_output() -> None:
    pipeline = pipeline_with_new_rule(Policy())
    assert "trailing" in [i.rule_id for i in pipeline.catalogue]
    result = pipeline.run(STRONG + " ")
    verdict = pipeline.verdict(result.findings)
    assert not verdict.accepted and verdict.failed == ("trailing",)
    text = render(result, verdict)
    assert "FAIL         trailing    It ends with a space." in text and "REJECTED" in text
    assert '"id": "trailing", "status": "fail"' in as_json(result, verdict)
