"""The "both entries match" line of the check window, kept here so it needs no Qt.

The pipeline checks one password; whether the second box agrees with the first is
a question about the form, so the window asks ``MatchRule`` on every key press. It
carries the same catalogue entry as the pipeline's rules. The messages never quote
either entry.
"""

from __future__ import annotations

from typing import ClassVar

from desktop.core.checks.base import RuleKind, normalise
from desktop.core.checks.findings import Finding, Status
from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import Policy


class MatchRule:
    """Do the two entries agree? Checked on the form, not on the password alone."""

    rule_id: ClassVar[str] = "match"
    title: ClassVar[str] = N_("Both entries match")
    kind: ClassVar[RuleKind] = "local"
    why: ClassVar[str] = N_(
        "Typing the password twice catches a slip of the finger before it locks you out "
        "of the account you are setting it for."
    )
    requires: ClassVar[tuple[str, ...]] = ()

    def expects(self, policy: Policy) -> str:
        return _("The same in both boxes.")

    def check_pair(self, password: str, confirm: str) -> Finding:
        return confirmation_finding(password, confirm)


RULE_ID = MatchRule.rule_id
TITLE = MatchRule.title


def confirmation_finding(password: str, confirm: str) -> Finding:
    """Compare the two entries exactly, as the website the password is for will.

    While the second entry is still a correct beginning of the first, the line says
    "keep typing" rather than showing a failure the person has not made yet.
    """
    if not password:
        return Finding(RULE_ID, Status.NOT_CHECKED, _("Type the new password first."))
    if not confirm:
        return Finding(
            RULE_ID,
            Status.NOT_CHECKED,
            _("Type the password again in the second box."),
            _("Typing it twice catches a slip of the finger."),
        )
    if confirm == password:
        return Finding(RULE_ID, Status.PASS, _("Both entries are the same."))
    if len(confirm) < len(password) and password.startswith(confirm):
        return Finding(
            RULE_ID, Status.NOT_CHECKED, _("Keep typing: the second entry is not finished yet.")
        )
    if normalise(confirm) == normalise(password):
        # Same look, different code points (for example an accent typed two ways):
        # many websites would treat these as two different passwords.
        return Finding(
            RULE_ID,
            Status.FAIL,
            _("They look the same but some letters were typed in different ways."),
            _("Clear both boxes and type the password again."),
        )
    return Finding(
        RULE_ID,
        Status.FAIL,
        _("The two entries are different."),
        _("Press Show to see both, then correct the one that is wrong."),
    )
