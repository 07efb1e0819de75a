"""The ``breached`` rule: is the password in a known breach? Never 'pass' unless checked.

The lookup is passed in (online, offline or both, see ``desktop.core.breach``); only a
FOUND or NOT_FOUND verdict decides the rule. Anything else, including a lookup that
raises, is "not checked" with the lookup's one-line reason.

The rule ``requires`` the length and characters rules: the pipeline runs it only when
both pass, so no lookup is ever made for text that is too short, too long or has
hidden characters in it (a half-typed password is never looked up).

Breach lists are keyed by the bytes people typed, and the same word can be typed
composed (``é`` as one character, as most keyboards send it) or decomposed (``e`` and a
combining accent, as some input methods and macOS file names do). The rule looks up the
composed form (NFC) first and, when the password as typed differs, that form too, with
the online service and the offline list alike: found in either is found; "not found"
only when every form was checked and none was found.
"""

from __future__ import annotations

import unicodedata
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
from desktop.core.checks.ports import BreachLookup, BreachOutcome, BreachVerdict
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _, ngettext
from desktop.core.kit.unchecked import NotChecked, Reason
from desktop.core.policy.schema import Policy


class BreachedRule:
    """Fails a password seen in a breach, with how often; passes only after a real check."""

    rule_id: ClassVar[str] = "breached"
    title: ClassVar[str] = N_("Not in a known data breach")
    kind: ClassVar[RuleKind] = "network"
    why: ClassVar[str] = N_(
        "Passwords from past breaches are in every attacker's list and are tried first, "
        "however strong they look."
    )
    requires: ClassVar[tuple[str, ...]] = ("length", "characters")

    def __init__(self, lookup: BreachLookup | None) -> None:
        self._lookup = lookup

    def expects(self, policy: Policy) -> str:
        return _("Not in any list of leaked passwords.")

    def check(self, ctx: CheckContext) -> Finding:
        required = self.rule_id in ctx.policy.required_checks
        if self._lookup is None:
            return unchecked(
                self.rule_id,
                NotChecked(_("the breach check is turned off"), "", Reason.OFF),
                _("Ask IT to turn on the breach check, or use the offline file."),
            )
        if ctx.length == 0:
            return unchecked(self.rule_id, NOTHING_ENTERED)
        if ctx.too_long:
            return unchecked(self.rule_id, TOO_LONG)
        try:
            verdict = _lookup_forms(self._lookup, ctx.as_typed or ctx.password)
        except Exception as exc:  # a lookup must never turn a failure into a pass
            name = type(exc).__name__
            return unchecked(
                self.rule_id,
                NotChecked(_("the breach check failed ({name})", name=name), name, Reason.FAILED),
                _("Try again later."),
            )
        if verdict.outcome is BreachOutcome.FOUND:
            times = ngettext(
                "once", "{count} times", verdict.count, count=i18n.number(verdict.count)
            )
            return finding(
                self.rule_id,
                Status.FAIL,
                _("Seen {times} in known data breaches.", times=times),
                _("Attackers try these first. Choose a password you have never used."),
            )
        if verdict.outcome is BreachOutcome.NOT_FOUND:
            return finding(self.rule_id, Status.PASS, _("Not found in known data breaches."))
        reason = verdict.reason or _("the breach check could not finish")
        if verdict.hint:
            hint = verdict.hint
        elif verdict.source == "offline":
            hint = _("Please tell IT the offline breach list has a problem.")
        else:
            hint = _("Try again when you are back online.")
        if not required:
            hint = _("You can still use this password if every other check passes; ") + (
                hint[0].lower() + hint[1:]
            )
        return unchecked(self.rule_id, NotChecked(reason), hint)


def lookup_forms(password: str) -> tuple[str, ...]:
    """The forms of ``password`` to look up: composed (NFC) first, then as typed if other."""
    try:
        composed = unicodedata.normalize("NFC", password)
    except UnicodeError:  # a lone surrogate: only the form as typed exists
        return (password,)
    return (composed,) if composed == password else (composed, password)


def _lookup_forms(lookup: BreachLookup, password: str) -> BreachVerdict:
    first: BreachVerdict | None = None
    for form in lookup_forms(password):
        verdict = lookup.lookup(form)
        if verdict.outcome is BreachOutcome.FOUND:
            return verdict
        if first is None or (
            verdict.outcome is BreachOutcome.UNKNOWN and first.outcome is not BreachOutcome.UNKNOWN
        ):
            first = verdict
    assert first is not None
    return first
