"""Every kind of report under "Report a problem", as data, in one registry.

"What happened?" offers the kinds in ``KINDS`` (those the policy does not hide); each is
a ``ReportKind``: the words that choose it, what to do in the next few minutes, its own
questions and the report's title and subject. The first kind is the leaked-password
report (``steps.LEAK``), which keeps its own pages. The others share one shape, drawn by
one generic page per step from the field descriptions:

1. "Do these now" (``page="now"``): the kind's ``do_now`` list, to tick;
2. "Who will be told" (``page="who"``): the people, what the report will contain, and
   the device check summary when the policy allows it and the person wants it;
3. the kind's questions (``page="fields"``), with the time it happened;
4. "About you" (shared with the leak report);
5. "Check your answers" and sending; 6. "What happens next".

Nothing here imports the policy: the policy's schema reads ``KIND_IDS`` from here.
"""

from __future__ import annotations

from desktop.core.kit.i18n import N_, _
from desktop.core.report.model import MAX_LINE, ReportAnswers
from desktop.core.report.steps import (
    LEAK,
    DoNow,
    FieldSpec,
    Options,
    Problem,
    ReportKind,
    StepSpec,
    Validate,
    about_check,
    too_long,
)

_NOT_SURE = ("not-sure", N_("Not sure"))
_WHEN_LABEL = N_("Roughly when did it happen?")


def check_fields(fields: tuple[FieldSpec, ...]) -> Validate:
    """A step's check built from its field descriptions: required answers given, a
    choice one of its options, text within its limit. The first problem names its field."""

    def validate(a: ReportAnswers, _o: Options) -> Problem | None:
        for f in fields:
            if f.kind == "when":
                continue
            value = a.text(f.name).strip()
            if f.kind == "choice":
                if f.required and not value:
                    return Problem(_("Choose an answer for: {title}.", title=f.title), f.name)
                if value and not f.option_text(value):
                    return Problem(
                        _("Choose one of the answers for: {title}.", title=f.title), f.name
                    )
                continue
            if f.required and not value:
                return Problem(_("Please fill in: {title}.", title=f.title), f.name)
            if f.kind == "line" and len(value) > MAX_LINE:
                return Problem(
                    _("Please make this shorter: up to {MAX_LINE} characters.", MAX_LINE=MAX_LINE),
                    f.name,
                )
            if f.kind == "text" and (message := too_long(value)):
                return Problem(message, f.name)
        return None

    return validate


OLD_PASSWORD = FieldSpec(
    "old_password",
    N_("Typed a password? You can type it here, once"),
    "secret",
    hint=N_(
        "Only if you want to. It stays on this computer and is forgotten straight away: "
        "it is never saved, never sent and never part of your report. We use it to block it, "
        "so it is never accepted again, to find your saved accounts that use it too, and to "
        "take it out of anything you type in this report."
    ),
)


def _steps(
    questions_title: str,
    subtitle: str,
    fields: tuple[FieldSpec, ...],
    secret: bool = False,
) -> tuple[StepSpec, ...]:
    """The shared shape of every kind but the leak report (see the module notes); with
    ``secret`` the do-this-now page also has the one-off box for a typed password."""
    about = LEAK.step("about")
    now_fields = (FieldSpec("ticks", _("What to do now"), "steps"),)
    return (
        StepSpec(
            "now",
            _("Do these now"),
            _(
                "These matter most in the next few minutes. Tick each one when you have done it, "
                "or if it does not apply. Then carry on: the report comes next."
            ),
            (*now_fields, OLD_PASSWORD) if secret else now_fields,
            page="now",
        ),
        StepSpec(
            "who",
            _("Who will be told"),
            _("Your report goes to the people below. This is what it will contain."),
            page="who",
        ),
        StepSpec(
            "details",
            questions_title,
            subtitle,
            fields,
            check_fields(fields),
        ),
        StepSpec("about", about.title, about.subtitle, about.fields, about_check),
        StepSpec(
            "check",
            _("Check your answers before sending"),
            _("Change anything that is not right. Then send your report."),
            page="check",
        ),
        StepSpec(
            "done",
            _("Report sent"),
            _("Thank you for telling us quickly."),
            page="done",
            numbered=False,
        ),
    )


