"""What every device check shares: its catalogue entry, the facts it reads, the context
it runs in, and the one place a reading's type is looked at.

A device check is one class (one module under ``checks/``), shaped like a password rule:

* ``check_id``, ``title``, ``why``: its stable id and the words the window, the tray,
  ``hygiene device`` and the posture document show;
* ``noun``: how IT's field list names it ("screen lock"); ``reads``: the line on the
  page "What this app reads";
* ``policy_keys`` and ``expects(policy)``: which policy keys it compares with, and in
  words what the policy asks;
* ``needs``: the facts it reads (one or several ``Fact``), each with the reading type an
  OS adapter returns for it;
* ``fix_for(system, ...)``: how to fix it on Linux, Windows and macOS, in plain words
  naming the product or the settings page (never a command or a service);
* ``settings``: the settings page "Open settings" opens on each system;
* ``not_applicable(ctx)`` and ``judge(got, ctx)``: the decision.

``evaluate`` is the only code that looks at a reading's type: a fact that could not be
read gives "not checked" with its reason; an answer of the wrong type gives "not
checked" too; otherwise ``judge`` gets the readings already typed.

The checks read the policy through ``DevicePolicy``, which the policy's ``Policy``
satisfies, so the device room does not import the policy (the policy imports the
registry here for its list of device check ids).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, TypeVar, cast

from desktop.core.device.findings import DeviceFinding, DeviceStatus, System, Value
from desktop.core.kit import i18n
from desktop.core.kit.i18n import N_, _, ngettext
from desktop.core.kit.unchecked import NotChecked, Reason

R = TypeVar("R")


class DevicePolicy(Protocol):
    """The parts of the organisation's policy the device checks read."""

    @property
    def device_checks_required(self) -> tuple[str, ...]: ...
    @property
    def max_lock_minutes(self) -> int: ...
    @property
    def device_grace_days(self) -> int: ...
    @property
    def updates_grace_days(self) -> int: ...
    @property
    def updates_lists_max_age_days(self) -> int: ...
    @property
    def malware_products(self) -> tuple[str, ...]: ...
    @property
    def approved_drives(self) -> tuple[str, ...]: ...
    @property
    def removable_media_notices(self) -> bool: ...
    @property
    def malware_signatures_max_age_days(self) -> int: ...
    @property
    def remote_access_allowed(self) -> tuple[str, ...]: ...
    @property
    def os_end_of_support(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Fact(Generic[R]):
    """One fact about this computer: its id (the key of the OS adapter tables) and the
    type of reading an adapter returns for it. Two checks may read one fact.

    ``live`` facts are known only to the tray app, which watches for them (drives being
    plugged in); elsewhere they read as not checked, and a document written elsewhere
    keeps the tray's last result for them.
    """

    id: str
    kind: type[R]
    live: bool = False


@dataclass(frozen=True)
class SettingsPages:
    """Where a check's setting lives: an address on Windows and macOS, a settings program
    (its name and page) on GNOME and KDE. Empty: no page of its own on that system."""

    windows: str = ""
    macos: str = ""
    gnome: tuple[str, ...] = ()
    kde: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeviceContext:
    """What one run knows: the policy, which system this is and the time of the run."""

    policy: DevicePolicy
    system: System
    now: datetime


@dataclass(frozen=True)
class Got:
    """The readings of one check's facts, each already of its fact's type."""

    readings: Mapping[str, object] = field(default_factory=dict)

    def of(self, fact: Fact[R]) -> R:
        return cast(R, self.readings[fact.id])


SYSTEM_NAMES: dict[System, str] = {
    "linux": N_("Linux"),
    "windows": N_("Windows"),
    "macos": N_("Mac"),
}
NOT_SUPPORTED = NotChecked(
    N_("the app cannot read this on this computer yet"), "", Reason.UNSUPPORTED
)
MISREAD = N_("the app got an answer it does not understand")
BROKEN = NotChecked(N_("this check went wrong. Please tell IT"), "", Reason.FAILED)


class DeviceCheck:
    """One device check; subclasses set the class variables and write ``judge``."""

    check_id: ClassVar[str]
    title: ClassVar[str]
    why: ClassVar[str]
    noun: ClassVar[str]
    reads: ClassVar[str]
    needs: ClassVar[tuple[Fact[Any], ...]]
    policy_keys: ClassVar[tuple[str, ...]] = ()
    # In the policy's default ``device_checks_required``: False for a check a person's
    # own account usually cannot read, which would otherwise never let a computer pass.
    required_by_default: ClassVar[bool] = True
    # The systems the check applies on; elsewhere it says so and reads nothing.
    applies_on: ClassVar[tuple[System, ...]] = ("linux", "windows", "macos")
    settings: ClassVar[SettingsPages] = SettingsPages()
    # Units of the numbers it compares, for "What IT can see" ("30" reads "30 minutes").
    value_unit: ClassVar[str] = ""
    threshold_unit: ClassVar[str] = ""

    # ----- what a subclass writes ----------------------------------------------------

    def expects(self, policy: DevicePolicy) -> str:
        """What the policy asks, in words."""
        return ""

    def threshold(self, policy: DevicePolicy) -> Value:
        """What the policy asks, as compared (a number of minutes, "on")."""
        return None

    def not_applicable(self, ctx: DeviceContext) -> str:
        """Why the check does not apply here, before anything is read; "" when it does.
        A subclass that adds its own reasons asks ``super()`` first."""
        if ctx.system not in self.applies_on:
            return _("This does not apply to {value} computers.", value=_(SYSTEM_NAMES[ctx.system]))
        return ""

    def judge(self, got: Got, ctx: DeviceContext) -> DeviceFinding:
        raise NotImplementedError

    # ----- the one place a reading's type is looked at ---------------------------------

    def evaluate(self, readings: Mapping[str, object], ctx: DeviceContext) -> DeviceFinding:
        """The finding for these readings (by fact id). Never raises for a reading."""
        got: dict[str, object] = {}
        for fact in self.needs:
            reading = readings.get(fact.id, NOT_SUPPORTED)
            if isinstance(reading, NotChecked):
                return self.unknown(ctx, reading)
            if not isinstance(reading, fact.kind):
                return self.unknown(ctx, NotChecked(_(MISREAD), type(reading).__name__))
            got[fact.id] = reading
        return self.judge(Got(got), ctx)

    def evaluate_one(self, reading: object, ctx: DeviceContext) -> DeviceFinding:
        """``evaluate`` for a check of one fact, given that fact's reading (for tests)."""
        (fact,) = self.needs
        return self.evaluate({fact.id: reading}, ctx)

    # ----- building findings ---------------------------------------------------------

    def required(self, policy: DevicePolicy) -> bool:
        return self.check_id in policy.device_checks_required

    def result(
        self,
        ctx: DeviceContext,
        status: DeviceStatus,
        summary: str,
        fix: str = "",
        value: Value = None,
        threshold: Value = None,
        detail: str = "",
        unchecked: NotChecked | None = None,
    ) -> DeviceFinding:
        return DeviceFinding(
            check_id=self.check_id,
            title=_(self.title),
            status=status,
            summary=summary,
            why=_(self.why),
            fix=fix,
            value=value,
            threshold=threshold,
            required=self.required(ctx.policy),
            detail=detail,
            unchecked=unchecked,
        )

    def passed(self, ctx: DeviceContext, summary: str, value: Value) -> DeviceFinding:
        return self.result(
            ctx, DeviceStatus.PASS, summary, value=value, threshold=self.threshold(ctx.policy)
        )

    def failed(self, ctx: DeviceContext, summary: str, fix: str, value: Value) -> DeviceFinding:
        return self.result(ctx, DeviceStatus.FAIL, summary, fix, value, self.threshold(ctx.policy))

    def unknown(self, ctx: DeviceContext, why: NotChecked) -> DeviceFinding:
        """Not checked: the sentence says why; never a pass."""
        return self.result(
            ctx,
            DeviceStatus.UNKNOWN,
            why.sentence,
            threshold=self.unknown_threshold(ctx.policy),
            detail=why.detail,
            unchecked=why,
        )

    def unknown_threshold(self, policy: DevicePolicy) -> Value:
        return self.threshold(policy)

    def skipped(self, ctx: DeviceContext, reason: str) -> DeviceFinding:
        return self.result(ctx, DeviceStatus.NOT_APPLICABLE, reason)

    def broken(self, ctx: DeviceContext, exc: BaseException) -> DeviceFinding:
        """The check itself raised (a bug): not checked, the others still run."""
        return self.unknown(ctx, NotChecked(_(BROKEN.reason), type(exc).__name__, Reason.FAILED))


def duration_words(seconds: int) -> str:
    """'30 seconds', '1 minute', '5 minutes', '1 hour 30 minutes'."""
    if seconds < 60:
        return ngettext("{n} second", "{n} seconds", seconds)
    minutes = -(-seconds // 60)  # round up: a lock after 5 min 10 s is not "5 minutes"
    if minutes < 60:
        return ngettext("{n} minute", "{n} minutes", minutes)
    hours, rest = divmod(minutes, 60)
    text = ngettext("{n} hour", "{n} hours", hours)
    if not rest:
        return text
    return _("{hours} {minutes}", hours=text, minutes=ngettext("{n} minute", "{n} minutes", rest))


def names_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return i18n.join(names)


ASK_IT_MANAGED = N_("If a setting is greyed out, IT looks after it: ask them.")
