"""What every device check shares: the context it runs in and the DeviceCheck protocol."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from desktop.core.device.findings import DeviceFinding, DeviceStatus, System, Value
from desktop.core.device.readings import Unread
from desktop.core.policy.schema import Policy


@dataclass(frozen=True)
class DeviceContext:
    """What one run knows: the policy, which system this is and the time of the run."""

    policy: Policy
    system: System
    now: datetime


class DeviceCheck(Protocol):
    """One device check. ``evaluate`` never raises; an ``Unread`` gives UNKNOWN.

    ``source_id`` names the fact it reads (two checks may read the same fact: the guest
    account is read with automatic sign-in). ``not_applicable`` says why the check does
    not apply, before anything is read, or returns "".
    """

    check_id: ClassVar[str]
    source_id: ClassVar[str]
    title: ClassVar[str]
    why: ClassVar[str]

    def not_applicable(self, ctx: DeviceContext) -> str: ...

    def evaluate(self, reading: object, ctx: DeviceContext) -> DeviceFinding: ...


class BaseCheck:
    """Helpers for building findings; subclasses set the class variables."""

    check_id: ClassVar[str]
    source_id: ClassVar[str]
    title: ClassVar[str]
    why: ClassVar[str]

    def not_applicable(self, ctx: DeviceContext) -> str:
        return ""

    def result(
        self,
        ctx: DeviceContext,
        status: DeviceStatus,
        summary: str,
        fix: str = "",
        value: Value = None,
        threshold: Value = None,
        detail: str = "",
    ) -> DeviceFinding:
        return DeviceFinding(
            check_id=self.check_id,
            title=self.title,
            status=status,
            summary=summary,
            why=self.why,
            fix=fix,
            value=value,
            threshold=threshold,
            required=self.check_id in ctx.policy.device_checks_required,
            detail=detail,
        )

    def unknown(self, ctx: DeviceContext, unread: Unread, threshold: Value = None) -> DeviceFinding:
        reason = unread.reason.rstrip(".")
        return self.result(
            ctx,
            DeviceStatus.UNKNOWN,
            f"Not checked: {reason[:1].lower()}{reason[1:]}.",
            threshold=threshold,
            detail=unread.detail,
        )

    def skipped(self, ctx: DeviceContext, reason: str) -> DeviceFinding:
        return self.result(ctx, DeviceStatus.NOT_APPLICABLE, reason)

    def misread(self, ctx: DeviceContext, reading: object) -> DeviceFinding:
        """An adapter answered with something this check does not understand."""
        return self.unknown(
            ctx,
            Unread("the app got an answer it does not understand", type(reading).__name__),
        )


def duration_words(seconds: int) -> str:
    """'30 seconds', '1 minute', '5 minutes', '1 hour 30 minutes'."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)  # round up: a lock after 5 min 10 s is not "5 minutes"
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    text = f"{hours} hour{'s' if hours != 1 else ''}"
    return text + (f" {rest} minute{'s' if rest != 1 else ''}" if rest else "")


def names_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