def _when(label: str = _(_WHEN_LABEL)) -> FieldSpec:
    return FieldSpec("when", label, "when", hint=_("A rough time is fine."))


NO_SECRETS = N_("Never type a password or a code here.")

SCAM = ReportKind(
    "scam",
    N_("Is this a scam? - Hygiene Helper"),
    label=N_("A message, call or QR code that might be a scam"),
    hint=N_("An email, text, phone call, chat message or QR code you are not sure about."),
    report_title=N_("Possible scam message"),
    subject=N_("Possible scam"),
    do_now=(
        DoNow(
            "hands-off",
            N_(
                "Do not reply, forward it, click links, open attachments, scan the code or pay "
                "anything."
            ),
            N_("Did not reply, forward, click, open or pay"),
        ),
        DoNow(
            "signs",
            N_(
                "Look for the signs of a scam: it is urgent or threatening; it asks for a "
                "password, a code, money or gift cards; the sender's address or number looks odd; "
                "a link goes somewhere you did not expect; it seems too good to be true."
            ),
            N_("Looked for the signs of a scam"),
        ),
        DoNow(
            "work",
            N_("If it came to your work email or phone: report it to {mailbox}, then delete it."),
            N_("Reported it to {mailbox} (if it came to work)"),
        ),
        DoNow(
            "personal",
            N_(
                "If it came to your own email or phone: forward scam emails to "
                "report@phishing.gov.uk and scam texts to 7726 (it is free). Then delete it."
            ),
            N_("Reported it to the national reporting service (if it came to a personal account)"),
        ),
    ),
    next_steps=N_(
        "IT will look at what you reported and warn others if it is a scam. If you "
        "later click a link or type a password by mistake, report it again at once: choose "
        "'I clicked a link, opened an attachment or typed my password'."
    ),
    steps=_steps(
        N_("About the message"),
        N_("Describe it in your own words. Do not copy links or forward the message here."),
        (
            FieldSpec(
                "channel",
                N_("How did it reach you?"),
                "choice",
                required=True,
                options=(
                    ("email", N_("Email")),
                    ("text", N_("Text message")),
                    ("call", N_("Phone call")),
                    ("chat", N_("Chat or social media message")),
                    ("qr", N_("QR code")),
                    ("other", N_("Something else")),
                ),
                short=N_("How it came"),
            ),
            FieldSpec(
                "sender",
                N_("Who did it say it was from? (optional)"),
                "line",
                held=True,
                hint=N_("A name, company, email address or phone number."),
                short=N_("Said it was from"),
            ),
            FieldSpec(
                "asked",
                N_("What did it ask you to do?"),
                "text",
                required=True,
                held=True,
                hint=N_("For example: 'sign in to see a parcel', 'pay a fine'. ") + NO_SECRETS,
                short=N_("What it asked"),
            ),
            _when(N_("Roughly when did it arrive?")),
        ),
    ),
)

