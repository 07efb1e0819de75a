"""Turning the answers into the report: plain text for people, an email for sending.

The report only ever contains what the person typed into the report's own fields
(what happened, which account, when, their name and address, notes) plus the steps
they ticked. ``ReportAnswers`` has no field for a password, so there is nothing secret
to leak; a test renders reports from many inputs and checks that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid

from desktop.core.policy.schema import Policy
from desktop.core.report.contacts import Recipients, contacts_for, describe, recipients
from desktop.core.report.kinds import KINDS
from desktop.core.report.model import (
    STEP_ORDER,
    STEP_TEXT,
    WHAT_HAPPENED_TEXT,
    ReportAnswers,
    format_elapsed,
    looks_like_email,
    one_line,
)

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MESSAGE_ID_DOMAIN = "hygiene-helper.invalid"  # no DNS look-up, and never a real host
# Python's folding of long headers at 78 characters sometimes breaks straight after
# "Subject:", which some mail apps then show with a leading space. Our headers are far
# below the hard 998 limit, so the finished message is written without folding them.
# The body is encoded first, under the usual 78, so quoted-printable lines stay legal.
HEADER_POLICY = default_policy.clone(max_line_length=998)


def format_when(moment: datetime) -> str:
    """'Tuesday 3 June 2025 at 10:05 (UTC+01:00)': English names whatever the locale."""
    offset = moment.strftime("%z") or "+0000"
    zone = f"UTC{offset[:3]}:{offset[3:]}"
    return (
        f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} "
        f"{moment.year} at {moment:%H:%M} ({zone})"
    )


def format_moment(moment: datetime, now: datetime | None = None) -> str:
    """'2 December at 14:31', as a person says it, in the moment's own local time; the
    year is added when it is not this year. (The report for IT keeps ``format_when``.)"""
    text = f"{moment.day} {_MONTHS[moment.month - 1]}"
    if now is None or now.year != moment.year:
        text += f" {moment.year}"
    return f"{text} at {moment:%H:%M}"


def subject(answers: ReportAnswers, policy: Policy) -> str:
    prefix = one_line(policy.report_subject_prefix, 60)
    kind = KINDS[answers.kind]
    if answers.kind == "leak":
        account = one_line(answers.account, 80) or "an account"
        text = f"Suspected password leak: {account} - {answers.reference}"
    else:
        text = f"{kind.subject} - {answers.reference}"
    return f"{prefix} {text}" if prefix else text


MACHINE_TAG = "hygiene-report"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def machine_block(answers: ReportAnswers, now: datetime) -> list[str]:
    """One fixed line a helpdesk mailbox can sort on, whichever way the report travelled
    (the headers are lost when it is copied or goes through a mail app): the kind, the
    reference, when it happened and when it was reported, in UTC. One short line keeps a
    leak report within what a mail app's link can carry."""
    return [
        f"[{MACHINE_TAG} kind={answers.kind} ref={answers.reference} "
        f"incident={_iso(answers.when)} reported={_iso(now)}]"
    ]


def _indent(text: str) -> list[str]:
    return ["    " + line if line else "" for line in text.splitlines()]


def render_text(answers: ReportAnswers, policy: Policy, now: datetime) -> str:
    """The report body as plain text, the same for email, mailto, .eml and copying."""
    if answers.kind != "leak":
        return _render_kind(answers, policy, now)
    a = answers.cleaned()
    who = recipients(contacts_for(policy, a.kind))
    reporter = a.reporter_name or "Not given"
    if a.reporter_email:
        reporter += f" ({a.reporter_email})"
    what = WHAT_HAPPENED_TEXT[a.what] if a.what is not None else "Not given"
    lines = [
        f"Suspected password leak - reference {a.reference}",
        "",
        f"Reported by: {reporter}",
        f"Account or system: {a.account or 'Not given'}",
        f"What happened: {what}",
        f"Roughly when: {format_when(a.when)},",
        f"    {format_elapsed(a.when, now)} before this report",
    ]
    if a.details:
        lines += ["More details:", *_indent(a.details)]
    lines += ["", "Steps taken so far:"]
    for step in STEP_ORDER:
        done = a.steps_done.get(step)
        mark = f"Done at {done.astimezone(a.when.tzinfo):%H:%M}" if done else "Not yet"
        lines.append(f"    {mark:<16}{STEP_TEXT[step]}")
    if a.burned:
        lines.append(
            "    The old password is now blocked on this computer: it will not be accepted again."
        )
    if a.other_accounts:
        lines += ["", "Other accounts that used the same password: " + ", ".join(a.other_accounts)]
    if a.note:
        lines += ["", "Anything else:", *_indent(a.note)]
    lines += [
        "",
        *_recipient_lines(who),
        "",
        "This report was made with Hygiene Helper. It does not contain the password.",
        f"Report started: {format_when(a.started)}",
        *machine_block(a, now),
    ]
    return "\n".join(lines) + "\n"


