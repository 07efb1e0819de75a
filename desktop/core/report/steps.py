"""A kind of report as data: its steps, their questions, their checks and their words.

The wizard draws one page per ``StepSpec`` and asks the step's ``validate`` before it
moves on; the draft keeps the step's ``key`` so a reopened wizard finds the page again.
A new kind of report is a new ``ReportKind`` (a list of steps and words); the wizard and
its presenter (``flow.ReportFlow``) stay the same. Steps whose ``page`` is "fields" are
drawn from their ``fields`` alone; the others name a page the wizard has for them
("act" for the do-this-now steps, "check" for the answers and sending, "done").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _
from desktop.core.report.model import MAX_DETAILS, ReportAnswers, looks_like_email

FieldKind = Literal["choice", "line", "text", "when", "secret", "steps"]
PageKind = Literal["fields", "act", "now", "who", "check", "done"]


@dataclass(frozen=True)
class Problem:
    """What is wrong with a step's answers, in plain words, and the field to fix."""

    message: str
    field: str


@dataclass(frozen=True)
class Options:
    """What the policy and the app offer, as far as a step's checks need to know."""

    email_required: bool = False  # the report goes through the relay: they reply by email


@dataclass(frozen=True)
class FieldSpec:
    """One question: the answer it fills, its label and kind; ``held`` free text goes into
    the draft once the person leaves the page (so a half-typed secret is never saved)."""

    name: str
    label: str
    kind: FieldKind
    required: bool = False
    held: bool = False
    hint: str = ""  # a line under the label (what to put, what never to put)
    options: tuple[tuple[str, str], ...] = ()  # a choice's (value, words) pairs, in order
    short: str = ""  # the answer's name in the report and on "Check your answers"

    def option_text(self, value: str) -> str:
        """The words for a choice's stored value ("" when it is not one of the options)."""
        return next((words for key, words in self.options if key == value), "")

    @property
    def title(self) -> str:
        return self.short or self.label.removesuffix(" (optional)")


Validate = Callable[[ReportAnswers, Options], Problem | None]


def _no_problem(_answers: ReportAnswers, _options: Options) -> Problem | None:
    return None


@dataclass(frozen=True)
class StepSpec:
    """One page of a report: its stable key, title, subtitle, questions and checks."""

    key: str
    title: str
    subtitle: str = ""
    fields: tuple[FieldSpec, ...] = ()
    validate: Validate = _no_problem
    page: PageKind = "fields"
    numbered: bool = True  # counts in "Step n of N"

    @property
    def held(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.held)


WINDOWS: dict[str, str] = {
    "check-device": N_("Open 'Check this computer'"),
    "leak-report": N_("Open 'My password may have leaked'"),
}
"""The app's windows a do-this-now step may offer to open, with the button's words."""


@dataclass(frozen=True)
class DoNow:
    """Something to do in the next few minutes: how the person reads it (``todo``) and
    how the report says it was done (``done``). ``{mailbox}`` in either is the policy's
    phishing mailbox; ``action`` names a window of the app the wizard may offer to open
    for it (see ``WINDOWS``)."""

    key: str
    todo: str
    done: str
    # Another of the app's windows that helps with this step ("check-device": Check
    # this computer; "leak-report": the leaked-password report); "" for none.
    action: str = ""


@dataclass(frozen=True)
class ReportKind:
    """A kind of report: its id, the wizard's title and its steps, in order; for the
    kinds under "Report a problem", the words that choose it, the do-this-now list, the
    report's title and subject, and what happens next."""

    kind_id: str
    window_title: str
    steps: tuple[StepSpec, ...]
    label: str = ""  # the answer to "What happened?" that chooses this kind
    hint: str = ""
    do_now: tuple[DoNow, ...] = ()
    report_title: str = ""
    subject: str = ""
    next_steps: str = ""

    def step(self, key: str) -> StepSpec:
        return next(s for s in self.steps if s.key == key)

    def index(self, key: str) -> int:
        """The step's place (0-based); an unknown key (an old draft) is the first step."""
        return next((i for i, s in enumerate(self.steps) if s.key == key), 0)

    @property
    def numbered(self) -> tuple[StepSpec, ...]:
        return tuple(s for s in self.steps if s.numbered)

    @property
    def questions(self) -> tuple[FieldSpec, ...]:
        """The kind's own questions, in order: not "About you" (every kind asks it the
        same way), the tick list or the one-off password box."""
        return tuple(
            f
            for s in self.steps
            if s.key != "about"
            for f in s.fields
            if f.kind in ("choice", "line", "text", "when")
        )

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.questions if f.name == name), None)