CLICKED = ReportKind(
    "clicked",
    N_("I clicked or typed something I should not have - Hygiene Helper"),
    label=N_(
        "I clicked a link, opened an attachment or typed my password somewhere I should not have"
    ),
    hint=N_(
        "For example a link in a scam email, a file you did not expect, or a sign-in page "
        "that was not real."
    ),
    report_title=N_("Clicked a link, opened a file or typed a password"),
    subject=N_("Clicked or typed something"),
    do_now=(
        DoNow(
            "disconnect",
            N_(
                "If IT has told you to, disconnect from the internet now: turn off Wi-Fi or "
                "unplug the network cable. Leave the computer switched on."
            ),
            N_("Disconnected from the internet, if IT advised it"),
        ),
        DoNow(
            "password",
            N_(
                "If you typed a password: change it now. Then use 'My password may have leaked' "
                "under 'Report a problem' for the other steps."
            ),
            N_("Changed the password that was typed (if one was)"),
            action="leak-report",
        ),
        DoNow(
            "check",
            N_("Run 'Check this computer' in Hygiene Helper and fix anything it finds."),
            N_("Ran 'Check this computer'"),
            action="check-device",
        ),
        DoNow(
            "stop",
            N_("Do not open the link or file again, and do not forward it to anyone."),
            N_("Did not open it again or forward it"),
        ),
    ),
    next_steps=N_(
        "IT will check your computer and accounts for signs of harm and may ask you "
        "to bring the computer in. Until they reply, do not open the link or file again."
    ),
    steps=_steps(
        N_("What happened"),
        N_("Short answers are fine. Never type the password itself."),
        (
            FieldSpec(
                "action",
                N_("What did you do?"),
                "choice",
                required=True,
                options=(
                    ("link", "Clicked a link"),
                    ("attachment", N_("Opened an attachment or file")),
                    ("password", N_("Typed a password on a page")),
                    ("details", N_("Typed other details, such as bank details")),
                    ("download", N_("Downloaded or ran a program")),
                ),
                short=N_("What was done"),
            ),
            FieldSpec(
                "source",
                N_("Where did the link or file come from?"),
                "line",
                required=True,
                held=True,
                hint=N_("For example: 'an email saying it was from a delivery company'."),
                short=N_("Where it came from"),
            ),
            FieldSpec(
                "account",
                N_("If you typed a password: which account is it for? (optional)"),
                "line",
                held=True,
                hint=N_("The account's name only. ") + NO_SECRETS,
                short=N_("Account"),
            ),
            _when(),
        ),
        secret=True,
    ),
)

WRONG_PERSON = ReportKind(
    "wrong-person",
    N_("I sent something to the wrong person - Hygiene Helper"),
    label=N_("I sent something to the wrong person"),
    hint=N_("An email, message, file or letter that went to someone who should not have it."),
    report_title=N_("Sent to the wrong person"),
    subject=N_("Sent to the wrong person"),
    do_now=(
        DoNow(
            "ask-delete",
            N_("Ask the person who got it to delete it, and not to open, share or forward it."),
            N_("Asked them to delete it"),
        ),
        DoNow(
            "tell-report",
            N_("Tell them that you must report it."),
            N_("Told them it must be reported"),
        ),
        DoNow(
            "no-resend",
            N_("Do not send it again until you are sure of the right address."),
            N_("Did not send it again"),
        ),
    ),
    next_steps=N_(
        "What matters is that you acted fast. The people told will decide whether "
        "anyone else must be told and may contact you. Keep the reference."
    ),
    steps=_steps(
        N_("What was sent"),
        N_("Describe it. Do not attach it or copy from it: the report must not spread it further."),
        (
            FieldSpec(
                "how",
                N_("How was it sent?"),
                "choice",
                required=True,
                options=(
                    ("email", N_("Email")),
                    ("message", N_("Text or chat message")),
                    ("file", N_("A shared file or link")),
                    ("paper", N_("Post or paper")),
                    ("other", N_("Another way")),
                ),
                short=N_("How it was sent"),
            ),
            FieldSpec(
                "what",
                N_("What was in it?"),
                "text",
                required=True,
                held=True,
                hint=N_("For example: 'a spreadsheet of 20 learners' names and phone numbers'."),
                short=N_("What was sent"),
            ),
            FieldSpec(
                "personal",
                N_("Did it include details about people (names, contact details, records)?"),
                "choice",
                required=True,
                options=(("yes", N_("Yes")), ("no", N_("No")), _NOT_SURE),
                short=N_("Details about people"),
            ),
            FieldSpec(
                "recipient",
                N_("Who got it by mistake?"),
                "line",
                required=True,
                held=True,
                hint=N_("Their name or role, or 'someone outside the organisation'."),
                short=N_("Who got it"),
            ),
            FieldSpec(
                "deleted",
                N_("Have they said they deleted it?"),
                "choice",
                options=(("yes", N_("Yes")), ("no", N_("No")), ("not-asked", N_("Not asked yet"))),
                short=N_("Deleted by them"),
            ),
            _when(N_("Roughly when was it sent?")),
        ),
    ),
)

