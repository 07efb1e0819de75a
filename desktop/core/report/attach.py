"""The "Check this computer" summary a person may attach to a report, in plain lines.

One line per check: its result and title, then what was read. Nothing else of the
computer's goes in (no IT log details, no file paths); the person sees these exact lines
before choosing to attach them, and the report carries them as they were shown.
"""

from __future__ import annotations

from desktop.core.device import DeviceReport, DeviceStatus, device_verdict
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _

RESULT_WORDS = {
    DeviceStatus.PASS: "OK",
    DeviceStatus.FAIL: N_("Needs fixing"),
    DeviceStatus.UNKNOWN: N_("Not checked"),
    DeviceStatus.NOT_APPLICABLE: N_("Does not apply"),
}


def device_summary(report: DeviceReport, language: i18n.Language | None = None) -> str:
    """The summary of one run of the device checks, as attached to a report: in
    ``language`` when given (the organisation's, as the report is), else the one in use."""
    if language is None:
        return _summary(report)
    told = report.told_in(language)
    with i18n.speaking(language):
        return _summary(told)


def _summary(report: DeviceReport) -> str:
    moment = report.checked_at.astimezone()
    when = f"{i18n.date(moment, 'medium')} {i18n.time(moment)}"
    lines = [
        _("Checked on {when}: {sentence}", when=when, sentence=device_verdict(report).sentence)
    ]
    for f in report.findings:
        result = _(RESULT_WORDS[f.status])
        if f.advice_only:
            result += _(" (advice only)")
        lines.append(f"{result}: {f.title}. {f.summary}")
    return "\n".join(lines)
