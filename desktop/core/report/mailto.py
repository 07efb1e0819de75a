"""A ``mailto:`` link that opens the person's mail app with the report filled in.

Used when the policy names no mail relay. Mail apps and the operating system cap how
long such a link may be (around 2,000 characters is safe on Windows and in Outlook),
so a long report is cut at a line break with a note saying so; the wizard then also
puts the full report on the clipboard to paste in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from desktop.core.kit.i18n import N_, _

SAFE_LENGTH = 1900
CUT_NOTE = N_(
    "\n[The rest of this report did not fit in the email. It has been copied: "
    "paste it here before you send.]\n"
)


@dataclass(frozen=True)
class MailtoLink:
    """The link, and whether the body had to be shortened to fit."""

    url: str
    shortened: bool


def _encode(text: str) -> str:
    # RFC 6068: line breaks in a body are CRLF, everything else percent-encoded UTF-8.
    return quote(text.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")


def _url(to: Sequence[str], subject: str, body: str) -> str:
    addresses = ",".join(quote(a.strip(), safe="@") for a in to)
    return f"mailto:{addresses}?subject={_encode(subject)}&body={_encode(body)}"


def build_mailto(
    to: Sequence[str], subject: str, body: str, limit: int = SAFE_LENGTH
) -> MailtoLink:
    """A link no longer than ``limit`` characters (if the addresses and subject fit).

    Whole lines are dropped from the end of the body until it fits, and a note is
    added so the person knows to paste the rest.
    """
    url = _url(to, subject, body)
    if len(url) <= limit:
        return MailtoLink(url, False)
    lines = body.splitlines()
    while lines:
        lines.pop()
        url = _url(to, subject, "\n".join(lines) + _(CUT_NOTE))
        if len(url) <= limit:
            return MailtoLink(url, True)
    return MailtoLink(_url(to, subject, _(CUT_NOTE).strip()), True)
