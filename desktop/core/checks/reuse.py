"""The ``reuse`` rule: not a password used before, nor one too close to it, nor one
used for another account. Never 'pass' when the history could not be read.

The history itself (``desktop.core.history``) decides what counts as "too close";
this rule only turns its verdict into words.
"""

from __future__ import annotations

from typing import ClassVar

from desktop.core.checks.base import (
    NOTHING_ENTERED,
    TOO_LONG,
    CheckContext,
    RuleKind,
    finding,
    unchecked,
)
from desktop.core.checks.findings import Finding, Status
from desktop.core.checks.ports import ReuseCheck, ReuseOutcome
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.policy.schema import Policy


class ReuseRule:
    """Fails a password found in the history or under another account's label."""

    rule_id: ClassVar[str] = "reuse"
    title: ClassVar[str] = N_("Not used before")
    kind: ClassVar[RuleKind] = "store"
    why: ClassVar[str] = N_(
        "When one account leaks, attackers try the same password, and small changes to "
        "it, on your other accounts."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def __init__(self, history: ReuseCheck | None) -> None:
        self._history = history

    def expects(self, policy: Policy) -> str:
        return _("Not a password you have used before.")

    def check(self, ctx: CheckContext) -> Finding:
        if self._history is None:
            return unchecked(
                self.rule_id,
                NotChecked(_("no password history is kept on this computer"), "", Reason.OFF),
                _("When you set a password, record it here so it is never reused."),
            )
        if ctx.length == 0:
            return unchecked(self.rule_id, NOTHING_ENTERED)
        if ctx.too_long:
            return unchecked(self.rule_id, TOO_LONG)
        try:
            verdict = self._history.check_reuse(ctx.password)
        except Exception as exc:  # a store fault must never become a pass
            name = type(exc).__name__
            return unchecked(
                self.rule_id,
                NotChecked(_("the password history could not be read ({name})", name=name), name),
                _("Try again, or restart the computer."),
            )
        outcome = verdict.outcome
        if outcome is ReuseOutcome.EXACT:
            return finding(
                self.rule_id,
                Status.FAIL,
                _("You have used this password before."),
                _("Choose a new password you have not used before."),
            )
        if outcome is ReuseOutcome.NEAR:
            return finding(
                self.rule_id,
                Status.FAIL,
                _("It is too close to a password you used before."),
                _(
                    "Changing a number, a month, a letter or two, or adding or taking away a "
                    "word is not enough: choose a new one."
                ),
            )
        if outcome in (ReuseOutcome.ACCOUNT_EXACT, ReuseOutcome.ACCOUNT_NEAR):
            close = "" if outcome is ReuseOutcome.ACCOUNT_EXACT else _(" (or one very like it)")
            return finding(
                self.rule_id,
                Status.FAIL,
                _("You use this password{close} for: {label}", close=close, label=verdict.label),
                _("Work and personal accounts need different passwords."),
            )
        if outcome is ReuseOutcome.UNAVAILABLE:
            # The history's reasons already say what to do; the hint only adds that
            # nothing else was affected.
            if verdict.reason:
                return unchecked(
                    self.rule_id,
                    NotChecked(verdict.reason),
                    _("The other checks still ran."),
                    message=_("Not checked: {reason}", reason=verdict.reason),
                )
            return unchecked(
                self.rule_id,
                NotChecked(_("the password history is not available")),
                _("Unlock your keyring (your login password), then try again."),
            )
        if outcome is ReuseOutcome.EMPTY:
            return finding(self.rule_id, Status.PASS, _("No earlier passwords recorded yet."))
        return finding(
            self.rule_id, Status.PASS, _("Not the same as or like any earlier password.")
        )
