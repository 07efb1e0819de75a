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
PageKind = Literal["fields", "act", "check", "done"]


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


@dataclass(frozen=True)
class ReportKind:
    """A kind of report: its id, the wizard's title and its steps, in order."""

    kind_id: str
    window_title: str
    steps: tuple[StepSpec, ...]

    def step(self, key: str) -> StepSpec:
        return next(s for s in self.steps if s.key == key)

    def index(self, key: str) -> int:
        """The step's place (0-based); an unknown key (an old draft) is the first step."""
        return next((i for i, s in enumerate(self.steps) if s.key == key), 0)

    @property
    def numbered(self) -> tuple[StepSpec, ...]:
        return tuple(s for s in self.steps if s.numbered)


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


def _about(a: ReportAnswers, o: Options) -> Problem | None:
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
    (
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
            _about,
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

KINDS: dict[str, ReportKind] = {LEAK.kind_id: LEAK}
