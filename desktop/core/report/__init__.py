"""Reporting a password that may have leaked: answers, report, sending and drafts.

Plain Python with no Qt: the wizard in ``desktop.ui.report.wizard`` asks the questions
and calls into here to render, send, save and keep the draft.

The names below load from their modules when first used, so that importing one small
module of this package (``files``, ``contacts``) does not load the mail modules
(``email``, ``smtplib``, ``ssl``) into an app that has not opened the wizard.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.core.report.contacts import Recipients, recipients
    from desktop.core.report.drafts import Draft, DraftStore
    from desktop.core.report.files import SaveError, save_eml
    from desktop.core.report.mailto import MailtoLink, build_mailto
    from desktop.core.report.model import ReportAnswers, Step, WhatHappened, format_elapsed
    from desktop.core.report.reference import make_reference
    from desktop.core.report.render import BuiltReport, build_report, render_text
    from desktop.core.report.smtp import RelaySettings, SendError, SendResult, SmtpRelay

_MODULE_OF = {
    "BuiltReport": "render",
    "Draft": "drafts",
    "DraftStore": "drafts",
    "MailtoLink": "mailto",
    "Recipients": "contacts",
    "RelaySettings": "smtp",
    "ReportAnswers": "model",
    "SaveError": "files",
    "SendError": "smtp",
    "SendResult": "smtp",
    "SmtpRelay": "smtp",
    "Step": "model",
    "WhatHappened": "model",
    "build_mailto": "mailto",
    "build_report": "render",
    "format_elapsed": "model",
    "make_reference": "reference",
    "recipients": "contacts",
    "render_text": "render",
    "save_eml": "files",
}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
