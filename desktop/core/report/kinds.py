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

_NOT_SURE = ("not-sure", "Not sure")
_WHEN_LABEL = "Roughly when did it happen?"


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
                    return Problem(f"Choose an answer for: {f.title}.", f.name)
                if value and not f.option_text(value):
                    return Problem(f"Choose one of the answers for: {f.title}.", f.name)
                continue
            if f.required and not value:
                return Problem(f"Please fill in: {f.title}.", f.name)
            if f.kind == "line" and len(value) > MAX_LINE:
                return Problem(f"Please make this shorter: up to {MAX_LINE} characters.", f.name)
            if f.kind == "text" and (message := too_long(value)):
                return Problem(message, f.name)
        return None

    return validate


OLD_PASSWORD = FieldSpec(
    "old_password",
    "Typed a password? You can type it here, once",
    "secret",
    hint="Only if you want to. It stays on this computer and is forgotten straight away: "
    "it is never saved, never sent and never part of your report. We use it to block it, "
    "so it is never accepted again, to find your saved accounts that use it too, and to "
    "take it out of anything you type in this report.",
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
    now_fields = (FieldSpec("ticks", "What to do now", "steps"),)
    return (
        StepSpec(
            "now",
            "Do these now",
            "These matter most in the next few minutes. Tick each one when you have done it, "
            "or if it does not apply. Then carry on: the report comes next.",
            (*now_fields, OLD_PASSWORD) if secret else now_fields,
            page="now",
        ),
        StepSpec(
            "who",
            "Who will be told",
            "Your report goes to the people below. This is what it will contain.",
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
            "Check your answers before sending",
            "Change anything that is not right. Then send your report.",
            page="check",
        ),
        StepSpec(
            "done", "Report sent", "Thank you for telling us quickly.", page="done", numbered=False
        ),
    )


def _when(label: str = _WHEN_LABEL) -> FieldSpec:
    return FieldSpec("when", label, "when", hint="A rough time is fine.")


NO_SECRETS = "Never type a password or a code here."

SCAM = ReportKind(
    "scam",
    "Is this a scam? - Hygiene Helper",
    label="A message, call or QR code that might be a scam",
    hint="An email, text, phone call, chat message or QR code you are not sure about.",
    report_title="Possible scam message",
    subject="Possible scam",
    do_now=(
        DoNow(
            "hands-off",
            "Do not reply, forward it, click links, open attachments, scan the code or pay "
            "anything.",
            "Did not reply, forward, click, open or pay",
        ),
        DoNow(
            "signs",
            "Look for the signs of a scam: it is urgent or threatening; it asks for a "
            "password, a code, money or gift cards; the sender's address or number looks odd; "
            "a link goes somewhere you did not expect; it seems too good to be true.",
            "Looked for the signs of a scam",
        ),
        DoNow(
            "work",
            "If it came to your work email or phone: report it to {mailbox}, then delete it.",
            "Reported it to {mailbox} (if it came to work)",
        ),
        DoNow(
            "personal",
            "If it came to your own email or phone: forward scam emails to "
            "report@phishing.gov.uk and scam texts to 7726 (it is free). Then delete it.",
            "Reported it to the national reporting service (if it came to a personal account)",
        ),
    ),
    next_steps="IT will look at what you reported and warn others if it is a scam. If you "
    "later click a link or type a password by mistake, report it again at once: choose "
    "'I clicked a link, opened an attachment or typed my password'.",
    steps=_steps(
        "About the message",
        "Describe it in your own words. Do not copy links or forward the message here.",
        (
            FieldSpec(
                "channel",
                "How did it reach you?",
                "choice",
                required=True,
                options=(
                    ("email", "Email"),
                    ("text", "Text message"),
                    ("call", "Phone call"),
                    ("chat", "Chat or social media message"),
                    ("qr", "QR code"),
                    ("other", "Something else"),
                ),
                short="How it came",
            ),
            FieldSpec(
                "sender",
                "Who did it say it was from? (optional)",
                "line",
                held=True,
                hint="A name, company, email address or phone number.",
                short="Said it was from",
            ),
            FieldSpec(
                "asked",
                "What did it ask you to do?",
                "text",
                required=True,
                held=True,
                hint="For example: 'sign in to see a parcel', 'pay a fine'. " + NO_SECRETS,
                short="What it asked",
            ),
            _when("Roughly when did it arrive?"),
        ),
    ),
)

CLICKED = ReportKind(
    "clicked",
    "I clicked or typed something I should not have - Hygiene Helper",
    label="I clicked a link, opened an attachment or typed my password somewhere I should not have",
    hint="For example a link in a scam email, a file you did not expect, or a sign-in page "
    "that was not real.",
    report_title="Clicked a link, opened a file or typed a password",
    subject="Clicked or typed something",
    do_now=(
        DoNow(
            "disconnect",
            "If IT has told you to, disconnect from the internet now: turn off Wi-Fi or "
            "unplug the network cable. Leave the computer switched on.",
            "Disconnected from the internet, if IT advised it",
        ),
        DoNow(
            "password",
            "If you typed a password: change it now. Then use 'My password may have leaked' "
            "under 'Report a problem' for the other steps.",
            "Changed the password that was typed (if one was)",
            action="leak-report",
        ),
        DoNow(
            "check",
            "Run 'Check this computer' in Hygiene Helper and fix anything it finds.",
            "Ran 'Check this computer'",
            action="check-device",
        ),
        DoNow(
            "stop",
            "Do not open the link or file again, and do not forward it to anyone.",
            "Did not open it again or forward it",
        ),
    ),
    next_steps="IT will check your computer and accounts for signs of harm and may ask you "
    "to bring the computer in. Until they reply, do not open the link or file again.",
    steps=_steps(
        "What happened",
        "Short answers are fine. Never type the password itself.",
        (
            FieldSpec(
                "action",
                "What did you do?",
                "choice",
                required=True,
                options=(
                    ("link", "Clicked a link"),
                    ("attachment", "Opened an attachment or file"),
                    ("password", "Typed a password on a page"),
                    ("details", "Typed other details, such as bank details"),
                    ("download", "Downloaded or ran a program"),
                ),
                short="What was done",
            ),
            FieldSpec(
                "source",
                "Where did the link or file come from?",
                "line",
                required=True,
                held=True,
                hint="For example: 'an email saying it was from a delivery company'.",
                short="Where it came from",
            ),
            FieldSpec(
                "account",
                "If you typed a password: which account is it for? (optional)",
                "line",
                held=True,
                hint="The account's name only. " + NO_SECRETS,
                short="Account",
            ),
            _when(),
        ),
        secret=True,
    ),
)

WRONG_PERSON = ReportKind(
    "wrong-person",
    "I sent something to the wrong person - Hygiene Helper",
    label="I sent something to the wrong person",
    hint="An email, message, file or letter that went to someone who should not have it.",
    report_title="Sent to the wrong person",
    subject="Sent to the wrong person",
    do_now=(
        DoNow(
            "ask-delete",
            "Ask the person who got it to delete it, and not to open, share or forward it.",
            "Asked them to delete it",
        ),
        DoNow(
            "tell-report",
            "Tell them that you must report it.",
            "Told them it must be reported",
        ),
        DoNow(
            "no-resend",
            "Do not send it again until you are sure of the right address.",
            "Did not send it again",
        ),
    ),
    next_steps="What matters is that you acted fast. The people told will decide whether "
    "anyone else must be told and may contact you. Keep the reference.",
    steps=_steps(
        "What was sent",
        "Describe it. Do not attach it or copy from it: the report must not spread it further.",
        (
            FieldSpec(
                "how",
                "How was it sent?",
                "choice",
                required=True,
                options=(
                    ("email", "Email"),
                    ("message", "Text or chat message"),
                    ("file", "A shared file or link"),
                    ("paper", "Post or paper"),
                    ("other", "Another way"),
                ),
                short="How it was sent",
            ),
            FieldSpec(
                "what",
                "What was in it?",
                "text",
                required=True,
                held=True,
                hint="For example: 'a spreadsheet of 20 learners' names and phone numbers'.",
                short="What was sent",
            ),
            FieldSpec(
                "personal",
                "Did it include details about people (names, contact details, records)?",
                "choice",
                required=True,
                options=(("yes", "Yes"), ("no", "No"), _NOT_SURE),
                short="Details about people",
            ),
            FieldSpec(
                "recipient",
                "Who got it by mistake?",
                "line",
                required=True,
                held=True,
                hint="Their name or role, or 'someone outside the organisation'.",
                short="Who got it",
            ),
            FieldSpec(
                "deleted",
                "Have they said they deleted it?",
                "choice",
                options=(("yes", "Yes"), ("no", "No"), ("not-asked", "Not asked yet")),
                short="Deleted by them",
            ),
            _when("Roughly when was it sent?"),
        ),
    ),
)

LOST = ReportKind(
    "lost-device",
    "A device or badge is lost or stolen - Hygiene Helper",
    label="A laptop, phone, memory stick or ID badge is lost or stolen",
    hint="Something of the organisation's, or your own that you use for work.",
    report_title="Device or badge lost or stolen",
    subject="Lost or stolen",
    do_now=(
        DoNow(
            "look",
            "Check the last places you had it, and ask there (reception, the venue, the "
            "bus or train company).",
            "Looked and asked where it was last seen",
        ),
        DoNow(
            "police",
            "If it was stolen, report it to the police (101, or 999 if you are in danger) "
            "and write down the crime number.",
            "Reported the theft to the police (if stolen)",
        ),
        DoNow(
            "passwords",
            "If it is a laptop or phone, change the passwords of the accounts used on it, "
            "from another device.",
            "Changed the passwords used on it",
        ),
        DoNow(
            "badge",
            "If it is an ID badge or key card, tell reception or security so it can be stopped.",
            "Told reception or security (if a badge)",
        ),
    ),
    next_steps="IT may lock or wipe the device from a distance and stop the badge. Tell "
    "them at once if you find it again.",
    steps=_steps(
        "What is missing",
        "Short answers are fine.",
        (
            FieldSpec(
                "item",
                "What is missing?",
                "choice",
                required=True,
                options=(
                    ("laptop", "Laptop"),
                    ("phone", "Phone or tablet"),
                    ("storage", "Memory stick or drive"),
                    ("badge", "ID badge or key card"),
                    ("other", "Something else"),
                ),
                short="What is missing",
            ),
            FieldSpec(
                "how",
                "Lost or stolen?",
                "choice",
                required=True,
                options=(("lost", "Lost"), ("stolen", "Stolen"), _NOT_SURE),
                short="Lost or stolen",
            ),
            FieldSpec(
                "locked",
                "Did it have a password, PIN or screen lock?",
                "choice",
                options=(("yes", "Yes"), ("no", "No"), _NOT_SURE, ("n-a", "Does not apply")),
                short="Locked",
            ),
            FieldSpec(
                "where",
                "Where was it last seen?",
                "line",
                held=True,
                short="Last seen",
            ),
            FieldSpec(
                "crime",
                "Police crime number (optional)",
                "line",
                held=True,
                short="Crime number",
            ),
            _when("Roughly when did you last have it?"),
        ),
    ),
)

STICK = ReportKind(
    "stick-or-warning",
    "Unknown memory stick or a warning - Hygiene Helper",
    label="I found or plugged in an unknown memory stick, or saw an anti-virus warning",
    hint="A stick or drive you do not know, or a security warning on the screen.",
    report_title="Unknown memory stick or anti-virus warning",
    subject="Unknown stick or warning",
    do_now=(
        DoNow(
            "no-plug",
            "Do not plug in a stick or drive you found. If one is plugged in, open nothing "
            "on it and take it out.",
            "Did not plug it in, or took it out without opening anything",
        ),
        DoNow(
            "note",
            "If a warning appeared, write down what it says or take a photo of the screen "
            "with your phone. Do not choose 'allow' or 'ignore'.",
            "Noted what the warning said",
        ),
        DoNow(
            "keep-on",
            "Leave the computer switched on. Disconnect from the internet if IT has told you to.",
            "Left the computer on",
        ),
        DoNow(
            "hand-in",
            "Give the stick or drive to IT. Do not give it to anyone else or throw it away.",
            "Kept the stick for IT",
        ),
    ),
    next_steps="IT will check the stick and this computer safely. They may ask you to "
    "bring both to them. Until then, do not plug the stick in anywhere.",
    steps=_steps(
        "What you found or saw",
        "Short answers are fine.",
        (
            FieldSpec(
                "what",
                "What happened?",
                "choice",
                required=True,
                options=(
                    ("found", "I found a memory stick or drive"),
                    ("plugged", "I plugged in a stick or drive I do not know"),
                    ("warning", "An anti-virus or security warning appeared"),
                ),
                short="What happened",
            ),
            FieldSpec(
                "where",
                "Where was it found, or which computer was it on?",
                "line",
                required=True,
                held=True,
                short="Where it was found, or which computer",
            ),
            FieldSpec(
                "warning",
                "What did the warning say? (optional)",
                "text",
                held=True,
                hint="Copy the words, or the name of the threat, if it showed one.",
                short="The warning",
            ),
            _when(),
        ),
    ),
)

MISUSE = ReportKind(
    "misuse",
    "Something that breaks the policy - Hygiene Helper",
    label="I saw something that breaks the rules for using computers and systems",
    hint="For example someone using another person's sign-in, shared passwords, offensive "
    "or harmful material, or spam.",
    report_title="Possible misuse of information systems",
    subject="Possible misuse",
    do_now=(
        DoNow(
            "no-share",
            "Do not reply to it, forward it or share it, not even to show someone.",
            "Did not reply, forward or share it",
        ),
        DoNow(
            "keep",
            "Leave it where it is for now: it may be needed. Do not try to find out more.",
            "Left it where it was",
        ),
        DoNow(
            "danger",
            "If anyone may be in danger, tell your tutor, line manager or safeguarding "
            "lead now, in person or by phone.",
            "Told someone in person (if anyone may be in danger)",
        ),
    ),
    next_steps="The senior managers told will look into it in confidence and may contact "
    "you. You did the right thing by reporting it.",
    steps=_steps(
        "What you saw",
        "Say what you saw, not what you think of it.",
        (
            FieldSpec(
                "what",
                "What was it?",
                "choice",
                required=True,
                options=(
                    ("sign-in", "Someone using another person's sign-in or password"),
                    ("material", "Offensive or harmful material"),
                    ("data", "Information shared or copied that should not be"),
                    ("spam", "Spam or chain messages"),
                    ("other", "Something else"),
                ),
                short="What it was",
            ),
            FieldSpec(
                "where",
                "Where did you see it?",
                "line",
                required=True,
                held=True,
                hint="For example: 'a group chat for my course', 'a shared folder'.",
                short="Where it was seen",
            ),
            FieldSpec(
                "description",
                "Describe what you saw",
                "text",
                required=True,
                held=True,
                hint="Who was involved, if you know. Do not copy the material itself.",
                short="What was seen",
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
