"""Runs every device check: reads each source at the same time, each with a time limit.

Every source is read on its own daemon thread, all at once, and given ``timeout``
seconds (2 s). A source that does not answer in time gives "unknown" for its checks;
its thread is left to finish on its own (a daemon thread never keeps the program
alive), and it is not started again while it is still stuck, so a hung daemon costs
one thread, never a frozen tray or a growing pile of threads. A source that raises,
although sources must not, gives "unknown" too.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from desktop.core.device.base import DeviceCheck, DeviceContext, DevicePolicy
from desktop.core.device.checks import standard_checks
from desktop.core.device.findings import DeviceFinding, DeviceReport, System
from desktop.core.device.readings import FactSource
from desktop.core.kit.clock import SystemClock
from desktop.core.kit.i18n import N_
from desktop.core.kit.unchecked import NotChecked, Reason

log = logging.getLogger(__name__)

TIMEOUT = 2.0
TIMED_OUT = N_("it did not answer within {s:g} seconds")
STILL_STUCK = N_("it has still not answered since the last check")
NOT_READ = N_("not read")
BROKE = N_("the app could not read it")
# These reasons stay in English (N_) until a finding's sentence is made, so the same
# run can be told in the person's language and in the organisation's.


class _Read:
    """One source being read on its own thread."""

    def __init__(self, source: FactSource[object]) -> None:
        self.source = source
        self.done = threading.Event()
        self.value: object = NotChecked(NOT_READ)
        self.seconds = 0.0
        self.thread = threading.Thread(target=self._run, daemon=True, name="device-read")

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            self.value = self.source.read()
        except Exception as exc:  # a broken adapter must not take the others down
            self.value = NotChecked(BROKE, type(exc).__name__)
        self.seconds = time.perf_counter() - start
        self.done.set()


class DeviceRunner:
    """Reads the sources for this computer and runs every check against the policy."""

    def __init__(
        self,
        sources: Mapping[str, FactSource[object]],
        system: System,
        checks: Sequence[DeviceCheck] | None = None,
        timeout: float = TIMEOUT,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.sources = dict(sources)
        self.system = system
        self.checks = tuple(checks) if checks is not None else standard_checks()
        self.timeout = timeout
        self._now = now or SystemClock().now
        self._stuck: dict[str, _Read] = {}
        self._lock = threading.Lock()

    @property
    def check_ids(self) -> tuple[str, ...]:
        return tuple(c.check_id for c in self.checks)

    def run(self, policy: DevicePolicy) -> DeviceReport:
        """Every check's finding; takes at most about ``timeout`` seconds."""
        ctx = DeviceContext(policy, self.system, self._now())
        applies = [(c, c.not_applicable(ctx)) for c in self.checks]
        wanted = {fact.id for c, reason in applies if not reason for fact in c.needs}
        readings, timings = self._read_all(wanted)
        findings = self._judge(readings, ctx)
        for finding in findings:
            if finding.detail:  # written for IT's log, never shown to the person
                log.info("device check %s: %s", finding.check_id, finding.detail)
        log.debug(
            "device checks: %s", ", ".join(f"{f.check_id}={f.status.value}" for f in findings)
        )
        return DeviceReport(findings, ctx.now, timings, lambda: self._judge(readings, ctx))

    def _judge(
        self, readings: Mapping[str, object], ctx: DeviceContext
    ) -> tuple[DeviceFinding, ...]:
        """Every check's finding from the readings, in the language in use."""
        findings: list[DeviceFinding] = []
        for check in self.checks:
            reason = check.not_applicable(ctx)
            if reason:
                findings.append(check.skipped(ctx, reason))
                continue
            try:
                findings.append(check.evaluate(readings, ctx))
            except Exception as exc:  # a broken check says so; the others still run
                findings.append(check.broken(ctx, exc))
        return tuple(findings)

    def _read_all(self, wanted: set[str]) -> tuple[dict[str, object], dict[str, float]]:
        readings: dict[str, object] = {}
        timings: dict[str, float] = {}
        started: dict[str, _Read] = {}
        with self._lock:
            for source_id in sorted(wanted):
                source = self.sources.get(source_id)
                if source is None:
                    continue
                stuck = self._stuck.get(source_id)
                if stuck is not None and not stuck.done.is_set():
                    readings[source_id] = NotChecked(STILL_STUCK, "", Reason.TIMEOUT)
                    continue
                self._stuck.pop(source_id, None)
                job = _Read(source)
                job.thread.start()
                started[source_id] = job
        deadline = time.monotonic() + self.timeout
        for source_id, job in started.items():
            if job.done.wait(max(0.0, deadline - time.monotonic())):
                readings[source_id] = job.value
                timings[source_id] = job.seconds
            else:
                readings[source_id] = NotChecked(
                    TIMED_OUT, "timeout", Reason.TIMEOUT, (("s", self.timeout),)
                )
                timings[source_id] = self.timeout
                with self._lock:
                    self._stuck[source_id] = job
        return readings, timings
