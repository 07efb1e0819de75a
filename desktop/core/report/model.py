"""The answers a person gives when they think a password leaked, and the steps to take.

``ReportAnswers`` is everything the wizard asks, kept as plain data so that it can be
saved as a draft, rendered into a report and checked in tests without Qt. By design it
has no field for the password itself: the leaked password is only ever typed into a
field used for a one-off local comparison, and is forgotten straight after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum

from desktop.core.kit.i18n import N_, _, ngettext

MAX_DETAILS = 5000  # free text: a few paragraphs; longer is refused, never cut silently
MAX_LINE = 200  # single-line answers: an account name, a person's name or address

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")


class WhatHappened(str, Enum):
    """The plain choices offered for how the password may have leaked."""

    PHISHING = "phishing"
    SEEN = "seen"
    SHARED = "shared"
    BREACH = "breach"
    ALERT = "alert"
    UNSURE = "unsure"


# How each choice reads in the report sent to the contacts (third person, short).
WHAT_HAPPENED_TEXT: dict[WhatHappened, str] = {
    WhatHappened.PHISHING: N_("Typed the password into a suspicious web page or email"),
    WhatHappened.SEEN: N_("Someone may have seen the password, or it was written down"),
    WhatHappened.SHARED: N_("Shared the password with someone else"),
    WhatHappened.BREACH: N_("Used the password on a website that was breached"),
    WhatHappened.ALERT: N_("Got a warning or an unexpected sign-in alert"),
    WhatHappened.UNSURE: N_("Not sure what happened, but something seems wrong"),
}


class Step(str, Enum):
    """What to do straight away, in the order that limits the damage most."""

    CHANGE_NOW = "change_now"
    CHANGE_ELSEWHERE = "change_elsewhere"
    SIGN_OUT = "sign_out"
    TURN_ON_MFA = "turn_on_mfa"


STEP_ORDER: tuple[Step, ...] = (
    Step.CHANGE_NOW,
    Step.CHANGE_ELSEWHERE,
    Step.SIGN_OUT,
    Step.TURN_ON_MFA,
)

# How each step reads in the report and in reminders.
STEP_TEXT: dict[Step, str] = {
    Step.CHANGE_NOW: N_("Changed the password"),
    Step.CHANGE_ELSEWHERE: N_("Changed it anywhere else it was used"),
    Step.SIGN_OUT: N_("Signed out of other sessions"),
    Step.TURN_ON_MFA: N_("Turned on multi-factor sign-in"),
}


# How each step reads in a to-do list and in the tray reminder.
STEP_TODO: dict[Step, str] = {
    Step.CHANGE_NOW: N_("Change the password"),
    Step.CHANGE_ELSEWHERE: N_("Change it anywhere else you used it"),
    Step.SIGN_OUT: N_("Sign out of other sessions"),
    Step.TURN_ON_MFA: N_("Turn on two-step (multi-factor) sign-in"),
}


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Text fit for a single-line answer or a mail header: no line breaks, no control
    characters, trimmed, at most ``limit`` characters."""
    text = _CONTROL.sub("", _SPACES.sub(" ", text)).strip()
    return text[:limit].rstrip()


