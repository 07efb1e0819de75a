"""The report wizard's decisions, without Qt: answers, draft, old password, delivery.

``ReportFlow`` is the presenter behind the wizard. The wizard draws the pages of a
``ReportKind`` (``steps.py``) and forwards what the person does; the flow decides:

* the answers so far (``AnswersState``) and what a reopened draft brings back (the
  answers, the step to walk to, the welcome-back notice, an earlier send's state);
* the draft's life: when it is written (after a pause in typing, on leaving a page,
  before a send, on closing), what goes into it (free text only once its page is left),
  when it is removed (sent, or handed over and finished), and whether it was really
  saved (``SaveOutcome``; the words the person sees at once when it was not);
* one writer per draft (the draft lock; a second wizard is told the report is open
  elsewhere and writes nothing);
* the old password, used once: the answers are cleaned of it and every later save and
  send is checked against it; blocking it and comparing it with saved accounts is a
  piece of work the wizard runs on its worker; the result in plain words;
* the delivery state: a send started, cut short, refused or taken, and what the
  confirmation page and the tray reminder say.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any

from desktop.core.kit.i18n import N_, _
from desktop.core.kit.jsonfile import present
from desktop.core.policy.schema import Policy
from desktop.core.report.contacts import contacts_for, describe, recipients
from desktop.core.report.drafts import Draft, DraftLock, DraftStore
from desktop.core.report.guard import SecretGuard, scrub_answers
from desktop.core.report.model import STEP_TODO, ReportAnswers, Step
from desktop.core.report.reference import make_reference
from desktop.core.report.render import (
    BuiltReport,
    build_report,
    fill,
    format_moment,
    new_message_id,
)
from desktop.core.report.steps import LEAK, Options, Problem, ReportKind

log = logging.getLogger(__name__)

REMINDER_SECONDS = 3600

SAVED_AS_YOU_GO = N_(
    "You are doing the right thing. This takes about five minutes. Your answers are saved "
    "as you go, so you can stop and carry on later."
)
NOT_SAVED_AS_YOU_GO = N_(
    "You are doing the right thing. This takes about five minutes. Your answers cannot be "
    "kept on this computer, so finish the report in one go, or save it to a file or copy it."
)
SAVE_FAILED = N_(
    "Your answers could not be saved on this computer just now ({why}). Nothing you typed "
    "is lost while this window stays open, but it will not be here if you close it: save "
    "the report to a file or copy it, or finish it now."
)
SAVED_AGAIN = N_("Your answers are saved again.")
OPEN_ELSEWHERE = N_(
    "This report is already open in another Hygiene Helper window. Carry on there, so "
    "nothing you type is lost. This window changes nothing."
)
LEAVE_KEPT = N_(
    "Your answers are kept on this computer, so you can carry on later from the tray menu. "
    "Stop for now?"
)
LEAVE_NOT_KEPT = N_(
    "Your answers could not be saved on this computer, so they will be lost if you stop "
    "now. Save the report to a file or copy it first. Stop anyway?"
)


class AnswersState:
    """The answers so far. Every change calls the ``on_change`` listeners (the wizard
    saves the draft after a pause). Plain callbacks, so it needs no Qt."""

    def __init__(self, answers: ReportAnswers, clock: Callable[[], datetime]) -> None:
        self._answers = answers
        self.clock = clock
        self.on_change: list[Callable[[], None]] = []

    @property
    def answers(self) -> ReportAnswers:
        return self._answers

    def _changed(self) -> None:
        for listener in list(self.on_change):
            listener()

    def replace_all(self, answers: ReportAnswers) -> None:
        self._answers = answers
        self._changed()

    def update(self, **changes: Any) -> None:
        new = replace(self._answers, **changes)
        if new != self._answers:
            self._answers = new
            self._changed()

    def set_step(self, step: Step, done: bool) -> None:
        self.replace_all(self._answers.with_step(step, done, self.clock()))

    def set_text(self, name: str, value: str) -> None:
        """Set the answer named ``name`` (a fixed field or one of the kind's own)."""
        new = self._answers.with_text(name, value)
        if new != self._answers:
            self._answers = new
            self._changed()

    def set_tick(self, key: str, done: bool) -> None:
        """Tick (or untick) a do-this-now item, at the clock's time."""
        new = self._answers.with_tick(key, done, self.clock())
        if new != self._answers:
            self._answers = new
            self._changed()


class Saved(str, Enum):
    """What became of one attempt to write the draft."""

    SAVED = "saved"
    SKIPPED = "skipped"  # nothing to keep, nowhere to keep it, or not ours to write
    FAILED = "failed"


@dataclass(frozen=True)
class SaveOutcome:
    """The attempt's result and, when it changed what the person should know, the words
    to show now (``notice``, on the page they are on)."""

    saved: Saved
    notice: str = ""
    problem: bool = False


@dataclass(frozen=True)
class Opening:
    """What the wizard shows as it opens: the step to walk to and a notice."""

    resume_key: str
    notice: str
    last_error: str


@dataclass(frozen=True)
class OldPasswordResult:
    """The outcome of blocking and comparing the old password, in plain words."""

    text: str
    burned: bool
    accounts: tuple[str, ...]


Burn = Callable[[str], object]
Compare = Callable[[str], list[str]]


class ReportFlow:
    """The presenter of one report wizard (see the module notes)."""

    def __init__(
        self,
        policy: Policy,
        drafts: DraftStore | None,
        clock: Callable[[], datetime],
        *,
        kind: ReportKind = LEAK,
        relay: bool = False,
        choose: Callable[[str], str] | None = None,
    ) -> None:
        self.policy, self.kind, self.clock = policy, kind, clock
        self.drafts = drafts
        self.relay = relay
        self.who = recipients(contacts_for(policy, kind.kind_id))
        self.options = Options(email_required=relay)
        self.lock: DraftLock | None = drafts.lock() if drafts is not None else None
        # Another wizard has this draft: this one reads nothing and writes nothing.
        self.open_elsewhere = self.lock is not None and not self.lock.acquire()
        self.send_started: datetime | None = None
        self.uncertain = False  # an earlier send may have reached the desk
        self.in_flight = False
        self.how = ""  # "relay", "mail app", "file", "copied" once it left; "" before
        self.last_error = ""
        self.save_failed = False
        self.guard: SecretGuard | None = None  # set once the old password is typed
        self.reminded = False
        answers, self.opening = self._open(choose)
        self.state = AnswersState(answers, clock)
        # Free text goes into the draft only once the person leaves its page; until then
        # the draft keeps what the page held when they arrived.
        self.held = answers

    # -- opening ------------------------------------------------------------------------

    def _open(self, choose: Callable[[str], str] | None) -> tuple[ReportAnswers, Opening]:
        draft = None
        problem = ""
        if self.drafts is not None and not self.open_elsewhere:
            draft = self.drafts.load()
            problem = self.drafts.problem
        if draft is not None:
            self.message_id = draft.message_id or new_message_id(draft.answers.reference)
            saved = format_moment((draft.saved or draft.answers.started).astimezone(), self.clock())
            notice = _(
                "Welcome back. We kept the answers you gave on {saved}. "
                "Carry on where you stopped.",
                saved=saved,
            )
            if draft.send_started is not None:
                self.send_started, self.uncertain = draft.send_started, True
                when = format_moment(draft.send_started.astimezone(), self.clock())
                notice += _(
                    " A send was started on {when}, so we may already have sent "
                    "this report. Sending again is safe: the desk will see one "
                    "report.",
                    when=when,
                )
            self.last_error = draft.last_error
            key = draft.page or self.kind.steps[0].key
            answers = draft.answers
            if answers.kind != self.kind.kind_id:  # never ours to carry on: start afresh
                answers = replace(answers, kind=self.kind.kind_id, values={}, ticks={})
            return answers, Opening(key, notice, draft.last_error)
        now = self.clock()
        reference = make_reference(now, choose) if choose else make_reference(now)
        self.message_id = new_message_id(reference)
        answers = ReportAnswers(reference=reference, started=now, when=now, kind=self.kind.kind_id)
        notice = _(OPEN_ELSEWHERE) if self.open_elsewhere else problem
        return answers, Opening("", notice, "")

    def resume_index(self) -> int:
        """The step to walk forward to; never past the step that sends."""
        index = self.kind.index(self.opening.resume_key)
        sending = next(
            (i for i, s in enumerate(self.kind.steps) if s.page == "check"), len(self.kind.steps)
        )
        return min(index, sending)

    def intro(self) -> str:
        """The first page's opening words: "saved as you go" only when it is so."""
        if self.drafts is None or self.save_failed or self.open_elsewhere:
            return _(NOT_SAVED_AS_YOU_GO)
        return _(SAVED_AS_YOU_GO)

    # -- steps --------------------------------------------------------------------------

    def problem(self, key: str) -> Problem | None:
        """What stops the person leaving step ``key`` forwards, if anything."""
        return self.kind.step(key).validate(self.state.answers, self.options)

    def send_problems(self) -> tuple[str, ...]:
        """What is missing before the report can be sent, in plain words."""
        if self.kind.kind_id != "leak":
            found = (s.validate(self.state.answers, self.options) for s in self.kind.steps)
            return tuple(p.message for p in found if p is not None)
        out = list(self.state.answers.problems())
        if self.relay and not self.state.answers.reporter_email.strip():
            out.append(_("Enter your email address, so they can reply."))
        return tuple(out)

    def left_page(self) -> None:
        """The person left a page: its free text may go into the draft now."""
        self.held = self.state.answers

    # -- the draft ----------------------------------------------------------------------

    def blank(self) -> ReportAnswers:
        a = self.state.answers
        return ReportAnswers(reference=a.reference, started=a.started, when=a.when, kind=a.kind)

    def typed_anything(self) -> bool:
        return self.state.answers != self.blank()

    def guarded(self, answers: ReportAnswers) -> ReportAnswers:
        return scrub_answers(answers, self.guard)[0] if self.guard is not None else answers

    def draft(self, key: str) -> Draft:
        """The draft for the person on step ``key`` (its free text as they arrived)."""
        answers = self.state.answers
        held = self.kind.step(key).held if key else ()
        for name in held:
            answers = answers.with_text(name, self.held.text(name))
        return Draft(
            self.guarded(answers),
            key,
            self.last_error,
            self.clock(),
            self.message_id,
            self.send_started,
        )

    def draft_kept(self) -> bool:
        return self.drafts is not None and not self.open_elsewhere and present(self.drafts.path)

    def save(self, key: str) -> SaveOutcome:
        """Write the draft now if there is anything to keep; say so at once if it failed,
        and again once it works after a failure."""
        if self.drafts is None or self.open_elsewhere or self.how == "relay":
            return SaveOutcome(Saved.SKIPPED)
        if not self.typed_anything() and not present(self.drafts.path):
            return SaveOutcome(Saved.SKIPPED)  # opening and closing leaves nothing behind
        try:
            self.drafts.save(self.draft(key))
        except OSError as exc:
            why = _plain_reason(exc)
            log.warning("report draft not saved: %s", exc.strerror or type(exc).__name__)
            self.save_failed = True
            return SaveOutcome(Saved.FAILED, _(SAVE_FAILED).format(why=why), problem=True)
        if self.save_failed:
            self.save_failed = False
            return SaveOutcome(Saved.SAVED, _(SAVED_AGAIN))
        return SaveOutcome(Saved.SAVED)

    def leave_question(self) -> str:
        return _(LEAVE_NOT_KEPT) if (self.save_failed or self.drafts is None) else _(LEAVE_KEPT)

    def asks_before_leaving(self, on_last_step: bool) -> bool:
        return not on_last_step and self.typed_anything() and not self.open_elsewhere

    def close(self, finished: bool, key: str) -> SaveOutcome:
        """The wizard closes: the draft goes once the report is sent, or handed over and
        the person pressed Finish; closing in any other way keeps it (a copy on the
        clipboard or a mail app left unsent is easily lost). Then the lock is let go."""
        try:
            if self.open_elsewhere:
                return SaveOutcome(Saved.SKIPPED)
            done = self.how == "relay" or (bool(self.how) and finished)
            if done and self.drafts is not None:
                self.drafts.remove()
                return SaveOutcome(Saved.SKIPPED)
            if self.typed_anything():
                self.left_page()  # closing leaves the page too
                return self.save(key)
            return SaveOutcome(Saved.SKIPPED)
        finally:
            self.release()

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()

    # -- the old password, used once -------------------------------------------------------

    def take_old_password(self, secret: str) -> bool:
        """Guard every later save and send against ``secret`` and clean it out of the
        answers now; True when something had to be taken out."""
        self.guard = SecretGuard(secret)
        cleaned, redacted = scrub_answers(self.state.answers, self.guard)
        self.held = scrub_answers(self.held, self.guard)[0]
        if redacted:
            self.state.replace_all(cleaned)
        return redacted

    @staticmethod
    def old_password_work(
        secret: str, burn: Burn | None, compare: Compare | None
    ) -> Callable[[], tuple[bool | None, list[str] | None, bool]]:
        """The work to run off the GUI thread: block it, and find saved accounts using it."""

        def work() -> tuple[bool | None, list[str] | None, bool]:
            burned: bool | None = None
            labels: list[str] | None = None
            failed = False
            if burn is not None:
                try:
                    burn(secret)
                    burned = True
                except Exception:  # the store says why in its own log, never the secret
                    burned, failed = False, True
            if compare is not None:
                try:
                    labels = list(compare(secret))
                except Exception:
                    failed = True
            return burned, labels, failed

        return work

    def old_password_done(
        self, burned: bool | None, labels: list[str] | None, failed: bool, redacted: bool
    ) -> str:
        """Record what the work found and say it in plain words."""
        parts: list[str] = []
        if burned:
            self.state.update(burned=True)
            parts.append(_("Blocked: it will never be accepted again."))
        if labels:
            known = list(self.state.answers.other_accounts)
            self.state.update(other_accounts=tuple(known + [x for x in labels if x not in known]))
            there = " (step 2)" if self.kind.kind_id == "leak" else ""
            parts.append(
                _(
                    "Also used for: {join}. Change it there too{there}.",
                    join=", ".join(labels),
                    there=there,
                )
            )
        elif labels is not None:
            parts.append(_("None of your saved accounts use it."))
        if failed:
            parts.append(
                _(
                    "Some of this did not work because your saved passwords could not be read. "
                    "Carry on with the steps."
                )
            )
        if redacted:
            parts.append(_("We also took it out of what you typed in your answers."))
        return " ".join(parts)

    # -- delivery -----------------------------------------------------------------------

    def build(self) -> BuiltReport:
        answers = self.guarded(self.state.answers)  # checked again just before it leaves
        return build_report(answers, self.policy, self.clock(), self.message_id)

    def send_starting(self, key: str) -> SaveOutcome:
        """Before a send through the relay: the draft says a send was started, and when."""
        if not self.uncertain:
            self.send_started = self.clock()
        self.in_flight = True
        return self.save(key)

    def send_ended(self, maybe_sent: bool, key: str) -> SaveOutcome:
        """A send failed (``maybe_sent``: the relay may have taken it) or the report was
        handed over another way: keep the draft, with what is known about the send."""
        if self.in_flight:
            self.in_flight = False
            if maybe_sent:
                self.uncertain = True
            elif not self.uncertain:
                self.send_started = None  # refused outright: nothing went
        return self.save(key)

    def handed_over(self, how: str) -> None:
        if self.how != "relay":
            self.how = how

    def sent(self) -> None:
        """The relay took the report: the draft has done its job."""
        self.how, self.last_error, self.in_flight = "relay", "", False
        if self.drafts is not None and not self.open_elsewhere:
            self.drafts.remove()

    def steps_left(self) -> tuple[str, ...]:
        """The do-this-now steps not yet ticked, as the person reads them."""
        a = self.state.answers
        if self.kind.kind_id == "leak":
            return tuple(_(STEP_TODO[s]) for s in a.steps_left())
        return tuple(
            fill(item.todo, self.policy) for item in self.kind.do_now if item.key not in a.ticks
        )

    def reminder(self) -> tuple[int, str] | None:
        """The tray's follow-up in an hour, once, when steps are left undone."""
        a = self.state.answers
        if self.kind.kind_id != "leak":
            return None  # the steps are for the next few minutes, and may not apply
        left = a.steps_left()
        if not left or self.reminded:
            return None
        self.reminded = True
        steps = "; ".join(_(STEP_TODO[s]).lower() for s in left)
        return REMINDER_SECONDS, _(
            "Your password report {reference}. Still to do: {steps}.",
            reference=a.reference,
            steps=steps,
        )

    def file_name(self) -> str:
        """The name offered when the report is saved as a file."""
        kind = "password" if self.kind.kind_id == "leak" else self.kind.kind_id
        return f"{kind}-report-{self.state.answers.reference}.eml"

    def do_now(self) -> tuple[tuple[str, str], ...]:
        """The kind's do-this-now items as (key, words), the policy's mailbox put in."""
        return tuple((item.key, fill(item.todo, self.policy)) for item in self.kind.do_now)

    def windows(self) -> dict[str, str]:
        """The window each do-this-now item may offer to open, by the item's key."""
        return {item.key: item.action for item in self.kind.do_now if item.action}

    def contents(self) -> tuple[str, ...]:
        """What the report will contain, in plain words, for "Who will be told"."""
        out = [f.title for f in self.kind.questions if f.kind != "when"]
        out += [
            _("When it happened, and when you report it"),
            _("Which of the steps on the last page you ticked"),
            _("Your name, and your email address if you give it"),
            _("A reference number, so the people told can find your report"),
        ]
        return tuple(out)

    def may_attach(self) -> bool:
        """Whether the policy lets the person attach the device check summary."""
        return self.kind.kind_id in self.policy.report_device_summary

    def desk(self) -> str:
        return describe(self.who.ordered[0]) if self.who.ordered else ""


def _plain_reason(exc: OSError) -> str:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("the disk is full")
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _("the folder cannot be written to")
    return _("the file could not be written")
