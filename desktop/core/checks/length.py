"""The ``length`` rule: at least ``min_length`` characters, at most ``max_length``.

Characters are counted as the person sees them: extended grapheme clusters (Unicode
UAX #29) of the text as typed, hidden characters left out. A flag, a skin-toned emoji,
a family of joined emoji, a letter with a combining accent or underline and the single
character U+FDFA are one character each. Input far past any allowed length is not
counted one by one.
"""

from __future__ import annotations

from typing import ClassVar

from desktop.core.checks.base import CheckContext, RuleKind, finding
from desktop.core.checks.findings import Finding, Status
from desktop.core.kit.i18n import N_, _, ngettext
from desktop.core.kit.visible import COUNT_EXACTLY_UP_TO
from desktop.core.policy.schema import Policy


class LengthRule:
    """Counts characters as seen (grapheme clusters). Never truncates."""

    rule_id: ClassVar[str] = "length"
    title: ClassVar[str] = N_("Long enough")
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = N_(
        "Every extra character multiplies the guesses an attacker needs. Length helps "
        "more than symbols or capital letters do."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return ngettext("At least {n} character.", "At least {n} characters.", policy.min_length)

    def check(self, ctx: CheckContext) -> Finding:
        n, lo, hi = ctx.length, ctx.policy.min_length, ctx.policy.max_length
        if n == 0:
            return finding(
                self.rule_id,
                Status.FAIL,
                _("No password entered yet."),
                _("Type a password of at least {lo} characters.", lo=lo),
            )
        if n < lo:
            short = lo - n
            return finding(
                self.rule_id,
                Status.FAIL,
                ngettext(
                    "Too short: {n} character. It needs at least {lo}.",
                    "Too short: {n} characters. It needs at least {lo}.",
                    n,
                    lo=lo,
                ),
                ngettext(
                    "Add {n} more character. Several random words make a long "
                    "password that is easy to remember.",
                    "Add {n} more characters. Several random words make a long "
                    "password that is easy to remember.",
                    short,
                ),
            )
        if n > hi:
            counted = (
                ngettext("{n} character", "{n} characters", n)
                if n <= COUNT_EXACTLY_UP_TO
                else _("far too many characters")
            )
            return finding(
                self.rule_id,
                Status.FAIL,
                _("Too long: {counted}. The most allowed is {hi}.", counted=counted, hi=hi),
                _("Shorten it to {hi} characters or fewer. Nothing was cut off for you.", hi=hi),
            )
        return finding(
            self.rule_id,
            Status.PASS,
            ngettext("{n} character: long enough.", "{n} characters: long enough.", n),
            _("15 or more characters is even better.") if n < 15 else "",
        )
