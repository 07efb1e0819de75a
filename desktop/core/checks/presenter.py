"""What the check window shows and does, decided without Qt.

The window holds widgets only: it forwards what the person does (an edit in either box,
Enter, moving on, a result coming back, the record button) and draws what this
presenter says (the strength words and meter, the tip, each slow rule's waiting text,
the verdict, the record button and its status). Every rule id the window used to know
lives here or in the rules themselves.

When a password counts as settled
---------------------------------
The store and network rules (reuse, breach lookup) run once per *settled* password, so
the breach service never sees a half-typed one. The two boxes must hold the same text,
and then one of these must happen:

* the last edit was in the second box and the person paused for ``PAUSE_MS``
  (``Settle.ON_PAUSE``: the window's own timer measures it), where that edit added text
  (typed or pasted), or removed text from the second box only (mending a slip there,
  while the first box was last changed by adding to it);
* the person pressed Enter in either box, or moved on from the box they were editing
  (``Settle.NOW``).

A match that appears while the *first* box is being edited (for example after typing the
second box first) or that deletions in both boxes produced (cutting a password down from
its end, say) is never settled by a pause: it waits for Enter or moving on, and the rules' lines say
so. Any further edit unsettles the password again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from desktop.core.checks.base import Catalogued
from desktop.core.checks.confirm import MatchRule
from desktop.core.checks.findings import CheckResult, Finding, Status
from desktop.core.checks.guessable import SCORE_WORDS
from desktop.core.checks.verdict import Verdict, VerdictState, decide
from desktop.core.kit.i18n import N_, _
from desktop.core.policy.schema import Policy

PAUSE_MS = 400
PASSPHRASE_LENGTH = 15  # NIST SP 800-63B: 15 or more where a password is the only factor

# Rule ids the window's displays depend on; the rules' own ids, kept in the core.
_LENGTH, _GUESSABLE, _PERSONAL, _BREACHED = "length", "guessable", "personal", "breached"


TIP = N_(
    "Tip: length beats complexity. Three or four random words make a passphrase that is "
    "easy to remember and hard to guess. Aim for {n} characters or more."
)


def tip() -> str:
    """The passphrase tip under the password boxes, with the suggested length filled in."""
    return _(TIP, n=PASSPHRASE_LENGTH)


SLOW_WAITS_FOR_MATCH = N_("Checked once both boxes match.")
SLOW_WAITS_FOR_ENTER = N_("Checked when you press Enter or move on.")
SLOW_CHECKING = N_("Checking now...")
WAITS_FOR_ENTER = N_("Looking good so far. Press Enter to finish the checks.")

SAVING = "Saving..."
SAVED = N_(
    "✓ Done. Only a scrambled code of it is kept, so you will be warned if you try to use it again."
)
NOT_SAVED = N_("✗ It could not be saved. Nothing was changed.")
NOT_SAVED_BECAUSE = N_("✗ It could not be saved ({error}). Nothing was changed.")
UNLOCK_AND_RETRY = N_(
    "If your keyring (this computer's safe store for passwords) is locked, unlock it and "
    "press the button again."
)


class Settle(str, Enum):
    """Whether the slow rules may run for what is in the boxes now."""

    NO = "no"  # not settled: nothing is sent
    ON_PAUSE = "on_pause"  # settled once typing pauses for PAUSE_MS
    NOW = "now"  # settled: run now


class EnterAction(str, Enum):
    """What Enter in a box does."""

    RECORD = "record"  # the password is accepted: record it
    SETTLE = "settle"  # run the slow rules now
    NOTHING = "nothing"


@dataclass(frozen=True)
class StrengthView:
    """The strength line and meter: ``shown`` False draws an empty meter."""

    score: int
    shown: bool
    words: str


@dataclass(frozen=True)
class SlowStatus:
    """What each slow rule's line says while its result is not in."""

    checking: bool
    text: str


def is_deletion(before: str, after: str) -> bool:
    """True when ``after`` is ``before`` with one run of characters removed (Backspace,
    Delete, cutting a selection): an edit that adds nothing the person chose."""
    if len(after) >= len(before):
        return False
    head = 0
    while head < len(after) and after[head] == before[head]:
        head += 1
    return before.endswith(after[head:])