LOST = ReportKind(
    "lost-device",
    N_("A device or badge is lost or stolen - Hygiene Helper"),
    label=N_("A laptop, phone, memory stick or ID badge is lost or stolen"),
    hint=N_("Something of the organisation's, or your own that you use for work."),
    report_title=N_("Device or badge lost or stolen"),
    subject=N_("Lost or stolen"),
    do_now=(
        DoNow(
            "look",
            N_(
                "Check the last places you had it, and ask there (reception, the venue, the "
                "bus or train company)."
            ),
            N_("Looked and asked where it was last seen"),
        ),
        DoNow(
            "police",
            N_(
                "If it was stolen, report it to the police (101, or 999 if you are in danger) "
                "and write down the crime number."
            ),
            N_("Reported the theft to the police (if stolen)"),
        ),
        DoNow(
            "passwords",
            N_(
                "If it is a laptop or phone, change the passwords of the accounts used on it, "
                "from another device."
            ),
            N_("Changed the passwords used on it"),
        ),
        DoNow(
            "badge",
            N_(
                "If it is an ID badge or key card, tell reception or security so it can be stopped."
            ),
            N_("Told reception or security (if a badge)"),
        ),
    ),
    next_steps=N_(
        "IT may lock or wipe the device from a distance and stop the badge. Tell "
        "them at once if you find it again."
    ),
    steps=_steps(
        N_("What is missing"),
        N_("Short answers are fine."),
        (
            FieldSpec(
                "item",
                N_("What is missing?"),
                "choice",
                required=True,
                options=(
                    ("laptop", N_("Laptop")),
                    ("phone", N_("Phone or tablet")),
                    ("storage", N_("Memory stick or drive")),
                    ("badge", N_("ID badge or key card")),
                    ("other", N_("Something else")),
                ),
                short=N_("What is missing"),
            ),
            FieldSpec(
                "how",
                N_("Lost or stolen?"),
                "choice",
                required=True,
                options=(("lost", N_("Lost")), ("stolen", N_("Stolen")), _NOT_SURE),
                short=N_("Lost or stolen"),
            ),
            FieldSpec(
                "locked",
                N_("Did it have a password, PIN or screen lock?"),
                "choice",
                options=(
                    ("yes", N_("Yes")),
                    ("no", N_("No")),
                    _NOT_SURE,
                    ("n-a", N_("Does not apply")),
                ),
                short=N_("Locked"),
            ),
            FieldSpec(
                "where",
                N_("Where was it last seen?"),
                "line",
                held=True,
                short=N_("Last seen"),
            ),
            FieldSpec(
                "crime",
                N_("Police crime number (optional)"),
                "line",
                held=True,
                short=N_("Crime number"),
            ),
            _when(N_("Roughly when did you last have it?")),
        ),
    ),
)

