"""Taking the leaked password out of the answers if the person typed it there too.

Worried people sometimes write "my password was ..." in the details box. While the
leaked password is briefly known (when it is typed in for the local comparison), the
wizard passes it here and every free-text answer is cleaned of it before it can reach
the draft or the report.
"""

from __future__ import annotations

import re
from dataclasses import replace

from desktop.core.report.model import ReportAnswers

REMOVED = "[password removed]"
MIN_SECRET = 4  # shorter strings would match ordinary words and wreck the text


def redact(text: str, secret: str) -> tuple[str, bool]:
    """``text`` with every copy of ``secret`` (any letter case) replaced by REMOVED."""
    if len(secret) < MIN_SECRET or not text:
        return text, False
    cleaned, count = re.subn(re.escape(secret), REMOVED, text, flags=re.IGNORECASE)
    return cleaned, count > 0


def redact_answers(answers: ReportAnswers, secret: str) -> tuple[ReportAnswers, bool]:
    """The answers with ``secret`` taken out of every text field; True when any changed."""
    changed = False

    def clean(text: str) -> str:
        nonlocal changed
        out, hit = redact(text, secret)
        changed = changed or hit
        return out

    result = replace(
        answers,
        details=clean(answers.details),
        account=clean(answers.account),
        reporter_name=clean(answers.reporter_name),
        reporter_email=clean(answers.reporter_email),
        note=clean(answers.note),
        other_accounts=tuple(clean(a) for a in answers.other_accounts),
    )
    return result, changed