class CheckPresenter:
    """The check window's decisions: settling, strength words, tip, slow texts, verdict,
    and the record workflow. Holds the two entries only while the window does."""

    def __init__(self, policy: Policy, rules: tuple[Catalogued, ...], can_record: bool) -> None:
        self.policy = policy
        self.rules = rules
        self.match_rule = MatchRule()
        self.lines: tuple[Catalogued, ...] = (*rules, self.match_rule)
        self.slow_ids = tuple(r.rule_id for r in rules if r.kind != "local")
        self.can_record = can_record
        self._password = ""
        self._confirm = ""
        self._settle = Settle.NO
        self._first_cut = False  # the first box's last edit removed text
        self.local: CheckResult | None = None
        self.slow: CheckResult | None = None
        self.verdict: Verdict | None = None
        self.saving = False

    # ----- the two boxes ---------------------------------------------------------

    @property
    def settle(self) -> Settle:
        return self._settle if self.matches else Settle.NO

    @property
    def matches(self) -> bool:
        return bool(self._password) and self._password == self._confirm

    def password_edited(self, text: str) -> Settle:
        """The first box changed: never settled by a pause (the person is still in it)."""
        self._first_cut = is_deletion(self._password, text)
        self._password = text
        self._settle = Settle.NO
        self.local = None
        self.slow = None
        return self.settle

    def confirm_edited(self, text: str) -> Settle:
        """The second box changed: a match settles after a pause unless both boxes were
        cut down to it."""
        cut = is_deletion(self._confirm, text)
        self._confirm = text
        self._settle = Settle.NO if (cut and self._first_cut) else Settle.ON_PAUSE
        return self.settle

    def moved_on(self) -> Settle:
        """Enter pressed, or focus left a box after an edit: a match is settled now (one
        waiting for the pause runs at once; one that already ran is not run again)."""
        if self.matches:
            self._settle = Settle.NOW
        return self.settle

    def enter_pressed(self) -> EnterAction:
        """Enter in either box: record an accepted password, otherwise settle it."""
        if self.record_allowed:
            return EnterAction.RECORD
        return EnterAction.SETTLE if self.moved_on() is Settle.NOW else EnterAction.NOTHING

    def clear(self) -> None:
        """The window closed or the password was recorded: forget both entries."""
        self._password = self._confirm = ""
        self._settle = Settle.NO
        self._first_cut = False
        self.local = self.slow = None
        self.verdict = None
        self.saving = False

    # ----- what the lines say --------------------------------------------------------

    def match_finding(self) -> Finding:
        return self.match_rule.check_pair(self._password, self._confirm)

    def slow_status(self, checking: bool) -> SlowStatus:
        """Each slow rule's line while its result is not in."""
        if checking:
            return SlowStatus(True, _(SLOW_CHECKING))
        if self.matches and self.settle is Settle.NO:
            return SlowStatus(False, _(SLOW_WAITS_FOR_ENTER))
        return SlowStatus(False, _(SLOW_WAITS_FOR_MATCH))

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for result in (self.local, self.slow):
            if result is not None:
                found.extend(result.findings)
        return found

    def strength(self) -> StrengthView | None:
        """The meter tells the same story as the checks: a password in a breach or made of
        personal words is weak whatever its score; a strength that could not be worked
        out shows no score at all. None until the local rules are in."""
        if not self._password:
            return StrengthView(0, False, _("Strength: nothing typed yet"))
        if self.local is None:
            return None
        score = max(0, min(4, self.local.score))
        by_rule = {f.rule_id: f for f in self.findings()}
        guessable = by_rule.get(_GUESSABLE)
        failed = {
            i for i in (_BREACHED, _PERSONAL) if i in by_rule and by_rule[i].status is Status.FAIL
        }
        if guessable is not None and guessable.status is Status.NOT_CHECKED:
            return StrengthView(0, False, _("Strength: not checked"))
        if failed:
            reason = (
                _("it is in a known data breach")
                if _BREACHED in failed
                else _("it contains personal or common words")
            )
            return StrengthView(
                min(score, 1), True, _("Strength: weak, because {reason}", reason=reason)
            )
        return StrengthView(
            score,
            True,
            _("Strength: {value} ({score} out of 4)", value=_(SCORE_WORDS[score]), score=score),
        )

    def feedback(self) -> str:
        return "\n".join(self.local.feedback) if self.local is not None else ""

    def tip_shown(self) -> bool:
        """The passphrase tip, while the password is short or too short for the policy."""
        if not self._password or self.local is None:
            return True
        length = next((f for f in self.local.findings if f.rule_id == _LENGTH), None)
        too_short = length is not None and length.status is Status.FAIL
        return len(self._password) < PASSPHRASE_LENGTH or too_short

    def decide(self) -> Verdict:
        """The core's verdict on what is in so far; while the slow rules wait for Enter
        (the match is not settled), it says so rather than "still checking"."""
        verdict = decide(
            self.policy,
            self.rules,
            self.findings(),
            self.match_finding(),
            entered=bool(self._password),
        )
        waiting = self.matches and self.settle is Settle.NO and self.local is not None
        if verdict.state is VerdictState.CHECKING and waiting and self.slow is None:
            verdict = replace(verdict, reason=_(WAITS_FOR_ENTER))
        self.verdict = verdict
        return verdict

    # ----- recording -------------------------------------------------------------------

    @property
    def accepted(self) -> bool:
        return self.verdict is not None and self.verdict.accepted

    @property
    def record_allowed(self) -> bool:
        return self.accepted and self.can_record and not self.saving

    def record_started(self) -> str:
        self.saving = True
        return SAVING

    def record_done(self) -> str:
        self.saving = False
        return _(SAVED)

    def record_failed(self, reason: str) -> str:
        """The status after a failed save; ``reason`` is a history error's own words."""
        self.saving = False
        text = _(NOT_SAVED_BECAUSE, error=reason) if reason else _(NOT_SAVED)
        return f"{text} {_(UNLOCK_AND_RETRY)}"