def too_long(text: str) -> str:
    """A message when free text is over the limit (it is never cut without asking)."""
    count = len(text.strip())
    if count <= MAX_DETAILS:
        return ""
    return _(
        "Please make this shorter: up to {limit} characters. It is {count} now.",
        limit=i18n.number(MAX_DETAILS),
        count=i18n.number(count),
    )


def _problem(message: str, field: str) -> Problem | None:
    return Problem(message, field) if message else None


# -- the leaked-password report -------------------------------------------------------------


def _what(a: ReportAnswers, _o: Options) -> Problem | None:
    if a.what is None:
        return Problem(_("Choose what happened."), "what")
    return _problem(too_long(a.details), "details")


def _account(a: ReportAnswers, _o: Options) -> Problem | None:
    missing = not a.account.strip()
    return _problem(
        _("Say which account or system the password is for.") if missing else "", "account"
    )


def about_check(a: ReportAnswers, o: Options) -> Problem | None:
    email = a.reporter_email.strip()
    if not a.reporter_name.strip():
        return Problem(_("Enter your name."), "reporter_name")
    if o.email_required and not email:
        return Problem(_("Enter your email address, so they can reply."), "reporter_email")
    if email and not looks_like_email(email):
        return Problem(
            _("Enter your email address in full, like name@example.org."), "reporter_email"
        )
    return _problem(too_long(a.note), "note")


LEAK = ReportKind(
    "leak",
    N_("I think my password leaked - Hygiene Helper"),
    label=N_("My password may have leaked"),
    hint=N_(
        "Someone may have seen it, you shared it, a website you used was hacked, or you "
        "got a sign-in alert you did not expect."
    ),
    report_title=N_("Suspected password leak"),
    subject=N_("Suspected password leak"),
    steps=(
        StepSpec(
            "what",
            N_("What happened?"),
            N_(
                "Choose the one that fits best. Do not type your password in your answers: "
                "step 3 has the one place for it, if you want, and it is never sent."
            ),
            (
                FieldSpec("what", N_("What happened?"), "choice", required=True),
                FieldSpec("details", N_("Tell us more (optional)"), "text", held=True),
            ),
            _what,
        ),
        StepSpec(
            "account",
            N_("Which account, and when?"),
            N_("This tells the IT service desk what to protect."),
            (
                FieldSpec(
                    "account",
                    N_("Which account or system is the password for?"),
                    "line",
                    required=True,
                    held=True,
                ),
                FieldSpec("when", N_("Roughly when did it happen?"), "when"),
            ),
            _account,
        ),
        StepSpec(
            "act",
            N_("Do these now"),
            N_(
                "Do them in this order: it limits the harm. Tick each one when you have done it. "
                "You can come back to this later."
            ),
            (
                FieldSpec("old_password", N_("Your old password"), "secret"),
                FieldSpec("steps_done", N_("What to do now"), "steps"),
            ),
            page="act",
        ),
        StepSpec(
            "about",
            N_("About you"),
            N_("So the people who get your report know who to contact."),
            (
                FieldSpec("reporter_name", N_("Your name"), "line", required=True, held=True),
                FieldSpec("reporter_email", N_("Your email address"), "line", held=True),
                FieldSpec("note", N_("Anything else to tell them? (optional)"), "text", held=True),
            ),
            about_check,
        ),
        StepSpec(
            "check",
            N_("Check your answers before sending"),
            N_("Change anything that is not right. Then send your report."),
            page="check",
        ),
        StepSpec(
            "done",
            N_("Report sent"),
            N_("Thank you for telling us quickly."),
            page="done",
            numbered=False,
        ),
    ),
)
"""The "I think my password leaked" report."""