def clean_details(text: str) -> str:
    """Free text with line breaks kept, control characters removed, within MAX_DETAILS."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).strip()
    return text[:MAX_DETAILS].rstrip()


def looks_like_email(text: str) -> bool:
    """A light check that catches typing slips; the relay has the final word."""
    return bool(_EMAIL.match(text.strip()))


@dataclass(frozen=True)
class ReportAnswers:
    """Everything the person told us, plus which steps they have ticked off and when.

    ``when`` is when they think the leak happened; ``started`` is when they began the
    report. Both are timezone-aware. ``other_accounts`` are the labels of the person's
    own saved accounts that share the leaked password (labels only, never passwords).
    """

    reference: str
    started: datetime
    when: datetime
    what: WhatHappened | None = None
    details: str = ""
    account: str = ""
    reporter_name: str = ""
    reporter_email: str = ""
    note: str = ""
    other_accounts: tuple[str, ...] = ()
    burned: bool = False
    steps_done: dict[Step, datetime] = field(default_factory=dict)
    # The kinds under "Report a problem" (``kinds.py``): which kind, the answers to its
    # own questions by field name, its do-this-now list as ticked (by key, when), and
    # the device check summary exactly as the person chose to attach it ("" for none).
    kind: str = "leak"
    values: dict[str, str] = field(default_factory=dict)
    ticks: dict[str, datetime] = field(default_factory=dict)
    attachment: str = ""

    def text(self, name: str) -> str:
        """The answer named ``name``: one of the fixed fields or one of the kind's own."""
        if name in _FIXED_TEXT:
            value = getattr(self, name)
            return value if isinstance(value, str) else ""
        return self.values.get(name, "")

    def with_text(self, name: str, value: str) -> ReportAnswers:
        """A copy with the answer named ``name`` set to ``value``."""
        if name in _FIXED_TEXT:
            fixed: dict[str, object] = {name: value}
            return replace(self, **fixed)  # type: ignore[arg-type]
        values = dict(self.values)
        if value:
            values[name] = value
        else:
            values.pop(name, None)
        return replace(self, values=values)

    def with_tick(self, key: str, done: bool, at: datetime) -> ReportAnswers:
        """A copy with the do-this-now item ``key`` ticked at ``at`` (or unticked)."""
        ticks = dict(self.ticks)
        if done:
            ticks.setdefault(key, at)
        else:
            ticks.pop(key, None)
        return replace(self, ticks=ticks)

    def cleaned(self) -> ReportAnswers:
        """A copy with every text answer tidied for headers and the report."""
        return replace(
            self,
            values={k: clean_details(v) for k, v in self.values.items()},
            attachment=clean_details(self.attachment),
            details=clean_details(self.details),
            account=one_line(self.account),
            reporter_name=one_line(self.reporter_name),
            reporter_email=one_line(self.reporter_email),
            note=clean_details(self.note),
            other_accounts=tuple(a for a in (one_line(x) for x in self.other_accounts) if a),
        )

    def with_step(self, step: Step, done: bool, at: datetime) -> ReportAnswers:
        """A copy with ``step`` ticked at ``at`` (or unticked)."""
        steps = dict(self.steps_done)
        if done:
            steps.setdefault(step, at)
        else:
            steps.pop(step, None)
        return replace(self, steps_done=steps)

    def steps_left(self) -> tuple[Step, ...]:
        return tuple(s for s in STEP_ORDER if s not in self.steps_done)

    def problems(self) -> tuple[str, ...]:
        """What is still missing before the report can be sent, in plain words."""
        out: list[str] = []
        if self.what is None:
            out.append(_("Choose what happened."))
        if not one_line(self.account):
            out.append(_("Say which account or system the password is for."))
        if not one_line(self.reporter_name):
            out.append(_("Enter your name."))
        if self.reporter_email and not looks_like_email(self.reporter_email):
            out.append(_("Enter your email address in full, like name@example.org."))
        return tuple(out)


_FIXED_TEXT = frozenset(
    {"details", "account", "reporter_name", "reporter_email", "note"}
)  # the text answers every kind keeps in ``ReportAnswers``' own fields


def format_elapsed(since: datetime, now: datetime) -> str:
    """How long ago, in plain words: 'less than a minute', '25 minutes', '3 hours 5 minutes',
    '2 days 4 hours'. A time in the future counts as now."""
    delta = max(now - since, timedelta(0))
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return _("less than a minute")
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)

    def both(first: str, second: str) -> str:
        return _("{first} {second}", first=first, second=second)

    if days:
        text = ngettext("{n} day", "{n} days", days)
        return both(text, ngettext("{n} hour", "{n} hours", hours)) if hours else text
    if hours:
        text = ngettext("{n} hour", "{n} hours", hours)
        return both(text, ngettext("{n} minute", "{n} minutes", mins)) if mins else text
    return ngettext("{n} minute", "{n} minutes", mins)
