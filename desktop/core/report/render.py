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

from desktop.core.kit import i18n
from desktop.core.kit.i18n import _
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

MESSAGE_ID_DOMAIN = "hygiene-helper.invalid"  # no DNS look-up, and never a real host
# Python's folding of long headers at 78 characters sometimes breaks straight after
# "Subject:", which some mail apps then show with a leading space. Our headers are far
# below the hard 998 limit, so the finished message is written without folding them.
# The body is encoded first, under the usual 78, so quoted-printable lines stay legal.
HEADER_POLICY = default_policy.clone(max_line_length=998)


def format_when(moment: datetime) -> str:
    """'Tuesday 3 June 2025 at 10:05 (UTC+01:00)', in the language in use (for a report,
    the organisation's), whatever the computer's locale."""
    offset = moment.strftime("%z") or "+0000"
    zone = f"UTC{offset[:3]}:{offset[3:]}"
    day = moment.date()
    return _(
        "{weekday} {date} at {time} ({zone})",
        weekday=i18n.date(day, "EEEE"),
        date=i18n.date(day, "long"),
        time=moment.strftime("%H:%M"),
        zone=zone,
    )


def format_moment(moment: datetime, now: datetime | None = None) -> str:
    """'2 December at 14:31', as a person says it, in the moment's own local time; the
    year is added when it is not this year. (The report for IT keeps ``format_when``.)"""
    this_year = now is not None and now.year == moment.year
    day = i18n.skeleton(moment.date(), "dMMMM" if this_year else "dMMMMy")
    return _("{day} at {time}", day=day, time=moment.strftime("%H:%M"))


def subject(answers: ReportAnswers, policy: Policy) -> str:
    prefix = one_line(policy.report_subject_prefix, 60)
    kind = KINDS[answers.kind]
    if answers.kind == "leak":
        account = one_line(answers.account, 80) or _("an account")
        text = _(
            "Suspected password leak: {account} - {reference}",
            account=account,
            reference=answers.reference,
        )
    else:
        text = f"{_(kind.subject)} - {answers.reference}"
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
    reporter = a.reporter_name or _("Not given")
    if a.reporter_email:
        reporter += f" ({a.reporter_email})"
    what = _(WHAT_HAPPENED_TEXT[a.what]) if a.what is not None else _("Not given")
    lines = [
        _("Suspected password leak - reference {reference}", reference=a.reference),
        "",
        _("Reported by: {reporter}", reporter=reporter),
        _("Account or system: {value}", value=a.account or _("Not given")),
        _("What happened: {what}", what=what),
        _("Roughly when: {when},", when=format_when(a.when)),
        _("    {elapsed} before this report", elapsed=format_elapsed(a.when, now)),
    ]
    if a.details:
        lines += [_("More details:"), *_indent(a.details)]
    lines += ["", _("Steps taken so far:")]
    for step in STEP_ORDER:
        done = a.steps_done.get(step)
        mark = (
            _("Done at {time}", time=done.astimezone(a.when.tzinfo).strftime("%H:%M"))
            if done
            else _("Not yet")
        )
        lines.append(f"    {mark:<16}{_(STEP_TEXT[step])}")
    if a.burned:
        lines.append(
            _(
                "    The old password is now blocked on this computer: "
                "it will not be accepted again."
            )
        )
    if a.other_accounts:
        lines += [
            "",
            _(
                "Other accounts that used the same password: {accounts}",
                accounts=", ".join(a.other_accounts),
            ),
        ]
    if a.note:
        lines += ["", _("Anything else:"), *_indent(a.note)]
    lines += [
        "",
        *_recipient_lines(who),
        "",
        _("This report was made with Hygiene Helper. It does not contain the password."),
        _("Report started: {when}", when=format_when(a.started)),
        *machine_block(a, now),
    ]
    return "\n".join(lines) + "\n"