STICK = ReportKind(
    "stick-or-warning",
    N_("Unknown memory stick or a warning - Hygiene Helper"),
    label=N_("I found or plugged in an unknown memory stick, or saw an anti-virus warning"),
    hint=N_("A stick or drive you do not know, or a security warning on the screen."),
    report_title=N_("Unknown memory stick or anti-virus warning"),
    subject=N_("Unknown stick or warning"),
    do_now=(
        DoNow(
            "no-plug",
            N_(
                "Do not plug in a stick or drive you found. If one is plugged in, open nothing "
                "on it and take it out."
            ),
            N_("Did not plug it in, or took it out without opening anything"),
        ),
        DoNow(
            "note",
            N_(
                "If a warning appeared, write down what it says or take a photo of the screen "
                "with your phone. Do not choose 'allow' or 'ignore'."
            ),
            N_("Noted what the warning said"),
        ),
        DoNow(
            "keep-on",
            N_(
                "Leave the computer switched on. Disconnect from the internet if IT has "
                "told you to."
            ),
            N_("Left the computer on"),
        ),
        DoNow(
            "hand-in",
            N_("Give the stick or drive to IT. Do not give it to anyone else or throw it away."),
            N_("Kept the stick for IT"),
        ),
    ),
    next_steps=N_(
        "IT will check the stick and this computer safely. They may ask you to "
        "bring both to them. Until then, do not plug the stick in anywhere."
    ),
    steps=_steps(
        N_("What you found or saw"),
        N_("Short answers are fine."),
        (
            FieldSpec(
                "what",
                N_("What happened?"),
                "choice",
                required=True,
                options=(
                    ("found", N_("I found a memory stick or drive")),
                    ("plugged", N_("I plugged in a stick or drive I do not know")),
                    ("warning", N_("An anti-virus or security warning appeared")),
                ),
                short=N_("What happened"),
            ),
            FieldSpec(
                "where",
                N_("Where was it found, or which computer was it on?"),
                "line",
                required=True,
                held=True,
                short=N_("Where it was found, or which computer"),
            ),
            FieldSpec(
                "warning",
                N_("What did the warning say? (optional)"),
                "text",
                held=True,
                hint=N_("Copy the words, or the name of the threat, if it showed one."),
                short=N_("The warning"),
            ),
            _when(),
        ),
    ),
)

MISUSE = ReportKind(
    "misuse",
    N_("Something that breaks the policy - Hygiene Helper"),
    label=N_("I saw something that breaks the rules for using computers and systems"),
    hint=N_(
        "For example someone using another person's sign-in, shared passwords, offensive "
        "or harmful material, or spam."
    ),
    report_title=N_("Possible misuse of information systems"),
    subject=N_("Possible misuse"),
    do_now=(
        DoNow(
            "no-share",
            N_("Do not reply to it, forward it or share it, not even to show someone."),
            N_("Did not reply, forward or share it"),
        ),
        DoNow(
            "keep",
            N_("Leave it where it is for now: it may be needed. Do not try to find out more."),
            N_("Left it where it was"),
        ),
        DoNow(
            "danger",
            N_(
                "If anyone may be in danger, tell your tutor, line manager or safeguarding "
                "lead now, in person or by phone."
            ),
            N_("Told someone in person (if anyone may be in danger)"),
        ),
    ),
    next_steps=N_(
        "The senior managers told will look into it in confidence and may contact "
        "you. You did the right thing by reporting it."
    ),
    steps=_steps(
        N_("What you saw"),
        N_("Say what you saw, not what you think of it."),
        (
            FieldSpec(
                "what",
                N_("What was it?"),
                "choice",
                required=True,
                options=(
                    ("sign-in", N_("Someone using another person's sign-in or password")),
                    ("material", N_("Offensive or harmful material")),
                    ("data", N_("Information shared or copied that should not be")),
                    ("spam", N_("Spam or chain messages")),
                    ("other", N_("Something else")),
                ),
                short=N_("What it was"),
            ),
            FieldSpec(
                "where",
                N_("Where did you see it?"),
                "line",
                required=True,
                held=True,
                hint=N_("For example: 'a group chat for my course', 'a shared folder'."),
                short=N_("Where it was seen"),
            ),
            FieldSpec(
                "description",
                N_("Describe what you saw"),
                "text",
                required=True,
                held=True,
                hint=N_("Who was involved, if you know. Do not copy the material itself."),
                short=N_("What was seen"),
            ),
            _when(),
        ),
    ),
)

KINDS: dict[str, ReportKind] = {
    k.kind_id: k for k in (LEAK, SCAM, CLICKED, WRONG_PERSON, LOST, STICK, MISUSE)
}
"""Every kind, in the order "What happened?" offers them."""

KIND_IDS: tuple[str, ...] = tuple(KINDS)


def offered(hidden: tuple[str, ...]) -> tuple[ReportKind, ...]:
    """The kinds to offer when the policy hides ``hidden`` (the leak report is always
    offered: the policy asks everyone to report a compromised password)."""
    return tuple(k for k in KINDS.values() if k is LEAK or k.kind_id not in hidden)
