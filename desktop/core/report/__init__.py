"""Reporting a password that may have leaked: answers, report, sending and drafts.

Plain Python with no Qt: the wizard in ``desktop.ui.report.wizard`` asks the questions
and calls into here to render, send, save and keep the draft.
"""

from desktop.core.report.contacts import Recipients, recipients
from desktop.core.report.drafts import Draft, DraftStore
from desktop.core.report.files import SaveError, save_eml
from desktop.core.report.mailto import MailtoLink, build_mailto
from desktop.core.report.model import ReportAnswers, Step, WhatHappened, format_elapsed
from desktop.core.report.reference import make_reference
from desktop.core.report.render import BuiltReport, build_report, render_text
from desktop.core.report.smtp import RelaySettings, SendError, SendResult, SmtpRelay

__all__ = [
    "BuiltReport",
    "Draft",
    "DraftStore",
    "MailtoLink",
    "Recipients",
    "RelaySettings",
    "ReportAnswers",
    "SaveError",
    "SendError",
    "SendResult",
    "SmtpRelay",
    "Step",
    "WhatHappened",
    "build_mailto",
    "build_report",
    "format_elapsed",
    "make_reference",
    "recipients",
    "render_text",
    "save_eml",
]