def fill(text: str, policy: Policy) -> str:
    """A kind's words with the policy's phishing mailbox put in."""
    mailbox = one_line(policy.phishing_mailbox)
    return text.replace("{mailbox}", mailbox or _("your IT service desk"))


def answer_text(kind_id: str, name: str, answers: ReportAnswers) -> str:
    """An answer as the report says it: a choice in words, a line on one line."""
    spec = KINDS[kind_id].field(name)
    value = answers.text(name)
    if spec is None or not value.strip():
        return ""
    if spec.kind == "choice":
        return _(spec.option_text(value))
    if spec.kind == "line":
        return one_line(value)
    return value.strip()


def _render_kind(answers: ReportAnswers, policy: Policy, now: datetime) -> str:
    """The report of a kind under "Report a problem" (every kind but the leak report)."""
    a = answers.cleaned()
    kind = KINDS[a.kind]
    who = recipients(contacts_for(policy, a.kind))
    reporter = a.reporter_name or _("Not given")
    if a.reporter_email:
        reporter += f" ({a.reporter_email})"
    lines = [
        _("{title} - reference {reference}", title=_(kind.report_title), reference=a.reference),
        "",
        _("Reported by: {reporter}", reporter=reporter),
    ]
    for spec in kind.questions:
        if spec.kind == "when":
            lines += [
                _("Happened: {when},", when=format_when(a.when)),
                _("    {elapsed} before this report", elapsed=format_elapsed(a.when, now)),
            ]
            continue
        value = answer_text(a.kind, spec.name, a) or _("Not given")
        if "\n" in value:
            lines += [_("{title}:", title=_(spec.title)), *_indent(value)]
        else:
            lines.append(_("{title}: {value}", title=_(spec.title), value=value))
    lines += ["", _("Done straight away:")]
    for item in kind.do_now:
        done = a.ticks.get(item.key)
        mark = (
            _("Done at {time}", time=done.astimezone(a.when.tzinfo).strftime("%H:%M"))
            if done
            else _("Not ticked")
        )
        lines.append(f"    {mark:<16}{fill(_(item.done), policy)}")
    if a.note:
        lines += ["", _("Anything else:"), *_indent(a.note)]
    if a.attachment:
        lines += [
            "",
            _("'Check this computer' summary, attached by the person reporting:"),
            *_indent(a.attachment),
        ]
    lines += [
        "",
        *_recipient_lines(who),
        "",
        _("This report was made with Hygiene Helper, which never asks for a password in it."),
        _("Report started: {when}", when=format_when(a.started)),
        _("Report made: {when}", when=format_when(now.astimezone(a.when.tzinfo))),
        "",
        *machine_block(a, now),
    ]
    return "\n".join(lines) + "\n"


def _recipient_lines(who: Recipients) -> list[str]:
    sent_to = ", ".join(f"{describe(c)} <{c.email.strip()}>" for c in who.reachable)
    out = [_("Sent to: {who}", who=sent_to or _("nobody yet"))]
    if who.unreachable:
        out.append(
            _(
                "Also to tell (no address set): {who}",
                who=", ".join(describe(c) for c in who.unreachable),
            )
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
    cut-off send gives the desk a copy its mail system knows to be the same report.

    It is written in the organisation's language (the policy's ``report_language``),
    whatever language the person reads on screen."""
    with i18n.speaking(organisation_language(policy)):
        return _build_report(answers, policy, now, message_id)


def organisation_language(policy: Policy) -> i18n.Language:
    """The language reports to the organisation are written in (English if not shipped)."""
    return i18n.for_organisation(policy.report_language)


def _build_report(
    answers: ReportAnswers, policy: Policy, now: datetime, message_id: str
) -> BuiltReport:
    a = answers.cleaned()
    who = recipients(contacts_for(policy, a.kind))
    text = render_text(a, policy, now)
    msg = EmailMessage()
    msg["Subject"] = subject(a, policy)
    if a.reporter_email and looks_like_email(a.reporter_email):
        user, _unused, domain = a.reporter_email.rpartition("@")
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
