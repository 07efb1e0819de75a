"""One way to say "this could not be checked", shared by every rule, reader and check.

A password rule that could not run, a device reader that could not read its fact, a
device check given such a reading and the posture document all carry a ``NotChecked``:

* ``reason``: a short clause in plain words for the learner ("the breach service could
  not be reached"), shown as "Not checked: <reason>.";
* ``detail``: for IT's log only (an error's name, a bus error); never shown on a screen
  and never put in the posture document;
* ``code``: a stable reason code for tools and tests (see ``Reason``).

"Not checked" is never a pass, anywhere: whatever holds one of these is not compliant.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop.core.kit.i18n import _


class Reason(str, Enum):
    """Why something could not be checked, as a stable code (written in JSON outputs)."""

    UNREAD = "unread"  # the fact could not be read (permission, absent daemon, bad answer)
    UNSUPPORTED = "unsupported"  # this system has no reader for it (yet)
    TIMEOUT = "timeout"  # the reader did not answer in time, or is still stuck
    FAILED = "failed"  # the check itself went wrong (a bug: please tell IT)
    OFF = "off"  # switched off by the policy or the person
    WAITING = "waiting"  # waits for another check to pass first, or for input
    UNCLEAR = "unclear"  # read, but the answer does not tell either way


@dataclass(frozen=True)
class NotChecked:
    """Something could not be checked, and why.

    The field order keeps ``NotChecked(reason, detail)`` working where readers build
    one positionally (they did so under the old name ``Unread``).
    """

    reason: str
    detail: str = ""
    code: Reason = Reason.UNREAD
    # The reason's placeholders, filled in when the sentence is made: a reason kept in
    # English (marked with N_) is then said in whichever language the sentence is made
    # in, which is how IT's copy can be in the organisation's language.
    values: tuple[tuple[str, object], ...] = ()

    @property
    def clause(self) -> str:
        """The reason alone, in the language in force now, its placeholders filled in."""
        return _(self.reason, **dict(self.values))

    @property
    def sentence(self) -> str:
        """The one sentence a learner reads: "Not checked: <reason>."."""
        text = self.clause.strip()
        if not text.rstrip("."):
            return _("Not checked.")
        if text[-1] not in ".?!":
            text += "."
        if not text[1:2].isupper():  # "It cannot..." -> "it cannot...", but "HTTP" stays
            text = text[:1].lower() + text[1:]
        return _("Not checked: {text}", text=text)

    def as_dict(self) -> dict[str, str]:
        """What JSON outputs hold: the code and the learner's sentence (never ``detail``)."""
        return {"code": self.code.value, "reason": self.sentence}


def not_checked(reason: str, code: Reason = Reason.UNREAD, detail: str = "") -> NotChecked:
    """Keyword-friendly builder, so a call site reads in the order people think of it."""
    return NotChecked(reason, detail, code)
