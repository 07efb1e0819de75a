"""What a device check says about this computer: a status, what was read, why, how to fix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Literal

from desktop.core.kit import i18n
from desktop.core.kit.unchecked import NotChecked, Reason

System = Literal["linux", "windows", "macos"]
Value = int | str | bool | None


class DeviceStatus(str, Enum):
    """A device check's verdict.

    UNKNOWN means the fact could not be read: it is shown as "Not checked" and never
    counted as a pass. NOT_APPLICABLE means the check does not apply to this computer
    or this policy (no guest account exists, no anti-malware product is asked for).
    """

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class DeviceFinding:
    """One check's result, in words for the person who can fix it.

    ``summary`` says what was read ("Your screen locks 5 minutes after you stop using it.
    Your organisation asks for 15 minutes or less."), ``why`` why it matters, ``fix`` what
    to do on this system. ``value`` and ``threshold`` are what was compared, for IT.
    """

    check_id: str
    title: str
    status: DeviceStatus
    summary: str
    why: str
    fix: str = ""
    value: Value = None
    threshold: Value = None
    required: bool = True
    detail: str = ""  # for IT's log only (an error name); never shown to the person
    unchecked: NotChecked | None = None  # why it could not be checked (UNKNOWN only)

    @property
    def failing(self) -> bool:
        """A failure the organisation asks to be fixed (advice-only checks do not count)."""
        return self.status is DeviceStatus.FAIL and self.required

    @property
    def advice_only(self) -> bool:
        """A failure the organisation does not require fixing: shown as advice."""
        return self.status is DeviceStatus.FAIL and not self.required

    def as_dict(self) -> dict[str, Value]:
        """The check as IT's posture document holds it (no private fields)."""
        return {
            "id": self.check_id,
            "status": self.status.value,
            "summary": self.summary,
            "fix": self.fix if self.status is DeviceStatus.FAIL else "",
            "value": self.value,
            "threshold": self.threshold,
            "reason": self.unchecked.code.value if self.unchecked is not None else "",
        }


@dataclass(frozen=True)
class DeviceReport:
    """Every check's finding from one run, in display order, and when it was taken."""

    findings: tuple[DeviceFinding, ...]
    checked_at: datetime
    timings: dict[str, float] = field(default_factory=dict, compare=False)
    # Judges this run's readings again in the language in use (nothing is read again);
    # set by the runner, so IT's copy can be worded in the organisation's language.
    retell: Callable[[], tuple[DeviceFinding, ...]] | None = field(
        default=None, compare=False, repr=False
    )

    def told_in(self, language: i18n.Language) -> DeviceReport:
        """The same run with its words in ``language``: the same statuses and values, the
        sentences written in that language. As it is when it cannot be retold (a report
        built by hand) or is already in that language."""
        if self.retell is None or language.code == i18n.current().code:
            return self
        with i18n.speaking(language):
            return replace(self, findings=self.retell())

    def get(self, check_id: str) -> DeviceFinding | None:
        return next((f for f in self.findings if f.check_id == check_id), None)

    @property
    def still_reading(self) -> bool:
        """Some check is not checked yet only because its source is still working (a
        slow search the next run will have the answer of): worth checking again soon."""
        return any(
            f.unchecked is not None and f.unchecked.code is Reason.WAITING for f in self.findings
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "schema": 1,
            "generated_at": self.checked_at.isoformat(timespec="seconds"),
            "checks": [f.as_dict() for f in self.findings],
        }
