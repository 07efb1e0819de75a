"""The one verdict on a password: may it be used, and in plain words why (or why not).

``hygiene check`` and the check window both ask ``decide``; neither works the answer out
itself. It weighs the findings that are in so far against the rules of the pipeline,
the "both entries match" line (the window only) and the policy:

* any rule that failed, or two entries that differ, refuses the password;
* a rule listed in the policy's ``required_checks`` that could not run refuses it too
  (IT asked for the check to fail closed), with what could not be checked and what to do;
* a rule whose finding is still on its way means "checking", never "accepted";
* otherwise the password is accepted, and ``complete`` says whether every rule ran.

"Not checked" is never a pass: an accepted verdict with a rule not checked is not
``complete``, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from desktop.core.checks.base import Catalogued
from desktop.core.checks.findings import Finding, Status
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import Policy


class VerdictState(str, Enum):
    """Where the person stands; the window picks a colour and a symbol from it."""

    EMPTY = "empty"  # nothing typed yet
    CHECKING = "checking"  # some findings are still on their way
    CONFIRM = "confirm"  # fine so far; the second box is not finished
    REJECTED = "rejected"
    ACCEPTED = "accepted"


@dataclass(frozen=True)
class Verdict:
    """The answer for the person. ``reason`` is one or two plain sentences."""

    accepted: bool
    state: VerdictState
    reason: str
    complete: bool  # every rule ran to a pass or a fail
    failed: tuple[str, ...] = ()  # ids of the rules that failed
    missing: tuple[str, ...] = ()  # ids of required rules that could not run

    def as_dict(self) -> dict[str, object]:
        return {"accepted": self.accepted, "complete": self.complete, "reason": self.reason}


EMPTY = N_("Type a new password to start.")
CHECKING = N_("Checking the password.")
MISMATCH = N_("Not yet: the two entries are different.")
CONFIRM = N_("Nearly there: type the password again in the second box.")
REJECTED = N_("Not yet: choose a different password. The checks that failed say why.")
ACCEPTED = N_("Good choice: you can use this password.")
ACCEPTED_INCOMPLETE = N_(
    "You can use this password, but some checks could not run (marked as not checked)."
)
REQUIRED_TODO = N_(
    "Your organisation needs it checked before a password is used: fix what the check "
    "says and try again, or ask IT if it keeps happening."
)


def _quote(titles: Sequence[str]) -> str:
    return i18n.join([_("“{title}”", title=t) for t in titles])


def decide(
    policy: Policy,
    rules: Sequence[Catalogued],
    findings: Sequence[Finding],
    match: Finding | None = None,
    entered: bool = True,
) -> Verdict:
    """The verdict on ``findings`` (those in so far) for the pipeline's ``rules``.

    ``match`` is the "both entries match" finding when there are two boxes; the CLI
    has one entry and passes None. ``entered`` is False while the box is empty.
    """
    by_id = {f.rule_id: f for f in findings if f.rule_id != (match.rule_id if match else None)}
    titles = {r.rule_id: _(r.title) for r in rules}
    pending = [r for r in rules if r.rule_id not in by_id]
    not_checked = [i for i, f in by_id.items() if f.status is Status.NOT_CHECKED]
    complete = not pending and not not_checked
    if not entered:
        return Verdict(False, VerdictState.EMPTY, _(EMPTY), False)
    failed = tuple(i for i, f in by_id.items() if f.status is Status.FAIL)
    if failed:
        return Verdict(False, VerdictState.REJECTED, _(REJECTED), complete, failed)
    if match is not None and match.status is Status.FAIL:
        return Verdict(False, VerdictState.REJECTED, _(MISMATCH), complete)
    missing = tuple(i for i in not_checked if i in policy.required_checks)
    if missing:
        what = _quote([titles.get(i, i) for i in missing])
        reason = _(
            "Not yet: {what} could not be checked. {REQUIRED_TODO}",
            what=what,
            REQUIRED_TODO=_(REQUIRED_TODO),
        )
        return Verdict(False, VerdictState.REJECTED, reason, complete, (), missing)
    if any(r.kind == "local" for r in pending):
        return Verdict(False, VerdictState.CHECKING, _(CHECKING), complete)
    if match is not None and match.status is not Status.PASS:
        return Verdict(False, VerdictState.CONFIRM, _(CONFIRM), complete)
    if pending:
        still = _quote([_(r.title) for r in pending])
        return Verdict(
            False,
            VerdictState.CHECKING,
            _("Looking good so far. Still checking: {still}.", still=still),
            complete,
        )
    if not_checked:
        return Verdict(True, VerdictState.ACCEPTED, _(ACCEPTED_INCOMPLETE), False)
    return Verdict(True, VerdictState.ACCEPTED, _(ACCEPTED), True)
