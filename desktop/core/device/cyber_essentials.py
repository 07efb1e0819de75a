"""The Cyber Essentials view: each user-device requirement of Cyber Essentials, the
device checks behind it, its status on this computer, and what the app cannot see.

Cyber Essentials is the UK scheme (NCSC requirements v3.3 with the Danzell question
set, from 27 April 2026) many organisations with public contracts are certified
against; it covers every user device that reaches the organisation's data, personal
ones included. The requirement texts below keep the standard's numbers; the checks are
named by their classes, so a check's id is still written only in its own module.

A requirement passes here only when every check behind it passes (a check that does
not apply is left out); a failing check fails it; a check that could not be read makes
it "not checked". What the app cannot see is always listed, so a pass here is never
read as a certificate.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.device.base import DeviceCheck
from desktop.core.device.checks import (
    AutoLoginCheck,
    AutorunCheck,
    AutoUpdatesCheck,
    EmptyPasswordCheck,
    FirewallCheck,
    GuestAccountCheck,
    InboundBlockedCheck,
    MalwareCheck,
    MalwareSignaturesCheck,
    RemoteAccessCheck,
    ScreenLockCheck,
    StandardAccountCheck,
    SupportedOsCheck,
    UnlockAttemptsCheck,
    UpdateAgeCheck,
    UpdatesCheck,
)
from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus
from desktop.core.kit.i18n import N_, _
from desktop.core.kit.untrusted import sentence_text

STANDARD_ID = "cyber-essentials"
STANDARD_NAME = N_("Cyber Essentials")
STANDARD_VERSION = N_("requirements v3.3 (Danzell question set, from 27 April 2026)")
NOT_A_CERTIFICATE = N_(
    "This shows what the app can check on this computer. It is not a Cyber Essentials "
    "assessment. The person who checks your organisation looks at much more."
)
MFA_UNSEEN = N_(
    "Whether your online accounts ask for a second step when you sign in (multi-factor "
    "sign-in). That means email, files kept online and college systems. Cyber Essentials "
    "asks for this on every online service that offers it. The app cannot see your online "
    "accounts."
)
NO_GUIDANCE = N_("Ask IT how to switch on multi-factor sign-in for your accounts.")


@dataclass(frozen=True)
class Unseen:
    """Something the requirement asks that the app cannot see, and where to read more."""

    text: str
    guidance_url: str = ""


@dataclass(frozen=True)
class Requirement:
    """One user-device requirement: what it asks, the checks behind it, the unseen."""

    key: str
    title: str
    asks: str
    checks: tuple[type[DeviceCheck], ...]
    unseen: tuple[str, ...]


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "firewalls",
        N_("Firewalls"),
        N_(
            "Every device has a firewall on. It blocks connections from other computers unless "
            "a rule lets them in."
        ),
        (FirewallCheck, InboundBlockedCheck),
        (
            N_(
                "Whether the settings page of your router or firewall can be opened "
                "from the internet."
            ),
        ),
    ),
    Requirement(
        "secure_configuration",
        N_("Secure configuration"),
        N_(
            "Accounts and programs no one needs are removed or switched off. Passwords that came "
            "with a device or are easy to guess are changed. Auto-run is off. The device locks, "
            "and it needs a password or PIN of at least 6 characters to unlock. After at most 10 "
            "wrong guesses, it locks you out or lets you try no more than 10 in five minutes."
        ),
        (
            ScreenLockCheck,
            UnlockAttemptsCheck,
            AutorunCheck,
            AutoLoginCheck,
            GuestAccountCheck,
            EmptyPasswordCheck,
            RemoteAccessCheck,
        ),
        (
            N_("Whether programs no one needs have been removed."),
            N_("Whether passwords that came with other kit, such as the router, were changed."),
        ),
    ),
    Requirement(
        "security_update_management",
        N_("Security update management"),
        N_(
            "Software has a licence and its maker still fixes it. Updates install by themselves "
            "where they can. High and critical updates go on within 14 days of coming out."
        ),
        (SupportedOsCheck, UpdatesCheck, UpdateAgeCheck, AutoUpdatesCheck),
        (
            N_(
                "Whether apps and browser add-ons get their high and critical updates "
                "within 14 days."
            ),
            N_("Whether all software here has a licence and is still fixed by its maker."),
        ),
    ),
    Requirement(
        "user_access_control",
        N_("User access control"),
        N_(
            "Admin accounts are used for admin work only. Every account has a password. A "
            "second step at sign-in is used wherever it is offered. It is always used for "
            "online services."
        ),
        (StandardAccountCheck, EmptyPasswordCheck, UnlockAttemptsCheck),
        (MFA_UNSEEN, N_("Whether accounts are removed when people no longer need them.")),
    ),
    Requirement(
        "protection_from_malware",  # not "malware_protection": that is a check's id
        N_("Malware protection"),
        N_(
            "Anti-malware is on and kept up to date as its maker says. It stops harmful programs "
            "and websites, or only approved apps can run."
        ),
        (MalwareCheck, MalwareSignaturesCheck),
        (N_("Whether it also keeps you away from harmful websites."),),
    ),
)


@dataclass(frozen=True)
class RequirementView:
    """One requirement on this computer."""

    requirement: Requirement
    status: DeviceStatus  # PASS, FAIL, UNKNOWN (or NOT_APPLICABLE: nothing here applies)
    findings: tuple[DeviceFinding, ...]
    unseen: tuple[Unseen, ...]

    @property
    def status_words(self) -> str:
        return _(STATUS_WORDS[self.status])


STATUS_WORDS = {
    DeviceStatus.PASS: N_("No problems seen"),
    DeviceStatus.FAIL: N_("Needs fixing"),
    DeviceStatus.UNKNOWN: N_("Not checked"),
    DeviceStatus.NOT_APPLICABLE: N_("Does not apply"),
}


@dataclass(frozen=True)
class StandardView:
    """Every requirement on this computer, from one run of the device checks."""

    requirements: tuple[RequirementView, ...]
    report: DeviceReport

    def as_dict(self) -> dict[str, object]:
        """For ``hygiene device --standard cyber-essentials --json`` (no private fields)."""
        return {
            "standard": STANDARD_ID,
            "version": _(STANDARD_VERSION),
            "generated_at": self.report.checked_at.isoformat(timespec="seconds"),
            "note": _(NOT_A_CERTIFICATE),
            "requirements": [
                {
                    "id": r.requirement.key,
                    "title": _(r.requirement.title),
                    "asks": _(r.requirement.asks),
                    "status": r.status.value,
                    "checks": [
                        {
                            "id": f.check_id,
                            "title": f.title,
                            "status": f.status.value,
                            "summary": f.summary,
                        }
                        for f in r.findings
                    ],
                    "not_seen": [
                        {"text": _(u.text), "guidance_url": u.guidance_url} for u in r.unseen
                    ],
                }
                for r in self.requirements
            ],
        }


def requirement_status(findings: tuple[DeviceFinding, ...]) -> DeviceStatus:
    """FAIL if any check fails, else UNKNOWN if any could not be read, else PASS; a
    requirement none of whose checks applies here does not apply."""
    counted = [f for f in findings if f.status is not DeviceStatus.NOT_APPLICABLE]
    if any(f.status is DeviceStatus.FAIL for f in counted):
        return DeviceStatus.FAIL
    if any(f.status is DeviceStatus.UNKNOWN for f in counted):
        return DeviceStatus.UNKNOWN
    return DeviceStatus.PASS if counted else DeviceStatus.NOT_APPLICABLE


def standard_view(report: DeviceReport, mfa_guidance_url: str = "") -> StandardView:
    """The Cyber Essentials view of one run. ``mfa_guidance_url`` is the policy's
    address of the organisation's guidance on multi-factor sign-in ("" if none)."""
    views: list[RequirementView] = []
    for req in REQUIREMENTS:
        found = tuple(f for c in req.checks if (f := report.get(c.check_id)) is not None)
        unseen = tuple(
            Unseen(text, mfa_guidance_url) if text == MFA_UNSEEN else Unseen(text)
            for text in req.unseen
        )
        views.append(RequirementView(req, requirement_status(found), found, unseen))
    return StandardView(tuple(views), report)