def fill(text: str, policy: Policy) -> str:
    """A kind's words with the policy's phishing mailbox put in."""
    mailbox = one_line(policy.phishing_mailbox)
    return text.replace("{mailbox}", mailbox or "your IT service desk")


def answer_text(kind_id: str, name: str, answers: ReportAnswers) -> str:
    """An answer as the report says it: a choice in words, a line on one line."""
    spec = KINDS[kind_id].field(name)
    value = answers.text(name)
    if spec is None or not value.strip():
        return ""
    if spec.kind == "choice":
        return spec.option_text(value)
    if spec.kind == "line":
        return one_line(value)
    return value.strip()


def _render_kind(answers: ReportAnswers, policy: Policy, now: datetime) -> str:
    """The report of a kind under "Report a problem" (every kind but the leak report)."""
    a = answers.cleaned()
    kind = KINDS[a.kind]
    who = recipients(contacts_for(policy, a.kind))
    reporter = a.reporter_name or "Not given"
    if a.reporter_email:
        reporter += f" ({a.reporter_email})"
    lines = [
        f"{kind.report_title} - reference {a.reference}",
        "",
        f"Reported by: {reporter}",
    ]
    for spec in kind.questions:
        if spec.kind == "when":
            lines += [
                f"Happened: {format_when(a.when)},",
                f"    {format_elapsed(a.when, now)} before this report",
            ]
            continue
        value = answer_text(a.kind, spec.name, a) or "Not given"
        if "\n" in value:
            lines += [f"{spec.title}:", *_indent(value)]
        else:
            lines.append(f"{spec.title}: {value}")
    lines += ["", "Done straight away:"]
    for item in kind.do_now:
        done = a.ticks.get(item.key)
        mark = f"Done at {done.astimezone(a.when.tzinfo):%H:%M}" if done else "Not ticked"
        lines.append(f"    {mark:<16}{fill(item.done, policy)}")
    if a.note:
        lines += ["", "Anything else:", *_indent(a.note)]
    if a.attachment:
        lines += [
            "",
            "'Check this computer' summary, attached by the person reporting:",
            *_indent(a.attachment),
        ]
    lines += [
        "",
        *_recipient_lines(who),
        "",
        "This report was made with Hygiene Helper, which never asks for a password in it.",
        f"Report started: {format_when(a.started)}",
        f"Report made: {format_when(now.astimezone(a.when.tzinfo))}",
        "",
        *machine_block(a, now),
    ]
    return "\n".join(lines) + "\n"


def _recipient_lines(who: Recipients) -> list[str]:
    out = [
        "Sent to: "
        + (", ".join(f"{describe(c)} <{c.email.strip()}>" for c in who.reachable) or "nobody yet")
    ]
    if who.unreachable:
        out.append(
            "Also to tell (no address set): " + ", ".join(describe(c) for c in who.unreachable)
        )
    return out


@dataclass(frozen=True)
class BuiltReport:
    """The email and the plain text it was built from (for mailto and copying)."""

    message: EmailMessage
    text: str
    recipients: Recipients


def new_message_id(reference: str) -> str:
    """A Message-ID for a new report; kept in the draft and used for every send of it."""
    return make_msgid(idstring=reference, domain=MESSAGE_ID_DOMAIN)


def build_report(
    answers: ReportAnswers, policy: Policy, now: datetime, message_id: str = ""
) -> BuiltReport:
    """The report as an email. From/Reply-To are the person's own address when given.

    ``message_id`` is the report's own (from its draft), so that sending again after a
    cut-off send gives the desk a copy its mail system knows to be the same report."""
    a = answers.cleaned()
    who = recipients(contacts_for(policy, a.kind))
    text = render_text(a, policy, now)
    msg = EmailMessage()
    msg["Subject"] = subject(a, policy)
    if a.reporter_email and looks_like_email(a.reporter_email):
        user, _, domain = a.reporter_email.rpartition("@")
        me = Address(display_name=a.reporter_name, username=user, domain=domain)
        msg["From"] = me
        msg["Reply-To"] = me
    if who.reachable:
        msg["To"] = who.mail_addresses()
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id or new_message_id(a.reference)
    msg["X-Hygiene-Reference"] = a.reference
    msg["X-Hygiene-Kind"] = a.kind
    msg["X-Hygiene-Incident-Time"] = _iso(a.when)
    msg["X-Hygiene-Report-Time"] = _iso(now)
    msg.set_content(text, charset="utf-8")
    msg.policy = HEADER_POLICY
    return BuiltReport(msg, text, who)
