"""The ``length`` rule: at least ``min_length`` characters, at most ``max_length``."""

from __future__ import annotations

from typing import ClassVar

from desktop.core.checks.base import CheckContext, RuleKind, finding
from desktop.core.checks.findings import Finding, Status
from desktop.core.policy.schema import Policy


class LengthRule:
    """Counts characters (Unicode code points after NFKC). Never truncates."""

    rule_id: ClassVar[str] = "length"
    title: ClassVar[str] = "Long enough"
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = (
        "Every extra character multiplies the guesses an attacker needs. Length helps "
        "more than symbols or capital letters do."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return f"At least {policy.min_length} characters."

    def check(self, ctx: CheckContext) -> Finding:
        n, lo, hi = ctx.length, ctx.policy.min_length, ctx.policy.max_length
        if n == 0:
            return finding(
                self.rule_id,
                Status.FAIL,
                "No password entered yet.",
                f"Type a password of at least {lo} characters.",
            )
        if n < lo:
            short = lo - n
            return finding(
                self.rule_id,
                Status.FAIL,
                f"Too short: {n} characters. It needs at least {lo}.",
                f"Add {short} more character{'s' if short != 1 else ''}. Several random words "
                "make a long password that is easy to remember.",
            )
        if n > hi:
            return finding(
                self.rule_id,
                Status.FAIL,
                f"Too long: {n} characters. The most allowed is {hi}.",
                f"Shorten it to {hi} characters or fewer. Nothing was cut off for you.",
            )
        return finding(
            self.rule_id,
            Status.PASS,
            f"{n} characters: long enough.",
            "15 or more characters is even better." if n < 15 else "",
        )