def render_text(view: StandardView) -> str:
    """The view as ``hygiene device --standard cyber-essentials`` prints it."""
    lines = [f"{_(STANDARD_NAME)}, {_(STANDARD_VERSION)}", _(NOT_A_CERTIFICATE), ""]
    for r in view.requirements:
        marks = {status: _(word) for status, word in CHECK_MARKS.items()}
        not_seen = _("NOT SEEN")
        width = max(len(word) for word in (*marks.values(), not_seen)) + 1
        lines.append(f"{_(r.requirement.title)}: {r.status_words.upper()}")
        lines.append(_("  Asks: {asks}", asks=_(r.requirement.asks)))
        for f in r.findings:
            lines.append(f"  {marks[f.status]:<{width}} {f.title}: {sentence_text(f.summary)}")
        for u in r.unseen:
            lines.append(f"  {not_seen:<{width}} {_(u.text)}")
            if u.text == MFA_UNSEEN:
                more = (
                    _("Your organisation's guidance: {guidance_url}", guidance_url=u.guidance_url)
                    if u.guidance_url
                    else _(NO_GUIDANCE)
                )
                lines.append(f"  {'':<{width}} {more}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


CHECK_MARKS = {
    DeviceStatus.PASS: N_("PASS"),
    DeviceStatus.FAIL: N_("FAIL"),
    DeviceStatus.UNKNOWN: N_("NOT CHECKED"),
    DeviceStatus.NOT_APPLICABLE: N_("N/A"),
}
