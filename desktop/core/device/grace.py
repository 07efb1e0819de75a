"""Grace periods: a failing check is shown in the tray only once it has lasted a while.

Nagging the moment something fails "can feel a bit punitive", and many failures fix
themselves (an update installs overnight). So the tray badge appears only after a
required check has failed for ``device_grace_days`` days, at most one notice is given a
day, and never while a presentation or do-not-disturb is on (the reminders' own rule).

When each check was first seen failing is kept in a small per-user JSON file, so the
clock is not reset by restarting the app. A check that could not be read (unknown)
neither starts nor stops the clock: not knowing is not a fix.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.core.device.base import DevicePolicy
from desktop.core.device.findings import DeviceFinding, DeviceReport, DeviceStatus
from desktop.core.device.verdict import device_verdict
from desktop.core.kit.i18n import _
from desktop.core.kit.jsonfile import write_atomic
from desktop.core.kit.quiet import held_back

log = logging.getLogger(__name__)
NOTICE_EVERY = timedelta(days=1)
STATE_FILE = "device-state.json"


@dataclass(frozen=True)
class GraceDecision:
    """What the tray should do after a run: show a badge, and maybe one notice."""

    overdue: tuple[DeviceFinding, ...]
    notice: str = ""  # empty: no notice now

    @property
    def badge(self) -> bool:
        return bool(self.overdue)


class GraceState:
    """First-seen-failing times per check and the time of the last notice."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.first_failing: dict[str, datetime] = {}
        self.last_notice: datetime | None = None
        self.problem = ""
        self._load()

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            first = data.get("first_failing", {})
            self.first_failing = {str(k): datetime.fromisoformat(v) for k, v in first.items()}
            last = data.get("last_notice")
            self.last_notice = datetime.fromisoformat(last) if last else None
        except FileNotFoundError:
            return
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            # A damaged file only means the grace period starts again from now.
            self.problem = _(
                "The device check record could not be read ({name__}).", name__=type(exc).__name__
            )
            self.first_failing, self.last_notice = {}, None

    def _save(self) -> None:
        if self.path is None:
            return
        data = {
            "first_failing": {k: v.isoformat() for k, v in sorted(self.first_failing.items())},
            "last_notice": self.last_notice.isoformat() if self.last_notice else None,
        }
        try:
            write_atomic(self.path, json.dumps(data, indent=2).encode("utf-8"))
        except OSError as exc:
            log.warning("device check record not saved: %s", exc.strerror or exc)

    def update(self, report: DeviceReport) -> None:
        """Start the clock for new failures and stop it for checks that now pass."""
        for f in report.findings:
            if f.status is DeviceStatus.FAIL:
                self.first_failing.setdefault(f.check_id, report.checked_at)
            elif f.status in (DeviceStatus.PASS, DeviceStatus.NOT_APPLICABLE):
                self.first_failing.pop(f.check_id, None)
        self._save()

    def failing_since(self, check_id: str) -> datetime | None:
        return self.first_failing.get(check_id)

    def decide(
        self,
        report: DeviceReport,
        policy: DevicePolicy,
        fullscreen: bool = False,
        dnd: bool = False,
    ) -> GraceDecision:
        """Record this run and say whether to show the badge and a notice now."""
        self.update(report)
        grace = timedelta(days=policy.device_grace_days)
        now = report.checked_at
        overdue = tuple(
            f
            for f in device_verdict(report).failing
            if (since := self.first_failing.get(f.check_id)) is not None and now - since >= grace
        )
        if not overdue or held_back(fullscreen, dnd):
            return GraceDecision(overdue)
        if self.last_notice is not None and now - self.last_notice < NOTICE_EVERY:
            return GraceDecision(overdue)
        self.last_notice = now
        self._save()
        return GraceDecision(overdue, notice_text(overdue))


def notice_text(overdue: tuple[DeviceFinding, ...]) -> str:
    if len(overdue) == 1:
        head = _(
            "One thing on this computer needs fixing: {lower}.", lower=overdue[0].title.lower()
        )
    else:
        head = _("{count} things on this computer need fixing.", count=len(overdue))
    return _("{head} Choose 'Check this computer' in the menu to see what and how.", head=head)
